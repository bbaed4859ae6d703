"""What the duplicates and merge pages of organisations and people share."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l

#: why two records look like duplicates: code -> German label
REASONS = {
    "email": _l("gleiche E-Mail-Adresse"),
    "same_name_here": _l("gleicher Name bei derselben Organisation"),
    "same_name": _l("gleicher Name"),
    "similar_name": _l("ähnlicher Name"),
}


@dataclass
class MergeRow:
    """One field of a merge: both values as shown, and which side is preselected."""

    name: str
    label: str
    a: str
    b: str
    default: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


def merge_rows(a, b, fields: dict[str, str], show) -> list[MergeRow]:
    """Return a row per field; the preselected value is A's unless A's is empty."""
    rows = []
    for name, label in fields.items():
        va, vb = show(a, name), show(b, name)
        rows.append(MergeRow(name, label, va, vb, "b" if (not va and vb) else "a"))
    return rows


def chosen_fields(rows: list[MergeRow], survivor: str) -> set[str]:
    """Return the fields whose value comes from the record that does not survive."""
    other = "b" if survivor == "a" else "a"
    return {r.name for r in rows if request.form.get(f"keep_{r.name}", r.default) == other}


def page_args(per_page_choices=(25, 50, 100)) -> tuple[int, int]:
    """Return the page number and page size asked for in the request (duplicates pages)."""
    try:
        per_page = int(request.args.get("per_page", per_page_choices[0]))
    except ValueError:
        per_page = per_page_choices[0]
    if per_page not in per_page_choices:
        per_page = per_page_choices[0]
    try:
        number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        number = 1
    return number, per_page
