"""In Chromium, as the secretariat: build a contact list, download it in every format, look
at the BCC list, and import the Outlook fixture through the mapping step."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
import vobject

from tests.e2e.conftest import login, screenshot

FIXTURES = Path(__file__).resolve().parents[1] / "imports" / "fixtures"


@pytest.fixture
def demo(app, db):
    import seed_data

    seed_data.seed()
    db.session.commit()
    return {role: (email, password) for email, password, role, _name in seed_data.DEMO_USERS}


def test_delegates_of_project_groups_in_sachsen_anhalt(page, demo, db, tmp_path):
    from crm.exports.filters import ContactFilter
    from crm.exports.queries import count_contacts

    login(page, *demo["secretariat"])
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Export"
    ).click()
    page.select_option("#f-group_kind", ["project_group"])
    page.select_option("#f-role", ["delegate"])
    page.select_option("#f-state", ["ST"])
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    page.wait_for_load_state()
    expected = count_contacts(
        ContactFilter(group_kinds=["project_group"], seat_roles=["delegate"], states=["ST"])
    )
    assert expected > 0
    assert page.locator("#result-heading").inner_text().startswith(f"{expected} ")
    screenshot(page, "export-pg-delegates-st")
    files = {}
    for label, suffix in [
        ("Excel (XLSX)", "xlsx"),
        ("CSV für Excel (Semikolon)", "excel.csv"),
        ("CSV (UTF-8, Komma)", "csv"),
        ("vCard (Outlook, Thunderbird, Telefon)", "vcf"),
    ]:
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        path = tmp_path / f"liste.{suffix}"
        download.value.save_as(path)
        files[suffix] = path
    sheet = openpyxl.load_workbook(files["xlsx"]).active
    assert sheet.max_row == expected + 1 and sheet.freeze_panes == "A2"
    excel_rows = list(
        csv.reader(io.StringIO(files["excel.csv"].read_text("utf-8-sig")), delimiter=";")
    )
    assert len(excel_rows) == expected + 1
    assert len(list(csv.reader(files["csv"].open(encoding="utf-8")))) == expected + 1
    assert len(list(vobject.readComponents(files["vcf"].read_text("utf-8")))) == expected
    page.get_by_role("link", name="E-Mail-Verteiler (BCC)").click()
    assert page.locator("#block-1").input_value().count("@") >= 1
    assert page.get_by_role("button", name="Kopieren").count() >= 1
    screenshot(page, "export-distribution")
    assert page.console_errors == []


def test_outlook_import_with_mapping_step(page, demo, db):
    from crm.models import Contact, Tag

    before = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))
    login(page, *demo["secretariat"])
    page.goto("/imports/")
    page.set_input_files("#file", str(FIXTURES / "outlook-de-kontakte.csv"))
    page.get_by_role("button", name="Hochladen und Spalten zuordnen").click()
    page.wait_for_url(re.compile(r"/mapping$"))
    row = page.locator("#mapping tbody tr", has_text="Kategorien")
    assert "nicht erkannt" in row.inner_text()
    row.locator("select").select_option("tags")
    screenshot(page, "import-outlook-mapping")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_url(re.compile(r"/preview$"))
    assert "fehlerhafte Zeilen: 0" in page.locator("#counts").inner_text()
    screenshot(page, "import-outlook-preview")
    page.get_by_role("button", name="Jetzt importieren").click()
    page.wait_for_url(re.compile(r"/summary$"))
    screenshot(page, "import-outlook-summary")
    summary = page.locator("#summary").inner_text()
    db.session.expire_all()
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))
    created = int(re.search(r"neu angelegt\s+(\d+)", summary).group(1))
    updated = int(re.search(r"aktualisiert\s+(\d+)", summary).group(1))
    assert created + updated == 40 and after - before == created
    assert db.session.scalar(sa.select(Tag).where(Tag.name == "Metropolregion")) is not None
    assert page.console_errors == []
