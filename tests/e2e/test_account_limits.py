"""In Chromium: a throttled login gets the 429 page; a click on an outdated agenda gets the
409 page with the current agenda. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD


def _try(page, email: str, password: str):
    page.goto("/login")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(password)
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Anmelden").click()
    return nav.value


def test_a_throttled_login_shows_the_429_page(page, make, app):
    page.set_viewport_size({"width": 1366, "height": 768})
    make.make_user(role="viewer", email="warten@test.example")
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _try(page, "warten@test.example", f"falsch-{i}-falsch").status == 401
    response = _try(page, "warten@test.example", PASSWORD)
    assert response.status == 429 and int(response.headers["retry-after"]) >= 1
    assert page.get_by_role("heading", name="Zu viele Versuche (429)").is_visible()
    assert page.get_by_text("Zu viele fehlgeschlagene Anmeldungen").is_visible()
    assert page.get_by_role("status").inner_text().startswith("Bitte warten Sie etwa")
    screenshot(page, "acc-429-login")
    page.get_by_role("link", name="Zurück zur vorigen Seite").click()
    page.wait_for_url("**/login")


def test_a_click_on_an_outdated_agenda_shows_the_409_page(page, make):
    page.set_viewport_size({"width": 1366, "height": 768})
    group = make.group(name="AG Verkehr")
    meeting = make.meeting(
        group, title="Sitzung AG Verkehr", starts_at=datetime.now(UTC) + timedelta(days=7)
    )
    make.make_user(role="secretariat", email="gs@test.example")
    login(page, "gs@test.example", PASSWORD)
    page.goto(f"/meetings/{meeting.id}")
    for title in ("Begrüßung", "Bericht"):
        page.get_by_label("Tagesordnungspunkt").fill(title)
        page.get_by_role("button", name="TOP hinzufügen").click()
        # the item is added in place (inplace.js): wait for its row, not for a page load
        page.locator("#agenda li", has_text=title).wait_for()
    # a colleague removes "Begrüßung" in another window while this page stays open
    other = page.context.new_page()
    other.goto(f"/meetings/{meeting.id}")
    other.on("dialog", lambda d: d.accept())
    other.locator("#agenda li", has_text="Begrüßung").get_by_role(
        "button", name="Entfernen"
    ).click()
    other.wait_for_load_state()
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Bericht nach oben").click()
    assert nav.value.status == 409
    assert page.get_by_text("Die Tagesordnung wurde inzwischen von jemand anderem").is_visible()
    assert page.locator("#agenda li").all_inner_texts()[0].startswith("Bericht")
    assert page.locator("#agenda li").count() == 1
    screenshot(page, "acc-409-agenda")
