"""Fixtures of the account tests: the real directory and OpenID provider servers."""

import pytest

from tests.servers.ldap_server import slapd_server  # noqa: F401
from tests.servers.oidc_server import oidc_server  # noqa: F401


@pytest.fixture
def directory(app, slapd_server):  # noqa: F811
    """The app configured for directory login against the running slapd (until the test ends)."""
    saved = {k: app.config.get(k) for k in slapd_server.config()}
    app.config.update(slapd_server.config())
    yield slapd_server
    app.config.update(saved)


@pytest.fixture
def provider(app, oidc_server):  # noqa: F811
    """The app configured for single sign-on with the running OpenID provider."""
    saved = {k: app.config.get(k) for k in oidc_server.config()}
    app.config.update(oidc_server.config())
    yield oidc_server
    app.config.update(saved)
