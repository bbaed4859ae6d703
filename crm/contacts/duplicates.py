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
from crm.search.merging import Pair, rank_pairs
from crm.search.normalize import normalize


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


def duplicate_pairs(cutoff: int = 88, limit: int = 2000) -> list[Pair]:
    """Return up to ``limit`` likely duplicate pairs among current people, best first.

    Same e-mail pairs, and names compared within blocks of the same first three letters of
    the normalised last name and the same first-name initial.
    """
    rows = db.session.execute(
        sa.select(Contact.id, Contact.first_name, Contact.last_name, Contact.email).where(
            Contact.not_archived()
        )
    ).all()
    records = (
        (contact_id, email, normalize(last)[:3] + " " + normalize(first)[:1], name_key(first, last))
        for contact_id, first, last, email in rows
    )
    return rank_pairs(records, fuzz.ratio, cutoff, limit)


def load(ids: set[int]) -> list[Contact]:
    """Return the people (with affiliations) of a page of pairs, in two queries."""
    return list(
        db.session.scalars(
            sa.select(Contact)
            .options(selectinload(Contact.affiliations).joinedload(Affiliation.organisation))
            .where(Contact.id.in_(ids))
        )
    )
