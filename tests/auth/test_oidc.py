"""Single sign-on against a real OpenID provider (npm ``oidc-provider``, started by the fixture).

The Flask test client plays the CRM's side; a ``requests`` session plays the browser at the
provider, following its redirects until it sends the browser back to the CRM.
"""

import json
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
import sqlalchemy as sa

from crm.extensions import db
from crm.models import AuditEvent, User
from tests.factories import PASSWORD
from tests.servers.oidc_server import ACCOUNTS, ROLE_MAP

SABINE = "sabine.richter@example.org"
PAUL = "paul.neumann@example.org"
APP = "http://localhost"


def _user(email):
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def _until_app(
    browser: requests.Session, url: str, **kwargs
) -> tuple[str | None, requests.Response]:
    """Follow the provider's redirects; return (the CRM URL it sends to, or None; last answer)."""
    response = browser.request(kwargs.pop("method", "GET"), url, allow_redirects=False, **kwargs)
    while response.is_redirect:
        target = urljoin(response.url, response.headers["Location"])
        if target.startswith(APP):
            return target, response
        response = browser.get(target, allow_redirects=False)
    return None, response


def _form(response: requests.Response) -> tuple[str, dict[str, str]]:
    """Return the action and hidden fields of the first form on a provider page."""
    html = response.text
    action = re.search(r'<form[^>]*action="([^"]+)"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return urljoin(response.url, action.replace("&amp;", "&")), fields


def _sso_login(client, browser, email, password, start="/login/sso"):
    """Click "Mit … anmelden", log in at the provider; return the CRM's answer to its callback."""
    response = client.get(start)
    assert response.status_code == 302
    back, page = _until_app(browser, response.headers["Location"])
    if back is None:  # the provider asks for the login
        action, _hidden = _form(page)
        back, page = _until_app(
            browser, action, method="POST", data={"login": email, "password": password}
        )
    assert back is not None, page.text
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def test_code_flow_with_pkce_logs_in_with_the_mapped_role(client, provider):
    start = client.get("/login/sso?next=/contacts/")
    authorize = urlsplit(start.headers["Location"])
    params = parse_qs(authorize.query)
    assert f"{authorize.scheme}://{authorize.netloc}" == provider.issuer
    assert params["response_type"] == ["code"] and params["code_challenge_method"] == ["S256"]
    assert params["code_challenge"][0] and params["nonce"][0] and params["state"][0]
    assert "groups" in params["scope"][0].split()

    browser = requests.Session()
    response = _sso_login(
        client, browser, SABINE, ACCOUNTS[SABINE]["password"], start="/login/sso?next=/contacts/"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/contacts/")
    user = _user(SABINE)
    assert (user.role, user.name, user.auth_source) == ("secretariat", "Sabine Richter", "oidc")
    assert user.external_id == f"oidc:{provider.issuer}|{SABINE}"
    assert client.get("/organisations/new").status_code == 200
    login = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "login.success", AuditEvent.entity_id == user.id
        )
    ).one()
    assert login.changes["method"] == "oidc"


def test_the_role_follows_the_claim_at_each_login(client, provider, app):
    browser = requests.Session()
    _sso_login(client, browser, SABINE, ACCOUNTS[SABINE]["password"])
    assert _user(SABINE).role == "secretariat"
    client.post_form("/logout")
    app.config["OIDC_ROLE_MAP"] = json.dumps({**ROLE_MAP, "crm-sekretariat": "viewer"})
    response = _sso_login(client, requests.Session(), SABINE, ACCOUNTS[SABINE]["password"])
    assert response.status_code == 302
    assert _user(SABINE).role == "viewer"
    assert client.get("/organisations/new").status_code == 403


def test_no_matching_role_is_refused_with_a_clear_message(client, provider):
    response = _sso_login(client, requests.Session(), PAUL, ACCOUNTS[PAUL]["password"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert "nicht freigeschaltet" in page
    assert _user(PAUL) is None
    assert client.get("/").status_code == 302  # not logged in
    refused = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "login.failure")
    ).one()
    assert refused.changes == {"method": "oidc", "reason": "no_role", "address": "127.0.0.1"}


