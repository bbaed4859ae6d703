"""Serial letters and labels as PDF, measured with pdftotext -bbox: each recipient's name
in the form-B address field on the first page of their letter, labels inside their cells."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import pytest

from crm.letters.labels import SHEETS

PT = 25.4 / 72  # millimetres per PDF point


def _pdftotext():
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is not installed")


def _pages(pdf_path) -> list[list[tuple[str, float, float, float, float]]]:
    """Return per page the words with their boxes in mm: (word, x0, y0, x1, y1)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", html, re.S):
        words = []
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            x0, y0, x1, y1 = (float(v) * PT for v in m.groups()[:4])
            words.append((unescape(m.group(5)), x0, y0, x1, y1))
        pages.append(words)
    return pages


@pytest.fixture
def recipients(app, make, db):
    org = make.organisation(
        "Stadt Leipzig", street="Martin-Luther-Ring 4-6", postal_code="04109", city="Leipzig"
    )
    group = make.group("PG Briefe")
    people = [
        make.contact(
            "Weiß", first_name="Hans", salutation="Herr", title="Dipl.-Ing.", organisation=org
        ),
        make.contact(
            "Öztürk", first_name="Ayşe", salutation="Frau", title="Dr. med.", organisation=org
        ),
        make.contact("von der Heydt", first_name="Petra", salutation="", organisation=org),
    ]
    for person in people:
        make.seat(person, group, organisation=org)
    db.session.commit()
    return group


def _inside(word, box) -> bool:
    _, x0, y0, x1, y1 = word
    left, top, right, bottom = box
    eps = 0.05  # PDF rounding
    return left - eps <= x0 and x1 <= right + eps and top - eps <= y0 and y1 <= bottom + eps


def test_letters_pdf_address_field_form_b(runner, recipients, tmp_path):
    _pdftotext()
    body = tmp_path / "brief.md"
    # a long body: the letters run over two pages and get page numbers
    body.write_text(
        "Wir laden Sie **herzlich** ein.\n\n"
        + "Ein Absatz mit Text. " * 40
        + "\n\n" * 1
        + ("- Punkt\n" * 40),
        encoding="utf-8",
    )
    out = tmp_path / "briefe.pdf"
    result = runner.invoke(
        args=[
            "export",
            "contacts",
            "--format",
            "letters-pdf",
            "--subject",
            "Einladung zur Sitzung",
            "--body",
            str(body),
            "--group",
            "PG Briefe",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    pages = _pages(out)
    # find each letter's first page: the page whose text holds its salutation
    starts = {}
    for number, words in enumerate(pages):
        text = " ".join(w[0] for w in words)
        for name, salutation in (
            ("Weiß", "Sehr geehrter Herr Weiß,"),
            ("Öztürk", "Sehr geehrte Frau Dr. Öztürk,"),
            ("Heydt", "Guten Tag Petra von der Heydt,"),
        ):
            if salutation in text:
                assert name not in starts
                starts[name] = number
    assert set(starts) == {"Weiß", "Öztürk", "Heydt"}
    # German order: von der Heydt (H), Öztürk (Oe), Weiß
    assert starts["Heydt"] < starts["Öztürk"] < starts["Weiß"]
    # DIN 5008 form B address field: 20 mm from the left, 45 mm from the top, 85 x 45 mm
    field = (20, 45, 105, 90)
    for name, number in starts.items():
        words = [w for w in pages[number] if w[0] == name]
        assert words, (name, pages[number][:20])
        assert any(_inside(w, field) for w in words), (name, words)
        street = [w for w in pages[number] if w[0] == "Martin-Luther-Ring"]
        assert street and _inside(street[0], field)
    first = " ".join(w[0] for w in pages[starts["Weiß"]])
    assert "Herrn" in first and "Einladung zur Sitzung" in first
    assert re.search(
        r"\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}",
        first,
    )
    # multi-page letters carry "Seite n von m", counted per letter
    assert len(pages) > 3
    assert "Seite 1 von 2" in first
    assert "Metropolregion" in first  # footer line


@pytest.mark.parametrize("label", ["3474", "L7163"])
def test_labels_inside_their_cells(runner, recipients, tmp_path, label):
    _pdftotext()
    out = tmp_path / f"etiketten-{label}.pdf"
    result = runner.invoke(
        args=[
            "export",
            "contacts",
            "--format",
            "labels-pdf",
            "--label",
            label,
            "--start",
            "2",
            "--group",
            "PG Briefe",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    sheet = SHEETS[label]
    pages = _pages(out)
    assert len(pages) == 1
    words = pages[0]
    # start position 2: cell 1 stays empty; the three people in cells 2, 3, 4 in German order
    for index, name in ((1, "Heydt"), (2, "Öztürk"), (3, "Weiß")):
        x, y = sheet.cell(index)
        cell = (x, y, x + sheet.width, y + sheet.height)
        found = [w for w in words if w[0] == name]
        assert found and all(_inside(w, cell) for w in found), (label, name, found, cell)
    x, y = sheet.cell(0)
    assert not [w for w in words if _inside(w, (x, y, x + sheet.width, y + sheet.height))]
    # every word of every label lies inside one of the cells
    cells = [sheet.cell(i) for i in range(sheet.per_sheet)]
    for word in words:
        assert any(_inside(word, (x, y, x + sheet.width, y + sheet.height)) for x, y in cells), word


def test_labels_start_position_checked(runner, recipients, tmp_path):
    result = runner.invoke(
        args=[
            "export",
            "contacts",
            "--format",
            "labels-pdf",
            "--label",
            "L7163",
            "--start",
            "15",
            "-o",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert result.exit_code != 0 and "Startposition" in result.output


def test_render_one_letter_and_one_label_sheet_to_png(runner, recipients, tmp_path):
    """Writes test-artifacts/letter-1.png and labels-L7163-1.png (pdftoppm) to look at."""
    from pathlib import Path

    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is not installed")
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    body = tmp_path / "brief.md"
    body.write_text(
        "wir laden Sie zur **Sitzung** am 14. Januar ein.\n\n- Tagesordnung\n- Protokoll\n",
        encoding="utf-8",
    )
    letters = tmp_path / "briefe.pdf"
    labels = tmp_path / "etiketten.pdf"
    for args, out in (
        (["--format", "letters-pdf", "--subject", "Einladung", "--body", str(body)], letters),
        (["--format", "labels-pdf", "--label", "L7163", "--start", "3"], labels),
    ):
        result = runner.invoke(
            args=["export", "contacts", *args, "--group", "PG Briefe", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    for pdf, name in ((letters, "letter"), (labels, "labels-L7163")):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(artifacts / name)],
            check=True,
        )
        assert list(artifacts.glob(f"{name}-*1.png"))
