"""Data protection in Chromium at 1366×768: withdraw with one click, the export builder's
left-out count, an Auskunft (the report opened), a Löschung, and the anonymised group page."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from crm.meetings.attachments import save_attachment
from tests import factories
from tests.e2e.conftest import ARTIFACTS, login

SHOTS = Path(os.environ.get("CRM_SHOTS") or ARTIFACTS)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_withdraw_access_and_erase_in_the_browser(browser, live_server, app, make, db):
    user = make.user("secretariat", email="sek@test.example", name="Sabine Sekretariat")
    org = make.organisation("Stadt Naumburg (Saale)", state="ST")
    group = make.group("AG Kultur und Tourismus")
    make.membership(org, group, starts_on=date(2020, 1, 1))
    person = make.contact(
        "Wendehals", first_name="Rosemarie", organisation=org, email="r.wendehals@naumburg.example"
    )
    person.phone = "03445 701234"
    person.notes = "Bevorzugt Termine am Vormittag"
    colleague = make.contact("Lindner", first_name="Paul", organisation=org, email="p@n.example")
    db.session.commit()
    for who in (person, colleague):
        make.seat(who, group, organisation=org, starts_on=date(2021, 1, 1))
    held = make.meeting(
        group, title="Sitzung März", starts_at=datetime(2025, 3, 4, 9, tzinfo=UTC), status="held"
    )
    make.invitation(held, person, rsvp="accepted", attended="yes", comment="Ich bringe Flyer mit")
    make.invitation(held, colleague, rsvp="accepted", attended="yes")
    # the minutes' attendance list names her: the erasure must take the file with it
    save_attachment(
        held, "anwesenheit-maerz.txt", b"Anwesend: Rosemarie Wendehals, Paul Lindner", "minutes"
    )
    db.session.commit()

    context = browser.new_context(
        base_url=live_server,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        accept_downloads=True,
        viewport={"width": 1366, "height": 768},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        login(page, user.email, factories.PASSWORD)

        # one-click withdraw of circulars on the person page
        page.goto(f"/contacts/{person.id}")
        panel = page.locator("section", has=page.get_by_role("heading", name="Datenschutz"))
        assert panel.get_by_role("rowheader", name="Rundschreiben und Rundmails").is_visible()
        panel.scroll_into_view_if_needed()
        _shot(page, "privacy-01-person-consent-panel")
        panel.locator("tr[data-purpose=circulars]").get_by_role("button").click()
        page.wait_for_url(re.compile(rf"/contacts/{person.id}"))
        row = page.locator("tr[data-purpose=circulars]")
        assert "widerrufen" in row.inner_text()
        row.scroll_into_view_if_needed()
        _shot(page, "privacy-02-circulars-withdrawn")

        # the export builder leaves her out and says so
        page.goto(f"/exports/?group={group.id}")
        note = page.locator("#left-out")
        assert "1 Person ausgelassen" in note.inner_text()
        assert "Einwilligung widerrufen" in note.inner_text()
        _shot(page, "privacy-03-export-builder-left-out")

        # Auskunft: the ZIP is downloaded and its German report opened
        page.goto(f"/contacts/{person.id}")
        with page.expect_download() as info:
            page.get_by_role("link", name="Auskunft (Art. 15) herunterladen").click()
        path = info.value.path()
        with zipfile.ZipFile(io.BytesIO(Path(path).read_bytes())) as archive:
            html = archive.read("auskunft.html").decode("utf-8")
            assert "r.wendehals@naumburg.example" in archive.read("auskunft.json").decode()
        report = context.new_page()
        report.set_content(html)
        assert report.get_by_role("heading", name="Auskunft nach Art. 15 DSGVO").is_visible()
        assert report.get_by_text("Ich bringe Flyer mit").is_visible()
        _shot(report, "privacy-04-auskunft-report")
        report.close()

        # Löschung with reason and confirmation
        page.get_by_role("link", name="Löschen (Art. 17)").click()
        page.get_by_role("button", name="Endgültig anonymisieren").click()
        assert page.locator(
            "#confirm-error", has_text="Bitte die Löschung ausdrücklich bestätigen."
        ).is_visible()
        _shot(page, "privacy-05-erase-needs-confirmation")
        page.get_by_label("Grund der Löschung").fill("Antrag der Person per Brief vom 28.11.2026")
        page.get_by_label("Ich habe geprüft").check()
        page.get_by_role("button", name="Endgültig anonymisieren").click()
        # the worker carries it out; its page shows the steps, then what it removed
        page.wait_for_url(re.compile(r"/privacy/erasures/\d+$"))
        assert "Abgeschlossen" in page.get_by_role("status").inner_text()
        counts = page.locator("#erasure-counts").inner_text()
        assert "Sitzungsanhänge entfernt: 1 (Sitzung März)" in counts
        _shot(page, "privacy-06a-erasure-done")
        page.get_by_role("link", name="Zur anonymisierten Person").click()
        page.wait_for_url(re.compile(rf"/contacts/{person.id}"))
        assert page.get_by_role("heading", name="Anonymisierte Person").is_visible()
        assert page.get_by_text("Wendehals").count() == 0
        _shot(page, "privacy-06-person-anonymised")

        # the group on a past date: still two seats, one of them anonymous
        page.goto(f"/groups/{group.id}?on=2024-06-01")
        assert page.get_by_text("Anonymisierte Person").first.is_visible()
        assert page.get_by_text("Paul Lindner").first.is_visible()
        assert page.get_by_text("Wendehals").count() == 0
        _shot(page, "privacy-07-group-anonymised")
        assert errors == []
    finally:
        context.close()
