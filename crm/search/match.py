"""The one search condition on the stored ``search_text`` and ``phonetic_key`` columns."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm.extensions import db
from crm.search.normalize import search_terms, sound_terms

#: a query word this long is also looked up by trigram similarity on PostgreSQL
MIN_SIMILAR_LENGTH = 4


def _sounds_like(model, code: str):
    """Return "one word of the stored name has the phonetic code ``code``"."""
    bounded = (" " + model.phonetic_key + " ").contains(f" {code} ", autoescape=True)
    # the unbounded LIKE lets PostgreSQL's trigram index find the rows, the bounded one checks
    return sa.and_(model.phonetic_key.contains(code, autoescape=True), bounded)


def _word_condition(model, term: str, code: str | None, dialect: str):
    """Return "``term`` is in the row's text, or a name word sounds (or is spelt) like it"."""
    options = [model.search_text.contains(term, autoescape=True)]
    if code and hasattr(model, "phonetic_key"):
        options.append(_sounds_like(model, code))
    if dialect == "postgresql" and len(term) >= MIN_SIMILAR_LENGTH and term.isalpha():
        # pg_trgm's word similarity ("term <% text"), served by the same GIN index
        options.append(sa.literal(term).op("<%")(model.search_text))
    return sa.or_(*options)


def matches(model, q: str | None):
    """Return "``model`` row matches every word of ``q``" as a SQL condition, or None.

    A word matches where it is part of the stored text, and also where a word of the name
    sounds like it (Kölner Phonetik: "Meisner" finds Meißner, "Schmitt" finds Schmidt) and,
    on PostgreSQL, where a word is spelt nearly like it (trigram similarity). ``exact_first``
    ranks the rows that contain every word before those found by sound or similarity.

    The words are matched in a separate set of ids so that the database finds the rows
    through the search index (a trigram index on PostgreSQL; on SQLite a scan of the
    covering index) before it sorts them, instead of walking the sort index and testing
    row after row: with 200,000 people "mueller" took 300 ms (SQLite) and 600 ms
    (PostgreSQL) that way, and 60 ms and a few ms this way. On PostgreSQL the set is a
    MATERIALIZED CTE, as the planner otherwise still prefers the sort index when the
    matches are clustered (all Müllers sort together).
    """
    terms = search_terms(q)
    if not terms:
        return None
    codes = sound_terms(q)
    dialect = db.engine.dialect.name
    if dialect == "sqlite" and model.__tablename__ in SQLITE_INDEXED:
        return sa.and_(*(model.id.in_(found) for found in _sqlite_found(terms, codes)))
    inner = aliased(model)
    found = (
        sa.select(inner.id)
        .where(*(_word_condition(inner, t, c, dialect) for t, c in zip(terms, codes, strict=True)))
        .cte(f"{model.__tablename__}_found")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return model.id.in_(sa.select(found.c.id))


#: tables whose search columns SQLite indexes in FTS5 tables (migration d3b8f1a6c590)
SQLITE_INDEXED = {"contacts"}
_TEXT = sa.table("contacts_text", sa.column("rowid"), sa.column("search_text"))
_SOUND = sa.table("contacts_sound", sa.column("rowid"), sa.column("phonetic_key"))


def _sqlite_found(terms: list[str], codes: list[str | None]) -> list:
    """Return per word the SELECT of the ids of people matching it, through the FTS5 indexes.

    Per word: the rows whose ``search_text`` contains it (the trigram index answers LIKE
    for three letters or more) united with those where a name word has its sound code;
    a person must be in every word's set. Words searched by text only (a phone number's
    parts) share one index query, which intersects them inside the index. A substring search on SQLite otherwise reads every
    row (150 ms of CPU with 200,000 people).
    """
    plain, words = [], []
    for term, code in zip(terms, codes, strict=True):
        if "%" in term or "_" in term:  # escaped: right, but not through the index
            contains = _TEXT.c.search_text.contains(term, autoescape=True)
        else:
            contains = _TEXT.c.search_text.like(f"%{term}%")
        if not code:  # digits, short words: only by text, all of them in one index query
            plain.append(contains)
            continue
        sound = sa.select(_SOUND.c.rowid).where(_SOUND.c.phonetic_key.op("MATCH")(f'"{code}"'))
        words.append(sa.union(sa.select(_TEXT.c.rowid).where(contains), sound))
    if plain:
        words.insert(0, sa.select(_TEXT.c.rowid).where(*plain))
    return words


def exact_first(model, q: str | None):
    """Return an ORDER BY term that puts rows containing every word of ``q`` first, or None."""
    terms = search_terms(q)
    if not terms:
        return None
    exact = sa.and_(*(model.search_text.contains(t, autoescape=True) for t in terms))
    return sa.case((exact, 0), else_=1)