def test_a_local_account_is_not_taken_over_by_the_provider(client, provider, make):
    make.user(role="admin", email=SABINE)
    _sso_login(client, requests.Session(), SABINE, ACCOUNTS[SABINE]["password"])
    assert "schon ein anderes Konto" in client.get("/login").get_data(as_text=True)
    assert _user(SABINE).auth_source == "local"
    assert client.post_form("/login", {"email": SABINE, "password": PASSWORD}).status_code == 302


def test_a_tampered_state_or_a_reused_code_is_refused(client, provider):
    browser = requests.Session()
    start = client.get("/login/sso")
    _back, page = _until_app(browser, start.headers["Location"])
    action, _hidden = _form(page)
    back, _page = _until_app(
        browser,
        action,
        method="POST",
        data={"login": SABINE, "password": ACCOUNTS[SABINE]["password"]},
    )
    query = parse_qs(urlsplit(back).query)
    code, state = query["code"][0], query["state"][0]
    # an answer to a login this browser never started (login CSRF) is refused
    response = client.get(f"/login/sso/callback?code={code}&state=forged{state}")
    assert response.headers["Location"].endswith("/login")
    assert "fehlgeschlagen" in client.get("/login").get_data(as_text=True)
    assert _user(SABINE) is None
    # the genuine answer works once …
    assert client.get(f"/login/sso/callback?code={code}&state={state}").status_code == 302
    assert _user(SABINE) is not None
    client.post_form("/logout")
    # … and a replay of it does not log anyone in
    response = client.get(f"/login/sso/callback?code={code}&state={state}")
    assert response.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302


def test_wrong_client_secret_or_a_refusal_at_the_provider_is_refused(client, provider, app):
    app.config["OIDC_CLIENT_SECRET"] = "not-the-secret"
    _sso_login(client, requests.Session(), SABINE, ACCOUNTS[SABINE]["password"])
    assert "fehlgeschlagen" in client.get("/login").get_data(as_text=True)
    assert _user(SABINE) is None
    response = client.get("/login/sso/callback?error=access_denied&state=x")
    assert response.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302


def test_logout_ends_the_session_at_the_provider_too(client, provider):
    browser = requests.Session()
    _sso_login(client, browser, SABINE, ACCOUNTS[SABINE]["password"])
    # while the provider's session lives, a second SSO login needs no password
    client.post_form("/logout")  # (below, the logout goes to the provider)
    client.get("/login")
    response = _sso_login(client, browser, SABINE, "no password typed")
    assert response.status_code == 302 and client.get("/").status_code == 200

    response = client.post_form("/logout")
    assert client.get("/").status_code == 302  # the CRM's session is over at once
    # a page leads on to the provider (a cross-site redirect after a form breaks the CSP)
    assert response.status_code == 200
    url = re.search(r'<a class="btn btn-primary" href="([^"]+)"', response.get_data(as_text=True))
    end_session_url = url.group(1).replace("&amp;", "&")
    end_session = urlsplit(end_session_url)
    assert f"{end_session.scheme}://{end_session.netloc}" == provider.issuer
    params = parse_qs(end_session.query)
    assert params["post_logout_redirect_uri"] == [f"{APP}/login"]
    assert params["id_token_hint"][0].count(".") == 2
    _back, page = _until_app(browser, end_session_url)
    action, hidden = _form(page)  # the provider's "Ja, abmelden"
    back, _page = _until_app(browser, action, method="POST", data={**hidden, "logout": "yes"})
    assert back.startswith(f"{APP}/login")
    assert "Sie sind abgemeldet" in client.get(urlsplit(back).path).get_data(as_text=True)
    # the provider's session has ended: the next SSO login asks for the password again
    start = client.get("/login/sso")
    again, page = _until_app(browser, start.headers["Location"])
    assert again is None and 'name="password"' in page.text


def test_sso_button_only_when_configured(client, provider, app):
    page = client.get("/login").get_data(as_text=True)
    assert "Mit Test-Anmeldedienst anmelden" in page
    app.config["OIDC_ISSUER"] = None
    assert "anmelden</a>" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/sso").status_code == 404
