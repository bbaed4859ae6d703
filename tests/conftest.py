"""Shared fixtures: a real database (SQLite file or TEST_DATABASE_URL), app, client, logins.

The schema is built once per run by the Alembic migrations; after each test every table is
emptied, so tests are isolated and may commit freely (the app under test commits too).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

# background tasks run at once, in the test's own process (crm.jobs reads this on import)
os.environ.setdefault("JOBS_IMMEDIATE", "1")

from config import TestConfig  # noqa: E402
from crm import create_app  # noqa: E402
from crm.extensions import db as _db  # noqa: E402
from tests import factories  # noqa: E402

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class CRMClient(FlaskClient):
    """Test client that can fetch a CSRF token and post forms with it.

    Each request runs in an empty ``contextvars`` context, so it gets its own app context
    (its own ``g`` and database session) like a real request, even though the test itself
    holds an app context open.
    """

    def open(self, *args, **kwargs):
        # buffered: a streamed body (exports) is read inside the request's own context
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self) -> str:
        for path in ("/", "/login", "/account/second-factor"):
            response = self.get(path)
            match = CSRF_RE.search(response.get_data(as_text=True))
            if match:
                return match.group(1)
        raise AssertionError("no CSRF token found")

    def log_in(self, email: str, password: str | None = None):
        """Log in through /login, and the second-factor step when the user has one."""
        password = factories.PASSWORD if password is None else password
        response = self.post_form("/login", {"email": email, "password": password})
        if response.status_code == 302 and response.headers["Location"].endswith(
            "/login/second-factor"
        ):
            response = self.post_form("/login/second-factor", {"code": factories.totp_code(email)})
        return response

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST ``data`` to ``url`` with a valid CSRF token added."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


def _database_url(tmp_path_factory) -> str:
    """Return this test process's database: a SQLite file, or TEST_DATABASE_URL.

    Under pytest-xdist each worker gets a database of its own on PostgreSQL
    (``test`` → ``test_gw0``, ``test_gw1`` …), created when missing.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    engine = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": own.database}
        )
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    uploads = tmp_path_factory.mktemp("uploads")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        UPLOAD_FOLDER = str(uploads)

    app = create_app(Config)
    app.test_client_class = CRMClient
    with app.app_context():
        _reset_schema()
        from flask_migrate import upgrade

        upgrade()
    return app


def _reset_schema() -> None:
    """Drop whatever an earlier run left in the test database."""
    engine = _db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        _db.drop_all()
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def empty_tables() -> None:
    """Delete every row of every table (not the schema)."""
    _db.session.remove()
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(sa.text(f"DELETE FROM {name}"))


@pytest.fixture
def app(_app):
    """The app with an app context pushed; all tables and the upload folder are emptied
    after the test (stored files, e.g. a user's remembered import mapping, belong to rows
    whose ids the next test reuses)."""
    with _app.app_context():
        yield _app
        empty_tables()
        uploads = Path(_app.config["UPLOAD_FOLDER"])
        for child in uploads.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app) -> CRMClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(app, client):
    """``login_as("secretariat")`` creates a user with that role and logs ``client`` in.

    For a group lead pass the groups: ``login_as("group_lead", groups=[group])``.
    Returns the user.
    """

    def _login(role: str, groups=None, email: str | None = None, c: CRMClient | None = None):
        user = factories.make_user(role=role, groups=groups, email=email)
        target = c or client
        response = target.log_in(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


@pytest.fixture
def make():
    """The factory module: ``make.organisation(...)``, ``make.contact(...)`` …"""
    return factories


@pytest.fixture
def count_queries(app):
    """``with count_queries() as queries: …`` records the SQL statements run inside the block.

    ``queries`` is a list of ``(statement, parameters)``; ``len(queries)`` is the count.
    """

    @contextlib.contextmanager
    def _count():
        queries: list[tuple[str, object]] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            queries.append((statement, parameters))

        sa.event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield queries
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", before)

    return _count
