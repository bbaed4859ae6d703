"""In Chromium: an admin without a second factor is led to enrol, a wrong code is refused,
a recovery code works once; the account page lists sessions and logs out everywhere."""

from tests.e2e.conftest import enrol_second_factor, screenshot
from tests.factories import PASSWORD


def _password_step(page, email):
    page.goto("/login")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def _code_step(page, code):
    page.get_by_label("Bestätigungscode").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen").click()


def test_admin_enrols_then_codes_and_recovery_codes(page, make):
    page.set_viewport_size({"width": 1366, "height": 768})
    make.make_user(role="admin", email="erst@test.example", name="Erna Erst", totp=False)
    _password_step(page, "erst@test.example")
    # led to enrol before anything else, also when asking for another page
    assert page.url.endswith("/account/second-factor")
    page.goto("/contacts/")
    assert page.url.endswith("/account/second-factor")
    assert page.get_by_text("Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben").is_visible()
    assert page.locator("figure.qr-code svg").count() == 1
    screenshot(page, "mfa-1-enrol")
    page.get_by_label("Code aus der App").fill("123456")
    page.get_by_role("button", name="Einrichten").click()
    assert page.locator("#code-error", has_text="Der Code ist falsch oder abgelaufen.").is_visible()
    codes = enrol_second_factor(page)
    assert len(codes) == 10
    screenshot(page, "mfa-2-recovery-codes")
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**/account/")
    assert page.get_by_text("diese Sitzung").is_visible()
    screenshot(page, "mfa-3-account-sessions")
    page.get_by_role("button", name="Überall abmelden").click()
    page.wait_for_url("**/login")

    # next login: the code is asked for; a wrong one is refused
    _password_step(page, "erst@test.example")
    assert "/login/second-factor" in page.url
    _code_step(page, "000000")
    assert page.locator("#code-error", has_text="Der Code ist falsch oder abgelaufen.").is_visible()
    screenshot(page, "mfa-4-wrong-code")
    # a recovery code works …
    _code_step(page, codes[0])
    assert page.get_by_text("Sie haben einen Wiederherstellungscode verwendet").is_visible()
    screenshot(page, "mfa-5-recovery-code-used")
    # the navigation is expanded at 1366 px
    page.locator("#usermenu").click()
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/login")
    # … once
    _password_step(page, "erst@test.example")
    _code_step(page, codes[0])
    assert page.locator("#code-error", has_text="Der Code ist falsch oder abgelaufen.").is_visible()
    screenshot(page, "mfa-6-recovery-code-refused-twice")
    # the app's code works (one of a time step not used yet: a code counts once)
    from tests.factories import totp_code

    _code_step(page, totp_code("erst@test.example"))
    assert page.locator("h1").first.is_visible() and "/login" not in page.url
    # the refused codes answer 400/401, which Chromium logs; no script error besides
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []
