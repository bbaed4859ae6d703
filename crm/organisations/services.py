"""Queries and rules for organisations: lists, detail, create/edit/archive, duplicates, merge."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz
from sqlalchemy.orm import joinedload, selectinload

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.audit.models import AuditEvent
from crm.contacts.models import Affiliation
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Membership, Seat
from crm.meetings.models import Invitation, Meeting
from crm.organisations.models import Organisation
from crm.pagination import Page
from crm.search.match import exact_first, matches
from crm.search.normalize import normalize, phonetic
from crm.search.pairs import pair_page
from crm.tags.models import Tag, organisation_tags
from crm.tags.services import record_edit, tags_from_text, tags_text
from crm.time import today, utcnow

#: the fields a user edits (and a merge chooses between)
FIELDS = (
    "name",
    "short_name",
    "kind",
    "state",
    "parent_id",
    "street",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "notes",
)

#: words too common in organisation names to tell two of them apart
_COMMON_WORDS = {
    "stadt",
    "landkreis",
    "kreis",
    "gmbh",
    "mbh",
    "ag",
    "ev",
    "e.v.",
    "und",
    "der",
    "die",
    "das",
    "fur",
    "des",
    "ministerium",
    "verband",
    "verein",
    "gesellschaft",
}


class OrganisationError(ValueError):
    """A rule about organisations was broken; the message is shown to the user."""

    def __init__(self, message: str, field: str | None = None, choices: list | None = None):
        super().__init__(message)
        self.field = field
        self.choices = choices or []


def list_query(
    q: str | None = None,
    kind: str | None = None,
    state: str | None = None,
    archived: bool = False,
    group_id: int | None = None,
    tag_id: int | None = None,
    on: date | None = None,
) -> sa.Select:
    """Return the SELECT for the organisation list with search and filters applied.

    ``group_id`` keeps the organisations that are members of the group on ``on`` (today).
    """
    stmt = sa.select(Organisation).options(joinedload(Organisation.parent))
    stmt = stmt.where(
        Organisation.archived_at.is_not(None) if archived else Organisation.not_archived()
    )
    found = matches(Organisation, q)
    if found is not None:
        # rows that contain every word first, then those that only sound like it
        stmt = stmt.where(found).order_by(exact_first(Organisation, q))
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if state:
        stmt = stmt.where(Organisation.state == state)
    if group_id:
        members = sa.select(Membership.organisation_id).where(
            Membership.group_id == group_id, active_on(Membership, on or today())
        )
        stmt = stmt.where(Organisation.id.in_(members))
    if tag_id:
        tagged = sa.select(organisation_tags.c.organisation_id).where(
            organisation_tags.c.tag_id == tag_id
        )
        stmt = stmt.where(Organisation.id.in_(tagged))
    return stmt


def detail(org_id: int) -> Organisation | None:
    """Return an organisation with its parent, children and tags loaded."""
    return db.session.scalar(
        sa.select(Organisation)
        .options(
            joinedload(Organisation.parent),
            selectinload(Organisation.children),
            selectinload(Organisation.tags),
        )
        .where(Organisation.id == org_id)
    )


def affiliations(org: Organisation) -> list[Affiliation]:
    """Return the organisation's affiliations (current first), with their people."""
    return list(
        db.session.scalars(
            sa.select(Affiliation)
            .options(joinedload(Affiliation.contact))
            .where(Affiliation.organisation_id == org.id)
            .order_by(Affiliation.ends_on.is_not(None), Affiliation.ends_on.desc(), Affiliation.id)
        )
    )


def meetings(org: Organisation, limit: int = 50) -> list[Meeting]:
    """Return the meetings the organisation was invited to or whose group it belongs to."""
    invited = sa.select(Invitation.meeting_id).where(Invitation.organisation_id == org.id)
    member_groups = sa.select(Membership.group_id).where(Membership.organisation_id == org.id)
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .options(joinedload(Meeting.group))
            .where(sa.or_(Meeting.id.in_(invited), Meeting.group_id.in_(member_groups)))
            .order_by(Meeting.starts_at.desc().nulls_first(), Meeting.id.desc())
            .limit(limit)
        )
    )


def all_tags() -> list[Tag]:
    """Return every tag, for the list filters."""
    return list(db.session.scalars(sa.select(Tag).order_by(Tag.name)))


