"""Every URL requires login except the login page, health check, static files and token links."""

import re

import pytest

#: endpoints reachable without login; anything added here must be on purpose
PUBLIC = {
    "auth.login",
    "auth.mfa_verify",
    "main.healthz",
    "main.language",
    "static",
    "bootstrap.static",
}
#: single sign-on: the start of the login at the provider and the way back (404 when off)
PUBLIC |= {"auth.oidc_login", "auth.oidc_callback"}
#: the accessibility statement must be readable before login (BITV 2.0 § 7)
PUBLIC |= {"main.accessibility"}
#: the API's OpenAPI document and its reference page (no data in them)
PUBLIC |= {"api-docs.openapi_json", "api_docs.reference", "api_docs.asset"}
#: the unsubscribe link of a circular (a signed token; RFC 8058 one-click POST)
PUBLIC |= {"circulars.unsubscribe"}
#: invitees' and feed token links; the public OParl endpoint
PUBLIC_PREFIXES = ("invitations.", "calendar.", "oparl.")


def _sample_url(rule) -> str:
    from werkzeug.routing import IntegerConverter

    url = rule.rule
    for arg in rule.arguments:
        number = isinstance(rule._converters[arg], IntegerConverter)
        url = re.sub(rf"<[^>]*{arg}>", "1" if number else "x", url)
    return url


def test_every_url_requires_login(app, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        endpoint = rule.endpoint
        public = endpoint in PUBLIC or endpoint.startswith(PUBLIC_PREFIXES)
        url = _sample_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if public:
                assert response.status_code != 401, url
                continue
            checked += 1
            if url.startswith("/api/"):
                assert response.status_code == 401, (method, url)
            else:
                assert response.status_code in (302, 400), (method, url, response.status_code)
                if response.status_code == 302:
                    assert "/login" in response.headers["Location"], (method, url)
    assert checked > 15


def test_public_views_are_only_the_expected_ones(app):
    from crm.auth.security import is_public_endpoint

    public = {e for e in app.view_functions if is_public_endpoint(app, e)}
    unexpected = {e for e in public - PUBLIC if not e.startswith(PUBLIC_PREFIXES)}
    assert unexpected == set()


def test_security_headers_and_cookie_flags(client, make):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("path", ["/", "/organisations/", "/contacts/", "/groups/", "/meetings/"])
def test_pages_have_no_inline_scripts(client, login_as, path):
    login_as("viewer")
    html = client.get(path).get_data(as_text=True)
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert re.search(r"\son[a-z]+=", html) is None
    assert "cdn" not in html.lower()
