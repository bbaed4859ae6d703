"""axe-core (from npm, tests/e2e/axe) on every page state, for each role, in German and English.

The pages come from ``tests/e2e/axe_pages.py``; a GET endpoint that is neither walked there nor
explained as not serving HTML fails ``test_every_page_endpoint_is_walked``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.a11y_helpers import horizontal_overflow, wide_elements
from tests.e2e.audit_events import write_events
from tests.e2e.axe_pages import MFA_USER, NOT_HTML, PAGES, demo_ids, unlisted
from tests.e2e.conftest import login

AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: German UI words and formats that an English page must not show. The demo records' own text
#: (organisation, group and meeting names, addresses) is German and stays so; these are words
#: and formats only the UI itself would put on a page.
GERMAN_UI = re.compile(
    r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{1,2}:\d{2} ?(?:Uhr|h)\b|\bUhr\b"
    r"|\b(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\b"
    r"|\b(?:Januar|Februar|März|Juni|Juli|Oktober|Dezember)\b"
    r"|\b(?:Speichern|Abbrechen|Bearbeiten|Löschen|Zurück|Weiter|Anmelden|Abmelden|Suchen"
    r"|Keine|keine|Seite|Zusage|Absage|zugesagt"
    r"|abgesagt|ausstehend|Teilnehmer|Vertreterin?|Stellvertreterin?|Mitglied|Mitglieder"
    r"|Anwesenheit|Ansprechpartner|Geändert|geändert|Angelegt|angelegt|unverändert"
    r"|übersprungen|Herr|Frau|Spalte|Zeilen?|Datei|Vorname|Nachname|Anrede|PLZ|Telefon"
    r"|Zugehörigkeit|Mandat|Mitgliedschaft|Benutzer|Rolle|Fehler|Hinweis|Ja|Nein)\b"
)
#: the page's visible text without the parts marked as German records (``lang="de"``: minutes,
#: letter salutations, the German cells of an export preview) or as an uploaded file's own
#: text (``translate="no"``: an import's headers and values)
UI_TEXT_JS = """() => {
  const parts = [...document.querySelectorAll(
    'body [lang]:not([lang^="en"]), body [translate="no"]')];
  const before = parts.map(e => e.style.display);
  parts.forEach(e => { e.style.display = 'none'; });
  const text = document.body.innerText;
  parts.forEach((e, i) => { e.style.display = before[i]; });
  return text;
}"""
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
    from crm.imports import progress
    from crm.lists.models import SavedList
    from crm.models import User
    from tests import factories

    seed_data.seed()
    admin = db.session.scalar(
        __import__("sqlalchemy").select(User).where(User.role == "admin").limit(1)
    )
    db.session.add(SavedList(name="Sachsen", query="state=SN", shared=True, owner_id=admin.id))
    db.session.commit()
    users = {role: (email, pw) for email, pw, role, _n in seed_data.DEMO_USERS}
    ids = demo_ids(db, app)
    write_events(db, ids)  # summaries of every kind on the audit log and the histories
    ids["users"] = users
    factories.make_user(role="admin", email=MFA_USER, totp=True)

    def set_progress(token, stage, done, total):
        with app.app_context():
            progress.report(token, stage, done, total)

    ids["set_progress"] = set_progress
    return ids


def _upload_import(page) -> str:
    page.goto("/imports/")
    page.set_input_files("#file", str(FIXTURES / "outlook-de-kontakte.csv"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/mapping$"))
    return page.url.rsplit("/", 2)[-2]


@dataclass
class Visit:
    """What the walk saw in one page state."""

    endpoint: str
    path: str
    where: str
    violations: list[dict]
    title: str
    text: str


def _walk(page, ids, role: str, lang: str, check=None, screen_only: bool = False) -> list[Visit]:
    """Open every state of PAGES that ``role`` sees; ``check(page)`` (axe by default) lists
    what is wrong with each (``screen_only``: leave out the print views)."""
    check = check or _axe
    # an init script is not subject to the app's Content-Security-Policy (script-src 'self')
    page.context.add_init_script(path=str(AXE_JS))
    if role != "anonymous":
        login(page, *ids["users"][role])
    page.goto(f"/language/{lang}")
    if role in ("admin", "secretariat"):
        ids = dict(
            ids, **{"import": _upload_import(page), "import_running": _running_import(page, ids)}
        )
    seen = []
    for endpoint, states in PAGES.items():
        for state in states:
            if role not in state.roles or (screen_only and state.print_media):
                continue
            page.emulate_media(media="print" if state.print_media else "screen")
            try:
                page.goto(state.path(ids))
                if state.action:
                    state.action(page)
                violations = check(page)
                text = page.evaluate(UI_TEXT_JS)
            except Exception as exc:  # name the state that broke, then stop
                raise AssertionError(f"{endpoint} [{state.name}] at {page.url}: {exc}") from exc
            where = f"{endpoint} [{state.name}] {page.url}"
            path = urlsplit(page.url).path
            seen.append(Visit(endpoint, path, where, violations, page.title(), text))
    page.emulate_media(media="screen")
    return seen


def _running_import(page, ids) -> str:
    """A second upload whose rows the worker is writing (its progress record says so)."""
    token = _upload_import(page)
    ids["set_progress"](token, "write", 120, 400)
    return token


def _duplicate_titles(seen: list[Visit]) -> dict[str, list[str]]:
    """Titles that two pages share (a refused form's "Fehler: " prefix left aside); a state
    that redirects to another endpoint's page (a saved list opens the builder) is that page."""
    by_title: dict[str, set[tuple[str, str]]] = {}
    for v in seen:
        title = v.title.removeprefix("Fehler: ").removeprefix("Error: ")
        by_title.setdefault(title, set()).add((v.endpoint, v.path))
    return {
        t: sorted(e for e, _ in pages)
        for t, pages in by_title.items()
        if len({e for e, _ in pages}) > 1 and len({p for _, p in pages}) > 1
    }


def _german_on_english_page(seen: list[Visit]) -> dict[str, list[str]]:
    found = {}
    for v in seen:
        # the title repeats the h1 (which may be a record, as a mail subject, marked so)
        hits = sorted({m.group(0) for m in GERMAN_UI.finditer(v.text)})
        if hits:
            found[v.where] = hits
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("role", ["anonymous", "admin", "secretariat", "group_lead", "viewer"])
def test_axe_finds_no_violation(page, walk_data, role, lang):
    """axe on every state; each endpoint's own, descriptive title; no German on English pages."""
    seen = _walk(page, walk_data, role, lang)
    if os.environ.get("CRM_WALK_DUMP"):  # the walked texts, to read them
        out = Path(os.environ["CRM_WALK_DUMP"]) / f"{role}-{lang}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n\n".join(f"=== {v.where}\n# {v.title}\n{v.text}" for v in seen))
    report = "\n".join(
        f"{v.where}\n"
        + "\n".join(
            f"  {x['id']} ({x['impact']}): {x['help']}\n    {x['nodes']}" for x in v.violations
        )
        for v in seen
        if v.violations
    )
    assert not report, f"axe-core violations:\n{report}"
    vague = [v.where for v in seen if not v.title.rpartition(" · ")[0].strip()]
    assert not vague, f"pages without their own title before the site's name: {vague}"
    assert _duplicate_titles(seen) == {}, "different pages share a <title>"
    if lang == "en":
        german = _german_on_english_page(seen)
        assert german == {}, "German UI text on English pages:\n" + "\n".join(
            f"{where}: {hits}" for where, hits in german.items()
        )
    # refused forms and the error pages answer 4xx on purpose; anything else is a script error
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def _sideways(page) -> list[dict]:
    """WCAG 1.4.10: the page is no wider than the window (tables scroll in their region)."""
    overflow = horizontal_overflow(page)
    if overflow <= 0:
        return []
    return [
        {
            "id": "reflow",
            "impact": "serious",
            "help": f"{overflow} px sideways",
            "nodes": wide_elements(page),
        }
    ]


@pytest.mark.parametrize("role", ["anonymous", "admin", "secretariat", "group_lead", "viewer"])
def test_no_page_of_the_walk_scrolls_sideways_at_320_px(page, walk_data, role):
    """Every screen state of the walk, for each role, at 320 CSS px (German: the longer words)."""
    page.set_viewport_size({"width": 320, "height": 640})
    seen = _walk(page, walk_data, role, "de", check=_sideways, screen_only=True)
    wide = {
        v.where: v.violations[0]["help"] + " " + str(v.violations[0]["nodes"])
        for v in seen
        if v.violations
    }
    assert wide == {}, "pages wider than 320 px:\n" + "\n".join(
        f"{k}: {w}" for k, w in wide.items()
    )
