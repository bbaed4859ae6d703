"""Attachments of circulars: uploaded with the draft (type, count and total size limits
refused with nothing written), listed on the preview and the result page, removable before
sending, and carried by every mail to the real SMTP server (multipart/mixed around the
alternative body)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.circulars.models import Circular, CircularAttachment
from crm.extensions import db
from crm.mail import delivery
from crm.mail.models import OutboxMail
from tests.circulars.test_circulars import THURINGIA_PG_DELEGATES, _region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\xffbinary" * 100
TEXT = "Tagesordnung der Jahrestagung\nGrußwort – Öffnung\n".encode()


def _folder(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / "circulars"


@pytest.fixture(autouse=True)
def _empty_folder(app):
    """The circulars' folder starts empty (files of earlier tests, whose rows are gone)."""
    for path in _folder(app).glob("*"):
        path.unlink()


def _stored(app) -> list[str]:
    folder = _folder(app)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _compose(client, files, subject="Jahrestagung 2027"):
    return client.post_form(
        "/circulars/new",
        {
            "subject": subject,
            "body": "anbei das Programm.",
            "query": THURINGIA_PG_DELEGATES,
            "attachments": [(io.BytesIO(data), name) for name, data in files],
        },
        content_type="multipart/form-data",
    )


def _parts(msg):
    """Return the top-level parts of a received multipart/mixed mail."""
    assert msg.get_content_type() == "multipart/mixed"
    return list(msg.iter_parts())


def test_every_mail_of_the_circular_carries_its_files(app, client, login_as, runner, smtp):
    _region()
    login_as("secretariat")
    files = [
        ("Programm Jahrestagung.pdf", PDF),
        ("Übersicht – Anfahrt.png", PNG),
        ("tagesordnung.txt", TEXT),
    ]
    response = _compose(client, files)
    assert response.status_code == 302, response.get_data(as_text=True)
    circular = db.session.scalar(sa.select(Circular))
    assert [a.filename for a in circular.attachments] == [n for n, _d in files]
    assert [a.content_type for a in circular.attachments] == [
        "application/pdf",
        "image/png",
        "text/plain",
    ]
    assert len(_stored(app)) == 3
    # stored like meeting attachments: random names, mode 0600
    for a in circular.attachments:
        path = _folder(app) / a.stored_name
        assert a.stored_name not in a.filename and path.stat().st_mode & 0o777 == 0o600

    preview = client.get(f"/circulars/{circular.id}").get_data(as_text=True)
    assert 'data-testid="attachments"' in preview
    for name, _data in files:
        assert name in preview
    download = client.get(f"/circulars/{circular.id}/attachments/{circular.attachments[0].id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")

    # the test mail to oneself carries them too
    client.post_form(f"/circulars/{circular.id}/test")
    client.post_form(f"/circulars/{circular.id}/send")
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    delivery.send_pending()

    assert len(smtp.inbox.messages) == 3  # the test mail, Müller, Schulze
    for msg in smtp.inbox.messages:
        body, *attached = _parts(msg)
        assert body.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
        assert [(p.get_filename(), p.get_content_type()) for p in attached] == [
            ("Programm Jahrestagung.pdf", "application/pdf"),
            ("Übersicht – Anfahrt.png", "image/png"),
            ("tagesordnung.txt", "text/plain"),
        ]
        assert all(p.get_content_disposition() == "attachment" for p in attached)
        assert [p.get_payload(decode=True) for p in attached] == [PDF, PNG, TEXT]
    [mueller] = smtp.inbox.to("mueller@jena.test")
    assert mueller.get_body(("plain",)).get_content().startswith("Sehr geehrte Frau Dr. Müller,")

    result = client.get(f"/circulars/{circular.id}").get_data(as_text=True)
    assert 'data-testid="outcome-sent">2<' in result
    assert "Programm Jahrestagung.pdf" in result and "Entfernen" not in result
    mail = db.session.scalar(sa.select(OutboxMail).where(OutboxMail.circular_id == circular.id))
    detail = client.get(f"/outbox/{mail.id}").get_data(as_text=True)
    assert 'data-testid="mail-attachments"' in detail and "tagesordnung.txt" in detail


