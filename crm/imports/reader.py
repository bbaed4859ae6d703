"""Reading an uploaded table: CSV in any encoding and delimiter we meet, or XLSX.

The result is a header and rows of text cells, each row carrying its spreadsheet row number
(the header is row 1, as Excel and LibreOffice show it; a multi-line cell is still one row).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from crm.rules import RuleError

#: the largest table we accept; beyond it the secretariat splits the file
MAX_ROWS = 50_000


class ReadError(RuleError):
    """The file cannot be read as a table; the message says why."""


@dataclass
class Table:
    headers: list[str]
    #: (spreadsheet row number, cells) for every non-empty data row
    rows: list[tuple[int, list]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None


def detect_encoding(data: bytes) -> str:
    """Return the encoding of a text file: UTF-8 (with or without BOM), UTF-16 or Windows-1252.

    A byte order mark decides; otherwise strict UTF-8 is tried first (a Windows-1252 file
    with umlauts is never valid UTF-8); otherwise charset-normalizer guesses, and every
    Western single-byte guess becomes Windows-1252, which is what German Windows writes.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best else "cp1252"
    if guess.startswith(("utf_16", "utf_32")):
        return guess
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(text: str) -> str:
    """Return the delimiter: ``csv.Sniffer`` on a sample, checked against the header line.

    When the sniffer fails or picks a character the header line does not contain, the
    most frequent of ``;``, ``,``, tab and ``|`` in the header line wins.
    """
    header = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=";,\t|")
        if dialect.delimiter in header:
            return dialect.delimiter
    except csv.Error:
        pass
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _add_rows(table: Table, rows) -> None:
    """Add the non-blank rows with their spreadsheet numbers (the header is row 1)."""
    for number, cells in enumerate(rows, start=2):
        if _blank(cells):
            continue
        table.rows.append((number, cells))
        if len(table.rows) > MAX_ROWS:
            raise ReadError(_l("Die Datei hat mehr als %(n)s Zeilen; bitte aufteilen.", n=MAX_ROWS))


def read_csv(data: bytes) -> Table:
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(_l("Die Datei ist keine lesbare Textdatei.")) from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReadError(_l("Die Datei ist leer."))
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
        table = Table(headers=headers, encoding=encoding, delimiter=delimiter)
        _add_rows(table, reader)
    except csv.Error as exc:
        raise ReadError(_l("Die CSV-Datei ist fehlerhaft: %(error)s", error=str(exc))) from exc
    return table


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_xlsx(data: bytes) -> Table:
    """Read the first worksheet (openpyxl read-only mode: rows are read as they come)."""
    from zipfile import BadZipFile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(_l("Die Excel-Datei ist beschädigt oder kein XLSX.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            first = next(rows)
        except StopIteration as exc:
            raise ReadError(_l("Die Tabelle ist leer.")) from exc
        headers = [str(h).strip() if h is not None else "" for h in first]
        while headers and not headers[-1]:
            headers.pop()
        table = Table(headers=headers)
        _add_rows(table, ([_xlsx_cell(c) for c in cells[: len(headers)]] for cells in rows))
    finally:
        workbook.close()
    return table


def read_table(data: bytes, filename: str = "") -> Table:
    """Return the table in ``data``: XLSX when it is a ZIP container, CSV otherwise."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        table = read_xlsx(data)
    else:
        table = read_csv(data)
    if not any(table.headers):
        raise ReadError(_l("Die erste Zeile enthält keine Spaltenüberschriften."))
    return table
