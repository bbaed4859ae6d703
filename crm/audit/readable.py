"""Change histories in words: a label for every field, code and yes/no, times in
Europe/Berlin, internal columns left out, linked records by name.

Audit knows no feature: the features register what their codes and references mean
(``register_codes``, ``register_reference``) and which other records' changes belong in a
record's history (``register_related``: an organisation's history shows its memberships'
and delegates' changes). ``rows(events, entity_type)`` turns audit events into what the
history table shows, reading the names of all linked records in one query per kind, and
each event's summary in the reader's language (``summary_text``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from crm.audit.labels import VALUE_LABELS, entity_label, field_label
from crm.extensions import db
from crm.templating import fmt_date, fmt_datetime, fmt_number

#: columns kept for the machine (sorting, search, secrets, calendar bookkeeping), never shown
HIDDEN = frozenset(
    {
        "sort_key",
        "phonetic_key",
        "organisation_sort_key",
        "search_text",
        "token",
        "uid",
        "sequence",
        "password_hash",
        "version",
        "created_at",
        "updated_at",
        "created_ids",
    }
)

YES_NO = {True: _l("ja"), False: _l("nein")}

_CODES: dict[tuple[str | None, str], Mapping] = {}
_REFERENCES: dict[tuple[str | None, str], tuple[Any, Callable[[Any], str]]] = {}
_RELATED: dict[str, list[tuple[str, Callable[[int], sa.Select]]]] = {}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def register_codes(name: str, labels: Mapping, entity_type: str | None = None) -> None:
    """Show the stored codes of field ``name`` of ``entity_type`` as ``labels`` (a field
    whose codes mean the same in every record: ``labels.register_values``)."""
    _CODES[(entity_type, name)] = labels


def register_reference(
    name: str, model, label: Callable[[Any], str] | None = None, entity_type: str | None = None
) -> None:
    """Show the id in field ``name`` as the name of that ``model`` row (``label(row)``)."""
    _REFERENCES[(entity_type, name)] = (model, label or (lambda row: row.name))


def register_related(entity_type: str, related_type: str, ids: Callable[[int], sa.Select]) -> None:
    """Put the changes of ``related_type`` rows ``ids(entity_id)`` in ``entity_type``'s history."""
    _RELATED.setdefault(entity_type, []).append((related_type, ids))


def related_conditions(entity_type: str, entity_id: int) -> list:
    """Return the WHERE conditions that pick the audit events of a record's related rows."""
    from crm.audit.models import AuditEvent

    return [
        sa.and_(AuditEvent.entity_type == related, AuditEvent.entity_id.in_(ids(entity_id)))
        for related, ids in _RELATED.get(entity_type, [])
    ]


def _lookup(table: dict, entity_type: str, name: str):
    return table.get((entity_type, name)) or table.get((None, name))


@dataclass
class Change:
    label: str
    old: str | None
    new: str
    #: a pair shown as old → new; else one value (an export's filters, a merge's note)
    is_pair: bool = True


@dataclass
class Row:
    event: Any
    #: the kind of record when it is not the page's own (a membership on an organisation page)
    subject: str | None = None
    changes: list[Change] = field(default_factory=list)
    #: the event's summary in the reader's language (``summary_text``)
    summary: str = ""
    #: the summary is stored free text from before messages (German): shown marked so
    summary_is_stored: bool = False


def _names(events) -> dict[tuple[Any, int], str]:
    """Return {(model, id): name} of every record the events' changes point at."""
    wanted: dict[Any, tuple[Callable, set[int]]] = {}
    for event in events:
        for name, change in (event.changes or {}).items():
            ref = _lookup(_REFERENCES, event.entity_type, name)
            if ref is None:
                continue
            values = change if isinstance(change, list) else [change]
            ids = wanted.setdefault(ref[0], (ref[1], set()))[1]
            ids.update(v for v in values if isinstance(v, int) and not isinstance(v, bool))
    names = {}
    for model, (label, ids) in wanted.items():
        if ids:
            for row in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
                names[(model, row.id)] = label(row)
    return names


def value_text(entity_type: str, name: str, value: Any, names: Mapping | None = None) -> str:
    """Return one stored value as the history shows it ("Landkreis", "ja", "25.11.2026")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(YES_NO[value])
    codes = _lookup(_CODES, entity_type, name) or VALUE_LABELS.get(name)
    if codes is not None and isinstance(value, str) and value in codes:
        return str(codes[value])
    ref = _lookup(_REFERENCES, entity_type, name)
    if ref is not None and isinstance(value, int):
        return (names or {}).get((ref[0], value), f"#{value}")
    if isinstance(value, str) and _DATE.match(value):
        return fmt_date(date.fromisoformat(value))
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            return fmt_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(value_text(entity_type, name, v, names) for v in value)
    if isinstance(value, dict):
        return " · ".join(
            f"{field_label(k)}: {value_text(entity_type, k, v, names)}" for k, v in value.items()
        )
    return str(value)


def param_text(entity_type: str, name: str, value: Any) -> str:
    """Return one value of a summary's placeholder as the history shows values: a code by its
    label, yes/no and dates in the reader's language, a count with the reader's digits."""
    is_count = isinstance(value, int) and not isinstance(value, bool)
    if is_count and name != "id" and not name.endswith("_id"):
        return fmt_number(value)
    return value_text(entity_type, name, value)


def message_text(entity_type: str, msgid: str, params: Mapping | None) -> str:
    """Return a summary message in the current language with its placeholders filled in."""
    values = {k: param_text(entity_type, k, v) for k, v in (params or {}).items()}
    try:
        return gettext(msgid) % values
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return msgid % values


def summary_text(event) -> str:
    """Return an event's summary in the reader's language: its message translated, with its
    params (``audit.Message``); a plain summary (a name, an older event's text) as stored."""
    if event.message:
        try:
            return message_text(event.entity_type, event.message, event.params)
        except (KeyError, TypeError, ValueError):
            pass
    return event.summary or ""


def rows(events, entity_type: str | None = None) -> list[Row]:
    """Return the history table's rows for ``events`` shown on ``entity_type``'s page."""
    events = list(events)
    names = _names(events)
    result = []
    for event in events:
        row = Row(event, summary=summary_text(event))
        row.summary_is_stored = bool(event.summary) and not event.message
        if entity_type and event.entity_type != entity_type:
            row.subject = entity_label(event.entity_type)
        for name, change in (event.changes or {}).items():
            if name in HIDDEN:
                continue
            label = field_label(name)
            if isinstance(change, list) and len(change) == 2:
                old, new = (value_text(event.entity_type, name, v, names) for v in change)
                row.changes.append(Change(label, old, new))
            else:
                row.changes.append(
                    Change(label, None, value_text(event.entity_type, name, change, names), False)
                )
        result.append(row)
    return result
