"""In Chromium, as the secretariat: a circular to the delegates of the project groups in
Thüringen, with a file attached (and one removed again), sent through the outbox to the real SMTP server, its result page, and a
recipient's unsubscribe link clicked without a login."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tests.e2e.conftest import login, screenshot
from tests.e2e.test_exports_imports import demo  # noqa: F401  (the seeded demo data)
from tests.mail.smtp_server import smtp  # noqa: F401  (the real SMTP server)

QUERY = "group_kind=project_group&role=delegate&state=TH"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LINK = re.compile(r"http://127\.0\.0\.1:5000(/circulars/unsubscribe/[A-Za-z0-9._-]+)")


def test_send_a_circular_watch_the_result_and_unsubscribe(page, demo, db, smtp):  # noqa: F811
    from werkzeug.datastructures import MultiDict

    from crm.circulars.models import Circular
    from crm.contacts.consent import is_reachable, withdraw
    from crm.contacts.models import Contact
    from crm.exports.filters import ContactFilter
    from crm.exports.queries import count_contacts, stream_contact_rows
    from crm.mail import delivery

    page.set_viewport_size({"width": 1366, "height": 768})
    flt = ContactFilter.from_args(MultiDict([tuple(p.split("=")) for p in QUERY.split("&")]))
    first = next(iter(stream_contact_rows(flt, None, ("last_name",))))
    withdraw(db.session.get(Contact, first.id), "circulars", source="phone")  # one objected
    db.session.commit()
    reachable = count_contacts(flt)

    login(page, *demo["secretariat"])
    page.goto(f"/exports/?{QUERY}")
    page.get_by_role("link", name="Rundschreiben an diese Liste …").click()
    page.wait_for_url("**/circulars/new?**")
    assert page.locator("#recipient-count").inner_text().startswith(f"An {reachable} Personen")
    assert "1 Person ausgelassen" in page.locator("#left-out").inner_text()
    page.get_by_label("Betreff").fill("Fachforum Wasserstoff am 12. Mai")
    page.get_by_label("Text").fill(
        "zum Fachforum Wasserstoff laden wir Sie herzlich nach Erfurt ein.\n\n"
        "Mit freundlichen Grüßen\nIhre Geschäftsstelle"
    )
    page.get_by_label("Anhänge").set_input_files(
        [
            {"name": "Programm Fachforum.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "Anfahrt.txt", "mimeType": "text/plain", "buffer": b"Linie 4"},
        ]
    )
    page.get_by_role("button", name="Entwurf speichern und Vorschau").click()
    page.wait_for_url(re.compile(r"/circulars/\d+$"))
    assert re.match(r"Sehr geehrte[r]? (Frau|Herr) ", page.get_by_test_id("preview").inner_text())
    assert page.get_by_test_id("attachments").inner_text().count("KB") == 2
    # removed before sending: the mails carry only the programme
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Anhang „Anfahrt.txt“ entfernen").click()
    page.wait_for_load_state()
    assert "Anfahrt.txt" not in page.get_by_test_id("attachments").inner_text()
    screenshot(page, "circular-draft")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Jetzt senden").click()
    page.wait_for_selector("#result")
    delivery.send_pending()  # the worker's delivery run, to the real SMTP server
    page.reload()
    assert page.get_by_test_id("recipients").inner_text() == str(reachable)
    assert page.get_by_test_id("outcome-sent").inner_text() == str(reachable)
    assert page.get_by_test_id("left-out-total").inner_text() == "1"
    screenshot(page, "circular-result")
    circular = db.session.scalar(sa.select(Circular).order_by(Circular.id.desc()).limit(1))
    assert len([m for m in smtp.inbox.messages if m["Subject"] == circular.subject]) == reachable
    assert "Programm Fachforum.pdf" in page.get_by_test_id("attachments").inner_text()
    for msg in (m for m in smtp.inbox.messages if m["Subject"] == circular.subject):
        [file] = msg.iter_attachments()
        assert file.get_filename() == "Programm Fachforum.pdf"
        assert file.get_content_type() == "application/pdf"
        assert file.get_payload(decode=True) == PDF

    # a recipient clicks the link in their mail: no login
    msg = next(m for m in smtp.inbox.messages if m["Subject"] == circular.subject)
    text = msg.get_body(preferencelist=("plain",)).get_content()
    path = LINK.search(text).group(1)
    person = db.session.get(Contact, _contact_of(db, msg["To"], circular.id))
    page.context.clear_cookies()
    page.goto(path)
    screenshot(page, "circular-unsubscribe")
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_selector("#unsubscribed")
    screenshot(page, "circular-unsubscribed")
    db.session.expire_all()
    assert not is_reachable(person, "circulars")

    login(page, *demo["secretariat"])
    page.goto(f"/circulars/{circular.id}")
    assert page.get_by_test_id("unsubscribed").inner_text() == "1"
    screenshot(page, "circular-result-after-unsubscribe")


def _contact_of(db, address: str, circular_id: int) -> int:
    from crm.mail.models import OutboxMail

    return db.session.scalar(
        sa.select(OutboxMail.contact_id).where(
            OutboxMail.to_address == address, OutboxMail.circular_id == circular_id
        )
    )
