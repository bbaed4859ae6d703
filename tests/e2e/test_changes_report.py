"""The changes between two dates, printed from Chromium: the period and group as text, no
form controls (issue 15)."""

from datetime import date

from crm.extensions import db
from crm.groups.operations import change_delegate
from tests import factories
from tests.e2e.conftest import login, screenshot


def test_the_changes_of_a_group_print_without_controls(page, app, make):
    user = make.user("viewer", email="vorstand@test.example")
    ag = make.group("AG Verkehr und Mobilität")
    org = make.organisation("Stadt Aue")
    make.membership(org, ag, starts_on=date(2026, 3, 1))
    seat = make.seat(make.contact("Altmann"), ag, organisation=org, starts_on=date(2026, 3, 1))
    change_delegate(seat, make.contact("Neumann"), date(2026, 7, 1), seat.version)
    db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, user.email, factories.PASSWORD)
    page.goto(f"/groups/{ag.id}")
    page.get_by_role("link", name="Änderungen zwischen zwei Daten").click()
    page.get_by_label("Von").fill("2026-01-01")
    page.get_by_label("Bis").fill("2026-12-31")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Anna Neumann folgt auf Anna Altmann").is_visible()
    screenshot(page, "changes-01-screen")
    page.emulate_media(media="print")
    period = page.locator("#changes-period")
    assert period.is_visible()
    assert period.inner_text() == (
        "Gremium: AG Verkehr und Mobilität · Zeitraum: 01.01.2026 bis 31.12.2026"
    )
    visible_controls = page.locator("main input, main select, main button").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).length"
    )
    assert visible_controls == 0
    screenshot(page, "changes-02-print")
