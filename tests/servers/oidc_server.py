"""A real OpenID Connect provider (the npm package ``oidc-provider``) for single sign-on tests.

``start_provider(app_urls)`` runs ``tests/servers/oidc/server.mjs`` with Node on a free port,
with one static client whose redirect URIs point at each app URL given, and the accounts
below. The package is installed with ``npm ci`` in ``tests/servers/oidc`` (``.ci/run`` does
it). Without Node or the package the tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers.ldap_server import free_port, unavailable

FOLDER = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "crm"
CLIENT_SECRET = "test-client-secret"
#: the provider's people: e-mail → password, name and groups (the role claim)
ACCOUNTS = {
    "sabine.richter@example.org": {
        "password": "Anbieter-Passwort-1",
        "name": "Sabine Richter",
        "groups": ["crm-sekretariat", "alle-mitarbeitenden"],
    },
    "paul.neumann@example.org": {
        "password": "Anbieter-Passwort-2",
        "name": "Paul Neumann",
        "groups": ["alle-mitarbeitenden"],
    },
}
#: the claim values and the CRM roles they give
ROLE_MAP = {"crm-sekretariat": "secretariat", "crm-lesen": "viewer", "crm-admin": "admin"}


@dataclass
class OpenIDProvider:
    issuer: str

    def config(self) -> dict[str, str]:
        """Return the app settings that point at this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_ROLE_CLAIM": "groups",
            "OIDC_ROLE_MAP": json.dumps(ROLE_MAP),
            "OIDC_SCOPES": "openid email profile groups",
            "OIDC_PROVIDER_NAME": "Test-Anmeldedienst",
        }


@contextlib.contextmanager
def start_provider(app_urls: list[str]):
    """Run the provider for apps served at ``app_urls``; yields an ``OpenIDProvider``."""
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js not installed (apt-get install nodejs npm)")
    if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        unavailable(f"oidc-provider not installed: run `npm ci` in {FOLDER}")
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(f"{u}/login/sso/callback" for u in app_urls),
        "POST_LOGOUT_REDIRECT_URIS": ",".join(f"{u}/login" for u in app_urls),
        "ACCOUNTS": json.dumps(ACCOUNTS),
        "DEBUG": "",
    }
    process = subprocess.Popen(
        [node, "server.mjs"],
        cwd=FOLDER,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ready = threading.Event()
        output: list[str] = []

        def read():
            for line in process.stdout:
                output.append(line)
                if line.startswith("ready "):
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(30):
            unavailable("the OpenID provider did not start: " + "".join(output)[-2000:])
        yield OpenIDProvider(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def oidc_server():
    """The provider for the Flask test client (whose URLs are http://localhost/…)."""
    with start_provider(["http://localhost"]) as provider:
        yield provider
