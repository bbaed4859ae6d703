"""Imports: every fixture of tests/imports/fixtures/README.md imports as it says; bad rows are
named by spreadsheet row, column and reason and nothing is written; matching and choices;
the round trip; the web steps and permissions; the CLI."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.audit.services import snapshot
from crm.imports.headers import recognise
from crm.imports.reader import detect_delimiter, detect_encoding, read_table
from crm.models import Affiliation, AuditEvent, Contact, Organisation, Tag

FIXTURES = Path(__file__).parent / "fixtures"


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def contact(db, last_name: str) -> Contact:
    return db.session.scalar(sa.select(Contact).where(Contact.last_name == last_name))


def upload(client, name: str, kind: str = "contacts", data: bytes | None = None):
    """Upload a file; return the token of the stored upload."""
    data = FIXTURES.joinpath(name).read_bytes() if data is None else data
    response = client.post_form(
        "/imports/",
        {"file": (io.BytesIO(data), name), "kind": kind, "default_state": "SN"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.search(r"/imports/([^/]+)/mapping", response.headers["Location"]).group(1)


def mapping_form(client, token: str) -> dict[str, str]:
    """Return the mapping page's proposed mapping as form data."""
    html = client.get(f"/imports/{token}/mapping").get_data(as_text=True)
    data = {}
    for name, body in re.findall(
        r'<select id="(col-\d+)" name="col-\d+"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def import_via_web(client, name: str, kind: str = "contacts", changes=None, choices=None):
    token = upload(client, name, kind)
    data = mapping_form(client, token)
    data.update(changes or {})
    response = client.post_form(f"/imports/{token}/mapping", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = client.get(f"/imports/{token}/preview")
    assert preview.status_code == 200, preview.get_data(as_text=True)
    response = client.post_form(f"/imports/{token}/preview", choices or {})
    return token, response


# --- reading -------------------------------------------------------------------------------


def test_encoding_and_delimiter_detection():
    outlook = FIXTURES.joinpath("outlook-de-kontakte.csv").read_bytes()
    assert detect_encoding(outlook) == "cp1252"
    excel = FIXTURES.joinpath("excel-de-kontakte.csv").read_bytes()
    assert detect_encoding(excel) == "utf-8-sig"
    assert detect_encoding(FIXTURES.joinpath("google-contacts.csv").read_bytes()) == "utf-8"
    assert detect_delimiter(excel.decode("utf-8-sig")) == ";"
    assert detect_delimiter(outlook.decode("cp1252")) == ","
    # the sniffer cannot decide on one column; the header line decides
    assert detect_delimiter("Name\nStadt Jena\n") == ","
    assert detect_delimiter("Name\tOrt\nA\tB\n") == "\t"
    table = read_table(outlook)
    rows = list(table.rows())
    assert rows[2][1][3] == "Özdemir"
    assert [n for n, _ in rows][:3] == [2, 3, 4]


def test_headers_recognised_for_every_source():
    for name in ("outlook-de-kontakte.csv", "google-contacts.csv", "excel-de-kontakte.csv"):
        table = read_table(FIXTURES.joinpath(name).read_bytes())
        mapped = set(recognise("contacts", table.headers))
        assert {"first_name", "last_name", "organisation", "email", "postal_code"} <= mapped, name
    thunderbird = [
        "Vorname",
        "Nachname",
        "Anzeigename",
        "Primäre E-Mail-Adresse",
        "Tel. dienstlich",
        "Dienstlich: PLZ",
        "Organisation",
        "Arbeitstitel",
    ]
    assert recognise("contacts", thunderbird) == [
        "first_name",
        "last_name",
        "",
        "email",
        "phone",
        "postal_code",
        "organisation",
        "job_title",
    ]
    english = [
        "First Name",
        "Last Name",
        "Primary Email",
        "Work ZipCode",
        "Organization",
        "Job Title",
        "Title",
        "Company",
        "Business Postal Code",
        "E-mail Address",
    ]
    assert recognise("contacts", english) == [
        "first_name",
        "last_name",
        "email",
        "postal_code",
        "organisation",
        "job_title",
        "prefix",
        None,
        None,
        None,
    ]


# --- the fixtures --------------------------------------------------------------------------


def test_outlook_fixture(runner, db):
    result = runner.invoke(args=["import", "contacts", str(FIXTURES / "outlook-de-kontakte.csv")])
    assert result.exit_code == 0, result.output
    assert count(db, Contact) == 40
    joerg = db.session.scalar(sa.select(Contact).where(Contact.first_name == "Jörg"))
    assert (joerg.salutation, joerg.title, joerg.last_name) == ("Herr", "Prof. Dr.", "Özdemir")
    dirk = contact(db, "Voigt")
    assert (dirk.salutation, dirk.title) == ("Herr", "Dr. med.")
    claudia = contact(db, "Schulze")
    assert (claudia.salutation, claudia.title) == ("Frau", "Dr.")
    aff = claudia.affiliations[0]
    assert aff.organisation.name == "Stadt Chemnitz"
    assert aff.email == "claudia.schulze0@chemnitz.example"
    assert aff.department == "Stabsstelle Digitales" and aff.job_title == "Referent Raumordnung"
    assert aff.organisation.postal_code == "09111" and aff.organisation.kind == "city"
    assert aff.organisation.state == "SN"
    # every person is linked to an organisation, each organisation exists once
    assert count(db, Affiliation) == 40
    names = db.session.scalars(sa.select(Organisation.name)).all()
    assert len(names) == len(set(names))
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "import"))
    assert event.changes["created"] == 40


