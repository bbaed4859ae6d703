"""Serial letters and labels from the builder: asked in the browser, rendered on the worker
(inline in tests, and by a real ``flask worker --once`` process), downloaded by their owner."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.exports import prepared as files
from crm.exports.models import PreparedFile
from crm.models import AuditEvent
from crm.time import utcnow

FLASK = str(Path(sys.executable).with_name("flask"))


@pytest.fixture
def pg(app, db, make):
    """A project group with three delegates (one a Thuringian) and one other group."""
    erfurt = make.organisation(
        "Stadt Erfurt",
        kind="city",
        state="TH",
        street="Fischmarkt 1",
        postal_code="99084",
        city="Erfurt",
    )
    halle = make.organisation(
        "Stadt Halle (Saale)",
        kind="city",
        state="ST",
        street="Marktplatz 1",
        postal_code="06108",
        city="Halle (Saale)",
    )
    group = make.group("PG Wasserstoff", kind="project_group")
    other = make.group("AG Kultur")
    for last, first, org in (
        ("Öztürk", "Ayşe", erfurt),
        ("Becker", "Jan", halle),
        ("von der Heydt", "Petra", halle),
    ):
        person = make.contact(last, first_name=first, salutation="Frau", organisation=org)
        make.seat(person, group, role="delegate", organisation=org)
    outsider = make.contact("Fremd", first_name="Fritz", organisation=halle)
    make.seat(outsider, other, role="delegate", organisation=halle)
    db.session.commit()
    return group


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _ask(client, group, **data):
    form = {
        "query": f"group={group.id}",
        "kind": "letters-pdf",
        "subject": "Einladung",
        "body": "Wir laden Sie herzlich ein.",
        "label": "3474",
        "start": "1",
    } | data
    return client.post_form("/exports/pdf", form)


def test_letters_are_prepared_and_downloaded_by_their_owner(client, login_as, pg, db, tmp_path):
    login_as("secretariat")
    page = client.get(f"/exports/pdf?group={pg.id}")
    assert page.status_code == 200
    assert "Für 3 Personen der Liste" in page.get_data(as_text=True)
    response = _ask(client, pg)
    assert response.status_code == 302
    prepared = db.session.scalar(sa.select(PreparedFile))
    assert response.headers["Location"].endswith(f"/exports/files/{prepared.id}")
    # the test queue runs the task at once: the page shows the finished file
    db.session.refresh(prepared)
    assert (prepared.status, prepared.done, prepared.total) == ("done", 3, 3)
    status = client.get(f"/exports/files/{prepared.id}/progress").get_json()
    assert status == {
        "status": "done",
        "status_label": "Fertig",
        "done": 3,
        "total": 3,
        "percent": 100,
    }
    assert "PDF herunterladen" in client.get(f"/exports/files/{prepared.id}").get_data(True)
    download = client.get(f"/exports/files/{prepared.id}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Cache-Control"] == "no-store"
    text = _text(download.data, tmp_path)
    assert "Sehr geehrte Frau Öztürk," in text and "Fremd" not in text
    # German order, the particle ignored: Becker, von der Heydt, Öztürk
    assert text.index("Becker") < text.index("Heydt") < text.index("Öztürk")
    # stored privately, and the export is audited with its row count
    assert os.stat(files.path_of(prepared)).st_mode & 0o777 == 0o600
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.changes["format"] == "letters-pdf" and event.changes["rows"] == 3


def test_labels_on_a_half_used_sheet(client, login_as, pg, db, tmp_path):
    login_as("secretariat")
    assert (
        _ask(
            client, pg, kind="labels-pdf", label="L7163", start="14", subject="", body=""
        ).status_code
        == 302
    )
    prepared = db.session.scalar(sa.select(PreparedFile))
    assert prepared.status == "done"
    text = _text(client.get(f"/exports/files/{prepared.id}/download").data, tmp_path)
    assert "Frau" in text and "Öztürk" in text


@pytest.mark.parametrize(
    "data, message",
    [
        ({"subject": ""}, "Für einen Serienbrief bitte ausfüllen."),
        ({"body": "  "}, "Für einen Serienbrief bitte ausfüllen."),
        (
            {"subject": "Einladung\r\nBcc: x@example.org"},
            "Bitte ohne Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen.",
        ),
        ({"kind": "labels-pdf", "start": "25"}, "Auf diesem Bogen gibt es 24 Etiketten."),
        ({"kind": "labels-pdf", "label": "L7163", "start": "15"}, "gibt es 14 Etiketten"),
        ({"query": "group=999999"}, "Die Liste ist leer"),
        ({"kind": "spreadsheet"}, 'id="kind-error"'),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_prepared(client, login_as, pg, db, data, message):
    login_as("secretariat")
    response = _ask(client, pg, **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(PreparedFile.id))) == 0


def test_recipient_limit(app, client, login_as, pg, db):
    login_as("secretariat")
    app.config["PREPARED_MAX_RECIPIENTS"] = 2
    try:
        response = _ask(client, pg)
    finally:
        app.config["PREPARED_MAX_RECIPIENTS"] = 5000
    assert response.status_code == 400
    assert "Höchstens 2 Empfänger je Datei; die Liste hat 3." in response.get_data(True)


def test_only_the_owner_sees_a_file_and_viewers_none(app, client, login_as, pg, db):
    login_as("secretariat")
    _ask(client, pg)
    file_id = db.session.scalar(sa.select(PreparedFile.id))
    other = app.test_client()
    login_as("secretariat", email="zweite@example.test", c=other)
    for url in ("", "/progress", "/download"):
        assert other.get(f"/exports/files/{file_id}{url}").status_code == 404
    viewer = app.test_client()
    login_as("viewer", email="lesend@example.test", c=viewer)
    assert viewer.get(f"/exports/pdf?group={pg.id}").status_code == 403
    assert viewer.get(f"/exports/files/{file_id}").status_code == 403


def test_a_group_lead_writes_only_to_their_groups(client, login_as, pg, db, tmp_path):
    other = db.session.scalar(sa.select(type(pg)).where(type(pg).name == "AG Kultur"))
    login_as("group_lead", groups=[other])
    page = client.get(f"/exports/pdf?group={pg.id}")
    assert "Für 0 Personen" in page.get_data(as_text=True)
    assert _ask(client, pg).status_code == 400


def test_expired_files_are_deleted(client, login_as, pg, db):
    login_as("secretariat")
    _ask(client, pg)
    prepared = db.session.scalar(sa.select(PreparedFile))
    path = files.path_of(prepared)
    assert path.exists()
    prepared.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert files.delete_expired() == 1
    assert not path.exists()
    assert db.session.scalar(sa.select(sa.func.count(PreparedFile.id))) == 0


def test_a_real_worker_renders_a_waiting_file(app, db, pg, tmp_path, make):
    """A file whose task never reached a worker is rendered by ``flask worker --once``."""
    user = make.make_user(role="secretariat")
    prepared = PreparedFile(owner_id=user.id, kind="labels-pdf", query=f"group={pg.id}")
    db.session.add(prepared)
    db.session.commit()
    env = {k: v for k, v in os.environ.items() if k not in ("JOBS_IMMEDIATE", "REDIS_URL")}
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY="worker-test",
        HUEY_SQLITE_PATH=str(tmp_path / "queue.sqlite"),
        FLASK_APP="crm",
    )
    result = subprocess.run(
        [FLASK, "worker", "--once"], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    db.session.expire_all()
    prepared = db.session.get(PreparedFile, prepared.id)
    assert (prepared.status, prepared.done, prepared.total) == ("done", 3, 3)