# --- picking an organisation by name ------------------------------------------------------

_ID_SUFFIX = re.compile(r"\(#(\d+)\)\s*$|^#?(\d+)$")


def label(org: Organisation) -> str:
    """Return the text a picker field shows for ``org``: "Stadt Leipzig (#12)"."""
    return f"{org.name} (#{org.id})"


def resolve(text: str, exclude_id: int | None = None) -> Organisation:
    """Return the one current organisation meant by ``text`` (a name, "Name (#12)" or "#12").

    Raises ``OrganisationError`` with the candidates when the text is ambiguous.
    """
    match = _ID_SUFFIX.search(text.strip())
    if match:
        org = db.session.get(Organisation, int(match.group(1) or match.group(2)))
        if org is not None and not org.is_archived and org.id != exclude_id:
            return org
    found = list(
        db.session.scalars(
            list_query(text)
            .where(Organisation.id != (exclude_id or 0))
            .order_by(Organisation.name)
            .limit(11)
        )
    )
    key = normalize(text)
    exact = [o for o in found if key in (normalize(o.name), normalize(o.short_name))]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise OrganisationError(_l("Keine Organisation mit diesem Namen gefunden."))
    raise OrganisationError(
        _l("Mehrere Organisationen passen, bitte eine auswählen."), choices=found[:10]
    )


# --- create, edit, archive, restore -------------------------------------------------------


