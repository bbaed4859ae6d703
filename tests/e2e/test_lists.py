"""In Chromium, as the secretariat: a group page's "Kontaktliste" button opens the builder
for that group; the list is saved under a name and run again from the saved lists."""

from __future__ import annotations

import sqlalchemy as sa

from tests.e2e.conftest import login, screenshot
from tests.e2e.test_exports_imports import demo  # noqa: F401  (the seeded demo data)


def test_build_save_and_reuse_a_list_from_a_group_page(page, demo, db):  # noqa: F811
    from crm.exports.filters import ContactFilter
    from crm.exports.queries import count_contacts
    from crm.groups.models import Group
    from crm.lists.models import SavedList

    group = db.session.scalars(sa.select(Group).order_by(Group.id)).first()
    login(page, *demo["secretariat"])
    page.goto(f"/groups/{group.id}")
    page.get_by_role("link", name="Kontaktliste").click()
    page.wait_for_load_state()
    expected = count_contacts(ContactFilter(groups=[group.id]))
    assert expected > 0
    # the group is a checked chip with its full name, and the count is the group's
    chip = page.locator(f"#f-group-{group.id}")
    assert chip.is_checked()
    assert page.locator("#result-heading").inner_text().startswith(f"{expected} ")
    # narrow to delegates by clicking the role chip, then save the list
    page.locator("#f-role").get_by_text("Vertreter/in", exact=True).click()
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    page.wait_for_load_state()
    delegates = count_contacts(ContactFilter(groups=[group.id], seat_roles=["delegate"]))
    assert page.locator("#result-heading").inner_text().startswith(f"{delegates} ")
    screenshot(page, "lists-builder-from-group")
    page.get_by_label("Name des Verteilers").fill("Vertreter " + group.name)
    page.get_by_label("Mit dem Sekretariat teilen").check()
    page.get_by_role("button", name="Als Verteiler speichern").click()
    page.wait_for_url("**/lists/")
    row = page.locator("#saved-lists tr", has_text="Vertreter " + group.name)
    assert "geteilt" in row.inner_text()
    screenshot(page, "lists-saved")
    row.get_by_role("button", name="Ausführen").click()
    page.wait_for_load_state()
    assert page.locator(f"#f-group-{group.id}").is_checked()
    assert page.locator("#f-role-delegate").is_checked()
    assert page.locator("#result-heading").inner_text().startswith(f"{delegates} ")
    saved = db.session.scalar(sa.select(SavedList))
    assert saved.shared and f"group={group.id}" in saved.query
    screenshot(page, "lists-rerun")
