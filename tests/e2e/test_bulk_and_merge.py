"""Issue 15 in Chromium at 1366 × 768: tagging 30 people in one bulk action, and merging two
records of one person who both belong to the same organisation."""

import re
from datetime import date

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Affiliation, Contact, Tag
from tests import factories
from tests.e2e.conftest import login, screenshot


def _laptop(page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.on("dialog", lambda dialog: dialog.accept())


def test_bulk_tag_of_30_people_in_the_browser(page, app, make):
    user = make.user("secretariat", email="bulk@test.example")
    org = make.organisation("Stadt Bulkhausen")
    for i in range(30):
        make.contact(f"Bulk{i:02d}", organisation=org)
    make.contact("Ungetaggt")
    _laptop(page)
    login(page, user.email, factories.PASSWORD)
    page.goto("/contacts/")
    page.locator("main #q").fill("Bulk")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url(re.compile(r"q=Bulk"))
    # the first page's rows ticked at once (JavaScript), then every match chosen
    page.get_by_label("Alle auf dieser Seite auswählen").check()
    ticked = page.locator("input[name=ids]:checked").count()
    assert ticked == 25
    page.get_by_label("Mit der Auswahl").select_option("tag")
    page.locator("#bulk-tags").fill("Presse")
    page.get_by_label("für", exact=True).select_option("all")
    assert page.locator("#bulk-scope option:checked").inner_text() == "alle 30 Treffer der Filter"
    screenshot(page, "bulk-01-selected")
    page.get_by_role("button", name="Ausführen").click()
    page.wait_for_load_state()
    assert page.get_by_text("30 von 30 Personen geändert.").is_visible()
    screenshot(page, "bulk-02-done")
    db.session.expire_all()
    tag = db.session.scalar(sa.select(Tag).where(Tag.name == "Presse"))
    tagged = [c.last_name for c in db.session.scalars(sa.select(Contact)) if tag in c.tags]
    assert sorted(tagged) == [f"Bulk{i:02d}" for i in range(30)]


def test_merge_of_two_records_at_the_same_organisation_in_the_browser(page, app, make):
    user = make.user("secretariat", email="merge@test.example")
    org = make.organisation("Stadt Zwickau")
    a = make.contact("Doppelt", first_name="Kim", organisation=org)
    b = make.contact("Doppelt", first_name="Kim", organisation=org)
    a.affiliations[0].starts_on = date(2019, 3, 1)
    b.affiliations[0].job_title = "Referentin Mobilität"
    db.session.commit()
    _laptop(page)
    login(page, user.email, factories.PASSWORD)
    page.goto("/contacts/duplicates")
    page.get_by_role("link", name="Vergleichen und zusammenführen").first.click()
    page.wait_for_url(re.compile(r"/contacts/merge"))
    screenshot(page, "merge-01-compare")
    page.get_by_role("button", name="Zusammenführen").click()
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    screenshot(page, "merge-02-merged")
    db.session.expire_all()
    survivor = db.session.get(Contact, int(page.url.rsplit("/", 1)[1]))
    current = db.session.scalars(
        sa.select(Affiliation).where(
            Affiliation.contact_id == survivor.id, Affiliation.ends_on.is_(None)
        )
    ).all()
    # one affiliation with the organisation: the earliest start and the richer data
    assert len(current) == 1
    assert current[0].organisation_id == org.id
    assert current[0].starts_on == date(2019, 3, 1)
    assert current[0].job_title == "Referentin Mobilität"
    assert page.locator("main").get_by_text("Stadt Zwickau").first.is_visible()


def test_organisations_leave_all_their_groups_in_one_bulk_action(page, app, make):
    """Issue 15 at 1366 × 768: every match of a filter chosen ("alle N Treffer auswählen"),
    the step page shows the count, the memberships end on the chosen day."""
    from crm.models import Membership

    user = make.user("secretariat", email="bulk-end@test.example")
    ag, pg = make.group("AG Verkehr"), make.group("PG Radwege", kind="project_group")
    leaving = [make.organisation(f"Gemeinde Abgang {i:02d}", kind="district") for i in range(27)]
    for org in leaving:
        make.membership(org, ag)
        make.membership(org, pg)
    staying = make.organisation("Stadt Bleibt")
    make.membership(staying, ag)
    _laptop(page)
    login(page, user.email, factories.PASSWORD)
    page.goto("/organisations/?kind=district")
    page.get_by_label("Alle auf dieser Seite auswählen").check()
    offer = page.get_by_role("button", name="alle 27 Treffer auswählen")
    assert offer.is_visible()
    offer.click()
    assert page.locator("#bulk-scope").input_value() == "all"
    page.get_by_label("Mit der Auswahl").select_option("end")
    assert page.locator("#bulk-tags").is_hidden()
    screenshot(page, "bulk-end-01-selected")
    page.get_by_role("button", name="Ausführen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ausgewählt: 27 Organisationen").is_visible()
    assert "54 laufende Mitgliedschaften in 2 Gremien" in page.locator("#bulk-counts").inner_text()
    page.get_by_label("Letzter Tag").fill("2026-12-31")
    screenshot(page, "bulk-end-02-confirm")
    page.get_by_role("button", name="Mitgliedschaften zu einem Datum beenden: 27").click()
    page.wait_for_url(re.compile(r"/organisations/\?kind=district"))
    assert page.get_by_text(
        "54 Mitgliedschaften von 27 Organisationen enden am 31.12.2026."
    ).is_visible()
    screenshot(page, "bulk-end-03-done")
    db.session.expire_all()
    ends = {(m.organisation.name, m.ends_on) for m in db.session.scalars(sa.select(Membership))}
    assert ("Stadt Bleibt", None) in ends
    assert {e for n, e in ends if n != "Stadt Bleibt"} == {date(2026, 12, 31)}
