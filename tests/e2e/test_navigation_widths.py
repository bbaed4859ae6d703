"""The navigation and its search stay visible on ordinary laptops (issue 15, point 1)."""

import pytest

from tests.e2e.conftest import login, screenshot

ENTRIES = [
    "Übersicht",
    "Organisationen",
    "Personen",
    "Gremien",
    "Sitzungen",
    "Berichte",
    "Export",
    "Import",
    "Postausgang",
    "Verwaltung",
]


@pytest.mark.parametrize("width,height", [(1366, 768), (1280, 800)])
def test_navigation_and_search_visible_without_opening_a_menu(page, make, width, height):
    make.make_user(
        role="admin",
        email="lang.name@example.org",
        password="pw-long-enough-1",
        name="Dr. Maximiliane Schönberger-Wittgenstein",
    )
    page.set_viewport_size({"width": width, "height": height})
    login(page, "lang.name@example.org", "pw-long-enough-1")
    page.goto("/organisations/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert not nav.locator(".navbar-toggler").is_visible()
    for entry in ENTRIES:
        link = nav.get_by_role("link", name=entry, exact=True)
        assert link.is_visible(), entry
        box = link.bounding_box()
        assert box["x"] + box["width"] <= width, entry
    search = nav.get_by_role("searchbox", name="Suche")
    assert search.is_visible()
    # the entries fit on one line: every entry sits in the bar's first row
    tops = {round(nav.get_by_role("link", name=e, exact=True).bounding_box()["y"]) for e in ENTRIES}
    assert len(tops) == 1
    # "/" focuses the search; the full name heads the user menu
    page.locator("h1").first.click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "nav-search"
    page.locator("#usermenu").click()
    full = page.locator("[data-user-full-name]")
    assert full.is_visible()
    assert full.inner_text() == "Dr. Maximiliane Schönberger-Wittgenstein"
    # nothing runs off the screen, the open user menu included
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    menu = page.locator("#usermenu + .dropdown-menu").bounding_box()
    assert menu["x"] + menu["width"] <= width
    screenshot(page, f"nav-{width}")