def test_google_fixture(runner, db):
    result = runner.invoke(args=["import", "contacts", str(FIXTURES / "google-contacts.csv")])
    assert result.exit_code == 0, result.output
    assert count(db, Contact) == 40
    bernd = contact(db, "Weiß")
    assert bernd.first_name == "Bernd"
    aff = bernd.affiliations[0]
    assert aff.organisation.name == "Stadt Jena"
    assert aff.email == "bernd.weiss0@jena.example"
    assert aff.job_title == "Sachgebietsleiterin Mobilität"
    # the multi-line "Formatted" address is not split into rows or fields
    assert aff.organisation.street == "Am Anger 15"
    assert aff.organisation.postal_code == "07743" and aff.organisation.state == "TH"
    guelsen = contact(db, "Strauß")
    assert (guelsen.salutation, guelsen.title) == ("", "Prof. Dr.")


def test_excel_fixture_keeps_leading_zeros(runner, db):
    result = runner.invoke(args=["import", "contacts", str(FIXTURES / "excel-de-kontakte.csv")])
    assert result.exit_code == 0, result.output
    assert count(db, Contact) == 60
    codes = db.session.scalars(sa.select(Organisation.postal_code)).all()
    assert "04109" in codes or any(c.startswith("0") for c in codes)
    assert all(len(c) == 5 for c in codes)
    ulrike = contact(db, "Groß")
    assert (ulrike.salutation, ulrike.title, ulrike.first_name) == ("Frau", "Prof. Dr.", "Ulrike")
    assert ulrike.affiliations[0].organisation.postal_code == "06886"


def test_error_fixture_imports_nothing_and_names_rows(client, login_as, db):
    login_as("secretariat")
    token = upload(client, "kontakte-mit-fehlern.csv")
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    html = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    table = html.split('id="issues"')[1].split("</table>")[0]
    issues = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table)
    assert sorted({int(r) for r, _, _ in issues}) == [3, 4, 5, 7, 8]
    by_row = {int(r): (col, why) for r, col, why in issues}
    assert by_row[3][0] == "Nachname" and "fehlt" in by_row[3][1]
    assert by_row[4][0] == "E-Mail" and "gültige" in by_row[4][1]
    assert by_row[5][0] == "E-Mail" and "Zeile 2" in by_row[5][1]
    assert by_row[7][0] == "PLZ" and "fünf" in by_row[7][1]
    assert by_row[8][0] == "Vorname" and "zu lang" in by_row[8][1]
    assert "Jetzt importieren" not in html
    response = client.post_form(f"/imports/{token}/preview", {})
    assert response.status_code == 400
    assert count(db, Contact) == 0 and count(db, Organisation) == 0
    assert not db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "import"))


