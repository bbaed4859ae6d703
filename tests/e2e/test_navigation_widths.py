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


@pytest.mark.parametrize("path", ["/organisations/", "/contacts/"])
def test_list_filters_keep_their_labels_on_one_line_at_1366(page, make, path):
    """The list filters' labels do not break inside a word ("Archivier-te") on a laptop."""
    make.make_user(role="secretariat", email="filter@example.org", password="pw-long-enough-1")
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "filter@example.org", "pw-long-enough-1")
    page.goto(path)
    form = page.get_by_role("search").filter(has=page.locator("#archived"))
    checkbox_label = form.locator("label[for=archived]")
    line = float(checkbox_label.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert checkbox_label.bounding_box()["height"] < 1.5 * line
    # every filter and the button share one row
    tops = {
        round(b["y"])
        for b in form.locator("select, input[type=search], button").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().toJSON())"
        )
    }
    assert len(tops) == 1, tops
