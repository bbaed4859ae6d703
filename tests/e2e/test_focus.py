"""The keyboard focus ring has at least 3:1 against the background it is drawn on (WCAG 1.4.11)."""

from tests.e2e.a11y_helpers import focus_ring_contrast
from tests.e2e.conftest import login, screenshot


def _tab_through(page, steps: int) -> list[tuple[float, dict]]:
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(focus_ring_contrast(page))
    return seen


def test_focus_ring_on_login_form_and_navigation(page, make):
    make.make_user(role="secretariat", email="focus@example.org", password="focus-pass-123")
    page.goto("/login")
    seen = _tab_through(page, 5)  # skip link, e-mail, password, button, language links
    tags = {info["tag"] for _, info in seen}
    assert {"INPUT", "BUTTON", "A"} <= tags
    for ratio, info in seen:
        assert ratio >= 3, info
    screenshot(page, "focus-login")
    login(page, "focus@example.org", "focus-pass-123")
    page.goto("/contacts/")
    # the dark navigation bar, the search field and the filter form below it
    seen = _tab_through(page, 14)
    for ratio, info in seen:
        assert ratio >= 3, info
    assert any("nav-link" in str(info["cls"]) for _, info in seen)
    assert any("form-control" in str(info["cls"]) for _, info in seen)
