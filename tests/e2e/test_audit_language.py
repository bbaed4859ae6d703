"""The audit log and the record histories in the browser, with real events of every kind: an
English reader reads English summaries and no German UI word, a German reader German ones.
Screenshots of both audit pages go to /work/shots/i18n."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.e2e.audit_events import write_events
from tests.e2e.axe_pages import demo_ids
from tests.e2e.conftest import ARTIFACTS, login
from tests.e2e.test_accessibility import GERMAN_UI, UI_TEXT_JS

SHOTS = Path("/work/shots/i18n") if Path("/work/shots").is_dir() else ARTIFACTS

#: what the events of ``write_events`` say, per language
SAYS = {
    "en": [
        "Meeting created: Prüfung",
        "Invitations sent: 1",
        "Invited: ",
        "Export of a contact list (csv): 12 rows",
        "Person anonymised (Art. 17 GDPR)",
        "Bulk action: archived (1 entries)",
        ") merged in",
        "login succeeded",
    ],
    "de": [
        "Sitzung angelegt: Prüfung",
        "Einladungen versendet: 1",
        "Eingeladen: ",
        "Export Kontaktliste (csv): 12 Zeilen",
        "Person anonymisiert (Art. 17 DSGVO)",
        "Sammelaktion: archiviert (1 Einträge)",
        ") übernommen",
        "Anmeldung erfolgreich",
    ],
}
#: the histories: the person's seat and the organisation's membership (with role labels)
HISTORY = {
    "en": ("→ AG Barrierefreiheit (Lead)", "→ AG Barrierefreiheit (Member)"),
    "de": ("→ AG Barrierefreiheit (Leitung)", "→ AG Barrierefreiheit (Mitglied)"),
}


@pytest.fixture
def audited(app, db):
    import seed_data

    seed_data.seed()
    ids = demo_ids(db, app)
    write_events(db, ids)
    from crm.models import User

    email = db.session.scalar(sa.select(User.email).where(User.id == ids["user"]))
    password = next(pw for mail, pw, _r, _n in seed_data.DEMO_USERS if mail == email)
    return ids, email, password


@pytest.mark.parametrize("lang", ["en", "de"])
def test_audit_log_and_histories_in_the_readers_language(page, audited, lang):
    ids, email, password = audited
    login(page, email, password)
    page.goto(f"/language/{lang}")
    page.goto("/audit/?per_page=100")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"audit-{lang}.png"), full_page=True)
    text = page.evaluate(UI_TEXT_JS)
    other = "de" if lang == "en" else "en"
    assert [s for s in SAYS[lang] if s not in text] == []
    assert [s for s in SAYS[other] if s in text] == []
    person = f"/contacts/{ids['contact']}"
    org = f"/organisations/{ids['org']}"
    seen = {}
    for path, says in ((person, HISTORY[lang][0]), (org, HISTORY[lang][1])):
        page.goto(path)
        seen[path] = page.evaluate(UI_TEXT_JS)
        assert says in seen[path], path
    page.goto(person)
    page.locator("table", has_text="AG Barrierefreiheit").last.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"person-history-{lang}.png"))
    if lang == "en":
        hits = {
            where: sorted({m.group(0) for m in GERMAN_UI.finditer(t)})
            for where, t in {"/audit/": text, **seen}.items()
        }
        assert {k: v for k, v in hits.items() if v} == {}
