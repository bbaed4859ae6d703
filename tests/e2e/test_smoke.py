"""Log in as each demo role in Chromium and open every entry of the navigation."""

import pytest

from tests.e2e.conftest import login, screenshot

NAV = [
    "Übersicht",
    "Organisationen",
    "Personen",
    "Gremien",
    "Sitzungen",
    "Berichte",
    "Export",
    "Import",
]


@pytest.fixture
def demo(app, db):
    import seed_data

    seed_data.seed()
    db.session.commit()
    return {role: (email, password) for email, password, role, _name in seed_data.DEMO_USERS}


@pytest.fixture
def demo_logins(app, make):
    """The demo logins alone, for tests that only log in (no need to seed the whole region)."""
    import seed_data

    for email, password, role, name in seed_data.DEMO_USERS:
        make.make_user(role=role, email=email, password=password, name=name)
    return {role: (email, password) for email, password, role, _name in seed_data.DEMO_USERS}


@pytest.mark.parametrize("role", ["admin", "secretariat", "group_lead", "viewer"])
def test_each_role_clicks_through_the_navigation(page, demo, role):
    email, password = demo[role]
    login(page, email, password)
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    entries = NAV + (["Verwaltung"] if role == "admin" else [])
    for label in entries:
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").first.is_visible(), label
        assert "(500)" not in page.content()
        screenshot(page, f"nav-{role}-{label}")
    if role != "admin":
        assert nav.get_by_role("link", name="Verwaltung").count() == 0
    # the navigation search forgives umlauts
    page.get_by_label("Suche").first.fill("saechsische energie")
    page.get_by_role("button", name="Suchen").first.click()
    page.wait_for_url("**/search?q=saechsische*")
    assert page.get_by_role("link", name="Sächsische Energieagentur – SAENA GmbH").count() == 1
    assert page.console_errors == []
    # logging out from the user menu
    page.locator("#usermenu").click()
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("Sie sind abgemeldet.").is_visible()


def test_wrong_password_shows_german_message(page, demo_logins):
    page.goto("/login")
    page.get_by_label("E-Mail").fill("admin@crm.example")
    page.get_by_label("Passwort").fill("falsch-falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("E-Mail oder Passwort ist falsch.").is_visible()
    screenshot(page, "login-wrong-password")


def test_narrow_window_collapses_the_navigation_behind_a_button(page, demo_logins):
    page.set_viewport_size({"width": 900, "height": 800})  # below 992 px
    login(page, *demo_logins["viewer"])
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert not nav.get_by_role("link", name="Personen").is_visible()
    nav.get_by_role("button", name="Navigation umschalten").click()
    nav.get_by_role("link", name="Personen").click()
    page.wait_for_url("**/contacts/")
    assert page.console_errors == []
