"""The region's time zone in one place: "today", Europe/Berlin wall-clock times to UTC and back.

``today()`` is the day in Leipzig, not in UTC: the default "as of" day of every view.

Forms take a date and a time in Europe/Berlin; the database stores aware UTC datetimes.
On the two nights a year when clocks change, some wall-clock times are special:

- in spring (e.g. 29.03.2026) the clock jumps from 02:00 to 03:00: 02:30 does not exist;
- in autumn (e.g. 25.10.2026) it goes from 03:00 back to 02:00: 02:30 happens twice.

Both are refused with a clear message (``LocalTimeError``) rather than guessed: nobody means
such a time for a meeting, and a silent guess would put the meeting an hour off. Every other
time converts exactly, and durations across the change are real durations (22:00 to 04:00
on the autumn night is seven hours).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from crm.rules import RuleError

#: the region's time zone
BERLIN = ZoneInfo("Europe/Berlin")


def today() -> date:
    """Return today's date in Europe/Berlin (the default "as of" day of every view)."""
    return datetime.now(BERLIN).date()


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class LocalTimeError(RuleError):
    """A wall-clock time that does not exist or is ambiguous in Europe/Berlin."""


def to_utc(day: date, at: time) -> datetime:
    """Return the aware UTC datetime of the Europe/Berlin wall-clock time ``day`` ``at``."""
    naive = datetime.combine(day, at.replace(tzinfo=None))
    first = naive.replace(tzinfo=BERLIN, fold=0)
    second = naive.replace(tzinfo=BERLIN, fold=1)
    moment = {"time": at.strftime("%H:%M"), "day": day.strftime("%d.%m.%Y")}
    if first.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) != naive:
        message = _l(
            "%(time)s Uhr gibt es am %(day)s nicht (Umstellung auf Sommerzeit: "
            "die Uhr springt von 02:00 auf 03:00). Bitte eine andere Uhrzeit wählen.",
            **moment,
        )
    elif first.utcoffset() != second.utcoffset():
        message = _l(
            "%(time)s Uhr kommt am %(day)s zweimal vor (Umstellung auf Winterzeit: "
            "die Uhr springt von 03:00 auf 02:00 zurück). Bitte eine andere Uhrzeit wählen.",
            **moment,
        )
    else:
        return first.astimezone(UTC)
    raise LocalTimeError(message)


def to_local(value: datetime) -> datetime:
    """Return ``value`` (aware) in Europe/Berlin."""
    return value.astimezone(BERLIN)


def local_date(value: datetime) -> date:
    """Return the Europe/Berlin calendar day of an aware datetime."""
    return to_local(value).date()
