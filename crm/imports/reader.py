"""Reading an uploaded table as a stream: CSV in any encoding and delimiter we meet, or XLSX.

The result is a header and a way to walk the rows of text cells, each row carrying its
spreadsheet row number (the header is row 1, as Excel and LibreOffice show it; a multi-line
cell is still one row). Rows are read from the file as they are needed, never all at once,
so a file of any length costs the same memory. Limits protect the server instead of a row
cap (``crm.imports.limits``): a file that is no table, an XLSX that unpacks to too much, too
many columns or an overlong cell is refused with a message before any work is done.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l

from crm.imports.limits import (
    ReadError,
    check_columns,
    check_unpacked,
    limit,
    sniff,
)

__all__ = ["ReadError", "Table", "detect_delimiter", "detect_encoding", "read_table"]

Row = tuple[int, list]
Source = bytes | str | Path
_CHUNK = 1 << 20


@dataclass
class Table:
    headers: list[str]
    #: returns a fresh iterator of (spreadsheet row number, cells) for every non-empty row
    reader: Callable[[], Iterator[Row]]
    encoding: str | None = None
    delimiter: str | None = None

    def rows(self) -> Iterator[Row]:
        """Walk the data rows from the start of the file (each call reads it again)."""
        return self.reader()

    def head(self, count: int) -> list[Row]:
        """Return the first ``count`` data rows (the samples of the mapping step)."""
        found = []
        for row in self.rows():
            if len(found) >= count:
                break
            found.append(row)
        return found


@contextmanager
def _open(source: Source):
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    else:
        with open(source, "rb") as handle:
            yield handle


def _valid_utf8(handle) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(data: bytes, handle=None) -> str:
    """Return the encoding of a text file: UTF-8 (with or without BOM), UTF-16 or Windows-1252.

    A byte order mark decides; otherwise strict UTF-8 is tried first over the whole file
    (read in chunks from ``handle`` when given; a Windows-1252 file with umlauts is never
    valid UTF-8); otherwise charset-normalizer guesses from ``data`` (the start of the file),
    and every Western single-byte guess becomes Windows-1252, which German Windows writes.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if _valid_utf8(handle if handle is not None else io.BytesIO(data)):
        return "utf-8"
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


def _checked(rows) -> Iterator[Row]:
    """Yield the non-blank rows with their numbers (the header is row 1), within the limits."""
    widest, longest = limit("MAX_COLUMNS"), limit("MAX_CELL_CHARS")
    for number, cells in enumerate(rows, start=2):
        if len(cells) > widest and not _blank(cells[widest:]):
            raise ReadError(
                _l(
                    "Zeile %(row)s hat mehr als %(n)s Spalten; so breite Tabellen werden "
                    "nicht angenommen.",
                    row=number,
                    n=widest,
                )
            )
        for cell in cells:
            if isinstance(cell, str) and len(cell) > longest:
                raise ReadError(
                    _l(
                        "Zeile %(row)s enthält eine Zelle mit mehr als %(n)s Zeichen.",
                        row=number,
                        n=longest,
                    )
                )
        if not _blank(cells):
            yield number, cells


def _csv_rows(reader) -> Iterator[list]:
    try:
        yield from reader
    except csv.Error as exc:
        raise ReadError(_l("Die CSV-Datei ist fehlerhaft: %(error)s", error=str(exc))) from exc


def read_csv(source: Source) -> Table:
    with _open(source) as handle:
        start = handle.read(_CHUNK)
        handle.seek(0)
        encoding = detect_encoding(start, handle)
    try:
        text = start.decode(encoding, errors="ignore")
    except LookupError as exc:
        raise ReadError(_l("Die Datei ist keine lesbare Textdatei.")) from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReadError(_l("Die Datei ist leer."))
    delimiter = detect_delimiter(text)

    @contextmanager
    def opened():
        with _open(source) as raw:
            stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                yield csv.reader(stream, delimiter=delimiter)
            except UnicodeDecodeError as exc:
                raise ReadError(_l("Die Datei ist keine lesbare Textdatei.")) from exc
            finally:
                stream.detach()

    with opened() as reader:
        try:
            first = next(_csv_rows(reader))
        except StopIteration as exc:
            raise ReadError(_l("Die Datei ist leer.")) from exc
    check_columns(len(first))
    headers = [h.strip().lstrip("\ufeff") for h in first]

    def rows() -> Iterator[Row]:
        with opened() as reader:
            body = _csv_rows(reader)
            next(body, None)
            yield from _checked(body)

    return Table(headers=headers, reader=rows, encoding=encoding, delimiter=delimiter)


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


@contextmanager
def _sheet_rows(source: Source):
    """Yield the rows of the first worksheet (openpyxl read-only mode: read as they come)."""
    from zipfile import BadZipFile

    import openpyxl

    with _open(source) as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except (BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ReadError(_l("Die Excel-Datei ist beschädigt oder kein XLSX.")) from exc
        try:
            sheet = workbook.worksheets[0]
            yield sheet.iter_rows(values_only=True, max_col=limit("MAX_COLUMNS") + 1)
        finally:
            workbook.close()


def read_xlsx(source: Source) -> Table:
    """Read the first worksheet, after checking what the ZIP container unpacks to."""
    with _open(source) as handle:
        check_unpacked(handle)
    with _sheet_rows(source) as rows:
        try:
            first = next(rows)
        except StopIteration as exc:
            raise ReadError(_l("Die Tabelle ist leer.")) from exc
    headers = [str(h).strip() if h is not None else "" for h in first]
    while headers and not headers[-1]:
        headers.pop()
    check_columns(len(headers))
    width = len(headers)

    def body() -> Iterator[Row]:
        with _sheet_rows(source) as rows:
            next(rows, None)
            yield from _checked([_xlsx_cell(c) for c in cells[:width]] for cells in rows)

    return Table(headers=headers, reader=body)


def read_table(source: Source, filename: str = "") -> Table:
    """Return the table in ``source`` (bytes or a path): XLSX when a ZIP container, else CSV.

    Anything else (an image, a PDF, an old .xls, a binary file) is refused at once.
    """
    with _open(source) as handle:
        start = handle.read(8192)
    kind = sniff(start, filename)
    table = read_xlsx(source) if kind == "xlsx" else read_csv(source)
    if not any(table.headers):
        raise ReadError(_l("Die erste Zeile enthält keine Spaltenüberschriften."))
    return table
