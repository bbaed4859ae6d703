"""Auskunft before, erasure after: a person with data in every table, on SQLite and PostgreSQL.

After ``flask privacy erase`` a dump of the whole database and the files in UPLOAD_FOLDER
contain none of the person's values, while the group's composition on a past date and the
participation report count the same as before.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.audit import services as audit
from crm.audit.models import AuditEvent
from crm.circulars import attachments as circular_files
from crm.circulars.models import Circular, CircularAttachment
from crm.contacts.consent import record_consent
from crm.contacts.models import Affiliation, Contact
from crm.exports import prepared as prepared_files
from crm.exports.models import PreparedFile
from crm.extensions import db as _db
from crm.groups.queries import seats_on
from crm.imports.tasks import check_upload
from crm.imports.upload import load_meta, plan_path, receive, save_meta, store_upload
from crm.lists.models import SavedList
from crm.mail.models import OutboxMail
from crm.meetings.attachments import attachment_path, save_attachment
from crm.meetings.models import AgendaItem, Attachment, DateOption, Vote
from crm.privacy.models import Erasure
from crm.reports.participation import participation_report
from tests.exports.test_prepared import _ask

NAME_FIRST, NAME_LAST = "Hildegard", "Quenstedt-Beispiel"
PRIVATE_MAIL = "hildegard.privat@quenstedt.example"
WORK_MAIL = "h.quenstedt@stadt-zeitz.example"
PHONE = "+49 3441 987654"
WORK_PHONE = "03441 55501"
NOTE = "Notiztext-Geheim-4711 mag keine Frühtermine"
COMMENT = "Komme eine halbe Stunde später, Ute-Kommentar-0815"
SEAT_NOTE = "Sitznotiz-Vertretung-2323"
VALUES = (NAME_LAST, PRIVATE_MAIL, WORK_MAIL, PHONE, WORK_PHONE, NOTE, COMMENT, SEAT_NOTE)


def _dump() -> str:
    """Return a text dump of the whole database (pg_dump on PostgreSQL, iterdump on SQLite)."""
    engine = _db.engine
    if engine.dialect.name == "postgresql":
        url = engine.url.set(drivername="postgresql")
        out = subprocess.run(
            ["pg_dump", "--data-only", url.render_as_string(hide_password=False)],
            check=True,
            capture_output=True,
        )
        return out.stdout.decode("utf-8")
    raw = engine.raw_connection()
    try:
        return "\n".join(raw.driver_connection.iterdump())
    finally:
        raw.close()


def _upload(data: bytes, filename: str) -> str:
    """Store an import upload the way the import page does (file, then its details)."""
    token, _path = receive(io.BytesIO(data))
    return store_upload(token, filename, "contacts", None)


def _forms(value: str) -> set[str]:
    """The value as stored plainly and as JSON with escaped umlauts, in any case."""
    return {value.lower(), json.dumps(value)[1:-1].lower()}


def _files_text(*folders: Path) -> str:
    """Return the names and text of every file under ``folders`` (PDFs through pdftotext)."""
    parts = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                parts.append(path.name)
                data = path.read_bytes()
                if data.startswith(b"%PDF"):
                    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True)
                    data = done.stdout
                parts.append(data.decode("utf-8", errors="ignore"))
    return "\n".join(parts).lower()


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def _ask_letters(client, group) -> PreparedFile:
    """Ask for serial letters to ``group`` the way the builder does; the worker makes them."""
    response = _ask(client, group)
    assert response.status_code == 302, response.get_data(as_text=True)
    file_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    prepared = _db.session.get(PreparedFile, file_id)
    assert prepared.status == "done" and prepared_files.path_of(prepared).exists()
    return prepared


@pytest.fixture
def person(app, db, make, client, login_as):
    """A person with an affiliation, seats, invitations with comments and votes, mails,
    history, consent records, import files, meeting documents and prepared letters; beside a
    colleague who keeps everything."""
    # the folders start empty: files of earlier tests' people (rows gone) are not hers
    for folder in (Path(app.config["UPLOAD_FOLDER"]), prepared_files.folder()):
        for path in folder.rglob("*"):
            if path.is_file():
                path.unlink()
    login_as("secretariat")
    org = make.organisation("Stadt Zeitz", state="ST")
    group = make.group("AG Datenschutz Test")
    make.membership(org, group, starts_on=date(2020, 1, 1))
    colleague = make.contact("Kollegin", first_name="Karla", organisation=org, email="k@z.example")
    p = make.contact(
        NAME_LAST,
        first_name=NAME_FIRST,
        email=PRIVATE_MAIL,
        phone=PHONE,
        notes=NOTE,
        title="Dr.",
    )
    p.affiliations.append(
        Affiliation(
            organisation=org,
            is_primary=True,
            starts_on=date(2020, 1, 1),
            email=WORK_MAIL,
            phone=WORK_PHONE,
            job_title="Amtsleiterin",
        )
    )
    db.session.commit()
    audit.record_create(p, summary=p.full_name)
    before = audit.snapshot(p)
    p.notes = NOTE + " (ergänzt)"
    audit.record_update(p, before, summary=p.full_name)
    record_consent(p, "circulars", "given", source="email", note=f"Mail von {NAME_LAST}")
    db.session.commit()
    make.seat(p, group, organisation=org, starts_on=date(2021, 1, 1), notes=SEAT_NOTE)
    make.seat(colleague, group, organisation=org, starts_on=date(2021, 1, 1), notes="Karlas Sitz")
    past = datetime(2025, 3, 4, 9, tzinfo=UTC)
    held = make.meeting(group, title="Frühjahrssitzung", starts_at=past, status="held")
    poll = make.meeting(group, title="Herbstsitzung", status="draft")
    option = DateOption(meeting=poll, starts_at=datetime.now(UTC) + timedelta(days=20))
    db.session.add(option)
    inv_p = make.invitation(held, p, attended="yes", rsvp="accepted", comment=COMMENT)
    make.invitation(held, colleague, attended="no", rsvp="declined")
    poll_inv = make.invitation(poll, p, comment=COMMENT)
    make.invitation(poll, colleague)
    db.session.add(Vote(date_option=option, invitation=poll_inv, answer="yes"))
    db.session.commit()
    audit.record("update", "invitations", inv_p.id, summary=f"Rückmeldung {p.full_name}")
    db.session.commit()
    # invitations are mailed through the app: outbox rows with her address and name
    option2 = DateOption(meeting=poll, starts_at=datetime.now(UTC) + timedelta(days=21))
    db.session.add(option2)
    db.session.commit()
    assert client.post_form(f"/meetings/{poll.id}/poll/start").status_code == 303
    token = _upload(
        f"Vorname;Nachname;E-Mail\n{NAME_FIRST};{NAME_LAST};{WORK_MAIL}\n".encode("cp1252"),
        "personen.csv",
    )
    meta = load_meta(token)
    meta["mapping"] = ["first_name", "last_name", "email"]
    save_meta(token, meta)
    check_upload(token)  # the checked rows (the plan) lie beside the file
    assert NAME_LAST in plan_path(token).read_text("utf-8")
    _upload(b"Vorname;Nachname\nOtto;Anders\n", "andere.csv")
    # meeting documents: two name her (text and PDF), one names only the colleague
    save_attachment(
        held, "anwesenheit.txt", f"Anwesend: {NAME_FIRST} {NAME_LAST}".encode(), "minutes"
    )
    save_attachment(
        held, "protokoll.pdf", _pdf(f"Protokoll, Frau {NAME_LAST} berichtet"), "minutes"
    )
    save_attachment(held, "tagesordnung.txt", b"Tagesordnung, Bericht Karla Kollegin", "material")
    db.session.commit()
    # free texts others wrote about her, and saved filters that search for her
    full = f"{NAME_FIRST} {NAME_LAST}"
    db.session.add(AgendaItem(meeting=held, position=1, title=f"Bericht {full}"))
    org.notes = f"Ansprechpartnerin: {full}, {WORK_PHONE}"
    db.session.add(Circular(subject="Abschied", body=f"wir verabschieden {full}.", query=""))
    # a circular's files: one names her, one only the colleague
    programme = Circular(subject="Programm", body="anbei das Programm.", query="")
    db.session.add(programme)
    db.session.flush()
    circular_files.add(
        programme,
        circular_files.check(
            programme,
            [
                ("rednerliste.txt", f"Rednerin: {full}".encode()),
                ("programm.txt", b"Programm, Grusswort Karla Kollegin"),
            ],
        ),
    )
    db.session.add(SavedList(name="Ihre Liste", query=f"q={NAME_LAST.replace('-', '%2D')}"))
    db.session.add(SavedList(name="Kollegin", query="q=Kollegin"))
    db.session.commit()
    # serial letters prepared on the worker: one to the group (names her), one to another
    other = make.group("AG Ohne Sie")
    make.seat(colleague, other, organisation=org, starts_on=date(2021, 1, 1))
    letters = _ask_letters(client, group)
    others = _ask_letters(client, other)
    return {
        "person": p,
        "colleague": colleague,
        "group": group,
        "held": held,
        "org": org,
        "letters": letters,
        "other_letters": others,
    }


def test_access_export_contains_every_value(app, db, runner, person, tmp_path):
    mails = db.session.scalars(sa.select(OutboxMail.to_address)).all()
    assert WORK_MAIL in mails
    out = tmp_path / "auskunft.zip"
    result = runner.invoke(args=["privacy", "export", str(person["person"].id), "-o", str(out)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["auskunft.html", "auskunft.json"]
        data = json.loads(archive.read("auskunft.json"))
        html = archive.read("auskunft.html").decode("utf-8")
    text = json.dumps(data, ensure_ascii=False)
    for value in (NAME_FIRST, *VALUES):
        assert value in text, value
        assert value in html, value
    assert data["invitations"][0]["meeting"] == "Frühjahrssitzung"
    assert data["invitations"][1]["votes"][0]["answer"] == "yes"
    assert data["consent_records"][0]["purpose"] == "circulars"
    assert {m["group"] for m in data["memberships_of_their_organisations"]} == {
        "AG Datenschutz Test"
    }
    assert any("Einladung" in m["subject"] or "Termin" in m["subject"] for m in data["mails"])
    assert "Auskunft nach Art. 15 DSGVO" in html and "Frühjahrssitzung" in html
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
    ).all()[-1]
    assert event.entity_id == person["person"].id and "Art. 15" in event.summary


def test_erase_removes_every_value_and_keeps_history_true(app, db, runner, person):
    p, group, held = person["person"], person["group"], person["held"]
    on = date(2024, 6, 1)
    seats_before = [(s.role, s.organisation_id) for s in db.session.scalars(seats_on(group, on))]
    report = participation_report(group, date(2025, 1, 1), date(2025, 12, 31))
    counts_before = sorted((r.invited, r.attended) for r in report.people)
    org_before = [(r.invited, r.attended) for r in report.organisations]
    dump = _dump().lower()
    assert NAME_LAST.lower() in dump and WORK_MAIL in dump

    result = runner.invoke(
        args=["privacy", "erase", str(p.id), "--yes", "--reason", f"Antrag von {NAME_LAST}"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    dump = _dump().lower()
    prepared_folder = prepared_files.folder()
    files = _files_text(Path(app.config["UPLOAD_FOLDER"]), prepared_folder)
    for value in (*VALUES, NAME_FIRST, f"{NAME_FIRST} {NAME_LAST}", "Amtsleiterin"):
        for form in _forms(value):
            assert form not in dump, value
            assert form not in files, value
    assert "otto;anders" in files  # someone else's import file stays
    assert "karla" in dump and "k@z.example" in dump  # the colleague keeps everything
    # attachments naming her are gone (file and row), the colleague's stays
    left = db.session.scalars(sa.select(Attachment)).all()
    assert [a.filename for a in left] == ["tagesordnung.txt"]
    assert attachment_path(left[0]).exists() and "karla kollegin" in files
    # so are the circular's files naming her (file and row, audited on the circular)
    kept = db.session.scalars(sa.select(CircularAttachment)).all()
    assert [a.filename for a in kept] == ["programm.txt"]
    assert circular_files.path_of(kept[0]).exists() and "grusswort karla kollegin" in files
    assert len(list(circular_files.path_of(kept[0]).parent.iterdir())) == 1
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "circulars", AuditEvent.summary.like("%Art. 17%"))
        )
        == 1
    )
    assert "1 Rundschreibenanhänge bereinigt" in result.output
    # the letters to her group are withdrawn, the other list's letters stay
    letters = db.session.get(PreparedFile, person["letters"].id)
    assert letters.status == "failed" and "Art. 17" in letters.error
    assert not prepared_files.path_of(letters).exists()
    others = db.session.get(PreparedFile, person["other_letters"].id)
    assert others.status == "done" and prepared_files.path_of(others).exists()
    assert "2 Sitzungsanhänge, 1 vorbereitete Dateien" in result.output
    assert [
        q for (q,) in db.session.execute(sa.select(SavedList.query).order_by(SavedList.id))
    ] == [
        "q=Anonymisierte+Person",
        "q=Kollegin",
    ]
    abschied = sa.select(Circular.body).where(Circular.subject == "Abschied")
    assert db.session.scalar(abschied) == "wir verabschieden Anonymisierte Person."

    erased = db.session.get(Contact, p.id)
    assert erased.last_name == "Anonymisierte Person" and erased.erased_at is not None
    assert erased.first_name is None and erased.email is None and erased.is_no_contact
    seats_after = [(s.role, s.organisation_id) for s in db.session.scalars(seats_on(group, on))]
    assert seats_after == seats_before and len(seats_after) == 2
    report = participation_report(group, date(2025, 1, 1), date(2025, 12, 31))
    assert sorted((r.invited, r.attended) for r in report.people) == counts_before
    assert [(r.invited, r.attended) for r in report.organisations] == org_before
    assert held.invitations[0].attended in ("yes", "no")
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "erase")).one()
    assert event.entity_id == p.id
    assert event.changes["reason"] == "Antrag von Anonymisierte Person"
    # a second erasure is refused, nothing changes
    again = runner.invoke(args=["privacy", "erase", str(p.id), "--yes", "--reason", "x"])
    assert again.exit_code != 0 and "bereits anonymisiert" in again.output


def test_erase_in_the_ui_needs_reason_and_confirmation(app, db, client, person):
    p = person["person"]
    page = client.get(f"/privacy/contacts/{p.id}/erase")
    assert page.status_code == 200 and "Endgültig anonymisieren" in page.get_data(as_text=True)
    refused = client.post_form(f"/privacy/contacts/{p.id}/erase", {"reason": "Antrag"})
    assert refused.status_code == 400
    assert "ausdrücklich bestätigen" in refused.get_data(as_text=True)
    refused = client.post_form(f"/privacy/contacts/{p.id}/erase", {"confirm": "y"})
    assert refused.status_code == 400 and "Grund" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, p.id).erased_at is None
    done = client.post_form(
        f"/privacy/contacts/{p.id}/erase",
        {"reason": f"Antrag per Brief von {NAME_FIRST} {NAME_LAST}", "confirm": "y"},
    )
    # the worker does it (at once in the tests); the page of the erasure follows it
    assert done.status_code == 302 and "/privacy/erasures/" in done.headers["Location"]
    db.session.expire_all()
    assert db.session.get(Contact, p.id).last_name == "Anonymisierte Person"
    erasure = db.session.scalars(sa.select(Erasure)).one()
    assert erasure.status == "done" and erasure.done == 5 and erasure.traces is None
    assert erasure.reason == "Antrag per Brief von Anonymisierte Person"
    assert erasure.counts["attachments"] == 2 and erasure.counts["prepared_files"] == 1
    assert erasure.counts["circular_attachments"] == 1
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Abgeschlossen" in page and "Sitzungsanhänge entfernt: 2 (Frühjahrssitzung)" in page
    assert "Rundschreibenanhänge entfernt: 1" in page
    progress = client.get(f"/privacy/erasures/{erasure.id}/progress").get_json()
    assert progress["status"] == "done" and progress["percent"] == 100
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "erase")).one()
    assert event.user_id is not None and event.changes["counts"]["mails"] >= 1
    # asking again shows the person as erased, nothing runs twice
    again = client.get(f"/privacy/contacts/{p.id}/erase")
    assert again.status_code == 302
    edit = client.post_form(f"/contacts/{p.id}/edit", {"last_name": NAME_LAST})
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contact, p.id).last_name == "Anonymisierte Person"
    html = client.get(f"/groups/{person['group'].id}?on=2024-06-01").get_data(as_text=True)
    assert "Anonymisierte Person" in html and NAME_LAST not in html


def test_access_download_is_not_cached_and_only_for_staff(app, db, client, person, login_as):
    p = person["person"]
    response = client.get(f"/privacy/contacts/{p.id}/auskunft.zip")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert NAME_LAST in archive.read("auskunft.json").decode("utf-8")
    for role in ("viewer", "group_lead"):
        client.post_form("/logout")
        login_as(role, groups=[person["group"]] if role == "group_lead" else None)
        assert client.get(f"/privacy/contacts/{p.id}/auskunft.zip").status_code == 403
        erase = client.post_form(f"/privacy/contacts/{p.id}/erase", {"reason": "x", "confirm": "y"})
        assert erase.status_code == 403


def test_a_worker_that_died_mid_erasure_is_taken_over(app, db, person):
    """Steps done stay done; the next worker goes on from the step the erasure reached."""
    from crm.jobs import run_once
    from crm.privacy import erase as steps

    p = person["person"]
    t = steps.traces_of(p)
    erasure = Erasure(contact_id=p.id, reason="Antrag", traces=t.as_json(), counts={})
    db.session.add(erasure)
    counts: dict = {}
    for index in range(2):  # history and mails were done, then the worker died
        steps.run_step(index, p, t, counts)
    erasure.status, erasure.done, erasure.counts = "running", 2, counts
    db.session.commit()
    assert db.session.get(Contact, p.id).last_name == NAME_LAST
    run_once()  # not stale yet: the running worker is left alone
    db.session.expire_all()
    assert db.session.get(Erasure, erasure.id).status == "running"
    stale = datetime.now(UTC) - timedelta(minutes=11)
    db.session.execute(sa.update(Erasure).values(updated_at=stale))
    db.session.commit()
    run_once()
    db.session.expire_all()
    erasure = db.session.get(Erasure, erasure.id)
    assert erasure.status == "done" and erasure.traces is None
    assert erasure.counts["mails"] >= 1 and erasure.counts["attachments"] == 2
    dump = _dump().lower()
    for value in VALUES:
        assert value.lower() not in dump, value
