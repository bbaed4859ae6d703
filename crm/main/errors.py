"""German error pages (403, 404, 500); problem+json (``crm.api.problems``) for API and OParl."""

from flask import Flask, render_template, request
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
