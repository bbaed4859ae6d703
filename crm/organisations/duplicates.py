"""Likely duplicate organisations: warnings before saving, and pairs for the duplicates page."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz

from crm.extensions import db
from crm.organisations.models import Organisation
from crm.pagination import Page
from crm.search.normalize import normalize, phonetic
from crm.search.pairs import pair_page

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
