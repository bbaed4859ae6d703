"""German error pages (400, 403, 404, 413, 429, 500); problem+json (``crm.api.problems``) for API and OParl."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_babel import format_timedelta
from sqlalchemy.exc import DataError

from crm.extensions import db
from crm.i18n import MACHINE_PREFIXES


def init_app(app: Flask) -> None:
    def _render(status: int, error=None):
        if request.path.startswith(MACHINE_PREFIXES):
            from crm.api.problems import from_http_exception, problem

            return from_http_exception(error) if error is not None else problem(status)
        return render_template(f"errors/{status}.html"), status

    @app.errorhandler(400)
    def bad_request(error):
        return _render(400, error)

    @app.errorhandler(403)
    def forbidden(error):
        return _render(403, error)

    @app.errorhandler(404)
    def not_found(error):
        return _render(404, error)

    @app.errorhandler(413)
    def too_large(error):
        return _render(413, error)

    @app.errorhandler(429)
    def too_many(error):
        """Throttled logins and rate limits (the public substitute form …): how long to wait."""
        if request.path.startswith(MACHINE_PREFIXES):
            return _render(429, error)
        from crm.api.problems import retry_after
        from crm.auth.throttle import Throttled

        wait = retry_after(error)
        page = render_template(
            "errors/429.html",
            message=error.message if isinstance(error, Throttled) else None,
            back=error.back if isinstance(error, Throttled) else _same_site(request.referrer),
            wait=format_timedelta(timedelta(seconds=wait), threshold=1.1, add_direction=False),
        )
        return page, 429, {"Retry-After": str(wait)}

    # a value the database cannot hold (an absurd number in a URL or form) is bad input
    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def bad_value(error):
        db.session.rollback()
        return _render(400)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _render(500, error)


def _same_site(url: str | None) -> str | None:
    """Return the path of ``url`` when it points to this site, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
