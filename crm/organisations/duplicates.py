"""Likely duplicate organisations: warnings before saving, and pairs for the duplicates page."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz

from crm.db import email_key
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
    name: str,
    email: str | None = None,
    exclude_id: int | None = None,
    limit: int = 10,
    fuzzy: bool = True,
) -> list[Duplicate]:
    """Return current organisations that are likely the same as ``name`` / ``email``.

    Candidates come from SQL through indexes with small LIMITs: the same e-mail, the same
    stored ``sort_key`` (normalised name), the same ``phonetic_key``. With ``fuzzy`` (the
    create form) names containing the most telling word are also read (at most 2,000) and
    scored by rapidfuzz; nothing scans the whole table in Python.
    """
    key = normalize(name)
    found: dict[int, Duplicate] = {}
    base = sa.select(Organisation).where(Organisation.not_archived())
    if exclude_id:
        base = base.where(Organisation.id != exclude_id)
    if email:
        # case folded, as the e-mail index has it (SQLite): a plain ``email =`` scanned it whole
        same_email = base.where(email_key(Organisation) == email.lower()).limit(limit)
        for org in db.session.scalars(same_email):
            found[org.id] = Duplicate(org, 100, ["email"])
    if key:
        same_name = base.where(Organisation.sort_key == key).limit(limit)
        candidates = {o.id: o for o in db.session.scalars(same_name)}
        if fuzzy:
            words = sorted(_name_words(name), key=len, reverse=True)[:1] or [key]
            contains = Organisation.search_text.contains(words[0], autoescape=True)
            candidates |= {o.id: o for o in db.session.scalars(base.where(contains).limit(2000))}
        sound = phonetic(name)
        sounding = {}
        if sound:
            # names that sound the same, through the key's index
            same_sound = base.where(Organisation.phonetic_key == sound).limit(limit * 2)
            sounding = {o.id: o for o in db.session.scalars(same_sound)}
        candidates |= sounding
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


def likely_duplicates(org: Organisation, limit: int = 10) -> list[Duplicate]:
    """Return likely duplicates of a stored organisation for the merge picker on its page:
    only the equality lookups of ``find_duplicates`` (a constant number of indexed queries
    with small LIMITs, whatever the number of organisations)."""
    return find_duplicates(org.name, org.email, exclude_id=org.id, limit=limit, fuzzy=False)


def duplicates_page(page: int, per_page: int) -> Page:
    """Return a page of likely duplicate pairs among current organisations."""
    return pair_page(Organisation, fuzz.token_sort_ratio, page, per_page)
