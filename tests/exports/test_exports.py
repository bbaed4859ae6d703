"""Contact list exports: each format read back by an independent reader and compared with
the database; filters, permissions, audit, formula neutralisation, the BCC list, the CLI."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import UTC, date, datetime

import openpyxl
import pytest
import sqlalchemy as sa
import vobject

from crm.models import Affiliation, AuditEvent, Contact

EXPORT_COLUMNS = [
    "Anrede",
    "Titel",
    "Vorname",
    "Nachname",
    "Briefanrede",
    "Organisation",
    "Abteilung",
    "Funktion",
    "E-Mail",
    "Telefon",
    "Straße",
    "PLZ",
    "Ort",
]


@pytest.fixture
def people(app, make):
    """Two groups, organisations in ST and SN, people with umlauts, zeros, a formula …"""
    halle = make.organisation(
        "Stadt Halle (Saale)",
        kind="city",
        state="ST",
        street="Marktplatz 1",
        postal_code="06108",
        city="Halle (Saale)",
    )
    leipzig = make.organisation(
        "Stadt Leipzig",
        kind="city",
        state="SN",
        street="Martin-Luther-Ring 4-6",
        postal_code="04109",
        city="Leipzig",
    )
    pg = make.group("PG Elektromobilität", kind="project_group")
    ag = make.group("AG Verkehr und Mobilität", kind="working_group")
    mueller = make.contact(
        "Müller",
        first_name="Jörg",
        salutation="Herr",
        title="Dr.",
        organisation=halle,
        email="joerg.mueller@halle.example",
    )
    mueller.affiliations[0].job_title = "Referent"
    mueller.affiliations[0].department = "Amt für Mobilität"
    mueller.affiliations[0].phone = "+49 345 221-0"
    strauss = make.contact(
        "Strauß", first_name='=HYPERLINK("http://evil.example")', organisation=halle
    )
    boehme = make.contact(
        "Böhme", first_name="Katrin", organisation=leipzig, email="katrin.boehme@leipzig.example"
    )
    deputy = make.contact(
        "Vertretung",
        first_name="Uwe",
        salutation="Herr",
        organisation=halle,
        email="uwe@halle.example",
    )
    blocked = make.contact(
        "Sperre",
        first_name="Nina",
        organisation=halle,
        email="nina@halle.example",
        is_no_contact=True,
    )
    archived = make.contact(
        "Archiv",
        first_name="Olaf",
        organisation=halle,
        email="olaf@halle.example",
        archived_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    make.seat(mueller, pg, role="delegate", organisation=halle)
    make.seat(strauss, pg, role="delegate", organisation=halle)
    make.seat(deputy, pg, role="deputy_delegate", organisation=halle)
    make.seat(blocked, pg, role="delegate", organisation=halle)
    make.seat(archived, pg, role="delegate", organisation=halle)
    make.seat(boehme, ag, role="delegate", organisation=leipzig)
    from crm.extensions import db

    db.session.commit()
    return dict(
        halle=halle,
        leipzig=leipzig,
        pg=pg,
        ag=ag,
        mueller=mueller,
        strauss=strauss,
        boehme=boehme,
        deputy=deputy,
        blocked=blocked,
        archived=archived,
    )


def _db_rows(db, names):
    """Return what the export should say about each person, read straight from the tables."""
    result = {}
    for c in db.session.scalars(sa.select(Contact).where(Contact.last_name.in_(names))):
        a = db.session.scalar(sa.select(Affiliation).where(Affiliation.contact_id == c.id))
        o = a.organisation
        result[c.last_name] = {
            "Anrede": c.salutation,
            "Titel": c.title or "",
            "Vorname": c.first_name or "",
            "Nachname": c.last_name,
            "Briefanrede": c.letter_salutation,
            "Organisation": o.name,
            "Abteilung": a.department or "",
            "Funktion": a.job_title or "",
            "E-Mail": a.email or c.email or "",
            "Telefon": a.phone or c.phone or "",
            "Straße": o.street or "",
            "PLZ": o.postal_code or "",
            "Ort": o.city or "",
        }
    return result


def _neutral(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def test_csv_export_matches_database(client, login_as, people, db):
    login_as("secretariat")
    response = client.get("/exports/contacts/csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert not body.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in body
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    assert list(rows[0].keys()) == EXPORT_COLUMNS
    expected = _db_rows(db, ["Müller", "Strauß", "Böhme", "Vertretung"])
    # no-contact and archived people are left out by default
    assert sorted(r["Nachname"] for r in rows) == sorted(expected)
    for row in rows:
        assert row == {k: _neutral(v) for k, v in expected[row["Nachname"]].items()}
    mueller = next(r for r in rows if r["Nachname"] == "Müller")
    assert mueller["Briefanrede"] == "Sehr geehrter Herr Dr. Müller,"
    assert mueller["Telefon"] == "'+49 345 221-0"


def test_excel_csv_has_bom_semicolons_crlf(client, login_as, people, db):
    login_as("secretariat")
    body = client.get("/exports/contacts/csv-excel").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    expected = _db_rows(db, ["Müller", "Strauß", "Böhme", "Vertretung"])
    for row in rows:
        assert row == {k: _neutral(v) for k, v in expected[row["Nachname"]].items()}
    assert {r["PLZ"] for r in rows} == {"06108", "04109"}
    strauss = next(r for r in rows if r["Nachname"] == "Strauß")
    assert strauss["Vorname"] == '\'=HYPERLINK("http://evil.example")'


def test_xlsx_export_matches_database(client, login_as, people, db):
    login_as("secretariat")
    response = client.get(
        "/exports/contacts/xlsx?columns=last_name&columns=first_name"
        "&columns=postal_code&columns=since&columns=email"
    )
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    assert header == ["Vorname", "Nachname", "E-Mail", "PLZ", "Zugehörig seit"]
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["A"].width > 10
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"Müller", "Strauß", "Böhme", "Vertretung"}
    assert rows["Böhme"][3] == "04109"  # text, zero intact
    assert rows["Böhme"][2] == "katrin.boehme@leipzig.example"
    assert isinstance(rows["Müller"][4], datetime) and rows["Müller"][4].date() == date(2020, 1, 1)
    assert rows["Strauß"][0] == '\'=HYPERLINK("http://evil.example")'
    # formula neutralised: a string cell, never a formula
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)


def test_vcard_export_read_by_vobject(client, login_as, people, db):
    login_as("secretariat")
    response = client.get("/exports/contacts/vcf")
    assert response.mimetype == "text/vcard"
    cards = list(vobject.readComponents(response.get_data(as_text=True)))
    assert len(cards) == 4
    by_name = {c.n.value.family: c for c in cards}
    card = by_name["Müller"]
    assert card.version.value == "3.0"
    assert card.n.value.given == "Jörg" and card.n.value.prefix == "Dr."
    assert card.fn.value == "Dr. Jörg Müller"
    assert card.org.value == ["Stadt Halle (Saale)", "Amt für Mobilität"]
    assert card.title.value == "Referent"
    assert card.email.value == "joerg.mueller@halle.example"
    assert card.tel.value == "+49 345 221-0"
    assert card.adr.value.street == "Marktplatz 1"
    assert card.adr.value.code == "06108"
    assert card.adr.value.city == "Halle (Saale)"
    assert by_name["Strauß"].n.value.given == '=HYPERLINK("http://evil.example")'


def test_filters_groups_roles_state_deputies(client, login_as, people):
    login_as("secretariat")

    def names(query):
        body = client.get("/exports/contacts/csv?" + query).get_data(as_text=True)
        return sorted(r["Nachname"] for r in csv.DictReader(io.StringIO(body)))

    pg = people["pg"].id
    assert names(f"group={pg}") == ["Müller", "Strauß", "Vertretung"]
    assert names(f"group={pg}&deputies=out") == ["Müller", "Strauß"]
    assert names("group_kind=project_group&role=delegate&state=ST") == ["Müller", "Strauß"]
    assert names("state=SN") == ["Böhme"]
    assert names(f"group={pg}&archived=in&blocked=in") == [
        "Archiv",
        "Müller",
        "Sperre",
        "Strauß",
        "Vertretung",
    ]
    from crm.extensions import db
    from crm.models import Tag

    tag = Tag(name="Newsletter")
    people["boehme"].tags.append(tag)
    db.session.commit()
    assert names(f"tag={tag.id}") == ["Böhme"]
    # a seat that ended before the as-of date does not count
    assert names(f"group={pg}&on=2019-06-01") == []
    assert client.get("/exports/contacts/csv?on=gestern").status_code == 400


def test_builder_shows_count_and_preview(client, login_as, people):
    login_as("secretariat")
    response = client.get(f"/exports/?group={people['pg'].id}&state=ST")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 Personen" in html
    assert "Sehr geehrter Herr Dr. Müller," in html
    assert f"/exports/contacts/xlsx?group={people['pg'].id}&amp;state=ST" in html


def test_every_export_is_audited(client, login_as, people, db):
    user = login_as("secretariat")
    client.get(f"/exports/contacts/xlsx?group={people['pg'].id}").get_data()
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.user_id == user.id
    assert event.changes["rows"] == 3
    assert event.changes["format"] == "xlsx"
    assert event.changes["filters"]["groups"] == [people["pg"].id]


def test_viewer_cannot_export_personal_data(client, login_as, people, db):
    login_as("viewer")
    for fmt in ("csv", "csv-excel", "xlsx", "vcf"):
        assert client.get(f"/exports/contacts/{fmt}").status_code == 403
    assert client.get("/exports/distribution").status_code == 403
    page = client.get("/exports/").get_data(as_text=True)
    assert "Müller" not in page
    # organisation lists hold no personal data
    assert client.get("/exports/organisations/csv").status_code == 200
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "export")
        )
        == 0
    )


def test_group_lead_exports_only_own_groups(client, login_as, people):
    login_as("group_lead", groups=[people["ag"]])
    body = client.get("/exports/contacts/csv").get_data(as_text=True)
    assert sorted(r["Nachname"] for r in csv.DictReader(io.StringIO(body))) == ["Böhme"]
    # asking for another group gives nobody, not that group's people
    body = client.get(f"/exports/contacts/csv?group={people['pg'].id}").get_data(as_text=True)
    assert list(csv.DictReader(io.StringIO(body))) == []


def test_distribution_list_blocks_and_left_out(client, login_as, make, db):
    login_as("secretariat")
    org = make.organisation("Stadt Jena", state="TH")
    for i in range(120):
        make.contact(f"Person{i:03d}", organisation=org, email=f"p{i}@jena.example")
    make.contact("Ohne", organisation=org)
    make.contact("Gesperrt", organisation=org, email="g@jena.example", is_no_contact=True)
    make.contact(
        "Widerruf",
        organisation=org,
        email="w@jena.example",
        consent_withdrawn_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    response = client.get("/exports/distribution")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-copy-target="#block-1"' in html and 'id="block-3"' in html
    assert 'id="block-4"' not in html
    assert "möchte nicht kontaktiert werden" in html and "Anna Gesperrt" in html
    assert "Einwilligung widerrufen" in html and "Anna Widerruf" in html
    assert "keine E-Mail-Adresse" in html
    assert "g@jena.example" not in html and "w@jena.example" not in html
    block1 = html.split('id="block-1"')[1].split(">", 1)[1].split("</textarea>")[0]
    assert len(block1.split("; ")) == 50


def test_organisation_and_matrix_exports(client, login_as, people, make):
    login_as("viewer")
    make.membership(people["halle"], people["pg"], role="lead")
    make.membership(people["leipzig"], people["ag"])
    make.membership(people["leipzig"], people["pg"], ends_on=date(2021, 1, 1))
    body = client.get("/exports/organisations/csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["Name"] for r in rows] == ["Stadt Halle (Saale)", "Stadt Leipzig"]
    assert rows[1]["PLZ"] == "04109" and rows[1]["Art"] == "Stadt"
    assert rows[1]["Bundesland"] == "Sachsen"
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/exports/matrix/xlsx").get_data()))
    cells = list(wb.active.iter_rows(values_only=True))
    assert cells[0][:3] == ("Organisation", "Art", "Bundesland")
    groups = cells[0][3:]
    halle = dict(zip(groups, cells[1][3:], strict=True))
    leipzig = dict(zip(groups, cells[2][3:], strict=True))
    assert halle["PG Elektromobilität"] == "Federführung"
    assert leipzig["AG Verkehr und Mobilität"] == "Mitglied"
    assert leipzig["PG Elektromobilität"] is None  # ended in 2021


def test_cli_export_with_filters(runner, people, tmp_path, db):
    out = tmp_path / "st.xlsx"
    result = runner.invoke(
        args=[
            "export",
            "contacts",
            "--format",
            "xlsx",
            "--state",
            "ST",
            "--group",
            "PG Elektromobilität",
            "--no-deputies",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    assert sorted(r[3] for r in ws.iter_rows(min_row=2, values_only=True)) == ["Müller", "Strauß"]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.user_id is None and event.changes["rows"] == 2
    result = runner.invoke(args=["export", "matrix", "--format", "csv"])
    assert result.exit_code == 0
    result = runner.invoke(args=["export", "contacts", "--group", "gibt es nicht"])
    assert result.exit_code != 0 and "nicht gefunden" in result.output


def test_export_query_count_does_not_grow(client, login_as, make, db, count_queries):
    login_as("secretariat")
    org = make.organisation("Stadt Zwickau")
    for i in range(5):
        make.contact(f"Q{i}", organisation=org)

    def count():
        with count_queries() as queries:
            client.get("/exports/contacts/csv").get_data()
        return len(queries)

    few = count()
    for i in range(30):
        make.contact(f"R{i}", organisation=org)
    assert count() == few


# --- LibreOffice opens what German offices get ---------------------------------------------


def _soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CRM_REQUIRE_BROWSER") == "1":
            pytest.fail("CRM_REQUIRE_BROWSER=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice not installed (apt-get install -y libreoffice-calc-nogui)")
    return path


def _libreoffice_to_csv(soffice, path, tmp_path, infilter=None) -> list[list[str]]:
    out = tmp_path / "out"
    cmd = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation=file://{tmp_path}/lo-profile",
    ]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += [
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        "--outdir",
        str(out),
        str(path),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    text = (out / (path.stem + ".csv")).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_libreoffice_opens_excel_csv_and_xlsx(client, login_as, people, tmp_path):
    soffice = _soffice()
    login_as("secretariat")
    query = "?columns=first_name&columns=last_name&columns=postal_code&columns=city"
    csv_file = tmp_path / "kontakte.csv"
    csv_file.write_bytes(client.get("/exports/contacts/csv-excel" + query).get_data())
    xlsx_file = tmp_path / "kontakte.xlsx"
    xlsx_file.write_bytes(client.get("/exports/contacts/xlsx" + query).get_data())
    # the German-Excel CSV as LibreOffice's import dialog offers it: semicolon, UTF-8,
    # "Format quoted field as text"
    from_csv = _libreoffice_to_csv(
        soffice, csv_file, tmp_path, "Text - txt - csv (StarCalc):59,34,76,1,,1031,true,true"
    )
    from_xlsx = _libreoffice_to_csv(soffice, xlsx_file, tmp_path)
    for table in (from_csv, from_xlsx):
        assert table[0] == ["Vorname", "Nachname", "PLZ", "Ort"]
        rows = {r[1]: r for r in table[1:]}
        assert rows["Müller"] == ["Jörg", "Müller", "06108", "Halle (Saale)"]
        assert rows["Böhme"] == ["Katrin", "Böhme", "04109", "Leipzig"]
        assert rows["Strauß"][0] == '\'=HYPERLINK("http://evil.example")'
