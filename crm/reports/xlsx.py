"""Report spreadsheets: XlsxWriter in ``constant_memory`` mode, sent from a temporary file.

``constant_memory`` flushes each row to disk as soon as the next row is started, so memory
stays flat whatever the number of rows; rows must therefore be written top to bottom.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

import xlsxwriter
from flask import Response, send_file

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a cell starting with one of these could be read as a formula by spreadsheet programs
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Return ``value`` made safe against formula injection (a leading apostrophe)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


class Sheet:
    """A worksheet written row by row: ``sheet.row([...])``."""

    def __init__(self, workbook: xlsxwriter.Workbook, name: str, header: list[str], bold):
        self.ws = workbook.add_worksheet(name[:31])
        self.n = 0
        self.row(header, bold)
        self.ws.freeze_panes(1, 0)

    def row(self, values: Iterable[Any], fmt=None) -> None:
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self.ws.write_boolean(self.n, col, value, fmt)
            elif isinstance(value, int | float):
                self.ws.write_number(self.n, col, value, fmt)
            else:
                # write_string never makes a formula; neutralise() protects other programs
                self.ws.write_string(self.n, col, neutralise(str(value)), fmt)
        self.n += 1

    def widths(self, widths: list[int]) -> None:
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)


def send_workbook(filename: str, build: Callable[[xlsxwriter.Workbook, Any], None]) -> Response:
    """Build a workbook with ``build(workbook, bold_format)`` and send it as a download."""
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
        bold = workbook.add_format({"bold": True})
        build(workbook, bold)
        workbook.close()
        handle = open(path, "rb")  # noqa: SIM115  (closed by the response)
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    return send_file(handle, mimetype=MIMETYPE, as_attachment=True, download_name=filename)
