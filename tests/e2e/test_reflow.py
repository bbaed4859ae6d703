"""WCAG 1.4.10 reflow: at 320 CSS px no page scrolls sideways; wide tables scroll in their region.

Measured as ``document.documentElement.scrollWidth - clientWidth`` after each page has loaded.
"""

import pytest

from tests.e2e.a11y_helpers import horizontal_overflow, wide_elements
from tests.e2e.axe_pages import demo_ids
from tests.e2e.conftest import ARTIFACTS, login

SHOTS = ARTIFACTS / "reflow"

PAGES_320 = {
    "person": lambda i: f"/contacts/{i['contact']}",
    "person-edit": lambda i: f"/contacts/{i['contact']}/edit",
    "people": lambda i: "/contacts/",
    "organisation": lambda i: f"/organisations/{i['org']}",
    "organisations": lambda i: "/organisations/",
    "meeting": lambda i: f"/meetings/{i['meeting']}",
    "meeting-held": lambda i: f"/meetings/{i['held']}",
    "poll": lambda i: f"/meetings/{i['poll']}/poll",
    "group": lambda i: f"/groups/{i['group']}",
    "users": lambda i: "/admin/users/",
    "user-edit": lambda i: f"/admin/users/{i['user']}",
    "dashboard": lambda i: "/",
    "reports-matrix": lambda i: "/reports/matrix",
    "reports-laender": lambda i: "/reports/laender",
    "participation": lambda i: "/meetings/report",
    "export": lambda i: "/exports/?state=SN&preview=1",
    "audit": lambda i: "/audit/",
    "statement": lambda i: "/accessibility",
}


@pytest.fixture
def narrow(browser, live_server, app):
    context = browser.new_context(
        base_url=live_server,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 320, "height": 640},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_no_page_scrolls_sideways_at_320_px(narrow, app, db):
    import seed_data

    seed_data.seed()
    db.session.commit()
    ids = demo_ids(db, app)
    admin = next(u for u in seed_data.DEMO_USERS if u[2] == "admin")
    page = narrow
    page.goto(f"/invitations/{ids['token']}")
    wide = {"invitee": horizontal_overflow(page)}
    culprits = {"invitee": wide_elements(page)} if wide["invitee"] else {}
    page.screenshot(path=f"{SHOTS}/320-invitee.png", full_page=True)
    page.goto("/login")
    wide["login"] = horizontal_overflow(page)
    login(page, admin[0], admin[1])
    for name, path in PAGES_320.items():
        page.goto(path(ids))
        wide[name] = horizontal_overflow(page)
        if wide[name] > 0:
            culprits[name] = wide_elements(page)
        if name in ("person", "organisation", "meeting", "group", "users", "poll"):
            page.screenshot(path=f"{SHOTS}/320-{name}.png", full_page=True)
    assert {k: v for k, v in wide.items() if v > 0} == {}, culprits
