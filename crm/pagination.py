"""The one pagination and sorting helper for every list (``?page=``, ``?per_page=``, ``?sort=``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.orm import Session
from sqlalchemy.sql import util as sa_util

from crm import aggregates


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int
    #: the query parameter that names the page: "page" for a list, e.g. "members_page" for a
    #: sub-list on a detail page, so that several lists on one page turn independently
    param: str = "page"
    #: keyset cursors (row ids) for the "next" and "previous" links of a long list, so that
    #: paging on reads from the index instead of skipping OFFSET rows (``?after=``/``?before=``)
    after: int | None = None
    before: int | None = None
    #: False when the list was counted only up to ``COUNT_CAP`` rows (a bounded count): then
    #: ``total`` is a lower bound ("mehr als 10.000"), and ``more`` says a next page exists
    exact: bool = True
    more: bool = False

    @property
    def cursor_params(self) -> tuple[str, str]:
        """Return the query parameters of this list's "next" and "previous" cursors: a list's
        ``after``/``before``, a sub-list's own (``people_page_after``), so that turning one
        sub-list of a detail page leaves the others where they are."""
        return cursor_params(self.param)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or self.more

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)

    def window(self, size: int = 2) -> list[int | None]:
        """Return page numbers to show, with None for gaps: [1, None, 4, 5, 6, None, 20]."""
        shown = {1, self.pages, *range(self.page - size, self.page + size + 1)}
        result: list[int | None] = []
        last = 0
        for n in sorted(p for p in shown if 1 <= p <= self.pages):
            if n - last > 1:
                result.append(None)
            result.append(n)
            last = n
        if not self.exact:  # the last page shown is not the list's last
            result.append(None)
        return result


def cursor_params(param: str) -> tuple[str, str]:
    """Return the "after" and "before" cursor parameters of the list paged by ``param``."""
    return ("after", "before") if param == "page" else (f"{param}_after", f"{param}_before")


def _int_arg(name: str, default: int) -> int:
    try:
        return max(1, int(request.args.get(name, default)))
    except (TypeError, ValueError):
        return default


def paginate(
    session: Session,
    stmt: sa.Select,
    per_page: int | None = None,
    scalars: bool = True,
    param: str = "page",
    keyset: tuple | None = None,
    bounded: bool = False,
    total: int | None = None,
    id_column: Any = None,
) -> Page:
    """Run ``stmt`` for the page named in the request and return a ``Page``.

    Two queries whatever the page size: one count, one for the rows. ``param`` names the
    page's query parameter (a sub-list on a detail page has its own). With ``keyset``
    (``(sort column, descending, id column)``, see ``sort_keyset``) the "next" and
    "previous" links carry a cursor and read the following rows through the index, so a
    deep page costs what the first does (plus one lookup of the cursor row); a page number
    without a cursor finds its ids first by OFFSET over the sort index alone, then loads
    only those rows.

    ``bounded`` (the screens' lists) counts at most ``COUNT_CAP`` rows: a list longer than
    that says "mehr als 10.000" instead of counting every row of the table on every view
    (the API and OParl, which promise totals, count exactly). A caller that already knows
    the number of rows (from a grouped count it needs anyway) passes it as ``total``.
    """
    if not per_page:
        choices = current_app.config["PER_PAGE_CHOICES"]
        per_page = _int_arg("per_page", choices[0])
        if per_page not in choices:
            per_page = choices[0]
    page = _int_arg(param, 1)
    cap = current_app.config.get("COUNT_CAP", 10_000) if bounded and total is None else None
    if total is None:
        total = count_rows(session, stmt, cap)
    exact = cap is None or total <= cap
    if exact:
        page = min(page, max(1, -(-total // per_page)))
    extra = 0 if exact else 1  # one row more than the page: is there a next page?
    if total == 0:  # nothing to read (a report of gaps that has none scans no rows again)
        items, reverse = [], False
    else:
        items, reverse = _rows_page(
            session, stmt, keyset, page, per_page, extra, scalars, id_column, param
        )
    more = False
    if not exact:
        if not items and page > 1:  # a page number past the end: count it all, go to the last
            total, exact = count_rows(session, stmt), True
            page = max(1, -(-total // per_page))
            items, reverse = _rows_page(session, stmt, None, page, per_page, 0, scalars, id_column)
        else:
            # read backwards from a cursor, a next page exists (the one we came from)
            more = reverse or len(items) > per_page
            items = items[:per_page]
            reached = (page - 1) * per_page + len(items)
            if more:  # a lower bound: the cap, or as far as this page reaches (a deep page)
                total = max(total, reached + 1)
            else:  # the list ends on this page: now its length is known
                total, exact = reached, True
    if reverse:
        items.reverse()
    result = Page(items=items, total=total, page=page, per_page=per_page, param=param)
    result.exact, result.more = exact, more
    if keyset and items:
        id_column = keyset[2]
        result.after = getattr(items[-1], id_column.key) if result.has_next else None
        result.before = getattr(items[0], id_column.key) if result.has_prev else None
    return result


def count_rows(session: Session, stmt: sa.Select, cap: int | None = None) -> int:
    """Return the number of rows of ``stmt``; with ``cap``, counting stops after ``cap + 1``
    rows (so the cost has a ceiling: a result above ``cap`` means "more than ``cap``")."""
    # only a constant per row (the FROMs and joins kept): no column is read for counting
    inner = stmt.order_by(None)
    # DISTINCT counts the rows of its columns, and a join may start from the columns' table:
    # keep those statements as they are
    if not inner._distinct and not inner._setup_joins:
        inner = inner.with_only_columns(sa.literal(1), maintain_column_froms=True)
    if cap is not None:
        inner = inner.limit(cap + 1)
    return session.scalar(sa.select(sa.func.count()).select_from(inner.subquery())) or 0


def _rows_page(
    session,
    stmt,
    keyset,
    page: int,
    per_page: int,
    extra: int,
    scalars: bool,
    id_column=None,
    param: str = "page",
):
    """Return ``(rows, reversed)`` of page ``page`` (``per_page`` + ``extra`` rows): after
    or before the request's keyset cursor, else (no cursor, or one naming no row) by number
    (with ``id_column``: the page's ids first, then only those rows)."""
    reverse = False
    limit = per_page + extra
    if keyset:
        by_cursor = _keyset(session, stmt, keyset, limit, cursor_params(param))
        if by_cursor is not None:
            rows_stmt, reverse = by_cursor
        else:
            rows_stmt = _offset_by_ids(session, stmt, keyset, (page - 1) * per_page, limit)
    elif id_column is not None:
        offset = (page - 1) * per_page
        ids = session.scalars(stmt.with_only_columns(id_column).limit(limit).offset(offset)).all()
        rows_stmt = stmt.where(id_column.in_(ids or [-1]))
    else:
        rows_stmt = stmt.limit(limit).offset((page - 1) * per_page)
    result = session.execute(rows_stmt)
    return list(result.unique().scalars() if scalars else result.unique().all()), reverse


#: rows between two anchors of a long list's order (``_anchors``): a page number deeper than
#: this skips at most this many index entries by OFFSET
ANCHOR_STEP = 5000


def _offset_by_ids(session, stmt: sa.Select, keyset, offset: int, limit: int) -> sa.Select:
    """Return ``stmt`` for ``limit`` rows after ``offset``: the ids first, read from the
    sort index alone (no row of the table is loaded for the rows skipped), then the
    statement restricted to those ids.

    A deep page number (``?page=6400`` of 200,000 people, a link of the page window) does
    not skip its 160,000 rows: it starts after the nearest anchor of the list's order (every
    ``ANCHOR_STEP``-th row, ``_anchors``) and skips fewer than ``ANCHOR_STEP`` rows from
    there, so it costs what page 40 does."""
    id_column = keyset[2]
    if offset <= 0:
        return stmt.limit(limit)
    ids_stmt = stmt.with_only_columns(id_column)
    if offset >= ANCHOR_STEP:
        anchors = _anchors(session, stmt, keyset)
        block = min(offset // ANCHOR_STEP, len(anchors))
        if block:
            value, row_id = anchors[block - 1]
            ids_stmt = _beyond(ids_stmt, keyset, value, row_id, forward=True)
            offset -= block * ANCHOR_STEP
    ids = session.scalars(ids_stmt.limit(limit).offset(offset)).all()
    return stmt.where(id_column.in_(ids or [-1])).limit(limit)


def _anchors(session, stmt: sa.Select, keyset) -> tuple:
    """Return ``((sort value, id), ...)`` of every ``ANCHOR_STEP``-th row of ``stmt``'s order
    (rows ``ANCHOR_STEP``, ``2 * ANCHOR_STEP`` …), kept (``crm.aggregates.cached``) until
    one of the tables the list reads is written; empty when the sort column has NULLs.

    Computing them reads the sort index once (in steps, see ``compute``);
    every deep page after that until the next write reads at most ``ANCHOR_STEP`` entries.
    """
    column, _descending, id_column = keyset
    tables = _tables_read(stmt)
    compiled = stmt.compile(session.get_bind())
    params = repr(sorted(compiled.params.items()))

    def compute() -> tuple:
        # each anchor found from the one before by a short OFFSET over the sort index: the
        # index is walked once, in ``ANCHOR_STEP`` steps (41 queries for 200,000 people)
        narrow, found = stmt.with_only_columns(column, id_column), []
        while True:
            after = _beyond(narrow, keyset, *found[-1], forward=True) if found else narrow
            row = session.execute(after.limit(1).offset(ANCHOR_STEP - 1)).first()
            if row is None:
                return tuple(found)
            if row[0] is None:
                return ()  # NULLs do not compare: those pages skip by OFFSET as before
            found.append(tuple(row))

    if not tables:
        return ()
    return aggregates.cached(session, "page_anchors", tables, compute, str(compiled), params)


def _tables_read(stmt: sa.Select) -> tuple[str, ...]:
    """Return the names of the tables ``stmt`` reads (through aliases and subqueries)."""
    names = set()
    for found in sa_util.find_tables(stmt, check_columns=True, include_aliases=True):
        while found is not None and not isinstance(found, sa.Table):
            found = getattr(found, "element", None)
        if found is not None:
            names.add(found.name)
    return tuple(sorted(names))


def _beyond(stmt: sa.Select, keyset, value, row_id, forward: bool) -> sa.Select:
    """Return ``stmt`` restricted to the rows after (``forward``) or before the row with sort
    value ``value`` and id ``row_id`` in the order ``keyset`` names."""
    column, descending, id_column = keyset
    beyond = (column < value) if descending == forward else (column > value)
    ties = id_column > row_id if forward else id_column < row_id
    # the same rows, with a bound the sort index can start its range at (an OR alone made
    # SQLite read the index from its first entry)
    bound = (column <= value) if descending == forward else (column >= value)
    return stmt.where(bound, sa.or_(beyond, sa.and_(column == value, ties)))


def _keyset(session: Session, stmt: sa.Select, keyset, per_page: int, names=("after", "before")):
    """Return ``(statement, reversed)`` reading the page after ``?after=<id>`` or before
    ``?before=<id>`` (a sub-list's ``names``) through the sort index, or None when the
    request has no cursor.

    ``keyset`` is ``(sort column, descending, id column)``, the order ``apply_sort`` gave
    ``stmt`` (the column, then the id ascending).
    """
    column, descending, id_column = keyset
    for name, forward in zip(names, (True, False), strict=True):
        cursor = request.args.get(name, type=db_id)
        if cursor is None:
            continue
        value = session.scalar(sa.select(column).where(id_column == cursor))
        if value is None:
            return None
        stmt = _beyond(stmt, keyset, value, cursor, forward)
        if not forward:
            order = column.asc() if descending else column.desc()
            stmt = stmt.order_by(None).order_by(order, id_column.desc())
        return stmt.limit(per_page), not forward
    return None


def sublist(
    session: Session,
    stmt: sa.Select,
    param: str,
    scalars: bool = True,
    total: int | None = None,
    id_column: Any = None,
    keyset: tuple | None = None,
) -> Page:
    """Return one page of a sub-list on a detail page (a group's members, an organisation's
    people …): ``SUBLIST_PER_PAGE`` rows, turned by its own query parameter ``param``.

    With ``id_column`` the page's ids are found first by a narrow query (the sort columns
    and the id, no eager-loaded columns), and only those rows are loaded: sorting a group's
    5,000 members by a name in another table then sorts ids, not 5,000 wide joined rows.
    With ``keyset`` (see ``paginate``) its "Weiter"/"Zurück" links carry a cursor of their
    own (``<param>_after``/``<param>_before``)."""
    per_page = current_app.config.get("SUBLIST_PER_PAGE", 50)
    return paginate(
        session,
        stmt,
        per_page=per_page,
        scalars=scalars,
        param=param,
        bounded=True,
        total=total,
        id_column=id_column,
        keyset=keyset,
    )


def apply_sort(
    stmt: sa.Select, columns: dict[str, Any], default: str, tiebreak: Any = None
) -> tuple[sa.Select, str]:
    """Order ``stmt`` by ``?sort=key`` or ``?sort=-key`` (descending) from ``columns``.

    Unknown keys fall back to ``default``. Returns the statement and the sort key used.
    A final order by the primary key keeps pages stable.
    """
    sort = request.args.get("sort") or default
    key = sort.lstrip("-")
    if key not in columns:
        sort, key = default, default.lstrip("-")
    column = columns[key]
    ordered = column.desc() if sort.startswith("-") else column.asc()
    stmt = stmt.order_by(ordered)
    if tiebreak is not None:
        stmt = stmt.order_by(tiebreak)
    return stmt, sort


def sort_keyset(columns: dict[str, Any], sort: str, id_column: Any) -> tuple:
    """Return the ``keyset`` of ``paginate`` for the sort key ``apply_sort`` chose."""
    return columns[sort.lstrip("-")], sort.startswith("-"), id_column


def sorted_page(
    session: Session,
    stmt: sa.Select,
    columns: dict[str, Any],
    id_column: Any,
    *,
    searching: bool = False,
    default: str = "name",
) -> tuple[Page, str]:
    """Return the page of a list sorted by ``?sort=`` (``apply_sort``) and the sort key used.

    Pages go by keyset (a deep page costs what the first does), but a search orders by
    relevance first: its results (few) page by OFFSET.
    """
    stmt, sort = apply_sort(stmt, columns, default, id_column)
    if searching:
        return ranked_page(session, stmt, id_column), sort
    return paginate(session, stmt, keyset=sort_keyset(columns, sort, id_column), bounded=True), sort


def ranked_page(session: Session, stmt: sa.Select, id_column: Any) -> Page:
    """Return the request's page of a search's results (``stmt``, ordered by relevance).

    The ids of all matches (up to ``COUNT_CAP``) are read once, in order, by a narrow
    query: their number is the total and the page is a slice of them, so each match is
    looked up once instead of once for the count and once more for the sort (a search
    for "mueller" among 200,000 people: 1,059 matches); then only the page's rows are
    loaded. A search with more matches than the cap is paged as any long list.
    """
    cap = current_app.config.get("COUNT_CAP", 10_000)
    ids = session.scalars(stmt.with_only_columns(id_column).limit(cap + 1)).all()
    if len(ids) > cap:
        return paginate(session, stmt, bounded=True)
    choices = current_app.config["PER_PAGE_CHOICES"]
    per_page = _int_arg("per_page", choices[0])
    if per_page not in choices:
        per_page = choices[0]
    page = min(_int_arg("page", 1), max(1, -(-len(ids) // per_page)))
    shown = ids[(page - 1) * per_page : page * per_page]
    items = []
    if shown:
        # the page's rows by id alone, with the statement's loader options: the search's
        # condition again would make the database walk every match a second time
        entity = stmt.column_descriptions[0]["entity"]
        rows = sa.select(entity).where(id_column.in_(shown)).options(*stmt._with_options)
        by_id = {getattr(r, id_column.key): r for r in session.scalars(rows).unique()}
        items = [by_id[i] for i in shown if i in by_id]
    return Page(items=items, total=len(ids), page=page, per_page=per_page)


#: the largest id an INTEGER column holds (PostgreSQL int4); larger numbers are not ids
MAX_ID = 2**31 - 1


def db_id(value) -> int:
    """Parse an id from a request (``request.args.get("group", type=db_id)``).

    Raises ``ValueError`` for anything that is not a whole number from 0 to ``MAX_ID``,
    so that an absurd value is treated like a missing one instead of reaching the database.
    """
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError(f"id out of range: {value!r}")
    return number