def test_files_beyond_the_limits_are_refused_and_nothing_is_written(app, client, login_as, smtp):
    _region()
    login_as("secretariat")
    refused = [
        ([("programm.exe", b"MZ\x90\x00")], "„programm.exe“: Dieser Dateityp ist nicht erlaubt"),
        ([("gut.pdf", PDF), ("falsch.pdf", b"MZ\x90\x00")], "„falsch.pdf“: Der Inhalt der Datei"),
        ([("leer.txt", b"")], "„leer.txt“: Die Datei ist leer."),
    ]
    for files, message in refused:
        response = _compose(client, files)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html, html
    # the total of all files, and their number, are limited (settings)
    app.config["CIRCULAR_ATTACHMENTS_MAX_BYTES"] = 3 * 1024 * 1024
    app.config["CIRCULAR_ATTACHMENTS_MAX_FILES"] = 2
    app.config["CIRCULAR_ATTACHMENT_TYPES"] = "pdf, txt"
    try:
        two_mb = b"%PDF" + b"x" * (2 * 1024 * 1024)
        response = _compose(client, [("a.pdf", two_mb), ("b.pdf", two_mb)])
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Die Anhänge sind zusammen zu groß (4,0 MB, höchstens 3 MB)" in html
        response = _compose(client, [("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c")])
        assert "Höchstens 2 Anhänge je Rundschreiben." in response.get_data(as_text=True)
        response = _compose(client, [("bild.png", PNG)])
        assert "nicht erlaubt (erlaubt: PDF, TXT)" in response.get_data(as_text=True)
        form = client.get(f"/circulars/new?{THURINGIA_PG_DELEGATES}").get_data(as_text=True)
        assert "Erlaubt: PDF, TXT; höchstens 2 Dateien, zusammen höchstens 3 MB." in form
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Circular)) == 0
        assert _stored(app) == []

        # adding to a draft counts the files it has
        assert _compose(client, [("a.pdf", two_mb)]).status_code == 302
        circular = db.session.scalar(sa.select(Circular))
        before = _stored(app)
        more = client.post_form(
            f"/circulars/{circular.id}/attachments",
            {"attachments": [(io.BytesIO(two_mb), "b.pdf")]},
            content_type="multipart/form-data",
        )
        assert more.status_code == 400 and "zusammen zu groß" in more.get_data(as_text=True)
        assert _stored(app) == before
        db.session.expire_all()
        assert len(db.session.get(Circular, circular.id).attachments) == 1
    finally:
        for key in ("MAX_BYTES", "MAX_FILES"):
            app.config.pop(f"CIRCULAR_ATTACHMENTS_{key}")
        app.config.pop("CIRCULAR_ATTACHMENT_TYPES")


def test_files_are_removed_before_sending_and_kept_after(app, client, login_as, runner, smtp):
    _region()
    login_as("secretariat")
    assert _compose(client, [("programm.pdf", PDF), ("alt.txt", TEXT)]).status_code == 302
    circular = db.session.scalar(sa.select(Circular))
    (old,) = [a for a in circular.attachments if a.filename == "alt.txt"]
    old_path = _folder(app) / old.stored_name
    added = client.post_form(
        f"/circulars/{circular.id}/attachments",
        {"attachments": [(io.BytesIO(PNG), "karte.png")]},
        content_type="multipart/form-data",
    )
    assert added.status_code == 302
    removed = client.post_form(f"/circulars/{circular.id}/attachments/{old.id}/delete")
    assert removed.status_code == 302 and not old_path.exists()
    db.session.expire_all()
    circular = db.session.get(Circular, circular.id)
    assert [a.filename for a in circular.attachments] == ["programm.pdf", "karte.png"]

    client.post_form(f"/circulars/{circular.id}/send")
    runner.invoke(args=["worker", "--once"])
    delivery.send_pending()
    [mueller] = smtp.inbox.to("mueller@jena.test")
    assert [p.get_filename() for p in _parts(mueller)[1:]] == ["programm.pdf", "karte.png"]
    # sent: its files stay as they went out
    keep = circular.attachments[0]
    late = client.post_form(f"/circulars/{circular.id}/attachments/{keep.id}/delete")
    assert late.status_code == 302
    more = client.post_form(
        f"/circulars/{circular.id}/attachments",
        {"attachments": [(io.BytesIO(PDF), "nachtrag.pdf")]},
        content_type="multipart/form-data",
    )
    assert more.status_code == 400 and "nicht mehr änderbar" in more.get_data(as_text=True)
    assert client.post_form(f"/circulars/{circular.id}/delete").status_code == 302
    db.session.expire_all()
    assert [a.filename for a in db.session.get(Circular, circular.id).attachments] == [
        "programm.pdf",
        "karte.png",
    ]
    assert len(_stored(app)) == 2


def test_deleting_a_draft_deletes_its_files(app, client, login_as):
    _region()
    login_as("secretariat")
    assert _compose(client, [("programm.pdf", PDF)]).status_code == 302
    circular = db.session.scalar(sa.select(Circular))
    assert len(_stored(app)) == 1
    response = client.post_form(f"/circulars/{circular.id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/circulars/")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Circular)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CircularAttachment)) == 0
    assert _stored(app) == []


def test_a_mail_whose_file_is_gone_fails_and_the_others_go_on(app, client, login_as, smtp):
    _region()
    login_as("secretariat")
    assert _compose(client, [("programm.pdf", PDF)]).status_code == 302
    circular = db.session.scalar(sa.select(Circular))
    client.post_form(f"/circulars/{circular.id}/test")
    db.session.expire_all()
    (_folder(app) / circular.attachments[0].stored_name).unlink()
    client.post_form("/circulars/new", {"subject": "Ohne", "body": "x", "query": ""})
    other = db.session.scalar(sa.select(Circular).where(Circular.subject == "Ohne"))
    client.post_form(f"/circulars/{other.id}/test")
    delivery.send_pending()
    db.session.expire_all()
    failed, sent = db.session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)).all()
    assert failed.status == "failed" and "Anhang fehlt: programm.pdf" in failed.last_error
    assert sent.status == "sent" and [m["Subject"] for m in smtp.inbox.messages] == ["[Test] Ohne"]
