"""Browser tests: the app served on a local port, driven by Playwright in Debian's Chromium.

They run when /usr/bin/chromium exists; with CRM_REQUIRE_BROWSER=1 a missing browser fails
the run instead of skipping it. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CRM_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def live_server(_app):
    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CRM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CRM_REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--lang=de-DE",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, app):
    context = browser.new_context(
        base_url=live_server,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        accept_downloads=True,
        viewport={"width": 1440, "height": 900},  # below 992 px the navigation collapses
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def totp_now(secret: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).now()


def enrol_second_factor(page) -> list[str]:
    """On the enrolment page: type the shown key's code, return the recovery codes."""
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code aus der App").fill(totp_now(secret))
    page.get_by_role("button", name="Einrichten").click()
    page.wait_for_selector("#recovery-codes")
    return [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]


def login(page, email: str, password: str) -> None:
    """Log in; enter the second factor when asked (test admins have ``TOTP_SECRET``), or
    set one up when the role needs it and the user has none (the seeded demo admin)."""
    from tests import factories

    page.goto("/login")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    if "/login/second-factor" in page.url:
        page.get_by_label("Bestätigungscode").fill(factories.totp_code(email))
        with page.expect_navigation():
            page.get_by_role("button", name="Bestätigen").click()
    elif "/account/second-factor" in page.url:
        enrol_second_factor(page)
        page.get_by_role("link", name="Weiter").click()
    page.wait_for_url(lambda url: "/login" not in url and "second-factor" not in url)
