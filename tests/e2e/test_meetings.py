"""In Chromium, as the lead of the AG Verkehr und Mobilität (demo data): a meeting with a poll
of three slots, two invitees vote on their personal links in fresh browser contexts, the lead
picks the best slot, the invitations (iCalendar REQUEST) arrive at a real SMTP server, an
invitee accepts, attendance and minutes are recorded, and the attendance list is printed to
an A4 PDF (converted to PNG with pdftoppm when installed, for a look)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm.meetings.models import Meeting
from crm.time import today
from tests.e2e.conftest import ARTIFACTS, login, screenshot
from tests.mail import smtp_server
from tests.mail.smtp_server import event_of, text_of
from tests.meetings.helpers import token_in

TITLE = "43. Sitzung der AG Verkehr und Mobilität"

smtp = smtp_server.smtp  # the real SMTP server fixture


@pytest.fixture
def demo(app, db):
    import seed_data

    seed_data.seed()
    db.session.commit()
    return {role: (email, password) for email, password, role, _name in seed_data.DEMO_USERS}


def go(page, locator) -> None:
    """Click a link or submit button and wait for the next page."""
    with page.expect_navigation():
        locator.click()


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7 or 7)


def test_lead_runs_a_meeting_from_poll_to_minutes(app, db, demo, page, browser, live_server, smtp):
    page.on("dialog", lambda d: d.accept())
    email, password = demo["group_lead"]
    login(page, email, password)

    # create the meeting
    page.goto("/meetings/")
    go(page, page.get_by_role("link", name="Neue Sitzung"))
    page.get_by_label("Gremium").select_option(label="AG Verkehr und Mobilität")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Ort / Raum").fill("Neues Rathaus Leipzig, Raum 259")
    go(page, page.get_by_role("button", name="Speichern"))
    page.wait_for_url("**/meetings/*")
    meeting_url = page.url.split("#")[0]
    for title in (
        "Begrüßung und Protokollkontrolle",
        "S-Bahn Mitteldeutschland 2030",
        "Verschiedenes",
    ):
        page.get_by_label("Tagesordnungspunkt").fill(title)
        # added in place (static/js/inplace.js): the agenda changes, the page stays
        page.get_by_role("button", name="TOP hinzufügen").click()
        page.locator("#agenda-body li", has_text=title).wait_for()
    go(page, page.get_by_role("button", name="Übernehmen"))
    assert page.locator("tr[data-testid=invitee]").count() >= 3

    # three slots, start the poll
    go(page, page.get_by_role("link", name="Terminumfrage"))
    first = _next_weekday(today() + timedelta(days=14), 1)  # a Tuesday
    for n, at in enumerate(("10:00", "13:00", "10:00")):
        page.get_by_label("Datum").fill((first + timedelta(days=n)).isoformat())
        page.get_by_label("Beginn").fill(at)
        page.get_by_label("Ende", exact=True).fill(f"{int(at[:2]) + 2}:30")
        page.get_by_role("button", name="Vorschlagen").click()
        page.locator("[data-testid=poll-matrix] thead th").nth(n + 1).wait_for()
    go(page, page.get_by_role("button", name="Umfrage starten und Links versenden"))
    page.wait_for_load_state()
    assert "Terminumfrage gestartet" in page.content()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "fehlgeschlagen: 0" in result.output
    # this meeting's mails only: the demo outbox holds queued mails of other meetings
    poll_mails = [
        m for m in smtp.inbox.messages if str(m["Subject"]).strip() == f"Terminumfrage: {TITLE}"
    ]
    assert len(poll_mails) >= 3

    # two invitees vote on their personal links, each in a fresh browser context
    answers = [("Ja", "Nein", "Vielleicht"), ("Ja", "Ja", "Nein")]
    for n, (mail, votes) in enumerate(zip(poll_mails[:2], answers, strict=True)):
        context = browser.new_context(base_url=live_server, locale="de-DE")
        guest = context.new_page()
        guest.goto(f"/invitations/{token_in(text_of(mail))}")
        assert "Welche Termine passen Ihnen?" in guest.content()
        rows = guest.locator("tbody tr")
        for row_index, answer in enumerate(votes):
            rows.nth(row_index).get_by_label(answer, exact=False).first.check()
        go(guest, guest.get_by_role("button", name="Antwort speichern"))
        guest.wait_for_load_state()
        assert "Ihre Antwort ist gespeichert" in guest.content()
        screenshot(guest, f"meetings-invitee-{n + 1}-voted")
        context.close()

    # the lead sees the matrix and picks the best slot (first: two yes)
    page.reload()
    matrix = page.locator("[data-testid=poll-matrix]")
    assert matrix.locator("th.poll-best").count() == 1
    screenshot(page, "meetings-poll-matrix")
    smtp.inbox.clear()
    go(page, matrix.locator("tfoot").get_by_role("button", name="Festlegen").first)
    page.wait_for_url(meeting_url)
    assert page.locator("[data-testid=status]").inner_text() == "Terminiert"
    app.test_cli_runner().invoke(args=["mail", "send"])
    invitations = [
        m for m in smtp.inbox.messages if str(m["Subject"]).startswith(f"Einladung: {TITLE}")
    ]
    assert len(invitations) >= 3
    db.session.expire_all()
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == TITLE))
    cal, ev = event_of(invitations[0])
    assert str(cal["METHOD"]) == "REQUEST" and str(ev["UID"]) == meeting.uid
    assert int(ev["SEQUENCE"]) == meeting.sequence == 0
    assert ev.decoded("DTSTART") == meeting.starts_at
    expected = datetime.combine(first, datetime.min.time()).replace(hour=10)
    from crm.time import BERLIN

    assert meeting.starts_at.astimezone(BERLIN).replace(tzinfo=None) == expected

    # an invitee accepts on their link
    context = browser.new_context(base_url=live_server, locale="de-DE")
    guest = context.new_page()
    guest.goto(f"/invitations/{token_in(text_of(invitations[0]))}")
    guest.get_by_label("Ich nehme teil", exact=True).check()
    go(guest, guest.get_by_role("button", name="Rückmeldung senden"))
    guest.wait_for_load_state()
    assert guest.locator("[data-testid=rsvp]").inner_text() == "Zugesagt"
    screenshot(guest, "meetings-invitee-accepted")
    context.close()
    page.reload()
    screenshot(page, "meetings-scheduled")

    # time passes: the meeting took place yesterday
    meeting.starts_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2, minutes=30)
    db.session.commit()

    go(page, page.get_by_role("link", name="Anwesenheit erfassen"))
    radios = page.locator("input[type=radio][value=yes]")
    for i in range(min(3, radios.count())):
        radios.nth(i).check()
    go(page, page.get_by_role("button", name="Anwesenheit speichern"))
    page.wait_for_url(meeting_url + "*")
    assert page.locator("[data-testid=status]").inner_text() == "Durchgeführt"
    assert page.content().count("<td>anwesend</td>") == 3

    go(page, page.get_by_role("link", name="Protokoll"))
    page.get_by_label("Protokoll (Markdown)").fill(
        "## TOP 2: S-Bahn Mitteldeutschland 2030\n\n"
        "- Der MDV stellt den Stand vor.\n- **Beschluss:** Die AG unterstützt die Linie S7.\n\n"
        "<script>alert('x')</script>"
    )
    page.get_by_label("Status des Protokolls").select_option("approved")
    go(page, page.get_by_role("button", name="Speichern"))
    page.wait_for_url(meeting_url + "*")
    minutes = page.locator(".minutes-body")
    assert "Beschluss:" in minutes.inner_text()
    assert minutes.locator("script").count() == 0
    assert page.console_errors == []
    screenshot(page, "meetings-held-with-minutes")

    # the printable attendance list, printed to an A4 PDF
    go(page, page.get_by_role("link", name="Anwesenheitsliste zum Ausdrucken"))
    assert page.locator("table.signatures tbody tr").count() >= 3 + 5
    screenshot(page, "meetings-attendance-list")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "meetings-attendance-list.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(ARTIFACTS / "meetings-attendance-list-pdf"),
            ],
            check=True,
        )
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "Anwesenheitsliste" in text and "Unterschrift" in text
        assert "Zurück zur Sitzung" not in text  # the toolbar is not printed
