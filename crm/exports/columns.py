"""The columns of the exported lists, and the cells of a contact row (stored or derived).

The file headers stay German whatever the UI language, so that a list re-imports unchanged
(the importer knows these headers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import itemgetter

from flask_babel import lazy_gettext as _l

from crm.audit.labels import register_values
from crm.contacts.salutation import address_block, salutation_of
from crm.organisations.models import KINDS, STATES
from crm.writers import Column

#: an organisation's postal address, in a contact list and an organisation list alike
_ADDRESS = (
    Column("street", "Straße", width=26),
    Column("postal_code", "PLZ", "code", width=7),
    Column("city", "Ort", width=18),
)
#: every column of a contact list
CONTACT_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("salutation", "Anrede", width=8),
        Column("title", "Titel", width=10),
        Column("first_name", "Vorname", width=16),
        Column("last_name", "Nachname", width=18),
        Column("name_suffix", "Namenszusatz", width=10),
        Column("letter_salutation", "Briefanrede", width=34),
        Column("organisation", "Organisation", width=34),
        Column("department", "Abteilung", width=24),
        Column("job_title", "Funktion", width=24),
        Column("email", "E-Mail", width=32),
        Column("phone", "Telefon", width=18),
        *_ADDRESS,
        Column("address_block", "Adressblock", "block", width=36),
        Column("kind", "Art der Organisation", width=20),
        Column("state", "Bundesland", width=16),
        Column("since", "Zugehörig seit", "date", width=12),
    )
}

#: the same columns as the builder and the preview name them, in the reader's language
SCREEN_LABELS = {
    "salutation": _l("Anrede"),
    "title": _l("Titel"),
    "first_name": _l("Vorname"),
    "last_name": _l("Nachname"),
    "name_suffix": _l("Namenszusatz"),
    "letter_salutation": _l("Briefanrede"),
    "organisation": _l("Organisation"),
    "department": _l("Abteilung"),
    "job_title": _l("Funktion"),
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "street": _l("Straße"),
    "postal_code": _l("PLZ"),
    "city": _l("Ort"),
    "address_block": _l("Adressblock"),
    "kind": _l("Art der Organisation"),
    "state": _l("Bundesland"),
    "since": _l("Zugehörig seit"),
}
# an export's filters in the audit log: its columns and codes by their labels
register_values(SCREEN_LABELS, "columns")
register_values(KINDS, "kinds")
register_values(STATES, "states")

_NAME = ("salutation", "title", "first_name", "last_name", "name_suffix")
#: where and how a person is reached at their organisation
_AT_WORK = (
    "organisation",
    "department",
    "job_title",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
)
#: the columns chosen when the user chooses none: the mail-merge set
DEFAULT_COLUMNS = ("salutation", "title", "first_name", "last_name", "letter_salutation", *_AT_WORK)
#: what the vCards and the distribution list need
VCARD_FIELDS = (*_NAME, *_AT_WORK, "updated_at")
#: the fields of a vCard (``crm.writers.Card``) that copy a row's value unchanged
CARD_COPIES = ("title", "first_name", "last_name", "name_suffix", *_AT_WORK)
#: what a letter and a label need: the names and the address block
LETTER_FIELDS = (*_NAME, "organisation", "department", "street", "postal_code", "city")
DISTRIBUTION_FIELDS = (*_NAME, "email", "left_out")

ORGANISATION_COLUMNS = (
    Column("name", "Name", width=40),
    Column("short_name", "Kurzname", width=12),
    Column("kind", "Art", width=20),
    Column("state", "Bundesland", width=16),
    *_ADDRESS,
    Column("website", "Website", width=28),
    Column("email", "E-Mail", width=28),
    Column("phone", "Telefon", width=18),
)

#: what each derived column (computed in Python) needs from the database
_NEEDS = {
    "letter_salutation": _NAME,
    "address_block": (*_NAME, "organisation", "department", "street", "postal_code", "city"),
}


def needed(keys: Sequence[str]) -> list[str]:
    """Return the stored values the columns ``keys`` are made of, each once, in order."""
    names: list[str] = []
    for key in keys:
        for name in _NEEDS.get(key, (key,)):
            if name not in names:
                names.append(name)
    return names


def full_name(row) -> str:
    """Return "Prof. Dr. Anna Müller" for a row (the one rule: ``Contact.full_name``)."""
    parts = [row.title, row.first_name, row.last_name]
    name = " ".join(p for p in parts if p)
    return f"{name}, {row.name_suffix}" if row.name_suffix else name


_DERIVED = {
    "letter_salutation": salutation_of,
    "address_block": address_block,
    "kind": lambda r: str(KINDS[r.kind]) if r.kind else None,
    "state": lambda r: str(STATES[r.state]) if r.state else None,
}


def contact_cells(rows, keys: Sequence[str]) -> Iterator[list]:
    """Yield the chosen cells of each row.

    Stored values are picked by one ``itemgetter`` call per row (C speed); the few derived
    cells (Briefanrede, address block, German labels) are computed and put in their places.
    """
    names = ["id", *needed(keys)]
    plain = [(i, names.index(k)) for i, k in enumerate(keys) if k not in _DERIVED]
    derived = [(i, _DERIVED[k]) for i, k in enumerate(keys) if k in _DERIVED]
    width = len(keys)
    if not plain:
        for row in rows:
            yield [f(row) for _, f in derived]
        return
    pick = itemgetter(*(index for _, index in plain))
    if len(plain) == 1:
        single = pick
        pick = lambda row: (single(row),)  # noqa: E731
    if not derived:
        for row in rows:
            yield list(pick(row))
        return
    slots = [i for i, _ in plain]
    in_order = slots == list(range(len(slots)))
    for row in rows:
        if in_order:
            cells = list(pick(row))
            for i, f in derived:
                cells.insert(i, f(row))
        else:
            cells = [None] * width
            for i, value in zip(slots, pick(row), strict=True):
                cells[i] = value
            for i, f in derived:
                cells[i] = f(row)
        yield cells
