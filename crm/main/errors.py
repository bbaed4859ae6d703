"""German error pages (400, 403, 404, 413, 500)."""

from flask import Flask, render_template
from sqlalchemy.exc import DataError

from crm.extensions import db


def init_app(app: Flask) -> None:
    def _render(status: int):
        return render_template(f"errors/{status}.html"), status

    @app.errorhandler(400)
    def bad_request(error):
        return _render(400)

    @app.errorhandler(403)
    def forbidden(error):
        return _render(403)

    @app.errorhandler(404)
    def not_found(error):
        return _render(404)

    @app.errorhandler(413)
    def too_large(error):
        return _render(413)

    # a value the database cannot hold (an absurd number in a URL or form) is bad input
    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def bad_value(error):
        db.session.rollback()
        return _render(400)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _render(500)
