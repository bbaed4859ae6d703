"""Print layouts, as Chromium prints them (page.pdf, print media): the membership matrix of
the demo data holds every group and every member organisation; the participation report
prints its period and filters as text and no form controls. The PDFs' text is read with
pdftotext (poppler-utils); the pages are rendered with pdftoppm for looking at them."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from tests.e2e.conftest import ARTIFACTS, login


def _pdf(page, name: str) -> tuple[str, int]:
    """Print the page to ``test-artifacts/<name>.pdf`` (its CSS page size) and return the
    PDF's text (whitespace collapsed), its number of pages and its raw text; render the pages as PNGs."""
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.fail("pdftotext/pdftoppm (poppler-utils) are not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = raw.count("\f")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(ARTIFACTS / name)], check=True)
    return _norm(raw), pages, raw


def _norm(text: str) -> str:
    """Whitespace collapsed, and none after a hyphen (a cell wraps "Bergbau-|Verwaltung")."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text))


@pytest.fixture
def demo(app, db):
    import seed_data

    seed_data.seed()
    db.session.commit()
    return {role: (email, pw) for email, pw, role, _n in seed_data.DEMO_USERS}


def test_printed_matrix_holds_every_group_and_member_organisation(page, demo, db):
    from crm.reports import queries
    from crm.time import today

    groups = queries.matrix_groups(today())
    orgs = list(db.session.scalars(queries.matrix_organisations(today(), [g.id for g in groups])))
    assert len(groups) == 14 and len(orgs) > 25  # the demo data: 14 groups
    login(page, *demo["viewer"])
    page.goto("/reports/matrix")
    page.get_by_role("link", name="Druckansicht (alle Zeilen und Spalten)").click()
    page.wait_for_url("**/reports/matrix/print")
    text, pages, raw = _pdf(page, "matrix-print")
    missing_groups = [g.name for g in groups if _norm(g.name) not in text]
    missing_short = [g.short_name for g in groups if g.short_name and g.short_name not in text]
    assert missing_groups == [] and missing_short == []
    # every organisation is in every part (each part repeats the organisation column)
    parts = len(re.findall(r"Teil \d von (\d)", text))
    assert parts >= 2
    missing = [o.name for o in orgs if text.count(_norm(o.name)) < parts]
    assert missing == [], f"organisations missing from a part of the printed matrix: {missing}"
    # each part starts on a page of its own: its first page begins with the part's heading
    starts = re.findall(r"\f(Teil \d von \d)", raw)
    assert len(starts) == parts - 1 and pages >= parts
    # and the page says it: the paged screen view tells the printer where the whole matrix is
    page.emulate_media(media="screen")
    page.goto("/reports/matrix")
    text = _pdf(page, "matrix-screen-page")[0]
    assert "Alle Zeilen und Spalten enthält die Druckansicht" in text


def test_participation_report_prints_its_period_and_no_form(page, demo, db):
    from crm.models import Group

    group = db.session.scalar(sa.select(Group).where(Group.short_name == "LA"))
    login(page, *demo["viewer"])
    page.goto(f"/meetings/report?group={group.id}&date_from=2025-01-01&date_to=2026-11-30")
    assert page.locator("main form").count() == 1  # the screen has the filter form …
    text = _pdf(page, "participation-print")[0]
    assert f"Gremium: {group.name} · Zeitraum: 01.01.2025 bis 30.11.2026" in text, text[:400]
    visible = page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main button, nav')]
             .filter(e => e.offsetParent !== null).map(e => e.outerHTML.slice(0, 60))"""
    )
    assert visible == []  # … the printout has none, nor the breadcrumb