def test_error_fixture_cli_names_rows(runner, db):
    result = runner.invoke(args=["import", "contacts", str(FIXTURES / "kontakte-mit-fehlern.csv")])
    assert result.exit_code != 0
    for row in (3, 4, 5, 7, 8):
        assert f"Zeile {row}," in result.output
    assert "Zeile 6," not in result.output and "Zeile 2," not in result.output
    assert count(db, Contact) == 0


def test_formula_row_stays_text_and_exports_neutralised(client, login_as, db, tmp_path):
    lines = FIXTURES.joinpath("kontakte-mit-fehlern.csv").read_text("utf-8-sig").splitlines()
    good = "\r\n".join([lines[0], lines[1], lines[5]]).encode("utf-8-sig")
    login_as("secretariat")
    token = upload(client, "zwei.csv", data=good)
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    assert client.post_form(f"/imports/{token}/preview", {}).status_code == 302
    strauss = contact(db, "Strauß")
    assert strauss.first_name == '=HYPERLINK("http://evil.example";"klick")'
    for fmt in ("csv", "csv-excel"):
        body = client.get(f"/exports/contacts/{fmt}").get_data().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body), delimiter=";" if fmt == "csv-excel" else ","))
        assert "'" + strauss.first_name in [cell for row in rows for cell in row]
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(client.get("/exports/contacts/xlsx").get_data()))
    # XLSX: the text unchanged in a text cell marked "quote prefix" (never a formula)
    cells = [c for row in wb.active.iter_rows() for c in row if c.value == strauss.first_name]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_organisations_xlsx_fixture(client, login_as, db):
    login_as("secretariat")
    token, response = import_via_web(client, "organisationen.xlsx", kind="organisations")
    assert response.status_code == 302
    assert count(db, Organisation) == 16
    orgs = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
    assert (orgs["Stadt Leipzig"].kind, orgs["Stadt Leipzig"].state) == ("city", "SN")
    assert orgs["Stadt Leipzig"].postal_code == "04109"
    assert (orgs["Saalekreis"].kind, orgs["Saalekreis"].state) == ("district", "ST")
    assert orgs["Landkreis Altenburger Land"].state == "TH"
    assert orgs["envia Mitteldeutsche Energie AG"].kind == "company"
    summary = client.get(f"/imports/{token}/summary").get_data(as_text=True)
    assert "16" in summary
    # importing it again finds every organisation and changes nothing
    token, response = import_via_web(client, "organisationen.xlsx", kind="organisations")
    assert count(db, Organisation) == 16
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "import").order_by(AuditEvent.id.desc())
    ).first()
    assert event.changes["unchanged"] == 16 and event.changes["created"] == 0


