"""Errors as ``application/problem+json`` (RFC 9457), in German or English by Accept-Language.

Every error the API answers goes through ``problem``: HTTP errors raised anywhere (404 of an
unknown id, 405, 429 of the rate limit …), refused rules (``RuleError`` → 422, a conflict
with existing data → 409, ``StaleEdit`` → 412) and invalid input (422 with the fields).
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, json
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from crm.rules import RuleError

MEDIA_TYPE = "application/problem+json"
#: problem types (RFC 9457 ``type``, relative to the server): input the schemas refuse, and
#: input they accept but a rule of the domain refuses; others are plain HTTP ("about:blank")
INVALID_INPUT = "/api/v1/docs/#problem-invalid-input"
RULE_REFUSED = "/api/v1/docs/#problem-rule"

#: the title of each status the API uses, in the reader's language
TITLES = {
    400: _l("Ungültige Anfrage"),
    401: _l("Anmeldung erforderlich"),
    403: _l("Keine Berechtigung"),
    404: _l("Nicht gefunden"),
    405: _l("Methode nicht erlaubt"),
    406: _l("Nicht darstellbar"),
    409: _l("Konflikt mit vorhandenen Daten"),
    412: _l("Veraltete Fassung"),
    413: _l("Anfrage zu groß"),
    415: _l("Format nicht unterstützt"),
    422: _l("Ungültige Angaben"),
    428: _l("If-Match erforderlich"),
    429: _l("Zu viele Anfragen"),
    500: _l("Interner Fehler"),
}

#: the detail shown when the error itself says nothing the reader could use
DETAILS = {
    401: _l("Bitte ein gültiges API-Token als „Authorization: Bearer …“ senden."),
    403: _l("Ihre Rolle erlaubt diese Aktion nicht."),
    404: _l("Diese Adresse oder dieser Datensatz existiert nicht."),
    405: _l("Diese Methode ist für diese Adresse nicht erlaubt."),
    412: _l(
        "Der Datensatz wurde inzwischen geändert. Bitte neu laden und die Änderung mit dem "
        "aktuellen ETag als If-Match erneut senden."
    ),
    428: _l("Änderungen brauchen den ETag der gelesenen Fassung im Header If-Match."),
    429: _l("Das Anfragelimit ist erreicht. Bitte nach der in Retry-After genannten Zeit erneut."),
    500: _l("Ein unerwarteter Fehler ist aufgetreten; er wurde protokolliert."),
}


def problem(
    status: int,
    detail: object | None = None,
    *,
    errors: dict | None = None,
    headers: dict | None = None,
    type: str = "about:blank",
) -> Response:
    """Return a problem+json response for ``status`` with a translated title and detail."""
    body: dict = {
        "type": type,
        "title": str(TITLES.get(status) or HTTPStatus(status).phrase),
        "status": status,
    }
    detail = detail if detail is not None else DETAILS.get(status)
    if detail is not None:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers["Content-Language"] = _content_language()
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _content_language() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "de")


class Problem(HTTPException):
    """An HTTP error that carries a ready problem+json response."""

    def __init__(self, status: int, detail: object | None = None, **kwargs) -> None:
        super().__init__(response=problem(status, detail, **kwargs))
        self.code = status


def from_http_exception(error: HTTPException) -> Response:
    """Return the problem+json form of an HTTP error raised in an API view."""
    if isinstance(error, Problem):
        return error.get_response()
    status = error.code or 500
    headers = {}
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    if (
        isinstance(errors, dict)
        and set(errors) <= {"json", "query", "headers", "path"}
        and all(isinstance(part, dict) for part in errors.values())
    ):
        # webargs names the location first; readers want the fields
        errors = {k: v for part in errors.values() for k, v in part.items()}
    valid_methods = getattr(error, "valid_methods", None)
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(valid_methods)
    if status == 429:
        headers["Retry-After"] = str(retry_after(error))
    if status == 422 and errors:
        return problem(
            status, _l("Bitte die markierten Felder prüfen."), errors=errors, type=INVALID_INPUT
        )
    # werkzeug's own descriptions are English only: the translated title and detail suffice
    return problem(status, headers=headers)


def retry_after(error: HTTPException) -> int:
    """Return the seconds until the exhausted limit of a 429 resets (at least 1)."""
    import time

    limit = getattr(error, "limit", None)
    reset = getattr(error, "reset_at", None)
    seconds = getattr(error, "retry_after", None)
    if isinstance(seconds, int):  # set by whoever refused (``crm.auth.throttle.Throttled``)
        return max(1, seconds)
    if reset:
        return max(1, int(reset - time.time()))
    if limit is not None:
        return max(1, int(limit.limit.get_expiry()))
    return 60


def from_rule_error(exc: RuleError) -> Response:
    """Return 412 for a stale edit, 409 for a conflict with other data, else 422."""
    from crm.audit.conflicts import StaleEdit

    if isinstance(exc, StaleEdit):
        changes = [
            {"field": c.field, "old": c.old, "new": c.new, "user": c.user} for c in exc.changes
        ]
        return problem(
            412, exc, errors={"changes": changes} if changes else None, type=RULE_REFUSED
        )
    # a rule may mark itself as a clash with stored data (an overlapping period …)
    status = 409 if getattr(exc, "conflict", False) else 422
    errors = {exc.field: [str(exc)]} if exc.field else None
    return problem(status, exc, errors=errors, type=RULE_REFUSED)
