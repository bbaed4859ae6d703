"""The REST API /api/v1: OpenAPI 3.1 from the same marshmallow schemas that validate requests.

Built on flask-smorest (README: why). Each resource is a flask-smorest blueprint in
``crm.api.views``; ``init_app`` gives every one of them token authentication, the per-token
rate limit, problem+json errors and no CSRF check (no cookie authenticates the API).
"""

from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, request
from flask_smorest import Api as SmorestApi
from werkzeug.exceptions import HTTPException

from crm.i18n import MACHINE_PREFIXES

PREFIX = "/api/v1"


class Api(SmorestApi):
    """flask-smorest's Api, whose errors are problem+json and only on API paths."""

    def _register_error_handlers(self) -> None:
        self._app.register_error_handler(HTTPException, handle_http_exception)


def handle_http_exception(error: HTTPException):
    """Answer API and OParl errors as problem+json; leave the UI's errors as they were."""
    if request.path.startswith(MACHINE_PREFIXES):
        from crm.api.problems import from_http_exception

        return from_http_exception(error)
    return error


def schema_name(schema) -> str:
    """Name a schema in the OpenAPI document; its partial form (PATCH bodies) as ``…Patch``."""
    from apispec.ext.marshmallow.common import resolve_schema_cls

    name = resolve_schema_cls(schema).__name__
    return f"{name}Patch" if getattr(schema, "partial", False) else name


api = Api(spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name)})


def init_app(app: Flask) -> None:
    """Register the API blueprints, the OpenAPI document and the docs page on ``app``."""
    from crm.api import account, docs, views
    from crm.api.auth import init_limiter
    from crm.api.spec import SPEC_OPTIONS, add_components

    app.config.setdefault("API_TITLE", "crm API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", SPEC_OPTIONS)
    # machine answers (API, OParl) in UTF-8 as written (RFC 8259) and in the schemas' field
    # order: a reader sees "Thüringen", not "Th\u00fcringen", and the id first; and a test
    # that looks for a name with an umlaut in a response's text can fail
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    init_limiter(app)
    api.init_app(app)
    add_components(api.spec)
    for blp in views.BLUEPRINTS:
        api.register_blueprint(blp)
    docs.init_app(app)
    app.register_blueprint(account.bp)
    # the document itself is public, like the reference page that reads it
    openapi_json = app.view_functions["api-docs.openapi_json"]
    getattr(openapi_json, "__func__", openapi_json).is_public = True
