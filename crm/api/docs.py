"""The interactive API reference at /api/v1/docs: Swagger UI served from this server.

Swagger UI's files come from the ``flask-swagger-ui`` package (Swagger UI 5, which renders
OpenAPI 3.1; Apache License 2.0, its LICENSE beside the files); only its files are used, with
our own page and start script, so the page needs no inline script and no CDN.
"""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask, render_template, send_from_directory

SWAGGER_UI = Path(flask_swagger_ui.__file__).parent / "dist"

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1/docs")


@bp.route("/")
def reference():
    """Show the interactive reference of /api/v1/openapi.json."""
    return render_template("api/docs.html")


@bp.route("/assets/<path:filename>")
def asset(filename: str):
    """Serve one of Swagger UI's files."""
    return send_from_directory(SWAGGER_UI, filename, max_age=86400)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    for endpoint in ("api_docs.reference", "api_docs.asset"):
        app.view_functions[endpoint].is_public = True
