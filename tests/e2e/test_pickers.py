"""Issue 15 in Chromium at 1366 × 768: a seat entered with the type-ahead person picker, by
keyboard only (Tab, typing, arrow keys, Enter), with axe run while the listbox is open."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from tests.e2e.a11y_helpers import axe_violations
from tests.e2e.conftest import ARTIFACTS

SHOTS = Path("/work/shots/forms") if Path("/work/shots").is_dir() else ARTIFACTS


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"pickers-{name}.png"))


def _tab_to(page, js_test: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({js_test}); }}"):
            return
    raise AssertionError(f"Tab never reached {js_test}")


def _focused(page, prop: str):
    return page.evaluate(f"() => document.activeElement.{prop}")


def test_a_seat_is_entered_by_typing_a_name_with_the_keyboard_only(page, make, db):
    from crm.models import Seat

    make.user(role="secretariat", email="picker@example.org", password="picker-pass-1")
    group = make.group("AG Tourismus")
    member = make.organisation("Stadt Halle", state="ST")
    make.membership(member, group)
    make.contact("Seidel", first_name="Uwe", organisation=member)
    goerlitz = make.organisation("Landkreis Görlitz", kind="district")
    person = make.contact("Größmann", first_name="Jürgen", organisation=goerlitz)
    for i in range(12):
        make.contact(f"Klein{i:02d}", first_name="Ina")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/login")
    page.get_by_label("E-Mail").fill("picker@example.org")
    page.get_by_label("Passwort").fill("picker-pass-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"/groups/{group.id}/seats/new")

    # the select is replaced on screen by a combobox carrying the select's label
    combo = page.get_by_role("combobox", name="Person")
    assert combo.get_attribute("aria-expanded") == "false"
    assert page.locator("select[name=contact_id]").is_hidden()
    assert page.get_by_label("Person suchen").is_hidden()  # the no-JS narrowing box
    _tab_to(page, "el.getAttribute('role') === 'combobox' && el.id === 'contact_id-combo'")

    # many matches: the first ten, and the status says to type on
    page.keyboard.type("klein")
    listbox = page.get_by_role("listbox", name="Person")
    listbox.wait_for(state="visible")
    assert listbox.get_by_role("option").count() == 10
    status = page.locator("#contact_id-status")
    assert "Die ersten 10 Treffer" in status.inner_text()
    page.keyboard.press("Escape")
    listbox.wait_for(state="hidden")
    assert combo.get_attribute("aria-expanded") == "false"

    # umlauts folded: "groessm" finds Größmann; axe with the listbox open
    page.keyboard.press("Control+A")
    page.keyboard.type("groessm")
    option = listbox.get_by_role("option", name="Größmann, Jürgen")
    option.wait_for()
    assert combo.get_attribute("aria-expanded") == "true"
    assert status.inner_text() == "1 Treffer, mit Pfeiltasten wählen."
    page.keyboard.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert combo.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert _focused(page, "id") == "contact_id-combo"  # focus stays in the field
    _shot(page, "listbox-open")
    violations = axe_violations(page)
    assert not violations, violations

    page.keyboard.press("Enter")
    listbox.wait_for(state="hidden")
    assert combo.input_value() == "Größmann, Jürgen"
    assert page.locator("select[name=contact_id]").input_value() == str(person.id)
    # the organisation the person represents comes along into the organisation picker
    org_combo = page.get_by_role("combobox", name="vertritt Organisation")
    assert org_combo.input_value() == "Landkreis Görlitz (SN)"
    assert page.locator("select[name=organisation_id]").input_value() == str(goerlitz.id)
    assert "/seats/new" in page.url  # Enter chose the person, it did not send the form
    _shot(page, "person-chosen")

    _tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/groups/{group.id}*")
    _shot(page, "seat-saved")
    db.session.expire_all()
    [seat] = db.session.scalars(sa.select(Seat).where(Seat.group_id == group.id)).all()
    assert (seat.contact_id, seat.organisation_id, seat.role) == (
        person.id,
        goerlitz.id,
        "delegate",
    )
    assert not page.console_errors, page.console_errors


def test_the_merge_target_is_found_by_typing_on_the_persons_page(page, make):
    make.user(role="secretariat", email="merger@example.org", password="merger-pass-1")
    anna = make.contact("Schneider", first_name="Anna")
    other = make.contact("Schnieder", first_name="Anne", email="a.schnieder@example.org")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/login")
    page.get_by_label("E-Mail").fill("merger@example.org")
    page.get_by_label("Passwort").fill("merger-pass-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"/contacts/{anna.id}")
    page.get_by_text("Mit einer anderen Person zusammenführen").click()
    combo = page.get_by_role("combobox", name="Zusammenführen mit")
    combo.press_sequentially("schnied")
    page.get_by_role("option", name="Schnieder, Anne").wait_for()
    page.keyboard.press("ArrowDown")
    _shot(page, "merge-target-listbox")
    violations = axe_violations(page)
    assert not violations, violations
    page.keyboard.press("Enter")
    assert combo.input_value() == "Schnieder, Anne"
    with page.expect_navigation():
        page.get_by_role("button", name="Vergleichen").click()
    assert f"a={anna.id}" in page.url and f"b={other.id}" in page.url
    page.get_by_role("heading", name="Personen zusammenführen").wait_for()
    assert not page.console_errors, page.console_errors
