"""The rules people and their affiliations obey, shared by the operations."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from crm.rules import RuleError


class ContactError(RuleError):
    """A rule about people was broken; the message is shown to the user."""


def check_period(starts_on: date | None, ends_on: date | None) -> None:
    """Raise ``ContactError`` (beside ``ends_on``) when a period ends before it begins."""
    if starts_on and ends_on and ends_on < starts_on:
        raise ContactError(_l("Das Ende liegt vor dem Beginn."), field="ends_on")
