"""Exports that mangle nothing (issue 14): phone numbers, German order, Briefanrede and
address block, vCard UIDs read by khard, one charset."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest
import vobject

from crm.contacts.salutation import address_lines, letter_salutation, salutation_title
from crm.search.normalize import name_sort_key
from tests.exports.test_exports import _libreoffice_to_csv, _soffice

GERMAN_ORDER = ["Becker", "von der Heydt", "Öztürk", "Ostermann", "Otto"]

SALUTATIONS = [
    ("Herr", "Dipl.-Ing.", "Hans", "Weiß", "Sehr geehrter Herr Weiß,"),
    ("Frau", "Dr. med.", "Ayşe", "Öztürk", "Sehr geehrte Frau Dr. Öztürk,"),
    ("Herr", "Dr. h.c.", "Willy", "Brandt", "Sehr geehrter Herr Dr. Brandt,"),
    ("Frau", "Mag.", "Eva", "Gruber", "Sehr geehrte Frau Gruber,"),
    ("Herr", "Prof. Dr.", "Jan", "Schulze", "Sehr geehrter Herr Prof. Dr. Schulze,"),
    ("Herr", "Dr. Dr.", "Paul", "Klein", "Sehr geehrter Herr Dr. Dr. Klein,"),
    ("", None, "Kim", "Meyer", "Guten Tag Kim Meyer,"),
]


@pytest.fixture
def five(app, make, db):
    """Five people in one group, created in an order that is not the German one."""
    org = make.organisation(
        "Stadt Erfurt", state="TH", street="Fischmarkt 1", postal_code="99084", city="Erfurt"
    )
    group = make.group("PG Verteiler")
    people = {}
    for last, first in (
        ("Öztürk", "Ayşe"),
        ("Ostermann", "Olaf"),
        ("Otto", "Ute"),
        ("Becker", "Bernd"),
        ("von der Heydt", "Petra"),
    ):
        person = make.contact(last, first_name=first, organisation=org)
        make.seat(person, group, role="delegate", organisation=org)
        people[last] = person
    people["Öztürk"].affiliations[0].phone = "+49 341 123-4567"
    db.session.commit()
    return people


@pytest.mark.parametrize("salutation,title,first,last,expected", SALUTATIONS)
def test_briefanrede_rules(salutation, title, first, last, expected):
    assert letter_salutation(salutation, title, first, last) == expected


def test_salutation_title_keeps_prof_and_each_doctorate_only():
    assert salutation_title("Dr.-Ing. Dipl.-Kfm.") == "Dr."
    assert salutation_title("M.A.") == ""
    assert salutation_title("B.Sc.") == ""
    assert salutation_title("Dr. rer. nat.") == "Dr."


def test_address_block_din_5008():
    lines = address_lines(
        "Herr",
        "Dipl.-Ing.",
        "Hans",
        "Weiß",
        "MdL",
        "Landtag",
        "Fraktion",
        "Platz 1",
        "01067",
        "Dresden",
    )
    assert lines == [
        "Herrn",
        "Dipl.-Ing. Hans Weiß MdL",
        "Landtag",
        "Fraktion",
        "Platz 1",
        "01067 Dresden",
    ]
    assert (
        address_lines(
            "Frau", None, "Eva", "Gruber", city="Wien", postal_code="1010", country="Österreich"
        )[-1]
        == "ÖSTERREICH"
    )
    assert address_lines("", None, "Kim", "Meyer", city="Jena", country="Deutschland") == [
        "Kim Meyer",
        "Jena",
    ]


def test_briefanrede_on_person_page_and_in_every_export(client, login_as, make, db):
    org = make.organisation("Stadt Jena", street="Markt 1", postal_code="07743", city="Jena")
    people = [
        make.contact(last, first_name=first, salutation=sal, title=title, organisation=org)
        for sal, title, first, last, _ in SALUTATIONS
    ]
    db.session.commit()
    login_as("secretariat")
    for person, (*_, expected) in zip(people, SALUTATIONS, strict=True):
        page = client.get(f"/contacts/{person.id}").get_data(as_text=True)
        assert expected in page
    query = "?columns=last_name&columns=letter_salutation&columns=address_block"
    expected = {row[3]: row[4] for row in SALUTATIONS}
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/exports/contacts/csv" + query).text)))
    text = client.get("/exports/contacts/csv-excel" + query).get_data().decode("utf-8-sig")
    excel_rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/exports/contacts/xlsx" + query).data))
    xlsx_rows = [
        dict(zip(["Nachname", "Briefanrede", "Adressblock"], r, strict=True))
        for r in ws.active.iter_rows(min_row=2, values_only=True)
    ]
    for rows in (csv_rows, excel_rows, xlsx_rows):
        assert {r["Nachname"]: r["Briefanrede"] for r in rows} == expected
        weiss = next(r for r in rows if r["Nachname"] == "Weiß")
        assert weiss["Adressblock"].splitlines() == [
            "Herrn",
            "Dipl.-Ing. Hans Weiß",
            "Stadt Jena",
            "Markt 1",
            "07743 Jena",
        ]


def test_sort_key_din_5007_2():
    keys = sorted(
        ["Öztürk", "Ostermann", "Otto", "Becker", "von der Heydt"],
        key=lambda n: name_sort_key(n, ""),
    )
    assert keys == GERMAN_ORDER


def test_every_export_and_the_list_page_in_german_order(client, login_as, five, tmp_path):
    login_as("secretariat")
    columns = "?columns=last_name&columns=phone"
    body = client.get("/exports/contacts/csv" + columns).text
    assert [r["Nachname"] for r in csv.DictReader(io.StringIO(body))] == GERMAN_ORDER
    text = client.get("/exports/contacts/csv-excel" + columns).get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [r["Nachname"] for r in rows] == GERMAN_ORDER
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/exports/contacts/xlsx" + columns).data))
    assert [r[0] for r in ws.active.iter_rows(min_row=2, values_only=True)] == GERMAN_ORDER
    cards = vobject.readComponents(client.get("/exports/contacts/vcf").text)
    assert [c.n.value.family for c in cards] == GERMAN_ORDER
    page = client.get("/contacts/?sort=name").get_data(as_text=True)
    positions = [page.index(name) for name in GERMAN_ORDER]
    assert positions == sorted(positions)


def test_phone_number_arrives_unchanged(client, login_as, five, tmp_path):
    soffice = _soffice()
    login_as("secretariat")
    query = "?columns=last_name&columns=phone"
    plain = client.get("/exports/contacts/csv" + query)
    assert plain.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = {r["Nachname"]: r for r in csv.DictReader(io.StringIO(plain.text))}
    assert rows["Öztürk"]["Telefon"] == "+49 341 123-4567"
    excel = tmp_path / "kontakte.csv"
    excel.write_bytes(client.get("/exports/contacts/csv-excel" + query).get_data())
    xlsx = tmp_path / "kontakte.xlsx"
    xlsx.write_bytes(client.get("/exports/contacts/xlsx" + query).get_data())
    from_csv = _libreoffice_to_csv(
        soffice, excel, tmp_path, "Text - txt - csv (StarCalc):59,34,76,1,,1031,true,true"
    )
    from_xlsx = _libreoffice_to_csv(soffice, xlsx, tmp_path)
    for table in (from_csv, from_xlsx):
        assert {r[0]: r[1] for r in table[1:]}["Öztürk"] == "+49 341 123-4567"
    cell = next(
        r
        for r in openpyxl.load_workbook(xlsx).active.iter_rows(min_row=2)
        if r[0].value == "Öztürk"
    )[1]
    assert cell.value == "+49 341 123-4567" and cell.data_type == "s" and not cell.quotePrefix


def test_hyperlink_in_a_name_still_neutralised(client, login_as, make, db):
    make.contact("Kunz", first_name='=HYPERLINK("http://x";"y")')
    db.session.commit()
    login_as("secretariat")
    rows = list(csv.DictReader(io.StringIO(client.get("/exports/contacts/csv").text)))
    assert rows[0]["Vorname"] == '\'=HYPERLINK("http://x";"y")'
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/exports/contacts/xlsx").data)).active
    cell = ws.cell(row=2, column=[c.value for c in ws[1]].index("Vorname") + 1)
    assert cell.data_type == "s" and cell.quotePrefix


def _khard():
    path = shutil.which("khard")
    if path is None:
        import os

        if os.environ.get("CI") == "true" or os.environ.get("CRM_REQUIRE_BROWSER") == "1":
            pytest.fail("khard is not installed (apt-get install -y khard)")
        pytest.skip("khard not installed")
    return path


def test_khard_imports_the_vcards_and_uids_are_stable(client, login_as, five, tmp_path):
    khard = _khard()
    login_as("secretariat")
    first = client.get("/exports/contacts/vcf")
    assert first.headers["Content-Type"] == "text/vcard; charset=utf-8"
    second = client.get("/exports/contacts/vcf")
    uids = [c.uid.value for c in vobject.readComponents(first.text)]
    again = [c.uid.value for c in vobject.readComponents(second.text)]
    assert uids == again and len(set(uids)) == 5
    assert all(u.startswith("urn:uuid:") for u in uids)
    assert all(c.rev.value for c in vobject.readComponents(first.text))
    # khard reads a vdir: one vCard per file, as a CardDAV sync (vdirsyncer) stores them
    book = tmp_path / "book"
    book.mkdir()
    for card in first.text.split("BEGIN:VCARD")[1:]:
        uid = next(line for line in card.splitlines() if line.startswith("UID:"))[13:]
        (book / f"{uid}.vcf").write_text("BEGIN:VCARD" + card, encoding="utf-8")
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[crm]]\npath = {book}\n\n[general]\neditor = true\nmerge_editor = true\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    listed = subprocess.run(
        [khard, "-c", str(config), "list", "--parsable", "-a", "crm"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert listed.returncode == 0, listed.stderr
    # khard stops with an error on any card it cannot parse (skip_unparsable is off)
    assert "error" not in listed.stderr.lower(), listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 5
    assert "Öztürk" in listed.stdout and "Heydt" in listed.stdout
    # khard lists each card by the UID it read: the export's UIDs
    assert {line.split("\t")[0] for line in lines} == set(uids)
