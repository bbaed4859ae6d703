"""Retention (review list, mail bodies, uploads), minimisation, consent on the person page,
and the register of processing activities."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.contacts.consent import ConsentRecord, is_reachable
from crm.contacts.models import Affiliation
from crm.jobs import run_once
from crm.mail.models import OutboxMail
from crm.privacy.models import RetentionHold
from crm.privacy.retention import PURGED, purge_mail_bodies, review_query
from crm.privacy.uploads import purge_old_uploads

FIXED_DAY = date(2026, 6, 15)
FIXED_NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def _ended(make, name: str, ended: date):
    org = make.organisation(f"Org {name}")
    person = make.contact(name)
    person.affiliations.append(
        Affiliation(organisation=org, starts_on=date(2010, 1, 1), ends_on=ended)
    )
    from crm.extensions import db

    db.session.commit()
    return person


def _review_names(db, on=FIXED_DAY) -> list[str]:
    return [c.last_name for c, _since in db.session.execute(review_query(on)).all()]


def test_review_list_shows_four_years_inactive_not_two(app, db, make):
    _ended(make, "Vierjahre", date(2022, 6, 1))
    _ended(make, "Zweijahre", date(2024, 6, 1))
    active = _ended(make, "Aktiv", date(2021, 1, 1))
    make.seat(active, make.group("AG Aktiv"), starts_on=date(2020, 1, 1))  # current seat
    make.contact("Neu")  # recorded today, never had an affiliation
    assert _review_names(db) == ["Vierjahre"]
    app.config["RETENTION_YEARS_INACTIVE"] = 1
    try:
        assert _review_names(db) == ["Vierjahre", "Zweijahre"]
    finally:
        app.config["RETENTION_YEARS_INACTIVE"] = 3


def test_keep_with_reason_is_audited_and_comes_back_after_the_period(
    app, db, make, client, login_as
):
    login_as("secretariat")
    today = date.today()
    old = _ended(make, "Ruhend", today.replace(year=today.year - 4))
    page = client.get("/privacy/review").get_data(as_text=True)
    assert "Anna Ruhend" in page
    refused = client.post_form(f"/privacy/review/{old.id}/keep", {"reason": "  "})
    assert refused.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(RetentionHold.id))) == 0
    client.post_form(f"/privacy/review/{old.id}/keep", {"reason": "Ehrenmitglied des Beirats"})
    table = client.get("/privacy/review").get_data(as_text=True).split('id="review"')[1]
    assert "Anna Ruhend" not in table
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_id == old.id).order_by(AuditEvent.id)
    ).all()[-1]
    assert event.changes == {"retention_kept": [None, "Ehrenmitglied des Beirats"]}
    # four years after the decision the person is due again
    hold = db.session.scalars(sa.select(RetentionHold)).one()
    hold.kept_at = datetime.now(UTC) - timedelta(days=4 * 366)
    db.session.commit()
    assert "Anna Ruhend" in client.get("/privacy/review").get_data(as_text=True)


def _mail(db, sent_at, status="sent"):
    mail = OutboxMail(
        to_address="x@example.org",
        subject="Einladung",
        body_text="Sehr geehrte Frau Geheim, …",
        body_html="<p>Frau Geheim</p>",
        attachments=[
            {"file": "circulars/" + "0" * 40, "filename": "Geheim.pdf", "content_type": "x/y"}
        ],
        status=status,
        sent_at=sent_at,
    )
    db.session.add(mail)
    db.session.commit()
    return mail


def test_mail_bodies_older_than_90_days_are_purged(app, db):
    old = _mail(db, FIXED_NOW - timedelta(days=91))
    recent = _mail(db, FIXED_NOW - timedelta(days=89))
    pending = _mail(db, None, status="failed")
    assert purge_mail_bodies(FIXED_NOW) == 1
    db.session.commit()
    db.session.expire_all()
    assert old.body_text == PURGED and old.body_html is None and old.attachments is None
    assert recent.body_text.startswith("Sehr geehrte") and pending.body_html
    assert recent.attachments[0]["filename"] == "Geheim.pdf"


def test_the_worker_job_purges_mail_bodies_and_old_uploads(app, db):
    old = _mail(db, datetime.now(UTC) - timedelta(days=120))
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / "stale.bin", folder / "fresh.bin"
    stale.write_bytes(b"Name\nAlt\n")
    fresh.write_bytes(b"Name\nNeu\n")
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))
    run_once()
    db.session.expire_all()
    assert db.session.get(OutboxMail, old.id).body_text == PURGED
    assert not stale.exists() and fresh.exists()
    assert purge_old_uploads(time.time() + 25 * 3600) >= 1 and not fresh.exists()


def test_viewer_gets_403_on_personal_contact_lists(client, login_as):
    login_as("viewer")
    personal = [f"/exports/contacts/{fmt}" for fmt in ("csv", "csv-excel", "xlsx", "vcf")]
    personal += ["/exports/distribution", "/exports/pdf", "/circulars/", "/circulars/new"]
    for url in personal:
        assert client.get(url).status_code == 403, url
    assert client.post_form("/exports/pdf", {"kind": "labels-pdf"}).status_code == 403
    assert client.get("/privacy/review").status_code == 403
    assert client.get("/exports/organisations/csv").status_code == 200


def test_invitee_page_shows_no_colleague(client, make, db):
    group = make.group("AG Minimal")
    meeting = make.meeting(group, title="Sitzung Minimal")
    org = make.organisation("Stadt Minimal")
    me = make.contact("Selbst", organisation=org, email="selbst@minimal.example")
    other = make.contact(
        "Kollegenname", first_name="Gustav", organisation=org, email="kollege@minimal.example"
    )
    mine = make.invitation(meeting, me)
    make.invitation(meeting, other, rsvp="accepted", comment="Gustav kommt")
    html = client.get(f"/invitations/{mine.token}").get_data(as_text=True)
    assert "Sitzung Minimal" in html
    for value in ("Kollegenname", "Gustav", "kollege@minimal.example"):
        assert value not in html


def test_invitee_page_of_a_delegate_shows_no_invited_colleague(client, make, db):
    """Two delegates of one organisation invited to one meeting: neither page names the
    other; a deputy who holds a seat there (not invited) is offered as substitute by name
    only, without e-mail; a delegate of another organisation appears nowhere."""
    group = make.group("AG Delegiert")
    meeting = make.meeting(group, title="Sitzung Delegiert", status="scheduled")
    org, other_org = make.organisation("Stadt Delegiert"), make.organisation("Kreis Anders")
    people = {}
    for last, first, mail, where, role in (
        ("Erstdelegierte", "Ilse", "ilse@delegiert.example", org, "delegate"),
        ("Zweitdelegierter", "Bruno", "bruno@delegiert.example", org, "delegate"),
        ("Stellvertreterin", "Vera", "vera@delegiert.example", org, "deputy_delegate"),
        ("Fremdkreis", "Otto", "otto@anders.example", other_org, "delegate"),
    ):
        person = make.contact(last, first_name=first, organisation=where, email=mail)
        make.seat(person, group, role=role, organisation=where, starts_on=date(2020, 1, 1))
        people[last] = person
    invitations = {
        last: make.invitation(
            meeting, people[last], organisation=people[last].affiliations[0].organisation
        )
        for last in ("Erstdelegierte", "Zweitdelegierter", "Fremdkreis")
    }
    pages = {
        last: client.get(f"/invitations/{inv.token}").get_data(as_text=True)
        for last, inv in invitations.items()
    }
    assert "Vertretung benennen" in pages["Erstdelegierte"]
    for me, other in (
        ("Erstdelegierte", "Zweitdelegierter"),
        ("Zweitdelegierter", "Erstdelegierte"),
    ):
        html = pages[me]
        for value in (other, people[other].first_name, people[other].email):
            assert value not in html, (me, value)
        for value in ("Fremdkreis", "otto@anders.example", "vera@delegiert.example"):
            assert value not in html, (me, value)
        assert "Vera Stellvertreterin" in html  # a seat-holder of her organisation, name only
    for value in ("Erstdelegierte", "Zweitdelegierter", "Stellvertreterin", "@delegiert"):
        assert value not in pages["Fremdkreis"], value


def test_one_click_withdraw_on_the_person_page(client, login_as, make, db):
    login_as("secretariat")
    org = make.organisation("Stadt Klick")
    person = make.contact("Klick", organisation=org, email="klick@klick.example")
    html = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    assert "Rundschreiben und Rundmails" in html and "Auskunft (Art. 15)" in html
    assert "klick@klick.example" in client.get("/exports/distribution").get_data(as_text=True)
    response = client.post_form(f"/privacy/contacts/{person.id}/withdraw/circulars")
    assert response.status_code == 302
    db.session.expire_all()
    assert not is_reachable(person, "circulars") and is_reachable(person, "invitations")
    record = db.session.scalars(sa.select(ConsentRecord)).one()
    assert (record.status, record.source, record.is_current) == ("withdrawn", "form", True)
    assert record.recorded_by_id is not None
    dist = client.get("/exports/distribution").get_data(as_text=True)
    assert "klick@klick.example" not in dist and "Einwilligung widerrufen" in dist
    # a bad form value changes nothing
    bad = client.post_form(
        f"/privacy/contacts/{person.id}/consent",
        {"purpose": "werbung", "status": "given", "source": "form"},
    )
    assert bad.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(ConsentRecord.id))) == 1
    # without CSRF token: refused
    assert client.post(f"/privacy/contacts/{person.id}/withdraw/invitations").status_code == 400
    client.post_form(
        f"/privacy/contacts/{person.id}/consent",
        {"purpose": "circulars", "status": "given", "source": "phone", "note": "Anruf"},
    )
    db.session.expire_all()
    assert is_reachable(person, "circulars")


def test_register_of_processing_reflects_the_configuration(client, login_as, app):
    login_as("viewer")
    html = client.get("/privacy/register").get_data(as_text=True)
    assert "Verzeichnis der Verarbeitungstätigkeiten (Art. 30 DSGVO)" in html
    assert "nach 3 Jahren auf der Prüfliste" in html and "nach 90 Tagen gelöscht" in html
    assert "Berechtigtes Interesse" in html
    app.config["RETENTION_DAYS_MAIL"] = 30
    app.config["PRIVACY_CIRCULARS_BASIS"] = "consent"
    try:
        html = client.get("/privacy/register").get_data(as_text=True)
        assert "nach 30 Tagen gelöscht" in html
        row = html.split("Rundschreiben und Rundmails</td>")[1].split("</tr>")[0]
        assert "Einwilligung" in row
    finally:
        app.config["RETENTION_DAYS_MAIL"] = 90
        app.config["PRIVACY_CIRCULARS_BASIS"] = "legitimate_interest"


def test_files_written_by_the_app_are_private(app, db, make, runner, tmp_path):
    import io

    from crm.imports.upload import receive, store_upload

    token, _path = receive(io.BytesIO(b"Name\nEiner\n"))
    store_upload(token, "a.csv", "contacts", None)
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    for suffix in (".bin", ".json"):
        assert (folder / f"{token}{suffix}").stat().st_mode & 0o777 == 0o600
    person = make.contact("Privat")
    out = tmp_path / "auskunft.zip"
    assert runner.invoke(args=["privacy", "export", str(person.id), "-o", str(out)]).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    csv_out = tmp_path / "liste.csv"
    result = runner.invoke(args=["export", "contacts", "--format", "csv", "-o", str(csv_out)])
    assert result.exit_code == 0, result.output
    assert csv_out.stat().st_mode & 0o777 == 0o600
    if db.engine.dialect.name == "sqlite":
        backup = tmp_path / "sicherung.sqlite"
        assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
        assert backup.stat().st_mode & 0o777 == 0o600


def test_substitute_typed_by_e_mail_reuses_the_known_colleague(app, db, make):
    from crm.meetings.rsvp import colleagues, name_substitute

    group = make.group("AG Vertretung")
    org = make.organisation("Stadt Vertretung")
    me = make.contact("Ich", organisation=org, email="ich@vertretung.example.org")
    known = make.contact("Bekannt", organisation=org, email="bekannt@vertretung.example.org")
    deputy = make.contact("Stellvertreter", organisation=org, email="st@vertretung.example.org")
    make.seat(me, group, organisation=org)
    make.seat(deputy, group, "deputy_delegate", organisation=org)
    meeting = make.meeting(group)
    inv = make.invitation(meeting, me, organisation=org)
    assert [c.last_name for c in colleagues(inv)] == ["Stellvertreter"]
    with app.test_request_context("/"):
        sub = name_substitute(
            inv, first_name="B", last_name="Bekannt", email="Bekannt@Vertretung.example.org"
        )
    db.session.commit()
    assert sub.contact_id == known.id


def test_command_line_export_says_who_was_left_out(app, db, make, runner, tmp_path):
    from crm.contacts.consent import withdraw

    make.contact("Drin", email="d@x.example")
    make.contact("Gesperrt", email="g@x.example", is_no_contact=True)
    withdraw(make.contact("Widerruf", email="w@x.example"), "circulars")
    db.session.commit()
    out = tmp_path / "liste.csv"
    result = runner.invoke(args=["export", "contacts", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Drin" in text and "Gesperrt" not in text and "Widerruf" not in text
    assert "2 ausgelassen (Datenschutz)" in result.output
    assert "1 × möchte nicht kontaktiert werden" in result.output
    assert "1 × Einwilligung widerrufen" in result.output


def test_admin_grants_a_viewer_the_contact_list_export(app, db, make, client, login_as):
    make.contact("Sichtbar", email="s@x.example")
    viewer = make.user(role="viewer", name="Vera Viewer")
    secretary = app.test_client()
    login_as("secretariat", c=secretary)
    assert secretary.get("/privacy/grants").status_code == 403
    assert secretary.post_form(f"/privacy/grants/{viewer.id}/grant").status_code == 403
    as_viewer = app.test_client()
    as_viewer.post_form("/login", {"email": viewer.email, "password": make.PASSWORD})
    assert as_viewer.get("/exports/contacts/csv").status_code == 403
    login_as("admin")
    assert "Vera Viewer" in client.get("/privacy/grants").get_data(as_text=True)
    assert client.post(f"/privacy/grants/{viewer.id}/grant").status_code == 400  # no CSRF
    assert client.post_form(f"/privacy/grants/{viewer.id}/grant").status_code == 302
    body = as_viewer.get("/exports/contacts/csv").get_data(as_text=True)
    assert "Sichtbar" in body
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "users").order_by(AuditEvent.id)
    ).all()[-1]
    assert event.changes == {"may_export_personal": [False, True]}
    client.post_form(f"/privacy/grants/{viewer.id}/revoke")
    assert as_viewer.get("/exports/contacts/csv").status_code == 403
