"""Likely duplicate people: warnings before saving, and pairs for the duplicates page.

Before a new person is saved, likely duplicates are listed (same e-mail, same normalised
name at the same organisation, near names); it is saved only when none are found or the
user ticks "Trotzdem anlegen".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy.orm import selectinload

from crm.contacts.models import Affiliation, Contact
from crm.extensions import db
from crm.pagination import Page
from crm.search.normalize import name_sort_key, normalize, phonetic
from crm.search.pairs import pair_page


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
    fuzzy: bool = True,
) -> list[Duplicate]:
    """Return current people who are likely the same as the one described.

    Candidates come from SQL, each through an index with a small LIMIT: the same e-mail
    (private or business), the same stored ``sort_key`` (at the organisation, or anywhere),
    the same ``phonetic_key`` (Meier/Meyer, Schmidt/Schmitt); none of these grows with the
    data. With ``fuzzy`` (the create form) people whose normalised last name starts with the
    same three letters are also read (``search_text`` index, at most 5,000 rows) and scored
    by rapidfuzz; "Müller"/"Mueller" score 100 (same normalised name), "Schmidt"/"Schmitt" ~90.
    """
    key = name_key(first_name, last_name)
    sort_key = name_sort_key(last_name, first_name)
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
    if sort_key:
        same = base.where(Contact.sort_key == sort_key)
        if organisation_id:
            # the same name at the organisation: the sort key's index, then the person's
            # affiliations; the organisation's other people are never read
            here = sa.exists().where(
                Affiliation.contact_id == Contact.id,
                Affiliation.organisation_id == organisation_id,
            )
            for c in db.session.scalars(same.where(here).limit(limit)):
                add(c, 100, "same_name_here")
        for c in db.session.scalars(same.limit(limit)):
            add(c, 100, "same_name")
    sound = phonetic(last_name, first_name)
    if sound:
        # names that sound the same (Meier/Meyer, Meißner/Meisner), through the key's index
        for c in db.session.scalars(base.where(Contact.phonetic_key == sound).limit(limit * 2)):
            other = name_key(c.first_name, c.last_name)
            score = 100 if other == key else min(99, round(fuzz.ratio(key, other)))
            add(c, score, "same_name" if score == 100 else "similar_name")
    if fuzzy and last:
        _add_near_names(add, base, key, first_name, last, limit)
    return sorted(found.values(), key=lambda d: (-d.score, d.contact.last_name))[:limit]


def _add_near_names(add, base, key: str, first_name: str | None, last: str, limit: int) -> None:
    """Score people whose normalised last name starts like ``last`` (at most 5,000 rows of the
    ``search_text`` index) by rapidfuzz, and ``add`` those scoring 85 or more."""
    stmt = base.where(_prefix_range(Contact.search_text, last[:3])).limit(5000)
    rows = db.session.execute(
        stmt.with_only_columns(Contact.id, Contact.first_name, Contact.last_name)
    ).all()
    candidates = {
        r.id: name_key(r.first_name, r.last_name)
        for r in rows
        if _first_names_agree(first_name, r.first_name)
    }
    matches = process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=85, limit=limit * 2)
    if not matches:
        return
    people = {
        c.id: c
        for c in db.session.scalars(
            sa.select(Contact).where(Contact.id.in_([m[2] for m in matches]))
        )
    }
    for _name, score, contact_id in matches:
        score = int(round(score))
        add(people[contact_id], score, "same_name" if score == 100 else "similar_name")


def likely_duplicates(contact: Contact, limit: int = 10) -> list[Duplicate]:
    """Return likely duplicates of a stored person for the merge picker on its page.

    Only the equality lookups of ``find_duplicates`` run (e-mail, sort key, phonetic key):
    a constant number of indexed queries with small LIMITs, whatever the number of people
    or of the person's colleagues.
    """
    emails = [contact.email, *(a.email for a in contact.affiliations)]
    return find_duplicates(
        contact.first_name,
        contact.last_name,
        emails,
        exclude_id=contact.id,
        limit=limit,
        fuzzy=False,
    )


def duplicates_page(page: int, per_page: int) -> Page:
    """Return a page of likely duplicate pairs among current people (``crm.search.pairs``)."""
    loaded = selectinload(Contact.affiliations).joinedload(Affiliation.organisation)
    return pair_page(Contact, fuzz.ratio, page, per_page, options=[loaded])
