"""Consent codes and legal bases appear with their labels (German, and English) in the
person's change history and in the Auskunft report, never as the stored codes."""

from __future__ import annotations

import io
import re
import zipfile

from crm.audit import services as audit


def _history(html: str) -> str:
    """Return the text of the person page's change history table."""
    start = html.index('aria-label="Änderungsverlauf"') if "Änderungsverlauf" in html else None
    if start is None:
        start = html.index('aria-label="Change history"')
    return re.sub(r"<[^>]+>", " ", html[start : html.index("</table>", start)])


def test_history_and_report_show_labels_not_codes(client, login_as, make, db):
    login_as("secretariat")
    person = make.contact("Etikett", first_name="Erna", email="erna@etikett.example")
    before = audit.snapshot(person)
    person.legal_basis = "consent"
    audit.record_update(person, before, summary=person.full_name)
    db.session.commit()
    assert client.post_form(f"/privacy/contacts/{person.id}/withdraw/circulars").status_code == 302

    text = _history(client.get(f"/contacts/{person.id}").get_data(as_text=True))
    assert "Einwilligung: Rundschreiben" in text and "widerrufen" in text
    assert "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)" in text
    assert "Berechtigtes Interesse" in text
    for code in ("withdrawn", "legitimate_interest", "consent_circulars"):
        assert code not in text, code

    client.get("/language/en")
    text = _history(client.get(f"/contacts/{person.id}").get_data(as_text=True))
    assert "revoked" in text and "withdrawn" not in text and "legitimate_interest" not in text

    # the Auskunft report is German whatever the user's language, with labels
    data = client.get(f"/privacy/contacts/{person.id}/auskunft.zip").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        report = archive.read("auskunft.html").decode("utf-8")
    history = report[report.index("<h2>Änderungsverlauf</h2>") :]
    assert "Einwilligung: Rundschreiben: — → widerrufen" in history
    assert "Rechtsgrundlage: Berechtigtes Interesse" in history and "geändert" in history
    for code in ("withdrawn", "legitimate_interest", "consent_circulars", ">update<"):
        assert code not in history, code


def test_erasure_and_auskunft_details_read_as_labels(client, login_as, make, db):
    login_as("secretariat")
    person = make.contact("Umfang", first_name="Uwe", email="uwe@umfang.example")
    client.get(f"/privacy/contacts/{person.id}/auskunft.zip")
    done = client.post_form(
        f"/privacy/contacts/{person.id}/erase", {"reason": "Antrag", "confirm": "y"}
    )
    assert done.status_code == 302
    text = _history(client.get(f"/contacts/{person.id}").get_data(as_text=True))
    assert "Umfang : Verlaufseinträge: 1 · E-Mails: 0" in " ".join(text.split())
    assert "Inhalt : Erstellt am: 1 · Person: 1" in " ".join(text.split())
    for raw in ("audit_events", "{", "'", "sections"):
        assert raw not in text, raw
    audit = client.get("/audit/").get_data(as_text=True)
    assert "Umfang: Verlaufseinträge: 1" in audit and "audit_events" not in audit
