"""The agenda of a meeting: numbered items (TOPs) that can be added, edited, moved, removed.

Adding, moving and removing items carry the agenda's version (``Meeting.agenda_version``):
each claims the next version with one conditional UPDATE, so of two clicks on the same page
(or one on an outdated page) one wins and the other raises ``StaleAgenda`` with nothing
changed. An item's own edit carries the item's version (``check_version``).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.extensions import db
from crm.meetings import history
from crm.meetings.models import AgendaItem, Meeting
from crm.rules import RuleError


class StaleAgenda(RuleError):
    """The agenda changed since the page was opened; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(
            _l(
                "Nicht gespeichert: Die Tagesordnung wurde inzwischen von jemand anderem "
                "geändert. Unten steht die aktuelle Fassung; bitte prüfen und die Änderung "
                "gegebenenfalls wiederholen."
            )
        )


def claim_agenda(meeting: Meeting, version: int | None) -> None:
    """Move the agenda to its next version if it is still at ``version``; else raise
    ``StaleAgenda``. ``version`` None (the API's append) claims whatever is current."""
    stmt = sa.update(Meeting).where(Meeting.id == meeting.id)
    if version is not None:
        stmt = stmt.where(Meeting.agenda_version == version)
    stmt = stmt.values(agenda_version=Meeting.agenda_version + 1).returning(Meeting.agenda_version)
    new = db.session.execute(stmt, execution_options={"synchronize_session": False}).scalar()
    if new is None:
        raise StaleAgenda()
    # the row changed in the database only: the meeting's own version stays as it was
    set_committed_value(meeting, "agenda_version", new)


def _renumber(items: list[AgendaItem]) -> None:
    for n, item in enumerate(items, 1):
        item.position = n


def add_agenda_item(
    meeting: Meeting,
    title: str,
    description: str | None = None,
    duration: int | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Return a new item appended to the agenda (``StaleAgenda`` when it changed meanwhile)."""
    claim_agenda(meeting, agenda_version)
    position = max((i.position for i in meeting.agenda_items), default=0) + 1
    item = AgendaItem(
        title=title.strip(), description=description or None, duration_minutes=duration
    )
    item.position = position
    meeting.agenda_items.append(item)
    history.note(meeting.id, audit.N_("TOP hinzugefügt: %(title)s"), title=item.title)
    return item


def update_agenda_item(
    item: AgendaItem,
    title: str,
    description: str | None,
    duration: int | None,
    version: int | None,
    seen_event: int | None = None,
) -> None:
    """Change an item's title, description and duration.

    Raises ``StaleEdit`` when the form was not based on the item's current version.
    """
    check_version(item, version, seen_event)
    item.title = title.strip()
    item.description = description or None
    item.duration_minutes = duration
    history.note(item.meeting_id, audit.N_("TOP geändert: %(title)s"), title=item.title)


def remove_agenda_item(item: AgendaItem, agenda_version: int | None) -> None:
    """Remove an item and close the gap in the numbering (``StaleAgenda`` when the agenda
    changed since the page was opened)."""
    meeting = item.meeting
    claim_agenda(meeting, agenda_version)
    meeting.agenda_items.remove(item)
    _renumber(sorted(meeting.agenda_items, key=lambda i: i.position))
    history.note(meeting.id, audit.N_("TOP entfernt: %(title)s"), title=item.title)


def move_agenda_item(item: AgendaItem, direction: str, agenda_version: int | None) -> None:
    """Swap an item with its neighbour above (``up``) or below (``down``) (``StaleAgenda``
    when the agenda changed since the page was opened)."""
    claim_agenda(item.meeting, agenda_version)
    items = sorted(item.meeting.agenda_items, key=lambda i: i.position)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    _renumber(items)
