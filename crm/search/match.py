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
        return _sqlite_matches(model, terms, codes)
    inner = aliased(model)
    found = (
        sa.select(inner.id)
        .where(*(_word_condition(inner, t, c, dialect) for t, c in zip(terms, codes, strict=True)))
        .cte(f"{model.__tablename__}_found")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return model.id.in_(sa.select(found.c.id))


#: tables whose search columns SQLite indexes in FTS5 tables (``crm.search.sqlite_index``,
#: migrations d3b8f1a6c590 and e5a1c8d3f972)
SQLITE_INDEXED = {"contacts", "organisations"}


def _fts_tables(model) -> tuple[sa.TableClause, sa.TableClause]:
    """Return the FTS5 tables of ``model``'s ``search_text`` and ``phonetic_key``."""
    name = model.__tablename__
    return (
        sa.table(f"{name}_text", sa.column("rowid"), sa.column("search_text")),
        sa.table(f"{name}_sound", sa.column("rowid"), sa.column("phonetic_key")),
    )


#: the shortest word the trigram index finds by itself (a shorter one is read row by row)
_TRIGRAM = 3


def _phrase(term: str) -> str:
    """Return ``term`` as an FTS5 phrase: with the trigram index, the rows containing it."""
    return '"' + term.replace('"', '""') + '"'


def _by_phrase(term: str) -> bool:
    return len(term) >= _TRIGRAM and "%" not in term and "_" not in term


def _text_condition(text: sa.TableClause, term: str):
    if _by_phrase(term):
        return text.c.search_text.op("MATCH")(_phrase(term))
    if "%" in term or "_" in term:  # escaped: right, but not through the index
        return text.c.search_text.contains(term, autoescape=True)
    return text.c.search_text.like(f"%{term}%")


def _sqlite_matches(model, terms: list[str], codes: list[str | None]):
    """Return the condition of ``matches`` on SQLite, through the FTS5 indexes.

    The longest word (the rarest, as a rule) finds the candidates in the indexes: the rows
    whose ``search_text`` contains it united with those where a name word has its sound
    code. The other words are then tested on those few rows only: intersecting a set per
    word made "jorg bergmann" read all 4,000 Jörgs among 200,000 people to keep one.
    Words searched by text only (a phone number's parts) are intersected inside the
    index, in one query, when one of them is the longest.

    A word of three letters or more is looked up as a phrase of the trigram index
    (``MATCH '"jorg"'``): the index's positions alone say whether the trigrams stand
    together, where ``LIKE '%jorg%'`` reads and tests the stored text of every row that has
    them ("muller": 0.5 instead of 9 ms with 200,000 people). A substring search on SQLite
    otherwise reads every row (150 ms of CPU with 200,000 people).
    """
    text, sound_index = _fts_tables(model)
    words = list(zip(terms, codes, strict=True))
    lead = max(range(len(words)), key=lambda i: len(words[i][0]))
    if words[lead][1] is None:  # digits or short words: all of them in one index query
        plain = [t for t, c in words if c is None]
        phrases = [_phrase(t) for t in plain if _by_phrase(t)]
        where = [_text_condition(text, t) for t in plain if not _by_phrase(t)]
        if phrases:
            # FTS5 takes one MATCH per query: the phrases joined by AND
            where.insert(0, text.c.search_text.op("MATCH")(" AND ".join(phrases)))
        found = sa.select(text.c.rowid).where(*where)
        rest = [(t, c) for t, c in words if c is not None]
    else:
        term, code = words[lead]
        sound = sa.select(sound_index.c.rowid).where(
            sound_index.c.phonetic_key.op("MATCH")(f'"{code}"')
        )
        found = sa.union(sa.select(text.c.rowid).where(_text_condition(text, term)), sound)
        rest = words[:lead] + words[lead + 1 :]
    return sa.and_(model.id.in_(found), *(_word_condition(model, t, c, "sqlite") for t, c in rest))


def exact_first(model, q: str | None):
    """Return an ORDER BY term that puts rows containing every word of ``q`` first, or None."""
    terms = search_terms(q)
    if not terms:
        return None
    exact = sa.and_(*(model.search_text.contains(t, autoescape=True) for t in terms))
    return sa.case((exact, 0), else_=1)