def test_unknown_organisation_kind_is_refused(runner, db, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "Name;Art;Bundesland\nStadt A;Stadt;Sachsen\nB;Raumschiff;Sachsen\nC;Stadt;Atlantis\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "organisations", str(path)])
    assert result.exit_code != 0
    assert (
        "Zeile 3, Spalte „Art“" in result.output and "Zeile 4, Spalte „Bundesland“" in result.output
    )
    assert count(db, Organisation) == 0


# --- the web steps -------------------------------------------------------------------------


def test_outlook_with_mapping_step_and_tags(client, login_as, db):
    login_as("secretariat")
    token = upload(client, "outlook-de-kontakte.csv")
    page = client.get(f"/imports/{token}/mapping").get_data(as_text=True)
    assert "nicht erkannt" in page and "Kategorien" in page
    data = mapping_form(client, token)
    html = client.get(f"/imports/{token}/mapping").get_data(as_text=True)
    headers = re.findall(r'<th scope="row"><span translate="no">([^<]+?)</span>', html)
    data[f"col-{headers.index('Kategorien')}"] = "tags"
    # a mapping without the last name is refused, beside a clear message
    broken = dict(data, **{f"col-{headers.index('Nachname')}": ""})
    response = client.post_form(f"/imports/{token}/mapping", broken)
    assert response.status_code == 400
    assert "Nachname" in response.get_data(as_text=True)
    twice = dict(data, **{f"col-{headers.index('Vorname')}": "last_name"})
    assert client.post_form(f"/imports/{token}/mapping", twice).status_code == 400
    assert client.post_form(f"/imports/{token}/mapping", data).status_code == 302
    preview = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert "neu: 40" in preview and "Stadt Chemnitz" in preview
    response = client.post_form(f"/imports/{token}/preview", {})
    assert response.status_code == 302
    assert count(db, Contact) == 40
    assert db.session.scalar(sa.select(Tag.name)) == "Metropolregion"
    assert len(contact(db, "Schulze").tags) == 1
    summary = client.get(f"/imports/{token}/summary").get_data(as_text=True)
    assert "neu angelegt" in summary
    # the uploaded file is gone once imported; the summary stays
    assert client.post_form(f"/imports/{token}/preview", {}).status_code == 302
    assert count(db, Contact) == 40


def test_match_and_choose(client, login_as, make, db):
    login_as("secretariat")
    halle = make.organisation("Stadt Halle (Saale)", state="ST")
    leipzig = make.organisation("Stadt Leipzig")
    by_mail = make.contact(
        "Böhme", first_name="Katrin", organisation=leipzig, email="KATRIN.BOEHME@leipzig.example"
    )
    by_name = make.contact("Strauss", first_name="Gülsen", organisation=halle)
    other = make.contact(
        "Schulze", first_name="Ralf", organisation=halle, email="ralf@halle.example"
    )
    text = (
        "Anrede;Titel;Vorname;Nachname;Organisation;Funktion;E-Mail\r\n"
        "Frau;Dr.;Katrin;Böhme;Stadt Leipzig;Referentin;katrin.boehme@leipzig.example\r\n"
        "Frau;;Gülsen;Strauß;Stadt Halle (Saale);Leiterin;\r\n"
        "Herr;;Ralf;Schulze;Stadt Halle (Saale);Neu;ralf@halle.example\r\n"
        "Herr;;Uwe;Neu;Stadt Halle (Saale);;uwe@halle.example\r\n"
    ).encode()
    token = upload(client, "abgleich.csv", data=text)
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    html = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert "über E-Mail" in html and "über Namen" in html
    assert 'name="action-2"' in html and 'name="action-3"' in html and 'name="action-4"' in html
    assert 'name="action-5"' not in html
    response = client.post_form(
        f"/imports/{token}/preview",
        {"action-2": "update", "action-3": "skip", "action-4": "create"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    katrin = db.session.get(Contact, by_mail.id)
    assert (katrin.title, katrin.affiliations[0].job_title) == ("Dr.", "Referentin")
    assert db.session.get(Contact, by_name.id).affiliations[0].job_title is None  # skipped
    ralfs = db.session.scalars(sa.select(Contact).where(Contact.last_name == "Schulze")).all()
    assert len(ralfs) == 2 and db.session.get(Contact, other.id).affiliations[0].job_title is None
    assert contact(db, "Neu") is not None
    assert count(db, Organisation) == 2
    # the update is in the person's history
    events = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "contacts", AuditEvent.entity_id == by_mail.id
        )
    ).all()
    assert any(e.action == "update" and "title" in e.changes for e in events)


def test_invalid_choice_writes_nothing(client, login_as, make, db):
    login_as("secretariat")
    org = make.organisation("Stadt Jena")
    make.contact("Meyer", organisation=org, email="meyer@jena.example")
    text = "Nachname;E-Mail\r\nMeyer;meyer@jena.example\r\nNeu;neu@jena.example\r\n"
    token = upload(client, "x.csv", data=text.encode())
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    assert client.post_form(f"/imports/{token}/preview", {"action-2": "delete"}).status_code == 400
    assert count(db, Contact) == 1


def test_round_trip_changes_nothing(client, login_as, runner, db):
    result = runner.invoke(args=["import", "contacts", str(FIXTURES / "excel-de-kontakte.csv")])
    assert result.exit_code == 0
    runner.invoke(args=["import", "contacts", str(FIXTURES / "google-contacts.csv")])
    db.session.expire_all()

    def state():
        rows = []
        for model in (Contact, Affiliation, Organisation):
            for obj in db.session.scalars(sa.select(model).order_by(model.id)):
                rows.append((model.__name__, obj.id, obj.version, obj.updated_at, snapshot(obj)))
        return rows

    before = state()
    login_as("secretariat")
    from crm.exports.columns import CONTACT_COLUMNS

    # every column the builder offers (the mail-merge set, address block, kind, state, since)
    columns = "&".join(f"columns={c}" for c in CONTACT_COLUMNS)
    exported = client.get("/exports/contacts/csv-excel?" + columns).get_data()
    token = upload(client, "rundreise.csv", data=exported)
    mapping = mapping_form(client, token)
    assert "" in mapping.values()
    client.post_form(f"/imports/{token}/mapping", mapping)
    html = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert "neu: 0" in html and "schon vorhanden: 100 (davon 0 mit Änderungen)" in html
    assert client.post_form(f"/imports/{token}/preview", {}).status_code == 302
    db.session.expire_all()
    assert state() == before


def test_dry_run_writes_nothing(runner, db):
    result = runner.invoke(
        args=["import", "contacts", str(FIXTURES / "outlook-de-kontakte.csv"), "--dry-run"]
    )
    assert result.exit_code == 0 and "40 neu" in result.output
    assert count(db, Contact) == 0 and count(db, Organisation) == 0


@pytest.mark.parametrize("role", ["viewer", "group_lead"])
def test_only_staff_import(client, login_as, role, db):
    login_as(role)
    page = client.get("/imports/")
    assert page.status_code == 200 and "nur die Geschäftsstelle" in page.get_data(as_text=True)
    data = FIXTURES.joinpath("excel-de-kontakte.csv").read_bytes()
    response = client.post_form(
        "/imports/",
        {"file": (io.BytesIO(data), "x.csv"), "kind": "contacts", "default_state": "SN"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert count(db, Contact) == 0


def test_upload_of_another_user_is_not_found(app, client, login_as):
    login_as("secretariat")
    token = upload(client, "excel-de-kontakte.csv")
    other = app.test_client()
    login_as("secretariat", c=other)
    assert other.get(f"/imports/{token}/mapping").status_code == 404
    assert other.get("/imports/../../etc/passwd/mapping").status_code == 404


def test_bad_uploads_are_refused_beside_the_field(client, login_as):
    login_as("secretariat")
    response = client.post_form(
        "/imports/",
        {
            "file": (io.BytesIO(b"PK\x03\x04kaputt"), "x.xlsx"),
            "kind": "contacts",
            "default_state": "SN",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "beschädigt" in response.get_data(as_text=True)
    response = client.post_form("/imports/", {"kind": "contacts", "default_state": "SN"})
    assert response.status_code == 400


def test_xlsx_numeric_postal_code_gets_its_zero(runner, db, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Nachname", "Organisation", "PLZ", "Zugehörig seit"])
    wb.active.append(["Meyer", "Stadt Leipzig", 4109, date(2024, 1, 1)])
    path = tmp_path / "zahlen.xlsx"
    wb.save(path)
    result = runner.invoke(args=["import", "contacts", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(Organisation.postal_code)) == "04109"


def test_import_refuses_non_web_links_and_completes_bare_domains(runner, db, tmp_path):
    import sqlalchemy as sa

    from crm.models import Organisation

    bad = tmp_path / "orgs.csv"
    bad.write_text(
        "Name;Art;Bundesland;Website\nEvil GmbH;Unternehmen;Sachsen;javascript:alert(1)\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "organisations", str(bad)])
    assert result.exit_code != 0
    assert "Zeile 2" in result.output and "Web-Adresse" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    good = tmp_path / "ok.csv"
    good.write_text(
        "Name;Art;Bundesland;Website\nGut GmbH;Unternehmen;Sachsen;www.gut.example\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "organisations", str(good)])
    assert result.exit_code == 0, result.output
    org = db.session.scalar(sa.select(Organisation))
    assert org.website == "https://www.gut.example"


def test_preview_names_changed_fields_in_words(client, login_as, make, db):
    """Issue 15, point 5: the preview says "Zugehörigkeit: Funktion", not affiliation.job_title."""
    org = make.organisation("Stadt Jena")
    person = make.contact(
        "Weiß", first_name="Bernd", organisation=org, email="b.weiss@jena.example"
    )
    person.affiliations[0].job_title = "Referent"
    db.session.commit()
    login_as("secretariat")
    data = "Vorname;Nachname;E-Mail;Organisation;Funktion\n"
    data += "Bernd;Weiß;b.weiss@jena.example;Stadt Jena;Amtsleiter\n"
    token = upload(client, "jena.csv", data=data.encode())
    response = client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    assert response.status_code == 302
    preview = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert "Amtsleiter" in preview
    assert "Zugehörigkeit: Funktion" in preview and "affiliation.job_title" not in preview


def test_a_header_only_file_says_there_are_no_data_rows(client, login_as, db):
    """Issue 15, point 8: no "Jetzt importieren" for a file with nothing to import."""
    login_as("secretariat")
    token = upload(client, "leer.csv", data=b"Vorname;Nachname;E-Mail\n")
    response = client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    assert response.status_code == 302
    preview = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert "keine Datenzeilen" in preview and "Jetzt importieren" not in preview
    response = client.post_form(f"/imports/{token}/preview", {})
    assert response.status_code == 400
    assert "keine Datenzeilen" in response.get_data(as_text=True)
    assert count(db, Contact) == 0


def _headers(client, token: str) -> list[str]:
    html = client.get(f"/imports/{token}/mapping").get_data(as_text=True)
    return re.findall(r'<th scope="row"><span translate="no">([^<]+?)</span>', html)


def test_a_corrected_upload_of_the_same_shape_gets_the_previous_mapping(app, client, login_as, db):
    """Issue 15, point 8: the mapping a user chose is prefilled for a corrected file with the
    same header row; a file with other headers, or another user, gets the recognised one."""
    login_as("secretariat")
    original = FIXTURES.joinpath("outlook-de-kontakte.csv").read_bytes()
    token = upload(client, "outlook-de-kontakte.csv", data=original)
    headers = _headers(client, token)
    recognised = mapping_form(client, token)
    assert recognised[f"col-{headers.index('Kategorien')}"] == ""
    chosen = dict(recognised)
    chosen[f"col-{headers.index('Kategorien')}"] = "tags"
    dropped = next(k for k, v in recognised.items() if v and v != "last_name")
    chosen[dropped] = ""
    assert client.post_form(f"/imports/{token}/mapping", chosen).status_code == 302

    # the corrected file: same header row, one row changed
    first_line, rest = original.split(b"\n", 1)
    corrected = first_line + b"\n" + rest.replace(b"Chemnitz", b"Zwickau", 1)
    again = upload(client, "outlook-korrigiert.csv", data=corrected)
    page = client.get(f"/imports/{again}/mapping").get_data(as_text=True)
    assert "dieselben Spalten wie Ihre vorige Datei" in page
    assert mapping_form(client, again) == chosen
    assert client.post_form(f"/imports/{again}/mapping", chosen).status_code == 302

    # another header row: the recognised mapping, no note
    other_shape = first_line.replace(b"Kategorien", b"Gruppen") + b"\n" + rest
    third = upload(client, "andere-spalten.csv", data=other_shape)
    page = client.get(f"/imports/{third}/mapping").get_data(as_text=True)
    assert "dieselben Spalten" not in page
    assert mapping_form(client, third)[dropped] == recognised[dropped]

    # another user's upload of the very same file is not prefilled with this user's choice
    other = app.test_client()
    login_as("secretariat", c=other)
    theirs = upload(other, "outlook-de-kontakte.csv", data=original)
    assert mapping_form(other, theirs) == recognised
