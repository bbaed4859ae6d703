"""What the duplicates and merge pages of organisations and people share."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l

from crm.pagination import Page

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


def page_of(items: list, per_page_choices=(25, 50, 100)) -> Page:
    """Return a ``Page`` of a list computed in Python (e.g. duplicate pairs)."""
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
    last = max(1, -(-len(items) // per_page))
    number = min(number, last)
    start = (number - 1) * per_page
    return Page(
        items=items[start : start + per_page], total=len(items), page=number, per_page=per_page
    )


def similar_pairs(
    members: list[tuple[int, str]], scorer, cutoff: int, window: int = 200, group_cap: int = 20
):
    """Yield ``(id_a, id_b, score)`` for the members of one block whose keys score ≥ cutoff.

    Members with the same key pair up directly (score 100, at most ``group_cap`` of them);
    distinct keys are compared, in sorted order, with the next ``window`` keys, so a block
    of very common names costs O(keys · window), not O(members²).
    """
    from rapidfuzz import process

    groups: dict[str, list[int]] = {}
    for member_id, key in members:
        groups.setdefault(key, []).append(member_id)
    for ids in groups.values():
        ids = ids[:group_cap]
        for i in range(len(ids) - 1):
            for other in ids[i + 1 :]:
                yield ids[i], other, 100
    keys = sorted(groups)
    for i, key in enumerate(keys[:-1]):
        others = keys[i + 1 : i + 1 + window]
        for _key, score, j in process.extract(
            key, others, scorer=scorer, score_cutoff=cutoff, limit=None
        ):
            yield groups[key][0], groups[others[j]][0], int(round(score))
