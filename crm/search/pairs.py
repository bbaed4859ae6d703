"""Duplicate pairs read through the stored keys, a page at a time, with no cap on pairs.

Two records are a candidate pair when they share an e-mail address (case ignored) or their
``phonetic_key`` (Kölner Phonetik of the name: Meier/Meyer/Maier, Schmidt/Schmitt,
Meißner/Meisner; the same folded name always gives the same key). A page costs the same
however many records and pairs there are: the blocks of equal keys are counted from the
index (one grouped scan of ``phonetic_key``), the blocks the page reaches are found in the
database by a running sum of those counts (only they come back to Python), and only the
pairs of the page are read, by a self-join on the indexed key that starts at those blocks. The e-mail pairs, usually few, come first; a pair that also sounds
alike is listed once, among the name pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm.extensions import db
from crm.pagination import Page


@dataclass
class Pair:
    a_id: int
    b_id: int
    score: int
    reason: str
    a: object | None = None
    b: object | None = None


def _email_pairs(model) -> list[tuple[int, int]]:
    """Return the pairs sharing an e-mail address whose names do not sound alike."""
    email = sa.func.lower(model.email)
    shared = (
        sa.select(email)
        .where(model.email.is_not(None), model.email != "", model.not_archived())
        .group_by(email)
        .having(sa.func.count() > 1)
    )
    rows = db.session.execute(
        sa.select(model.id, email, model.phonetic_key)
        .where(email.in_(shared), model.not_archived())
        .order_by(email, model.id)
    ).all()
    pairs = []
    for i, (a_id, a_mail, a_key) in enumerate(rows):
        for b_id, b_mail, b_key in rows[i + 1 :]:
            if b_mail != a_mail:
                break
            if not a_key or a_key != b_key:
                pairs.append((a_id, b_id))
    return pairs


def _blocks(model):
    """Return the subquery of every shared ``phonetic_key`` with its number of pairs."""
    n = sa.func.count()
    return (
        sa.select(model.phonetic_key.label("key"), (n * (n - 1) / 2).label("pairs"))
        .where(model.phonetic_key != "", model.not_archived())
        .group_by(model.phonetic_key)
        .having(n > 1)
        .subquery()
    )


def _sound_total(model) -> int:
    """Return the number of pairs of records with equal ``phonetic_key`` (one row back)."""
    blocks = _blocks(model)
    return int(db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(blocks.c.pairs), 0))))


def _sound_pairs(model, skip: int, limit: int):
    """Return ``limit`` pairs of equal ``phonetic_key`` after the first ``skip`` of them.

    The blocks the page reaches are found in the database (a running sum of the pairs per
    key), so only they come back, however many keys are shared.
    """
    if limit <= 0:
        return []
    blocks = _blocks(model)
    ends = sa.func.sum(blocks.c.pairs).over(order_by=blocks.c.key).label("ends")
    running = sa.select(blocks.c.key, blocks.c.pairs, ends).subquery()
    reached = db.session.execute(
        sa.select(running.c.key, running.c.pairs, running.c.ends)
        .where(running.c.ends > skip)
        .order_by(running.c.key)
        .limit(limit)  # every block holds at least one pair
    ).all()
    if not reached:
        return []
    before = int(reached[0].ends - reached[0].pairs)
    keys = [row.key for row in reached]
    a, b = aliased(model), aliased(model)
    stmt = (
        sa.select(a.id, b.id)
        .join(b, sa.and_(b.phonetic_key == a.phonetic_key, b.id > a.id))
        .where(a.phonetic_key.in_(keys), a.not_archived(), b.not_archived())
        .order_by(a.phonetic_key, a.id, b.id)
        .offset(skip - before)
        .limit(limit)
    )
    return db.session.execute(stmt).all()


def pair_page(
    model, scorer: Callable[[str, str], float], page: int, per_page: int, options=()
) -> Page:
    """Return one page of candidate pairs of ``model`` (people or organisations), each scored
    by ``scorer`` on the folded names, with the records attached."""
    by_email = _email_pairs(model)
    total = len(by_email) + _sound_total(model)
    page = max(1, min(page, -(-total // per_page) or 1))
    start = (page - 1) * per_page
    chosen = [(a, b, "email") for a, b in by_email[start : start + per_page]]
    skip = max(0, start - len(by_email))
    chosen += [(a, b, "name") for a, b in _sound_pairs(model, skip, per_page - len(chosen))]
    ids = {i for a, b, _ in chosen for i in (a, b)}
    records = {
        r.id: r
        for r in db.session.scalars(sa.select(model).options(*options).where(model.id.in_(ids)))
    }
    items = []
    for a_id, b_id, why in chosen:
        a, b = records[a_id], records[b_id]
        if why == "email":
            score, reason = 100, "email"
        else:
            score = int(round(scorer(a.sort_key, b.sort_key)))
            reason = "same_name" if a.sort_key == b.sort_key else "similar_name"
            score = 100 if reason == "same_name" else min(score, 99)
        items.append(Pair(a_id, b_id, score, reason, a, b))
    return Page(items=items, total=total, page=page, per_page=per_page)
