"""The network's public data as OParl 1.1 (oparl.org), read-only, at /oparl/v1/.

Public without login, as the standard means it, and so sent with
``Access-Control-Allow-Origin: *`` (OParl 1.1, section CORS); ``OPARL_ENABLED`` turns the
whole endpoint off. Only what may be public: groups, member organisations, meetings that
are scheduled, held or cancelled, and people who agreed to publication
(``queries.publishable_contacts``), never their contact data.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app

bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1")


@bp.before_request
def enabled() -> None:
    if not current_app.config.get("OPARL_ENABLED", True):
        abort(404)


@bp.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def init_app(app: Flask) -> None:
    """Register the OParl blueprint; every view is public."""
    app.register_blueprint(bp)
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith("oparl."):
            view.is_public = True


from crm.api.auth import limiter, rate_limit  # noqa: E402
from crm.oparl import views  # noqa: E402,F401

#: one allowance per address for the whole endpoint
limiter.shared_limit(rate_limit, scope="oparl")(bp)
