"""Single sign-on in Chromium: "Mit … anmelden", log in at the real OpenID provider, come back.

Screenshots of each step go to test-artifacts/ (and /work/shots/acc-sso/ when that exists).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.e2e.conftest import screenshot
from tests.servers.oidc_server import ACCOUNTS, start_provider

SHOTS = Path("/work/shots/acc-sso")


@pytest.fixture(scope="module")
def live_provider(live_server):
    with start_provider([live_server]) as provider:
        yield provider


@pytest.fixture
def sso_page(browser, live_server, live_provider, app):
    saved = {k: app.config.get(k) for k in live_provider.config()}
    app.config.update(live_provider.config())
    context = browser.new_context(
        base_url=live_server,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1366, "height": 768},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    app.config.update(saved)


def _shot(page, name: str) -> None:
    path = screenshot(page, name)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / path.name)


def test_sso_login_in_chromium_lands_with_the_mapped_role_and_logs_out_at_the_provider(
    sso_page, live_server, live_provider, db
):
    from crm.models import User

    page = sso_page
    email = "sabine.richter@example.org"
    page.goto("/login")
    button = page.get_by_role("link", name="Mit Test-Anmeldedienst anmelden")
    _shot(page, "sso-1-login-page")
    button.click()
    page.wait_for_url(f"{live_provider.issuer}/interaction/**")
    page.get_by_label("Benutzername").fill(email)
    page.get_by_label("Kennwort").fill(ACCOUNTS[email]["password"])
    _shot(page, "sso-2-provider-login")
    page.get_by_role("button", name="Beim Anmeldedienst anmelden").click()
    page.wait_for_url(f"{live_server}/")
    page.get_by_role("heading", level=1).first.wait_for()
    # show who is logged in, with the role (the user menu, behind the toggler at 1366 px)
    page.get_by_role("button", name="Navigation umschalten").click()
    page.get_by_role("button", name="Sabine Richter").click()
    page.locator(".dropdown-item-text", has_text=email).filter(
        has_text="Geschäftsstelle"
    ).wait_for()
    _shot(page, "sso-3-back-logged-in")
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    assert (user.role, user.auth_source) == ("secretariat", "oidc")
    # the secretariat may add organisations: the mapped role is the session's role
    page.goto("/organisations/new")
    page.get_by_role("heading", name="Neue Organisation").wait_for()

    # RP-initiated logout: the CRM's logout goes on to the provider and back to the login
    page.goto("/")
    page.get_by_role("button", name="Navigation umschalten").click()
    menu = page.get_by_role("button", name="Sabine Richter")
    menu.wait_for()
    menu.click()
    logout = page.get_by_role("button", name="Abmelden")
    logout.wait_for()
    logout.click()
    page.wait_for_url(f"{live_provider.issuer}/**")
    _shot(page, "sso-4-provider-logout")
    page.get_by_role("button", name="Ja, abmelden").click()
    page.wait_for_url("**/login**")
    page.get_by_text("Sie sind abgemeldet.").wait_for()
    _shot(page, "sso-5-logged-out")
    # the provider's session is over: SSO asks for the password again
    page.get_by_role("link", name="Mit Test-Anmeldedienst anmelden").click()
    page.wait_for_url(f"{live_provider.issuer}/interaction/**")
    page.get_by_label("Kennwort").wait_for()
