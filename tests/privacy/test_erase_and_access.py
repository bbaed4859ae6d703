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
from crm.contacts.consent import record_consent
from crm.contacts.models import Affiliation, Contact
from crm.extensions import db as _db
from crm.groups.queries import seats_on
from crm.imports.upload import receive, store_upload
from crm.mail.models import OutboxMail
from crm.meetings.models import DateOption, Vote
from crm.reports.participation import participation_report

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


def _uploads_text(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if path.is_file():
            parts.append(path.name)
            parts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(parts).lower()


@pytest.fixture
def person(app, db, make, client, login_as):
    """A person with an affiliation, seats, invitations with comments and votes, mails,
    history, consent records and an import file; beside a colleague who keeps everything."""
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
    _upload(
        f"Vorname;Nachname;E-Mail\n{NAME_FIRST};{NAME_LAST};{WORK_MAIL}\n".encode("cp1252"),
        "personen.csv",
    )
    _upload(b"Vorname;Nachname\nOtto;Anders\n", "andere.csv")
    return {"person": p, "colleague": colleague, "group": group, "held": held, "org": org}


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
    uploads = _uploads_text(Path(app.config["UPLOAD_FOLDER"]))
    for value in (*VALUES, NAME_FIRST, f"{NAME_FIRST} {NAME_LAST}", "Amtsleiterin"):
        for form in _forms(value):
            assert form not in dump, value
            assert form not in uploads, value
    assert "otto;anders" in uploads  # someone else's import file stays
    assert "karla" in dump and "k@z.example" in dump  # the colleague keeps everything

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
        f"/privacy/contacts/{p.id}/erase", {"reason": "Antrag per Brief", "confirm": "y"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contact, p.id).last_name == "Anonymisierte Person"
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
