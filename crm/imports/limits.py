"""The limits that protect the server from a file, checked before any row is read.

A table of any length is accepted (rows are streamed); what is refused at once, with a
German message, is a file that is not CSV or XLSX at all (an image renamed to .csv), an XLSX
whose ZIP container unpacks to more than ``MAX_UNPACKED_BYTES`` or at a ratio no real
spreadsheet has (a zip bomb), more than ``MAX_COLUMNS`` columns, and a cell longer than
``MAX_CELL_CHARS`` characters.
"""

from __future__ import annotations

import zipfile

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from crm.rules import RuleError

# The defaults; each can be set as ``IMPORT_<NAME>`` (config.py, from the environment) and
# is read through ``limit()`` when a file is read.
#: the widest table we read (address-book exports have under 100 columns)
MAX_COLUMNS = 200
#: the longest cell (a note field); Excel itself stops at 32,767
MAX_CELL_CHARS = 10_000
#: what an XLSX may unpack to in total (a 200,000-row sheet is about 150 MB of XML)
MAX_UNPACKED_BYTES = 1 << 30
#: the highest compression ratio of a large part (spreadsheet XML packs about 10:1)
MAX_RATIO = 200
_RATIO_FROM_BYTES = 10 << 20


def limit(name: str) -> int:
    """Return the limit ``name`` ("MAX_COLUMNS" …): the app's ``IMPORT_<name>``, else the
    default above."""
    value = current_app.config.get(f"IMPORT_{name}") if has_app_context() else None
    return int(value) if value else globals()[name]


#: file signatures of things people upload by mistake
_SIGNATURES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "XLS",
    b"\x1f\x8b": "GZIP",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7Z",
}


class ReadError(RuleError):
    """The file cannot be read as a table; the message says why."""


def sniff(start: bytes, filename: str = "") -> str:
    """Return "xlsx" or "csv" from the first bytes of a file; refuse anything else."""
    if start.startswith(b"PK\x03\x04"):
        return "xlsx"
    if filename.lower().endswith(".xlsx"):
        raise ReadError(_l("Die Excel-Datei ist beschädigt oder kein XLSX."))
    for signature, name in _SIGNATURES.items():
        if start.startswith(signature):
            if name == "XLS":
                raise ReadError(
                    _l(
                        "Das alte Excel-Format (.xls) wird nicht gelesen; bitte als XLSX "
                        "oder CSV speichern."
                    )
                )
            raise ReadError(
                _l(
                    "Die Datei ist keine Tabelle (CSV oder XLSX), sondern eine %(kind)s-Datei.",
                    kind=name,
                )
            )
    text_16 = start.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not text_16 and b"\x00" in start:
        raise ReadError(_l("Die Datei ist keine Tabelle (CSV oder XLSX), sondern binär."))
    return "csv"


def check_unpacked(handle) -> None:
    """Refuse an XLSX whose parts unpack to too much, judged from the ZIP directory.

    The sizes in the directory bound what is read: Python's ``zipfile`` stops each part
    at its declared size, so a part that lies about it fails instead of growing.
    """
    try:
        parts = zipfile.ZipFile(handle).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(_l("Die Excel-Datei ist beschädigt oder kein XLSX.")) from exc
    total = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    ratio, most = limit("MAX_RATIO"), limit("MAX_UNPACKED_BYTES")
    too_packed = [
        p
        for p in parts
        if p.file_size > _RATIO_FROM_BYTES and p.file_size > ratio * max(p.compress_size, 1)
    ]
    if total > most or too_packed:
        raise ReadError(
            _l(
                "Die Excel-Datei entpackt sich auf %(mb)s MB (%(ratio)s-fach); erlaubt sind "
                "%(limit)s MB. Bitte als CSV speichern oder aufteilen.",
                mb=total >> 20,
                ratio=total // packed,
                limit=most >> 20,
            )
        )


def check_columns(count: int) -> None:
    """Refuse a header row with more columns than we read."""
    widest = limit("MAX_COLUMNS")
    if count > widest:
        raise ReadError(
            _l(
                "Die Tabelle hat %(count)s Spalten; höchstens %(n)s werden gelesen.",
                count=count,
                n=widest,
            )
        )
