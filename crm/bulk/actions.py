"""Which bulk actions each list offers, to which roles, and which ask for a second step.

A bulk action acts on the organisations or people ticked on a list page, or on every row the
list's filters match. Tagging runs at once; every other action opens a step page first that
shows how many records it touches and asks for what it needs (a date, a meeting, a list, a
format); ending memberships and archiving say there that they change many records at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import Mapped

from crm.audit import services as audit
from crm.auth.permissions import STAFF_ROLES
from crm.contacts import queries as contact_queries
from crm.contacts.models import Contact
from crm.organisations import queries as organisation_queries
from crm.organisations.models import Organisation

#: group leads invite to their own groups' meetings and export their groups' people
LEADS = (*STAFF_ROLES, "group_lead")


@dataclass(frozen=True)
class Action:
    label: object
    roles: tuple[str, ...] = STAFF_ROLES
    #: a step page (values and the count) comes before the action runs
    step: bool = True
    #: changes many records in a way a click cannot undo: the step page warns
    destructive: bool = False


@dataclass(frozen=True)
class ListKind:
    """One list page that has a bulk bar: its model, list query and words."""

    model: type
    list_query: object
    endpoint: str
    #: the count in words, singular or plural: "1 Person", "5 Organisationen"
    count_text: Callable[[int], str]

    def name_of(self, row) -> str:
        return row.full_name if isinstance(row, Contact) else row.name

    @property
    def name_column(self) -> Mapped:
        return self.model.sort_key if self.model is Contact else self.model.name


KINDS = {
    "contacts": ListKind(
        Contact,
        contact_queries.list_from_args,
        "contacts.index",
        lambda n: ngettext("%(num)s Person", "%(num)s Personen", n),
    ),
    "organisations": ListKind(
        Organisation,
        organisation_queries.list_from_args,
        "organisations.index",
        lambda n: ngettext("%(num)s Organisation", "%(num)s Organisationen", n),
    ),
}

_COMMON = {
    "tag": Action(_l("Schlagwort hinzufügen"), step=False),
    "untag": Action(_l("Schlagwort entfernen"), step=False),
}

ACTIONS = {
    "contacts": {
        **_COMMON,
        "list": Action(_l("Zu einem Verteiler hinzufügen")),
        "invite": Action(_l("Zu einer Sitzung einladen"), LEADS),
        "export": Action(_l("Auswahl exportieren"), LEADS),
        "end": Action(_l("Mandate zu einem Datum beenden"), destructive=True),
        "archive": Action(_l("Archivieren"), destructive=True),
    },
    "organisations": {
        **_COMMON,
        "list": Action(_l("Ihre Personen zu einem Verteiler hinzufügen")),
        "invite": Action(_l("Ihre Vertretungen zu einer Sitzung einladen"), LEADS),
        "export": Action(_l("Auswahl exportieren"), LEADS),
        "end": Action(_l("Mitgliedschaften zu einem Datum beenden"), destructive=True),
        "archive": Action(_l("Archivieren"), destructive=True),
    },
}


#: the audit log's words for each bulk operation (German msgids, translated when shown)

SUMMARIES = {
    "contacts": {
        "tag": audit.N_("Sammelaktion Personen: Schlagwort hinzugefügt (%(n)s Einträge)"),
        "untag": audit.N_("Sammelaktion Personen: Schlagwort entfernt (%(n)s Einträge)"),
        "list": audit.N_("Sammelaktion Personen: zu einem Verteiler hinzugefügt (%(n)s Einträge)"),
        "invite": audit.N_("Sammelaktion Personen: zu einer Sitzung eingeladen (%(n)s Einträge)"),
        "end": audit.N_("Sammelaktion Personen: Mandate beendet (%(n)s Einträge)"),
        "archive": audit.N_("Sammelaktion Personen: archiviert (%(n)s Einträge)"),
    },
    "organisations": {
        "tag": audit.N_("Sammelaktion Organisationen: Schlagwort hinzugefügt (%(n)s Einträge)"),
        "untag": audit.N_("Sammelaktion Organisationen: Schlagwort entfernt (%(n)s Einträge)"),
        "list": audit.N_(
            "Sammelaktion Organisationen: Personen zu einem Verteiler (%(n)s Einträge)"
        ),
        "invite": audit.N_("Sammelaktion Organisationen: Vertretungen eingeladen (%(n)s Einträge)"),
        "end": audit.N_("Sammelaktion Organisationen: Mitgliedschaften beendet (%(n)s Einträge)"),
        "archive": audit.N_("Sammelaktion Organisationen: archiviert (%(n)s Einträge)"),
    },
}


def allowed(user, kind: str) -> dict[str, Action]:
    """Return the actions ``user`` may run on the list ``kind`` (empty: no bulk bar)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    return {code: a for code, a in ACTIONS.get(kind, {}).items() if user.role in a.roles}
