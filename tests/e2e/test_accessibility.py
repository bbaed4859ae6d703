"""axe-core (from npm, tests/e2e/axe) on every page state, for each role, in German and English.

The pages come from ``tests/e2e/axe_pages.py``; a GET endpoint that is neither walked there nor
explained as not serving HTML fails ``test_every_page_endpoint_is_walked``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.axe_pages import NOT_HTML, PAGES, demo_ids, unlisted
from tests.e2e.conftest import login

AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FIXTURES = Path(__file__).resolve().parents[1] / "imports" / "fixtures"


def test_every_page_endpoint_is_walked(app):
    """A new page must be added to PAGES (or to NOT_HTML with a reason)."""
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    missing = unlisted(endpoints)
    rules = {r.endpoint: r.rule for r in app.url_map.iter_rules()}
    hint = "\n".join(
        f'    "{e}": [State("…", lambda i: "{rules[e]}", roles=(…))],  # fill the ids from demo_ids'
        for e in missing
    )
    assert not missing, (
        "These GET endpoints are not in the accessibility walk. Add to PAGES in "
        "tests/e2e/axe_pages.py:\n" + hint + "\n(or, if they serve no HTML, to NOT_HTML with "
        "the reason)"
    )
    stale = [e for e in PAGES if e not in endpoints and not e.startswith("errors.")]
    stale += [e for e in NOT_HTML if e not in endpoints]
    assert not stale, f"entries for endpoints that no longer exist: {stale}"


def _axe(page) -> list[dict]:
    return page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        TAGS,
    )


@pytest.fixture
def walk_data(app, db, page):
    import seed_data
    from crm.lists.models import SavedList
    from crm.models import User

    seed_data.seed()
    admin = db.session.scalar(
        __import__("sqlalchemy").select(User).where(User.role == "admin").limit(1)
    )
    db.session.add(SavedList(name="Sachsen", query="state=SN", shared=True, owner_id=admin.id))
    db.session.commit()
    users = {role: (email, pw) for email, pw, role, _n in seed_data.DEMO_USERS}
    ids = demo_ids(db, app)
    ids["users"] = users
    return ids


def _upload_import(page) -> str:
    page.goto("/imports/")
    page.set_input_files("#file", str(FIXTURES / "outlook-de-kontakte.csv"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/mapping$"))
    return page.url.rsplit("/", 2)[-2]


def _walk(page, ids, role: str, lang: str) -> dict[str, list]:
    # an init script is not subject to the app's Content-Security-Policy (script-src 'self')
    page.context.add_init_script(path=str(AXE_JS))
    if role != "anonymous":
        login(page, *ids["users"][role])
    page.goto(f"/language/{lang}")
    if role in ("admin", "secretariat"):
        ids = dict(ids, **{"import": _upload_import(page)})
    found = {}
    for endpoint, states in PAGES.items():
        for state in states:
            if role not in state.roles:
                continue
            page.emulate_media(media="print" if state.print_media else "screen")
            try:
                page.goto(state.path(ids))
                if state.action:
                    state.action(page)
                violations = _axe(page)
            except Exception as exc:  # name the state that broke, then stop
                raise AssertionError(f"{endpoint} [{state.name}] at {page.url}: {exc}") from exc
            if violations:
                found[f"{endpoint} [{state.name}] {page.url}"] = violations
    page.emulate_media(media="screen")
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("role", ["anonymous", "admin", "secretariat", "group_lead", "viewer"])
def test_axe_finds_no_violation(page, walk_data, role, lang):
    found = _walk(page, walk_data, role, lang)
    report = "\n".join(
        f"{where}\n"
        + "\n".join(f"  {v['id']} ({v['impact']}): {v['help']}\n    {v['nodes']}" for v in vs)
        for where, vs in found.items()
    )
    assert not found, f"axe-core violations:\n{report}"
    # refused forms and the error pages answer 4xx on purpose; anything else is a script error
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
