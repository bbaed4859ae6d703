"""The limits that protect the server: each bad file is refused at once, with a message."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.imports.limits import MAX_CELL_CHARS, MAX_COLUMNS
from crm.imports.reader import ReadError, read_table
from crm.models import Contact

FIXTURES = Path(__file__).parent / "fixtures"


def post(client, data: bytes, name: str):
    return client.post_form(
        "/imports/",
        {"file": (io.BytesIO(data), name), "kind": "contacts", "default_state": "SN"},
        content_type="multipart/form-data",
    )


def refused(client, data: bytes, name: str, expected: str) -> float:
    """Upload a bad file; check it is refused beside the field and nothing is stored."""
    started = time.monotonic()
    response = post(client, data, name)
    took = time.monotonic() - started
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert took < 5, took
    return took


@pytest.fixture
def ctx(app):
    """A request context, for the German messages of the reader's errors."""
    with app.test_request_context():
        yield


def zip_bomb(size: int) -> bytes:
    """An XLSX-shaped ZIP whose worksheet unpacks to ``size`` bytes of zeros (built lazily)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"0" * (1 << 20)
            for _ in range(size >> 20):
                part.write(block)
    return buffer.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_zip_bomb_is_refused_before_parsing(client, login_as, db):
    login_as("secretariat")
    bomb = zip_bomb(64 << 20)  # 64 MB of XML in 64 KB: a ratio of 1,000, as in every zip bomb
    assert len(bomb) < 100 << 10
    refused(client, bomb, "adressen.xlsx", "entpackt sich auf 64 MB")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0


def test_unpacked_size_limit_holds_for_any_ratio(app, ctx, tmp_path, monkeypatch):
    # the limits are settings (IMPORT_MAX_RATIO, IMPORT_MAX_UNPACKED_MB in the environment)
    monkeypatch.setitem(app.config, "IMPORT_MAX_RATIO", 10**9)
    monkeypatch.setitem(app.config, "IMPORT_MAX_UNPACKED_BYTES", 16 << 20)
    path = tmp_path / "b.xlsx"
    path.write_bytes(zip_bomb(32 << 20))
    with pytest.raises(ReadError, match="entpackt sich auf 32 MB"):
        read_table(path, "b.xlsx")


def test_a_million_columns_are_refused(client, login_as):
    login_as("secretariat")
    header = ";".join(f"Spalte {i}" for i in range(1_000_000)).encode()
    data = header + b"\n" + b";" * 999_999 + b"x\n"
    refused(client, data, "breit.csv", "Die Tabelle hat 1000000 Spalten; höchstens 200")


def test_wide_xlsx_is_refused(ctx, tmp_path):
    import xlsxwriter

    path = tmp_path / "wide.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for col in range(MAX_COLUMNS + 5):
        sheet.write(0, col, f"Spalte {col}")
    book.close()
    with pytest.raises(ReadError, match="höchstens 200"):
        read_table(path, "wide.xlsx")


def test_overlong_cell_is_refused_with_its_row(ctx, tmp_path):
    data = "Vorname;Nachname\nAnna;Müller\nJörg;" + "x" * (MAX_CELL_CHARS + 1) + "\n"
    path = tmp_path / "lang.csv"
    path.write_text(data, encoding="utf-8")
    table = read_table(path, "lang.csv")
    with pytest.raises(ReadError, match="Zeile 3 enthält eine Zelle mit mehr als 10000"):
        list(table.rows())
    # a single field beyond what the CSV module holds is a clear message too
    huge = "Vorname\n" + "y" * 200_000 + "\n"
    with pytest.raises(ReadError, match="fehlerhaft"):
        list(read_table(huge.encode(), "x.csv").rows())


def test_png_named_csv_is_refused(client, login_as):
    login_as("secretariat")
    refused(client, png(), "kontakte.csv", "keine Tabelle (CSV oder XLSX), sondern eine PNG-Datei")
    refused(client, b"%PDF-1.7\n...", "kontakte.csv", "PDF-Datei")
    refused(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "alt.csv", "(.xls)")
    refused(client, os.urandom(64) + b"\x00" * 64, "zufall.csv", "sondern binär")


def test_refused_upload_leaves_no_file(client, login_as, app):
    login_as("secretariat")
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    before = set(folder.glob("*")) if folder.exists() else set()
    refused(client, png(), "kontakte.csv", "PNG")
    assert set(folder.glob("*")) == before


def test_stored_upload_is_private_and_rows_stream(client, login_as, app):
    login_as("secretariat")
    response = post(client, FIXTURES.joinpath("excel-de-kontakte.csv").read_bytes(), "k.csv")
    assert response.status_code == 302
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    token = response.headers["Location"].split("/")[2]
    for path in folder.glob(f"{token}.*"):
        assert path.stat().st_mode & 0o077 == 0, path
    table = read_table(folder / f"{token}.bin")
    first = table.rows()
    assert next(first)[0] == 2  # an iterator over the file, not a list
    assert len(list(table.rows())) == len(list(table.rows())) > 0


def test_no_row_cap(ctx, tmp_path):
    path = tmp_path / "lang.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("Vorname;Nachname;E-Mail\n")
        for i in range(60_000):
            out.write(f"Anna;Müller{i};a{i}@example.org\n")
    table = read_table(path, "lang.csv")
    assert sum(1 for _ in table.rows()) == 60_000


def test_limits_are_settings(app, ctx, tmp_path, monkeypatch):
    """IMPORT_MAX_COLUMNS and IMPORT_MAX_CELL_CHARS (environment, config.py) move the limits."""
    monkeypatch.setitem(app.config, "IMPORT_MAX_COLUMNS", 3)
    monkeypatch.setitem(app.config, "IMPORT_MAX_CELL_CHARS", 20)
    path = tmp_path / "k.csv"
    path.write_text("A;B;C;D\n1;2;3;4\n", encoding="utf-8")
    with pytest.raises(ReadError, match="Die Tabelle hat 4 Spalten; höchstens 3"):
        read_table(path, "k.csv")
    path.write_text("A;B\n1;" + "x" * 21 + "\n", encoding="utf-8")
    with pytest.raises(ReadError, match="Zeile 2 enthält eine Zelle mit mehr als 20 Zeichen"):
        list(read_table(path, "k.csv").rows())
