"""Queries and rules for people: lists, detail, create/edit/archive, affiliations,
duplicates and merge.

Decisions where the brief was silent:

- Nothing with history is deleted: people are archived (hidden from lists, search and
  pickers, restorable); merged duplicates are archived too, with a note where they went.
- Tags are typed as one comma-separated field; existing tags are reused whatever their case,
  missing ones are created.
- Edit forms carry the ``version`` they were based on (and the newest audit event seen).
  A save based on an older version is refused (``StaleEdit``) and the other person's
  changes are listed from the audit events since then; nothing is overwritten. The user's
  input stays in the form, which now carries the current version, so saving again is a
  deliberate decision. A race between check and write is still caught by the ORM's
  ``version_id_col`` (``StaleDataError``).
- Before a new person is saved, likely duplicates are listed (same e-mail, same normalised
  name at the same organisation, near names); it is saved only when none are found or the
  user ticks "Trotzdem anlegen".
- Audit summaries are stored in German as data; field names in ``changes`` are the
  column names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process
from sqlalchemy.orm import joinedload, selectinload

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.audit.models import AuditEvent
from crm.auth.models import User
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Seat
from crm.meetings.models import Invitation, Meeting
from crm.organisations.models import Organisation
from crm.pagination import Page
from crm.search.match import exact_first, matches
from crm.search.normalize import normalize, phonetic
from crm.search.pairs import pair_page
from crm.tags.models import contact_tags
from crm.tags.services import record_edit, tags_from_text, tags_text
from crm.time import today, utcnow

#: the fields a user edits (and a merge chooses between)
FIELDS = (
    "salutation",
    "title",
    "first_name",
    "last_name",
    "name_suffix",
    "email",
    "phone",
    "notes",
    "legal_basis",
    "consent_given_at",
    "consent_source",
    "consent_withdrawn_at",
    "is_no_contact",
)
AFFILIATION_FIELDS = ("job_title", "department", "email", "phone", "starts_on", "ends_on")


class ContactError(ValueError):
    """A rule about people was broken; the message is shown to the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- lists and detail ---------------------------------------------------------------------


def _current_affiliation(on: date):
    """Return a correlated subquery: the person's primary (else newest) current affiliation."""
    return (
        sa.select(Affiliation.id)
        .where(Affiliation.contact_id == Contact.id, active_on(Affiliation, on))
        .order_by(Affiliation.is_primary.desc(), Affiliation.starts_on.desc(), Affiliation.id)
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )


def sort_columns(on: date | None = None) -> dict:
    """Return the list's sort keys: name, first name, organisation, job title, e-mail."""
    on = on or today()
    current = _current_affiliation(on)
    org_name = (
        sa.select(Organisation.name)
        .join(Affiliation, Affiliation.organisation_id == Organisation.id)
        .where(Affiliation.id == current)
        .scalar_subquery()
    )
    job = sa.select(Affiliation.job_title).where(Affiliation.id == current).scalar_subquery()
    email = sa.func.coalesce(
        sa.select(Affiliation.email).where(Affiliation.id == current).scalar_subquery(),
        Contact.email,
    )
    # empty values sort first on every database (PostgreSQL would put NULLs last)
    return {
        "name": Contact.sort_key,
        "first_name": sa.func.coalesce(Contact.first_name, ""),
        "organisation": sa.func.coalesce(org_name, ""),
        "job_title": sa.func.coalesce(job, ""),
        "email": sa.func.coalesce(email, ""),
    }


def list_query(
    q: str | None = None,
    organisation_id: int | None = None,
    archived: bool = False,
    kind: str | None = None,
    state: str | None = None,
    group_id: int | None = None,
    role: str | None = None,
    tag_id: int | None = None,
    on: date | None = None,
) -> sa.Select:
    """Return the SELECT for the people list with search and filters applied.

    Organisation, kind and state filter on current affiliations; group and role on current
    seats (both as of ``on``, default today).
    """
    on = on or today()
    stmt = sa.select(Contact).options(
        selectinload(Contact.affiliations).joinedload(Affiliation.organisation)
    )
    stmt = stmt.where(Contact.archived_at.is_not(None) if archived else Contact.not_archived())
    found = matches(Contact, q)
    if found is not None:
        # rows that contain every word first, then those that only sound like it
        stmt = stmt.where(found).order_by(exact_first(Contact, q))
    if organisation_id or kind or state:
        affiliated = sa.select(Affiliation.contact_id).where(active_on(Affiliation, on))
        if organisation_id:
            affiliated = affiliated.where(Affiliation.organisation_id == organisation_id)
        if kind or state:
            affiliated = affiliated.join(
                Organisation, Affiliation.organisation_id == Organisation.id
            )
            if kind:
                affiliated = affiliated.where(Organisation.kind == kind)
            if state:
                affiliated = affiliated.where(Organisation.state == state)
        stmt = stmt.where(Contact.id.in_(affiliated))
    if group_id or role:
        seated = sa.select(Seat.contact_id).where(active_on(Seat, on))
        if group_id:
            seated = seated.where(Seat.group_id == group_id)
        if role:
            seated = seated.where(Seat.role == role)
        stmt = stmt.where(Contact.id.in_(seated))
    if tag_id:
        tagged = sa.select(contact_tags.c.contact_id).where(contact_tags.c.tag_id == tag_id)
        stmt = stmt.where(Contact.id.in_(tagged))
    return stmt


