"""Address labels as PDF for the common A4 sheets, with a start position.

Each label holds the DIN 5008 address block (``crm.contacts.salutation``) inside its cell,
with 4 mm padding; a start position greater than 1 leaves the first cells of the first
sheet empty, so that a half-used sheet can be used up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import escape

from crm.contacts.salutation import address_block
from crm.rules import RuleError


@dataclass(frozen=True)
class LabelSheet:
    """The geometry of a label sheet in millimetres."""

    name: str
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    #: distance from one label's left (top) edge to the next one's
    pitch_x: float
    pitch_y: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def cell(self, index: int) -> tuple[float, float]:
        """Return the left and top edge (mm) of cell ``index`` (0-based) on its sheet."""
        index %= self.per_sheet
        return (
            self.left + (index % self.columns) * self.pitch_x,
            self.top + (index // self.columns) * self.pitch_y,
        )


SHEETS = {
    # Zweckform 3474: 3 × 8 labels of 70 × 37 mm, no gaps, 0.5 mm top margin
    "3474": LabelSheet("Zweckform 3474", 3, 8, 70, 37, 0, 0.5, 70, 37),
    # Avery/Zweckform L7163: 2 × 7 labels of 99.1 × 38.1 mm
    "L7163": LabelSheet("Zweckform L7163", 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
}


class LabelError(RuleError):
    """An unknown sheet or a start position outside the sheet."""


def labels_pdf(rows: Iterable, label: str = "3474", start: int = 1) -> bytes:
    """Return a PDF with one label per row on the sheet type ``label``, from cell ``start``."""
    from weasyprint import HTML

    sheet = SHEETS.get(label)
    if sheet is None:
        raise LabelError(_l("Unbekanntes Etikettenformat: %(label)s", label=label))
    if not 1 <= start <= sheet.per_sheet:
        raise LabelError(_l("Startposition muss zwischen 1 und %(n)d liegen.", n=sheet.per_sheet))
    pages: list[list[str]] = []
    index = start - 1
    for row in rows:
        if not pages or index % sheet.per_sheet == 0:
            pages.append([])
        x, y = sheet.cell(index)
        text = "<br>".join(str(escape(line)) for line in address_block(row).splitlines())
        pages[-1].append(
            f'<div class="label" style="left:{x}mm;top:{y}mm;width:{sheet.width}mm;'
            f'height:{sheet.height}mm">{text}</div>'
        )
        index += 1
    body = "".join(f'<div class="sheet">{"".join(cells)}</div>' for cells in pages) or "<p></p>"
    css = """
@page { size: A4; margin: 0; }
body { margin: 0; font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; line-height: 1.2; }
.sheet { position: relative; width: 210mm; height: 297mm; page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.label { position: absolute; box-sizing: border-box; padding: 4mm 5mm; overflow: hidden; }
"""
    return HTML(
        string=f"<html lang='de'><head><style>{css}</style></head><body>{body}</body></html>"
    ).write_pdf()
