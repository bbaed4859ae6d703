"""Control characters in one-line fields are refused in every channel, in one place.

Web forms (``crm.forms.Form``), CSV and XLSX imports and the API's schemas all ask
``crm.fields.control_character_problem``: a line break, tab, NUL or C1 character in a title or
a name is refused with the message beside the field (German, or English) and nothing is
written; text areas keep line breaks and tabs. The iCalendar writer escapes whatever is left
in old data, so a meeting's ``.ics`` never answers 500.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from datetime import UTC, datetime

import icalendar
import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm

import crm
from crm.api import tokens
from crm.forms import Form
from crm.models import AgendaItem, AuditEvent, Contact, Meeting, Organisation
from tests.api.conftest import bearer

ONE_LINE_DE = "Bitte ohne Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen."
ONE_LINE_EN = "Please no line breaks, tabs or other control characters."
BAD = ["Klausur\r\nBcc: x@example.org", "Klausur\tTag", "Klausur\x00", "Klausur\x85", "\n\t"]
START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _events(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def _all_form_classes():
    for module in pkgutil.walk_packages(crm.__path__, "crm."):
        importlib.import_module(module.name)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {c for c in walk(FlaskForm) if c.__module__.startswith("crm.")}


def test_every_form_of_the_app_is_a_crm_form():
    forms = _all_form_classes()
    assert len(forms) > 20
    assert [c.__qualname__ for c in forms if not issubclass(c, Form)] == []


@pytest.mark.parametrize("title", BAD)
def test_meeting_form_refuses_control_characters_and_writes_nothing(
    client, login_as, make, db, title
):
    group = make.group()
    meeting = make.meeting(group, title="Alt", status="draft")
    login_as("secretariat")
    events = _events(db)
    data = {"group_id": group.id, "title": title, "version": meeting.version}
    r = client.post_form(f"/meetings/{meeting.id}/edit", data)
    assert r.status_code == 400
    assert ONE_LINE_DE in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title == "Alt"
    assert _events(db) == events


def test_forms_refuse_in_english_and_text_areas_keep_lines(client, login_as, make, db):
    login_as("secretariat")
    client.get("/language/en")
    r = client.post_form("/organisations/new", {"name": "Stadt\nLeipzig", "kind": "city"})
    assert r.status_code == 400 and ONE_LINE_EN in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    # a text area keeps its line breaks and tabs, refuses NUL
    r = client.post_form(
        "/organisations/new",
        {"name": "Stadt Leipzig", "kind": "city", "state": "SN", "notes": "eins\r\n\tzwei\x00"},
    )
    assert r.status_code == 400
    assert "Please no control characters (line breaks and tabs are allowed)." in r.get_data(
        as_text=True
    )
    r = client.post_form(
        "/organisations/new",
        {"name": "Stadt Leipzig", "kind": "city", "state": "SN", "notes": "eins\r\n\tzwei"},
    )
    assert r.status_code in (302, 303), r.get_data(as_text=True)
    org = db.session.scalar(sa.select(Organisation))
    assert org.name == "Stadt Leipzig" and org.notes.replace("\r\n", "\n") == "eins\n\tzwei"


def test_public_substitute_form_refuses_a_name_with_a_line_break(app, make, db):
    from crm.api.auth import limiter
    from tests.meetings.helpers import group_with_seats

    limiter.reset()
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung")
    invitation = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    contacts = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))
    anon = app.test_client()
    r = anon.post_form(
        f"/invitations/{invitation.token}/substitute",
        {
            "sub-contact_id": "0",
            "sub-first_name": "Nina",
            "sub-last_name": "Neumann\r\nBcc: viele@example.org",
            "sub-email": "nina@halle.example.org",
        },
    )
    assert r.status_code == 400 and ONE_LINE_DE in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == contacts


def _import_preview(client, name: str, data: bytes) -> str:
    from tests.imports.test_imports import mapping_form, upload

    token = upload(client, name, data=data)
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    html = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert client.post_form(f"/imports/{token}/preview", {}).status_code == 400
    return html


def test_csv_import_names_the_cell_and_writes_nothing(client, login_as, db, runner, tmp_path):
    text = (
        "Nachname;Vorname;Organisation;Notizen\r\n"
        'Meyer;Kim;Stadt Leipzig;"zwei\nZeilen sind in Notizen gut"\r\n'
        '"Schulze\nBcc: x";Eva;Stadt Halle;\r\n'
        "Krause;Jo\tTab;Stadt Jena;\r\n"
    )
    login_as("secretariat")
    html = _import_preview(client, "steuerzeichen.csv", text.encode("utf-8"))
    table = html.split('id="issues"')[1].split("</table>")[0]
    issues = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table)
    assert {(int(r), col) for r, col, _ in issues} == {(3, "Nachname"), (4, "Vorname")}
    assert all(ONE_LINE_DE in why for _, _, why in issues)
    path = tmp_path / "steuerzeichen.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import", "contacts", str(path)])
    assert result.exit_code != 0 and "Zeile 3," in result.output and "Zeile 4," in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_xlsx_import_refuses_a_line_break_in_a_name(client, login_as, db):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Art", "Bundesland"])
    wb.active.append(["Stadt Leipzig", "Stadt", "Sachsen"])
    wb.active.append(["Stadt\nHalle", "Stadt", "Sachsen-Anhalt"])
    wb.active.append(["Stadt\x85Jena", "Stadt", "Thüringen"])
    buffer = io.BytesIO()
    wb.save(buffer)
    login_as("secretariat")
    from tests.imports.test_imports import mapping_form, upload

    token = upload(client, "orgs.xlsx", kind="organisations", data=buffer.getvalue())
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    html = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    table = html.split('id="issues"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table)
    assert {(int(r), col) for r, col, _ in rows} == {(3, "Name"), (4, "Name")}
    assert client.post_form(f"/imports/{token}/preview", {}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_api_refuses_control_characters_in_german_and_english(client, make, db):
    _token, secret = tokens.create_token(make.make_user(role="secretariat"), "Test")
    db.session.commit()
    r = client.post(
        "/api/v1/organisations/",
        json={"name": "Stadt\r\nLeipzig", "kind": "city", "state": "SN"},
        headers=bearer(secret),
    )
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    assert ONE_LINE_DE in str(r.get_json()["errors"])
    r = client.post(
        "/api/v1/organisations/",
        json={"name": "Stadt Leipzig\x00", "kind": "city", "state": "SN"},
        headers=bearer(secret, **{"Accept-Language": "en"}),
    )
    assert r.status_code == 422 and ONE_LINE_EN in str(r.get_json()["errors"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    meeting = make.meeting(make.group(), title="Alt", status="draft")
    etag = client.get(f"/api/v1/meetings/{meeting.id}", headers=bearer(secret)).headers["ETag"]
    r = client.patch(
        f"/api/v1/meetings/{meeting.id}",
        json={"title": "Neu\nBcc: x@example.org"},
        headers=bearer(secret, **{"If-Match": etag}),
    )
    assert r.status_code == 422
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title == "Alt"
    # the OpenAPI document says so, so that generated clients check it too
    spec = client.get("/api/v1/openapi.json").get_json()
    name = spec["components"]["schemas"]["Organisation"]["properties"]["name"]
    assert name["pattern"] == "^[^\\x00-\\x1f\\x7f-\\x9f]*$"


def test_meeting_ics_never_breaks_on_old_data(client, login_as, make, db):
    group = make.group(short_name="AG X")
    meeting = make.meeting(group, title="Klausur", starts_at=START, location="Halle")
    db.session.add(AgendaItem(meeting=meeting, title="Punkt\r\neins", position=1))
    # data from before the rule (or written by hand): the writer must still make a valid file
    db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id)
        .values(
            title="Klausur\r\nBcc: x@example.org\x01",  # (PostgreSQL stores no NUL)
            location="Halle\n(Saale)\t",
            description="Zeile 1\nZeile 2\x07",
        )
    )
    db.session.commit()
    login_as("viewer")
    for url in (f"/meetings/{meeting.id}.ics",):
        r = client.get(url)
        assert r.status_code == 200, url
        body = r.get_data(as_text=True)
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
        assert "\x01" not in body and "\x07" not in body
        ev = next(iter(icalendar.Calendar.from_ical(r.data).walk("VEVENT")))
        assert str(ev["SUMMARY"]) == "Klausur Bcc: x@example.org (AG X)"
        assert str(ev["LOCATION"]) == "Halle (Saale)"
        assert str(ev["DESCRIPTION"]).startswith("Zeile 1\nZeile 2")
        assert "1. Punkt eins" in str(ev["DESCRIPTION"])
