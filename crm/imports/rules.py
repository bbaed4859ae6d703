"""What an import as a whole must satisfy: a workable column mapping and known choices."""

from __future__ import annotations

from flask_babel import gettext as _

from crm.imports.headers import FIELDS, REQUIRED
from crm.organisations.models import DEFAULT_STATE  # noqa: F401  (the default Land of new organisations)
from crm.rules import RuleError

#: what may happen to a row that matches a stored record
ACTIONS = ("update", "skip", "create")


class ImportFailure(RuleError):
    """A problem with the whole import; nothing was written."""


def check_mapping(kind: str, mapping: list[str | None]) -> str | None:
    """Return the message saying why the mapping cannot work, or None when it can."""
    fields = FIELDS[kind]
    used = [m for m in mapping if m]
    unknown = [m for m in used if m not in fields]
    if unknown:
        return _("Unbekanntes Feld: %(fields)s", fields=", ".join(unknown))
    twice = sorted({m for m in used if used.count(m) > 1})
    if twice:
        labels = ", ".join(str(fields[m]) for m in twice)
        return _("Jedes Feld darf nur einer Spalte zugeordnet sein: %(fields)s", fields=labels)
    if REQUIRED[kind] not in used:
        return _("Bitte eine Spalte dem Feld „%(field)s“ zuordnen.", field=fields[REQUIRED[kind]])
    return None
