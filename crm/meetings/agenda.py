"""The agenda of a meeting: numbered items (TOPs) that can be added, edited, moved, removed."""

from __future__ import annotations

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.meetings.models import AgendaItem, Meeting


def _renumber(items: list[AgendaItem]) -> None:
    for n, item in enumerate(items, 1):
        item.position = n


def add_agenda_item(
    meeting: Meeting, title: str, description: str | None = None, duration: int | None = None
) -> AgendaItem:
    """Return a new item appended to the agenda."""
    position = max((i.position for i in meeting.agenda_items), default=0) + 1
    item = AgendaItem(
        title=title.strip(), description=description or None, duration_minutes=duration
    )
    item.position = position
    meeting.agenda_items.append(item)
    audit.record("update", "meetings", meeting.id, summary=f"TOP hinzugefügt: {item.title}")
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
    audit.record("update", "meetings", item.meeting_id, summary=f"TOP geändert: {item.title}")


def remove_agenda_item(item: AgendaItem) -> None:
    """Remove an item and close the gap in the numbering."""
    meeting = item.meeting
    meeting.agenda_items.remove(item)
    _renumber(sorted(meeting.agenda_items, key=lambda i: i.position))
    audit.record("update", "meetings", meeting.id, summary=f"TOP entfernt: {item.title}")


def move_agenda_item(item: AgendaItem, direction: str) -> None:
    """Swap an item with its neighbour above (``up``) or below (``down``)."""
    items = sorted(item.meeting.agenda_items, key=lambda i: i.position)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    _renumber(items)
