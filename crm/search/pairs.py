"""Duplicate pairs read through the stored keys, a page at a time, with no cap on pairs.

Two records are a candidate pair when they share an e-mail address (case ignored) or their
``phonetic_key`` (Kölner Phonetik of the name: Meier/Meyer/Maier, Schmidt/Schmitt,
Meißner/Meisner; the same folded name always gives the same key). The e-mail pairs, usually
few, come first; a pair that also sounds alike is listed once, among the name pairs.

A page costs the same however many records and pairs there are. The blocks of equal keys
are read in key order from the index (a grouped scan that stops after the blocks it needs):
the total is counted over the first ``COUNT_CAP + 1`` blocks only (every block holds at least
one pair, so more blocks than that means "mehr als 10.000 Paare"), the blocks a page reaches
are among the first ``page × per page`` ones, and only the pairs of the page are read, by a
self-join on the indexed key that starts at those blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from crm.db import email_key
from crm.extensions import db
from crm.pagination import Page


def _computed(session, name, tables, compute, *key):
    return compute()


#: how the whole-index counts of ``pair_page`` are kept between views: ``keep_with`` (the
#: app keeps them with ``crm.aggregates.cached`` until the table is next written)
_keep: Callable = _computed


def keep_with(cache: Callable) -> None:
    """Keep the shared addresses and the pair totals with ``cache`` (the signature of
    ``crm.aggregates.cached``) instead of computing them on every view."""
    global _keep
    _keep = cache


@dataclass
class Pair:
    a_id: int
    b_id: int
    score: int
    reason: str
    a: object | None = None
    b: object | None = None


def _email_pairs(model, blocks: int) -> tuple[list[tuple[int, int]], bool]:
    """Return the pairs sharing an e-mail address whose names do not sound alike, from the
    first ``blocks`` shared addresses, and whether that was all of them."""
    email = email_key(model)
    shared = (
        sa.select(email.label("email"))
        # "> ''": neither NULL nor empty, as a range of the index (``email_pair_index``)
        .where(email > "", model.not_archived())
        .group_by(email)
        .having(sa.func.count() > 1)
        .order_by(email)
        .limit(blocks + 1)
    ).subquery()
    rows = db.session.execute(
        sa.select(model.id, sa.func.lower(model.email), model.phonetic_key)
        .where(email.in_(sa.select(shared.c.email)), model.not_archived())
        .order_by(email, model.id)
    ).all()
    addresses = list(dict.fromkeys(mail for _id, mail, _key in rows))
    complete = len(addresses) <= blocks
    if not complete:
        last = addresses[blocks]
        rows = [r for r in rows if r[1] != last]
    pairs = []
    for i, (a_id, a_mail, a_key) in enumerate(rows):
        for b_id, b_mail, b_key in rows[i + 1 :]:
            if b_mail != a_mail:
                break
            if not a_key or a_key != b_key:
                pairs.append((a_id, b_id))
    return pairs, complete


def _blocks(model, limit: int):
    """Return the subquery of the first ``limit`` shared ``phonetic_key`` values in key
    order, each with its number of pairs (read from the index in order, so the scan stops
    after them)."""
    n = sa.func.count()
    return (
        sa.select(model.phonetic_key.label("key"), (n * (n - 1) / 2).label("pairs"))
        .where(model.phonetic_key != "", model.not_archived())
        .group_by(model.phonetic_key)
        .having(n > 1)
        .order_by(model.phonetic_key)
        .limit(limit)
        .subquery()
    )


def _sound_total(model, cap: int) -> tuple[int, bool]:
    """Return the number of pairs of records with equal ``phonetic_key`` and whether it is
    exact: counted over the first ``cap + 1`` blocks, each of at least one pair, so a count
    that reached that many blocks is more than ``cap``."""
    blocks = _blocks(model, cap + 1)
    pairs, n = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(blocks.c.pairs), 0), sa.func.count())
    ).one()
    return int(pairs), n <= cap


def _sound_pairs(model, skip: int, limit: int):
    """Return ``limit`` pairs of equal ``phonetic_key`` after the first ``skip`` of them.

    Every block holds at least one pair, so the blocks the page reaches are among the first
    ``skip + limit``; a running sum over those finds them (only they come back).
    """
    if limit <= 0:
        return []
    blocks = _blocks(model, skip + limit)
    ends = sa.func.sum(blocks.c.pairs).over(order_by=blocks.c.key).label("ends")
    running = sa.select(blocks.c.key, blocks.c.pairs, ends).subquery()
    reached = db.session.execute(
        sa.select(running.c.key, running.c.pairs, running.c.ends)
        # the blocks the page reaches: after the skipped pairs, up to the page's last pair
        # (the first block of 200,000 people alone may fill the page)
        .where(running.c.ends > skip, running.c.ends - running.c.pairs < skip + limit)
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
    cap = current_app.config["COUNT_CAP"]
    # the shared addresses and the number of sounding pairs read the whole key index (a
    # grouped scan up to ``cap`` blocks): kept until the table is next written
    # (``keep_with``), so a page costs the same whatever the number of records
    tables = (model.__tablename__,)
    by_email, emails_complete = _keep(
        db.session, "email_pairs", tables, lambda: _email_pairs(model, cap), cap
    )
    sound, sound_exact = _keep(
        db.session, "sound_total", tables, lambda: _sound_total(model, cap), cap
    )
    total = len(by_email) + sound
    exact = emails_complete and sound_exact
    if exact:
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
    found = Page(items=items, total=total, page=page, per_page=per_page, exact=exact)
    if not exact and len(items) == per_page:  # "mehr als …": as far as this page reaches
        found.total, found.more = max(total, start + per_page + 1), True
    elif not exact:  # the pairs end on this page: now their number is known
        found.total, found.exact = start + len(items), True
    return found