def _apply(org: Organisation, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(org, name, data[name])


def _check_parent(org: Organisation, parent: Organisation | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if node.id is not None and node.id == org.id:
            raise OrganisationError(
                _l("Eine Organisation kann nicht unter sich selbst stehen."), field="parent"
            )
        if node.id in seen:
            break
        seen.add(node.id)
        node = node.parent


def create_organisation(data: dict, tags: str | None = None) -> Organisation:
    """Add an organisation and audit it."""
    org = Organisation()
    _apply(org, data)
    org.tags = tags_from_text(tags)
    db.session.add(org)
    event = audit.record_create(org, summary=org.name)
    if org.tags:
        event.changes = {**(event.changes or {}), "tags": [None, tags_text(org.tags)]}
    return org


def update_organisation(
    org: Organisation,
    data: dict,
    tags: str | None = None,
    version: int | None = None,
    seen_event: int | None = None,
) -> Organisation:
    """Save edited fields unless someone else saved first (``StaleEdit``); audit the change."""
    check_version(org, version, seen_event)
    if "parent_id" in data and data["parent_id"]:
        _check_parent(org, db.session.get(Organisation, data["parent_id"]))
    record_edit(org, lambda o: _apply(o, data), tags, summary=org.name)
    return org


def archive_organisation(org: Organisation) -> None:
    """Hide an organisation from lists and pickers; its history stays."""
    audit.set_archived(org, True, summary=org.name)


def restore_organisation(org: Organisation) -> None:
    """Bring an archived organisation back."""
    audit.set_archived(org, False, summary=org.name)


# --- duplicates ---------------------------------------------------------------------------


@dataclass
class Duplicate:
    """A likely duplicate of an organisation being created, with a score 0–100 and reasons."""

    organisation: Organisation
    score: int
    reasons: list[str] = field(default_factory=list)


def _name_words(name: str) -> list[str]:
    words = [w.strip("().,-") for w in normalize(name).split(" ")]
    return [w for w in words if len(w) >= 3 and w not in _COMMON_WORDS]


def find_duplicates(
    name: str, email: str | None = None, exclude_id: int | None = None, limit: int = 10
) -> list[Duplicate]:
    """Return current organisations that are likely the same as ``name`` / ``email``.

    Candidates come from SQL (same e-mail; names sharing the most telling word), then
    rapidfuzz scores the names; nothing scans the whole table in Python.
    """
    key = normalize(name)
    found: dict[int, Duplicate] = {}
    base = sa.select(Organisation).where(Organisation.not_archived())
    if exclude_id:
        base = base.where(Organisation.id != exclude_id)
    if email:
        for org in db.session.scalars(base.where(Organisation.email == email.lower()).limit(limit)):
            found[org.id] = Duplicate(org, 100, ["email"])
    words = sorted(_name_words(name), key=len, reverse=True)[:1] or [key]
    if key:
        stmt = base.where(Organisation.search_text.contains(words[0], autoescape=True)).limit(2000)
        sound = phonetic(name)
        # names that sound the same, through the key's index
        same_sound = base.where(Organisation.phonetic_key == sound).limit(limit * 2)
        sounding = {o.id: o for o in db.session.scalars(same_sound)}
        candidates = {o.id: o for o in db.session.scalars(stmt)} | sounding
        for org in candidates.values():
            other = normalize(org.name)
            score = 100 if other == key else round(fuzz.token_sort_ratio(key, other))
            if score < 85 and org.id not in sounding:
                continue
            reason = "same_name" if score == 100 else "similar_name"
            if reason in getattr(found.get(org.id), "reasons", ()):
                continue
            if org.id in found:
                found[org.id].reasons.append(reason)
            else:
                found[org.id] = Duplicate(org, score, [reason])
    return sorted(found.values(), key=lambda d: (-d.score, d.organisation.name))[:limit]


def duplicates_page(page: int, per_page: int) -> Page:
    """Return a page of likely duplicate pairs among current organisations."""
    return pair_page(Organisation, fuzz.token_sort_ratio, page, per_page)


# --- merge --------------------------------------------------------------------------------

#: every foreign key that points at an organisation, and how a merge treats it
MERGE_MOVES = {
    ("affiliations", "organisation_id"): "move",
    ("memberships", "organisation_id"): "move",
    ("seats", "organisation_id"): "move",
    ("invitations", "organisation_id"): "move",
    ("organisations", "parent_id"): "move",
    ("organisation_tags", "organisation_id"): "union",
}


def merge_organisations(survivor: Organisation, other: Organisation, take_other: set[str]) -> None:
    """Merge ``other`` into ``survivor`` in the caller's transaction, and audit it.

    ``take_other`` names the fields whose value comes from ``other``. Every affiliation,
    membership, seat, invitation, child organisation, tag and history entry moves to the
    survivor; ``other`` is archived (never deleted) and points nowhere any more.
    """
    if survivor.id == other.id:
        raise OrganisationError(
            _l("Eine Organisation kann nicht mit sich selbst zusammengeführt werden.")
        )
    before = audit.snapshot(survivor)
    old_tags = tags_text(survivor.tags)
    for name in FIELDS:
        if name in take_other:
            value = getattr(other, name)
            if name == "parent_id" and value == survivor.id:
                value = None
            setattr(survivor, name, value)
    if survivor.parent_id == other.id:
        survivor.parent_id = other.parent_id if other.parent_id != survivor.id else None
    survivor.tags = list({t.id: t for t in [*survivor.tags, *other.tags]}.values())
    db.session.flush()
    for model, column in (
        (Affiliation, Affiliation.organisation_id),
        (Membership, Membership.organisation_id),
        (Seat, Seat.organisation_id),
        (Invitation, Invitation.organisation_id),
    ):
        db.session.execute(
            sa.update(model).where(column == other.id).values({column.key: survivor.id}),
            execution_options={"synchronize_session": False},
        )
    db.session.execute(
        sa.update(Organisation)
        .where(Organisation.parent_id == other.id, Organisation.id != survivor.id)
        .values(parent_id=survivor.id),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        sa.update(AuditEvent)
        .where(AuditEvent.entity_type == "organisations", AuditEvent.entity_id == other.id)
        .values(entity_id=survivor.id),
        execution_options={"synchronize_session": False},
    )
    changes = audit.diff(before, audit.snapshot(survivor))
    if tags_text(survivor.tags) != old_tags:
        changes["tags"] = [old_tags or None, tags_text(survivor.tags)]
    changes["merged_from"] = [other.id, survivor.id]
    survivor.updated_at = utcnow()
    audit.record(
        "merge",
        "organisations",
        survivor.id,
        summary=f"{other.name} (#{other.id}) übernommen",
        changes=changes,
    )
    other_before = audit.snapshot(other)
    other.archived_at = utcnow()
    other.parent_id = None
    other.notes = "\n".join(
        p
        for p in (
            other.notes,
            f"Zusammengeführt in #{survivor.id} {survivor.name}",
        )
        if p
    )
    audit.record(
        "merge",
        "organisations",
        other.id,
        summary=f"zusammengeführt in {survivor.name} (#{survivor.id})",
        changes=audit.diff(other_before, audit.snapshot(other)),
    )
    db.session.flush()
    db.session.expire_all()
