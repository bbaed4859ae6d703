"""Likely duplicate organisations: warnings before saving, and pairs for the duplicates page."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz

from crm.extensions import db
from crm.organisations.models import Organisation
from crm.search.merging import Pair, rank_pairs
from crm.search.normalize import normalize

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
        for org in db.session.scalars(stmt):
            other = normalize(org.name)
            score = 100 if other == key else round(fuzz.token_sort_ratio(key, other))
            if score < 85:
                continue
            reason = "same_name" if score == 100 else "similar_name"
            if org.id in found:
                found[org.id].reasons.append(reason)
            else:
                found[org.id] = Duplicate(org, score, [reason])
    return sorted(found.values(), key=lambda d: (-d.score, d.organisation.name))[:limit]


def duplicate_pairs(cutoff: int = 88, limit: int = 2000) -> list[Pair]:
    """Return up to ``limit`` likely duplicate pairs among current organisations, best first.

    Names are compared within blocks of the same first three letters of the most telling
    word.
    """
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.email).where(
            Organisation.not_archived()
        )
    ).all()

    def records():
        for org_id, name, email in rows:
            words = sorted(_name_words(name), key=len, reverse=True)
            key = normalize(name)
            yield org_id, email, (words[0] if words else key)[:3], key

    return rank_pairs(records(), fuzz.token_sort_ratio, cutoff, limit)


def load(ids: set[int]) -> list[Organisation]:
    """Return the organisations of a page of pairs, in one query."""
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids))))
