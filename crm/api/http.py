"""HTTP for every API resource: ETag from the row's ``version``, If-Match, Link pagination."""

from __future__ import annotations

from urllib.parse import urlencode

import sqlalchemy as sa
from flask import request, url_for
from flask_login import current_user
from flask_smorest import Blueprint

from crm.api.problems import Problem
from crm.auth.permissions import can_manage, require
from crm.extensions import db
from crm.pagination import MAX_ID, Page, paginate

#: the URL converter of record ids: larger numbers are no ids (404, never a database error)
ID = f"int(min=1, max={MAX_ID})"


def etag(obj) -> str:
    """Return the ETag of a record (without quotes): its id and its optimistic-lock version."""
    version = getattr(obj, "version", None)
    if version is None:  # rows without a version column change with their timestamp
        version = int(obj.updated_at.timestamp() * 1000)
    return f"{obj.id}-{version}"


def if_match_version(obj) -> int:
    """Return ``obj``'s version when the request's If-Match names its current ETag.

    No If-Match: 428 (a client must prove which version it saw); another ETag: 412 (someone
    changed the record since). The version is then handed to the service, whose
    ``check_version`` is the same optimistic lock the forms use.
    """
    if not request.if_match:
        raise Problem(428)
    if not (request.if_match.star_tag or request.if_match.contains(etag(obj))):
        raise Problem(412)
    return obj.version


def etag_headers(obj) -> dict[str, str]:
    """Return the ``ETag`` header of ``obj`` for a view's ``(result, headers)`` answer."""
    return {"ETag": f'"{etag(obj)}"'}


def get_or_404(model, obj_id: int, options=()):
    """Return the row of ``model`` with ``obj_id`` or raise a 404 problem."""
    stmt = sa.select(model).where(model.id == obj_id)
    if options:
        stmt = stmt.options(*options)
    obj = db.session.scalar(stmt)
    if obj is None:
        raise Problem(404)
    return obj


def one(model, obj_id: int, options=()):
    """Answer the row of ``model`` with ``obj_id`` (loaded with ``options``) and its ETag;
    a 404 problem when there is none. The body of every "read one" view."""
    obj = get_or_404(model, obj_id, options)
    return obj, etag_headers(obj)


def managed(model, obj_id: int, options=(), *, may=can_manage):
    """Return the row of ``model`` with ``obj_id`` (else 404) that the current user ``may``
    change (else 403)."""
    obj = get_or_404(model, obj_id, options)
    require(may(current_user, obj))
    return obj


def changing(model, obj_id: int, options=(), *, may=can_manage):
    """Return ``(row, version)``: the row as ``managed`` does, and the version its ETag in
    If-Match names (428 without one, 412 for an old one) for the service's lock."""
    obj = managed(model, obj_id, options, may=may)
    return obj, if_match_version(obj)


def page_of(stmt: sa.Select, *order, scalars: bool = True) -> Page:
    """Return the requested page of ``stmt`` in a stable order (``order``, then the id)."""
    return paginate(db.session, stmt.order_by(*order), scalars=scalars)


def link_header(page: Page) -> str:
    """Return the RFC 8288 ``Link`` header for ``page``: first, prev, next, last."""
    args = request.args.to_dict(flat=False)
    base = url_for(request.endpoint, _external=True, **(request.view_args or {}))

    def target(number: int) -> str:
        query = {**args, "page": [str(number)], "per_page": [str(page.per_page)]}
        return f"{base}?{urlencode(query, doseq=True)}"

    links = [(target(1), "first")]
    if page.has_prev:
        links.append((target(page.page - 1), "prev"))
    if page.has_next:
        links.append((target(page.page + 1), "next"))
    links.append((target(page.pages), "last"))
    return ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)


def paged_headers(page: Page) -> dict[str, str]:
    """Return the headers of a list page: ``Link`` and ``X-Total-Count``."""
    return {"Link": link_header(page), "X-Total-Count": str(page.total)}


#: how list responses document their headers
LIST_HEADERS = {
    "Link": {
        "description": "RFC 8288: first, prev, next and last page",
        "schema": {"type": "string"},
    },
    "X-Total-Count": {"description": "rows in all pages", "schema": {"type": "string"}},
}
#: how single-record responses document theirs
ETAG_HEADERS = {
    "ETag": {
        "description": "the record's version; send it as If-Match to change the record",
        "schema": {"type": "string"},
    }
}

#: the error statuses every operation may answer
READ_ERRORS = (401, 422, 429)
WRITE_ERRORS = (401, 403, 404, 409, 412, 422, 428, 429)


def errors(blp: Blueprint, *statuses: int):
    """Decorate a view: document the problem+json answers ``statuses``."""

    def decorator(view):
        for status in statuses:
            view = blp.alt_response(status, response=f"Problem{status}")(view)
        return view

    return decorator


class Routes:
    """The decorator stacks of the API's operations, bound to one blueprint.

    Every operation is documented the same way: a list answers pages with ``Link`` headers,
    a record answers with its ``ETag``, and each names the problem statuses it may answer.
    """

    def __init__(self, blp: Blueprint):
        self.blp = blp

    def listing(self, rule: str, args, schema, also: tuple[int, ...] = ()):
        """``GET rule``: a page of ``schema`` rows filtered by the query ``args`` (``also``:
        the further problem statuses it may answer, e.g. 404 of a record in the path)."""
        statuses = READ_ERRORS + also
        return self._stack(
            rule, "GET", schema(many=True), statuses, (args, "query"), headers=LIST_HEADERS
        )

    def reading(self, rule: str, schema, also: tuple[int, ...] = ()):
        """``GET rule``: one record with its ETag."""
        return self._stack(rule, "GET", schema, (401, 404, 429) + also)

    def writing(self, rule: str, schema, body=None, *, method: str = "POST", status: int = 200):
        """``method rule``: a change sent as ``body``, answered with the record and its ETag."""
        return self._stack(rule, method, schema, WRITE_ERRORS, (body, "json"), status=status)

    def creating(self, rule: str, schema):
        """``POST rule``: a new record sent as ``schema``, answered 201 with it and its ETag."""
        return self.writing(rule, schema, schema, status=201)

    def deleting(self, rule: str):
        """``DELETE rule``: remove a record (needs If-Match), answered with 204 No Content."""
        return self._stack(rule, "DELETE", None, WRITE_ERRORS, status=204, headers={})

    def _stack(self, rule, method, schema, statuses, arguments=(None, None), **response):
        blp = self.blp
        status = response.pop("status", 200)
        response.setdefault("headers", ETAG_HEADERS)
        args, location = arguments

        def decorator(view):
            view = errors(blp, *statuses)(view)
            view = blp.response(status, schema, **response)(view)
            if args is not None:
                view = blp.arguments(args, location=location)(view)
            return blp.route(rule, methods=[method])(view)

        return decorator


def saved(obj):
    """Commit the change and answer ``obj`` with its new ETag."""
    db.session.commit()
    return obj, etag_headers(obj)


def listed(stmt: sa.Select, *order, scalars: bool = True):
    """Answer the requested page of ``stmt`` in a stable order, with its headers
    (``scalars=False``: rows of several columns)."""
    page = page_of(stmt, *order, scalars=scalars)
    return page.items, paged_headers(page)
