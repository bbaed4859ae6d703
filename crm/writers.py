"""The one writer per file format: CSV, CSV for German Excel, XLSX and vCard 3.0.

Every writer takes the columns and an iterator of rows and is itself a generator of ``bytes``
chunks, so a Flask ``Response`` (``download``) or the CLI can stream any number of rows with
flat memory. Exports, reports and the importer (which undoes the neutralisation) use them;
this module imports no feature.

Spreadsheet cells that begin with ``=``, ``+``, ``-``, ``@``, tab or CR are neutralised with a
leading ``'`` (CSV and XLSX), so that Excel or LibreOffice never run them as formulas. The
importer strips that one ``'`` again, so a round trip gives back the stored text.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from flask import Response, stream_with_context

#: first characters that make a spreadsheet cell a formula (or a DDE payload)
FORMULA_START = frozenset("=+-@\t\r")
#: rows per chunk handed to the web server
CHUNK_ROWS = 1000
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: formats and their download details: file suffix, MIME type
FORMATS = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "csv-excel": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", XLSX_MIMETYPE),
    "vcf": ("vcf", "text/vcard; charset=utf-8"),
}


@dataclass(frozen=True)
class Column:
    """One column of a file: key, header, cell kind and XLSX width."""

    key: str
    label: str
    #: "text", "date" (a real date in XLSX), "code" (text that looks like a number: postal
    #: codes, kept as text so "04109" keeps its zero) or "block" (wrapped lines); numbers
    #: are XLSX number cells by their type
    kind: str = "text"
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    """One worksheet of an XLSX workbook: its name, columns and rows (any iterable)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def download(chunks: Iterable[bytes], filename: str, mimetype: str) -> Response:
    """Return a response that streams ``chunks`` as the attachment ``filename``.

    The chunks are produced while the response is sent (inside the request's context, so
    they may still read the database); nothing is cached on the way.
    """
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def neutralise(value: str) -> str:
    """Return ``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    if value and value[0] in FORMULA_START:
        return "'" + value
    return value


def csv_stream(
    columns: Sequence[Column], rows: Iterable[Sequence], *, excel: bool = False
) -> Iterator[bytes]:
    """Yield an RFC 4180 CSV (UTF-8, comma, CRLF) in chunks.

    With ``excel=True`` the file is what German Excel opens by double-click: UTF-8 with a
    byte order mark (so umlauts survive), semicolons, CRLF and dates as ``25.11.2026``.
    Every field is quoted, so that LibreOffice ("Format quoted field as text") and Excel's
    text import keep postal codes such as "04109" as text. A plain double-click in Excel
    still reads "04109" as a number; that is why the XLSX export stores postal codes as text
    and is the format to recommend for Excel.
    """
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=";" if excel else ",",
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if excel else csv.QUOTE_MINIMAL,
    )
    if excel:
        buffer.write("\ufeff")
    writer.writerow([neutralise(c.label) for c in columns])
    # csv writes None as "" and a date as ISO 8601; German Excel wants 25.11.2026
    dates = [i for i, c in enumerate(columns) if c.kind == "date"] if excel else []
    danger = FORMULA_START
    writerow = writer.writerow
    n = 0
    for row in rows:
        for i in dates:
            if row[i] is not None:
                row[i] = row[i].strftime("%d.%m.%Y")
        # the formula check inline: this loop is the whole cost of a large export
        writerow([("'" + v) if v and v.__class__ is str and v[0] in danger else v for v in row])
        n += 1
        if n >= CHUNK_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            n = 0
    yield buffer.getvalue().encode("utf-8")


def xlsx_stream(
    columns: Sequence[Column], rows: Iterable[Sequence], *, sheet: str = "Export"
) -> Iterator[bytes]:
    """Yield an XLSX workbook of one sheet (see ``xlsx_workbook``)."""
    return xlsx_workbook([Sheet(sheet, columns, rows)])


def xlsx_workbook(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """Yield an XLSX workbook: per sheet a bold frozen header, autofilter, widths, real dates.

    XlsxWriter's ``constant_memory`` mode writes each row to a temporary file as it comes
    (memory stays flat; rows therefore go top to bottom, one sheet after the other); the ZIP
    container can only be built when the last row is known, so the finished file is then
    streamed from disk in 64 KiB chunks and deleted. Postal codes are string cells with the
    text format "@", dates are date cells, numbers number cells.
    """
    import xlsxwriter

    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="crm-export-")
    os.close(fd)
    try:
        workbook = xlsxwriter.Workbook(
            path, {"constant_memory": True, "tmpdir": tempfile.gettempdir()}
        )
        bold = workbook.add_format({"bold": True, "bottom": 1})
        formats = {
            "date": workbook.add_format({"num_format": "dd.mm.yyyy"}),
            "code": workbook.add_format({"num_format": "@"}),
            "block": workbook.add_format({"text_wrap": True, "valign": "top"}),
        }
        for sheet in sheets:
            _write_sheet(workbook.add_worksheet(sheet.name[:31]), sheet, bold, formats)
        workbook.close()
        with open(path, "rb") as fh:
            while chunk := fh.read(65536):
                yield chunk
    finally:
        os.unlink(path)


def _write_sheet(worksheet, sheet: Sheet, bold, formats: dict) -> None:
    columns = sheet.columns
    for i, col in enumerate(columns):
        worksheet.set_column(i, i, col.width, formats.get(col.kind))
        # a header may be user data too (a group's short name)
        worksheet.write_string(0, i, neutralise(str(col.label)), bold)
    worksheet.freeze_panes(1, 0)
    special = {i: formats[c.kind] for i, c in enumerate(columns) if c.kind in formats}
    date_columns = {i for i, c in enumerate(columns) if c.kind == "date"}
    write_string = worksheet.write_string
    danger = FORMULA_START
    last = 0
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row):
            # strings first and inline: this loop is the whole cost of a large export
            if value.__class__ is str:
                if not value:
                    continue
                if value[0] in danger:
                    value = "'" + value
                write_string(r, c, value, special.get(c))
            elif value is not None:
                _write_other(worksheet, r, c, value, special.get(c), c in date_columns)
        last = r
    worksheet.autofilter(0, 0, max(last, 1), max(len(columns) - 1, 0))


def _write_other(worksheet, r: int, c: int, value, fmt, is_date: bool) -> None:
    """Write a cell that is not a plain string: a date, a number, a flag or other text."""
    if is_date:
        worksheet.write_datetime(r, c, value, fmt)
    elif isinstance(value, bool):
        worksheet.write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float):
        worksheet.write_number(r, c, value, fmt)
    elif value := str(value):
        # write_string never makes a formula; neutralise() protects other programs
        worksheet.write_string(r, c, neutralise(value), fmt)


# --- vCard 3.0 (RFC 2426) ------------------------------------------------------------------


def _vtext(value: str | None) -> str:
    """Escape a vCard text value (backslash, comma, semicolon, newline)."""
    if not value:
        return ""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts = []
    start = 0
    limit = 75
    while start < len(data):
        end = min(start + limit, len(data))
        # never cut inside a UTF-8 sequence
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        limit = 74
    return "\r\n ".join(parts) + "\r\n"


@dataclass
class Card:
    """The fields of one vCard."""

    first_name: str | None
    last_name: str
    title: str | None = None
    name_suffix: str | None = None
    full_name: str = ""
    organisation: str | None = None
    department: str | None = None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str = "Deutschland"


def vcard(card: Card) -> str:
    """Return one vCard 3.0 with N, FN, ORG, TITLE, EMAIL, TEL and ADR."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:"
        + ";".join(
            _vtext(x) for x in (card.last_name, card.first_name, "", card.title, card.name_suffix)
        ),
        "FN:" + _vtext(card.full_name or card.last_name),
    ]
    if card.organisation:
        lines.append(
            "ORG:" + ";".join(_vtext(x) for x in (card.organisation, card.department) if x)
        )
    if card.job_title:
        lines.append("TITLE:" + _vtext(card.job_title))
    if card.email:
        lines.append("EMAIL;TYPE=INTERNET,WORK:" + _vtext(card.email))
    if card.phone:
        lines.append("TEL;TYPE=WORK,VOICE:" + _vtext(card.phone))
    if card.street or card.city or card.postal_code:
        adr = ("", "", card.street, card.city, "", card.postal_code, card.country)
        lines.append("ADR;TYPE=WORK:" + ";".join(_vtext(x) for x in adr))
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def vcard_stream(cards: Iterable[Card]) -> Iterator[bytes]:
    """Yield one UTF-8 file holding a vCard 3.0 for each card."""
    chunk: list[str] = []
    for card in cards:
        chunk.append(vcard(card))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    yield "".join(chunk).encode("utf-8")
