"""Keyboard only: log in, find a person, enter a wrong e-mail, read the error summary, fix, save.

No mouse: every step is Tab, typing and Enter. At each step the focused element's ring is
measured (at least 3:1 against its background) and a screenshot is kept in /work/shots/a11y.
"""

from pathlib import Path

from tests.e2e.a11y_helpers import focus_ring_contrast
from tests.e2e.conftest import ARTIFACTS

SHOTS = Path("/work/shots/a11y") if Path("/work/shots").is_dir() else ARTIFACTS


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"keyboard-{name}.png"))


def _tab_to(page, js_test: str, limit: int = 80) -> dict:
    """Press Tab until the focused element passes ``js_test`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({js_test}); }}"):
            ratio, info = focus_ring_contrast(page)
            assert ratio >= 3, info
            return info
    raise AssertionError(f"Tab never reached {js_test}")


def test_keyboard_only_edit_with_error_summary(page, make, db):
    from crm.models import Contact

    make.user(role="secretariat", email="tastatur@example.org", password="tastatur-pass-1")
    org = make.organisation(name="Stadt Zeitz")
    person = make.contact(last_name="Tastenberg", first_name="Karla", organisation=org)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/login")
    _tab_to(page, "el.id === 'email'")
    page.keyboard.type("tastatur@example.org")
    _tab_to(page, "el.id === 'password'")
    page.keyboard.type("tastatur-pass-1")
    _shot(page, "1-login")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)

    # on a narrow window the navigation is collapsed: open it with the keyboard first
    if page.locator(".navbar-toggler").is_visible():
        _tab_to(page, "el.classList.contains('navbar-toggler')")
        page.keyboard.press("Enter")
        page.locator("#nav-search").wait_for(state="visible")
    _tab_to(page, "el.id === 'nav-search'")
    page.keyboard.type("Tastenberg")
    _shot(page, "2-search")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Tastenberg*")
    _tab_to(page, f"el.getAttribute('href') === '/contacts/{person.id}'")
    _shot(page, "3-result")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/contacts/{person.id}")
    _tab_to(page, f"el.getAttribute('href') === '/contacts/{person.id}/edit'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/contacts/{person.id}/edit")

    _tab_to(page, "el.id === 'email'")
    page.keyboard.type("karla.tastenberg-at-zeitz")
    _shot(page, "4-wrong")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # the refused form: focus is on the summary, which is an alert, and the title says so
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == "error-summary"
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "E-Mail" in summary.inner_text()
    assert page.title().startswith("Fehler: ")
    ratio, info = focus_ring_contrast(page)
    assert ratio >= 3, info
    _shot(page, "5-summary")
    # its link puts the cursor into the field
    _tab_to(page, "el.closest('#error-summary') && el.getAttribute('href') === '#email'")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "email"
    page.keyboard.press("Control+A")
    page.keyboard.type("karla.tastenberg@zeitz.example")
    _shot(page, "6-fixed")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/contacts/{person.id}")
    assert "gespeichert" in page.locator("main .alert").first.inner_text()
    _shot(page, "7-saved")
    db.session.expire_all()
    assert db.session.get(Contact, person.id).email == "karla.tastenberg@zeitz.example"
    assert page.console_errors == [] or all(
        e.startswith("Failed to load resource") for e in page.console_errors
    )