def detail(contact_id: int) -> Contact | None:
    """Return a person with affiliations and tags loaded."""
    return db.session.scalar(
        sa.select(Contact)
        .options(
            selectinload(Contact.affiliations).joinedload(Affiliation.organisation),
            selectinload(Contact.tags),
        )
        .where(Contact.id == contact_id)
    )


def invitations(contact: Contact) -> list[Invitation]:
    """Return the person's invitations, newest meeting first."""
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .join(Invitation.meeting)
            .options(joinedload(Invitation.meeting).joinedload(Meeting.group))
            .where(Invitation.contact_id == contact.id)
            .order_by(Meeting.starts_at.desc().nulls_last())
        )
    )


# --- create, edit, archive, restore -------------------------------------------------------


def _apply(contact: Contact, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            value = data[name]
            if name == "salutation":
                value = value or ""
            setattr(contact, name, value)


def create_contact(
    data: dict,
    tags: str | None = None,
    organisation: Organisation | None = None,
    affiliation: dict | None = None,
) -> Contact:
    """Add a person (optionally with a first, primary affiliation) and audit it."""
    contact = Contact()
    _apply(contact, data)
    contact.tags = tags_from_text(tags)
    db.session.add(contact)
    event = audit.record_create(contact, summary=contact.full_name)
    if contact.tags:
        event.changes = {**(event.changes or {}), "tags": [None, tags_text(contact.tags)]}
    if organisation is not None:
        add_affiliation(contact, organisation, {**(affiliation or {}), "is_primary": True})
    return contact


def update_contact(
    contact: Contact,
    data: dict,
    tags: str | None = None,
    version: int | None = None,
    seen_event: int | None = None,
) -> Contact:
    """Save edited fields unless someone else saved first (``StaleEdit``); audit the change."""
    check_version(contact, version, seen_event)
    record_edit(contact, lambda c: _apply(c, data), tags, summary=contact.full_name)
    return contact


def archive_contact(contact: Contact) -> None:
    """Hide a person from lists and pickers; the history stays."""
    audit.set_archived(contact, True, summary=contact.full_name)


def restore_contact(contact: Contact) -> None:
    """Bring an archived person back."""
    audit.set_archived(contact, False, summary=contact.full_name)


# --- affiliations -------------------------------------------------------------------------


def _affiliation_text(aff: Affiliation) -> str:
    parts = [aff.organisation.name if aff.organisation else f"#{aff.organisation_id}"]
    if aff.job_title:
        parts.append(aff.job_title)
    return ", ".join(parts)


def add_affiliation(contact: Contact, organisation: Organisation, data: dict) -> Affiliation:
    """Add an affiliation; a primary one makes the others non-primary. Audited on the person."""
    if organisation.is_archived:
        raise ContactError(_l("Die Organisation ist archiviert."), field="organisation")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise ContactError(_l("Das Ende liegt vor dem Beginn."), field="ends_on")
    aff = Affiliation(organisation=organisation)
    for name in AFFILIATION_FIELDS:
        if name in data:
            setattr(aff, name, data[name])
    contact.affiliations.append(aff)
    if data.get("is_primary") or not any(
        a.is_primary for a in contact.affiliations if a is not aff
    ):
        _make_primary(contact, aff)
    db.session.flush()
    audit.record(
        "update",
        "contacts",
        contact.id,
        summary=f"Zugehörigkeit hinzugefügt: {_affiliation_text(aff)}",
        changes={"affiliation": [None, _affiliation_text(aff)]},
    )
    return aff


def _make_primary(contact: Contact, aff: Affiliation) -> None:
    for other in contact.affiliations:
        other.is_primary = other is aff


def end_affiliation(aff: Affiliation, ends_on: date) -> None:
    """Give an affiliation an end date (it stays as history)."""
    if aff.starts_on and ends_on < aff.starts_on:
        raise ContactError(_l("Das Ende liegt vor dem Beginn."), field="ends_on")
    old = aff.ends_on
    aff.ends_on = ends_on
    audit.record(
        "update",
        "contacts",
        aff.contact_id,
        summary=f"Zugehörigkeit beendet: {_affiliation_text(aff)}",
        changes={
            "affiliation_ends_on": [old.isoformat() if old else None, ends_on.isoformat()],
        },
    )


def make_primary(aff: Affiliation) -> None:
    """Mark an affiliation as the person's primary one."""
    if aff.is_primary:
        return
    previous = next((a for a in aff.contact.affiliations if a.is_primary), None)
    _make_primary(aff.contact, aff)
    audit.record(
        "update",
        "contacts",
        aff.contact_id,
        summary=f"Primäre Zugehörigkeit: {_affiliation_text(aff)}",
        changes={
            "primary_affiliation": [
                _affiliation_text(previous) if previous else None,
                _affiliation_text(aff),
            ]
        },
    )


# --- duplicates ---------------------------------------------------------------------------


@dataclass
class Duplicate:
    """A likely duplicate of a person being created, with a score 0–100 and the reasons."""

    contact: Contact
    score: int
    reasons: list[str] = field(default_factory=list)


def name_key(first_name: str | None, last_name: str | None) -> str:
    """Return the normalised "last first" name that duplicates are compared by."""
    return " ".join(p for p in (normalize(last_name), normalize(first_name)) if p)


def _prefix_range(column, prefix: str):
    """Return "column starts with prefix" in a form a B-tree index (SQLite) or the trigram
    index (PostgreSQL) can serve."""
    if db.engine.dialect.name == "postgresql":
        return column.startswith(prefix, autoescape=True)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return sa.and_(column >= prefix, column < upper)


def _first_names_agree(a: str | None, b: str | None) -> bool:
    a, b = normalize(a), normalize(b)
    return not a or not b or a[0] == b[0]


def find_duplicates(
    first_name: str | None,
    last_name: str,
    emails: list[str | None] = (),
    organisation_id: int | None = None,
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[Duplicate]:
    """Return current people who are likely the same as the one described.

    Candidates come from SQL: the same e-mail (private or business), people at the same
    organisation, and people whose normalised last name starts with the same three letters
    (served by the ``search_text`` index, which starts with the last name). rapidfuzz scores
    the names; "Müller"/"Mueller" score 100 (same normalised name), "Schmidt"/"Schmitt" ~90.
    """
    key = name_key(first_name, last_name)
    last = normalize(last_name)
    found: dict[int, Duplicate] = {}

    def add(contact: Contact, score: int, reason: str) -> None:
        if contact.id in found:
            dup = found[contact.id]
            dup.score = max(dup.score, score)
            if reason not in dup.reasons:
                dup.reasons.append(reason)
        else:
            found[contact.id] = Duplicate(contact, score, [reason])

    base = sa.select(Contact).where(Contact.not_archived())
    if exclude_id:
        base = base.where(Contact.id != exclude_id)
    emails = sorted({e.strip().lower() for e in emails if e and e.strip()})
    if emails:
        by_business = sa.select(Affiliation.contact_id).where(Affiliation.email.in_(emails))
        # two indexed queries rather than one OR that would scan the table
        for condition in (Contact.email.in_(emails), Contact.id.in_(by_business)):
            for c in db.session.scalars(base.where(condition).limit(50)):
                add(c, 100, "email")
    if organisation_id:
        colleagues = sa.select(Affiliation.contact_id).where(
            Affiliation.organisation_id == organisation_id
        )
        for c in db.session.scalars(base.where(Contact.id.in_(colleagues)).limit(2000)):
            if name_key(c.first_name, c.last_name) == key:
                add(c, 100, "same_name_here")
    sound = phonetic(last_name, first_name)
    if sound:
        # names that sound the same (Meier/Meyer, Meißner/Meisner), through the key's index
        for c in db.session.scalars(base.where(Contact.phonetic_key == sound).limit(limit * 2)):
            score = 100 if c.sort_key == key else min(99, round(fuzz.ratio(key, c.sort_key)))
            add(c, score, "same_name" if score == 100 else "similar_name")
    if last:
        stmt = base.where(_prefix_range(Contact.search_text, last[:3])).limit(5000)
        rows = db.session.execute(
            stmt.with_only_columns(Contact.id, Contact.first_name, Contact.last_name)
        ).all()
        candidates = {
            r.id: name_key(r.first_name, r.last_name)
            for r in rows
            if _first_names_agree(first_name, r.first_name)
        }
        matches = process.extract(
            key, candidates, scorer=fuzz.ratio, score_cutoff=85, limit=limit * 2
        )
        if matches:
            people = {
                c.id: c
                for c in db.session.scalars(
                    sa.select(Contact).where(Contact.id.in_([m[2] for m in matches]))
                )
            }
            for _name, score, contact_id in matches:
                score = int(round(score))
                add(
                    people[contact_id],
                    score,
                    "same_name" if score == 100 else "similar_name",
                )
    return sorted(found.values(), key=lambda d: (-d.score, d.contact.last_name))[:limit]


def duplicates_page(page: int, per_page: int) -> Page:
    """Return a page of likely duplicate pairs among current people (``crm.search.pairs``)."""
    loaded = selectinload(Contact.affiliations).joinedload(Affiliation.organisation)
    return pair_page(Contact, fuzz.ratio, page, per_page, options=[loaded])


# --- merge --------------------------------------------------------------------------------

#: every foreign key that points at a person, and how a merge treats it
MERGE_MOVES = {
    ("affiliations", "contact_id"): "move",
    ("seats", "contact_id"): "move",
    ("invitations", "contact_id"): "move unless the survivor is invited to the same meeting",
    ("users", "contact_id"): "move",
    ("contact_tags", "contact_id"): "union",
}


def merge_contacts(survivor: Contact, other: Contact, take_other: set[str]) -> None:
    """Merge ``other`` into ``survivor`` in the caller's transaction, and audit it.

    ``take_other`` names the fields whose value comes from ``other``. Affiliations, seats,
    invitations, user links, tags and history entries move to the survivor. An invitation
    to a meeting the survivor is invited to as well stays with ``other``, which is archived
    (never deleted), so nothing with history is lost.
    """
    if survivor.id == other.id:
        raise ContactError(_l("Eine Person kann nicht mit sich selbst zusammengeführt werden."))
    before = audit.snapshot(survivor)
    old_tags = tags_text(survivor.tags)
    for name in FIELDS:
        if name in take_other:
            setattr(survivor, name, getattr(other, name))
    survivor.tags = list({t.id: t for t in [*survivor.tags, *other.tags]}.values())
    moved_affiliations = [_affiliation_text(a) for a in other.affiliations]
    db.session.flush()
    survivor_meetings = sa.select(Invitation.meeting_id).where(Invitation.contact_id == survivor.id)
    statements = [
        sa.update(Affiliation)
        .where(Affiliation.contact_id == other.id)
        .values(contact_id=survivor.id, is_primary=False),
        sa.update(Seat).where(Seat.contact_id == other.id).values(contact_id=survivor.id),
        sa.update(Invitation)
        .where(Invitation.contact_id == other.id, Invitation.meeting_id.not_in(survivor_meetings))
        .values(contact_id=survivor.id),
        sa.update(User).where(User.contact_id == other.id).values(contact_id=survivor.id),
        sa.update(AuditEvent)
        .where(AuditEvent.entity_type == "contacts", AuditEvent.entity_id == other.id)
        .values(entity_id=survivor.id),
    ]
    for stmt in statements:
        db.session.execute(stmt, execution_options={"synchronize_session": False})
    changes = audit.diff(before, audit.snapshot(survivor))
    if tags_text(survivor.tags) != old_tags:
        changes["tags"] = [old_tags or None, tags_text(survivor.tags)]
    if moved_affiliations:
        changes["affiliations_moved"] = [None, "; ".join(moved_affiliations)]
    changes["merged_from"] = [other.id, survivor.id]
    survivor.updated_at = utcnow()
    audit.record(
        "merge",
        "contacts",
        survivor.id,
        summary=f"{other.full_name} (#{other.id}) übernommen",
        changes=changes,
    )
    other_before = audit.snapshot(other)
    other.archived_at = utcnow()
    note = f"Zusammengeführt in #{survivor.id} {survivor.full_name}"
    other.notes = "\n".join(p for p in (other.notes, note) if p)
    audit.record(
        "merge",
        "contacts",
        other.id,
        summary=f"zusammengeführt in {survivor.full_name} (#{survivor.id})",
        changes=audit.diff(other_before, audit.snapshot(other)),
    )
    db.session.flush()
    db.session.expire_all()
    # the moved affiliations change the survivor's search text (their e-mails and phones)
    fresh = db.session.get(Contact, survivor.id)
    fresh.search_text = fresh.compute_search_text()[:700]
    other_fresh = db.session.get(Contact, other.id)
    other_fresh.search_text = other_fresh.compute_search_text()[:700]
    db.session.flush()
