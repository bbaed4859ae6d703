"""crm: a membership and stakeholder CRM for regional cooperation networks."""

from __future__ import annotations

import os

from flask import Flask

from config import Config, instance_secret_key


def create_app(config_class: type = Config) -> Flask:
    """Return the configured Flask application."""
    # every file the app writes (database, uploads, exports, backups, the queue) holds
    # personal data: readable and writable by the app's own system user only
    os.umask(0o077)
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    app.config.from_object(config_class)
    app.config.from_pyfile("config.py", silent=True)
    ensure_secret_key(app)
    register_extensions(app)
    register_blueprints(app)
    register_machine_interfaces(app)
    register_security(app)
    register_templating(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def ensure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY from the settings, else a random key kept in ``instance/secret_key``.

    There is deliberately no built-in default: a known key would let anyone forge a login.
    """
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def register_extensions(app: Flask) -> None:
    import crm.models  # noqa: F401  (every model registered before the first query)
    from crm import aggregates, i18n
    from crm.db import include_name, include_object, register_sqlite_pragmas
    from crm.extensions import babel, bootstrap, csrf, db, login_manager, migrate
    from crm.search import hooks, pairs

    register_sqlite_pragmas()
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(app.root_path + "/../migrations"),
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
        include_object=include_object,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.install_template_gettext(app)
    bootstrap.init_app(app)
    hooks.register()
    aggregates.register()
    pairs.keep_with(aggregates.cached)  # the duplicates pages' whole-index counts
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)


def register_blueprints(app: Flask) -> None:
    """Register every feature's blueprint (each package imports its own views)."""
    from crm import (
        audit,
        auth,
        bulk,
        circulars,
        contacts,
        exports,
        feeds,
        groups,
        imports,
        invitations,
        lists,
        main,
        meetings,
        organisations,
        outbox,
        privacy,
        reports,
    )

    for feature in (
        main,
        auth,
        organisations,
        contacts,
        groups,
        meetings,
        exports,
        lists,
        imports,
        audit,
        reports,
        invitations,
        feeds,
        privacy,
        outbox,
        circulars,
        bulk,
    ):
        app.register_blueprint(feature.bp)
    audit.init_app(app)


def register_machine_interfaces(app: Flask) -> None:
    """The REST API /api/v1 (with its OpenAPI document) and the public OParl /oparl/v1."""
    from crm import api, oparl

    api.init_app(app)
    oparl.init_app(app)


def register_security(app: Flask) -> None:
    from crm.auth import security

    security.init_app(app)


def register_templating(app: Flask) -> None:
    from crm import templating

    templating.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from crm.main import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from crm import cli

    cli.init_app(app)
