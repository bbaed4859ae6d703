"""The second factor: admins enrol before anything else, codes are checked, recovery codes
work once, admins reset a user's factor; feeds and tokens die with deactivation or reset."""

import pyotp
import sqlalchemy as sa

from crm.models import ApiToken, AuditEvent, CalendarFeed, User
from tests.factories import PASSWORD, TOTP_SECRET, totp_code


def _enrol(client):
    page = client.get("/account/second-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code, inline
    secret = page.split('id="totp-secret" class="fs-5">')[1].split("<")[0]
    response = client.post_form("/account/second-factor", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return [c for c in html.split('id="recovery-codes">')[1].split("</ul>")[0].split("<li>")[1:]]


def test_admin_without_second_factor_is_led_to_enrol_first(app, client, make, db):
    make.user(role="admin", email="neu-admin@test.example", totp=False)
    response = client.post_form("/login", {"email": "neu-admin@test.example", "password": PASSWORD})
    assert response.status_code == 302
    for path in ("/", "/contacts/", "/admin/users/", "/account/"):
        r = client.get(path)
        assert r.status_code == 302 and r.headers["Location"].endswith("/account/second-factor")
    # a wrong code is refused, nothing is switched on
    r = client.post_form("/account/second-factor", {"code": "000000"})
    assert r.status_code == 400 and "falsch oder abgelaufen" in r.get_data(as_text=True)
    codes = [c.split("</li>")[0] for c in _enrol(client)]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/users/").status_code == 200
    user = db.session.scalar(sa.select(User).where(User.email == "neu-admin@test.example"))
    db.session.refresh(user)
    assert user.has_totp
    assert db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "mfa.enable", AuditEvent.entity_id == user.id
        )
    )


def test_viewers_may_but_need_not_use_a_second_factor(client, login_as):
    login_as("viewer")
    assert client.get("/").status_code == 200
    assert "Freiwillig" in client.get("/account/").get_data(as_text=True)


def test_login_asks_for_the_code_refuses_a_wrong_one_and_takes_a_right_one(app, client, make):
    make.user(role="admin", email="a@test.example")
    r = client.post_form("/login", {"email": "a@test.example", "password": PASSWORD})
    assert r.headers["Location"].endswith("/login/second-factor")
    assert client.get("/").status_code == 302  # not logged in yet
    wrong = pyotp.TOTP(TOTP_SECRET).at(0)
    r = client.post_form("/login/second-factor", {"code": wrong})
    assert r.status_code == 401 and "falsch oder abgelaufen" in r.get_data(as_text=True)
    assert client.get("/").status_code == 302
    code = totp_code("a@test.example")
    assert client.post_form("/login/second-factor", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    # the same code is not accepted a second time (another browser replaying it)
    other = app.test_client()
    other.post_form("/login", {"email": "a@test.example", "password": PASSWORD})
    assert other.post_form("/login/second-factor", {"code": code}).status_code == 401


def test_a_recovery_code_works_once(app, client, make, db):
    make.user(role="viewer", email="r@test.example")
    client.log_in("r@test.example")
    codes = [c.split("</li>")[0] for c in _enrol(client)]
    client.post_form("/logout")
    for attempt, expected in ((1, 302), (2, 401)):
        c = app.test_client()
        c.post_form("/login", {"email": "r@test.example", "password": PASSWORD})
        r = c.post_form("/login/second-factor", {"code": codes[0].upper()})
        assert r.status_code == expected, attempt
    c = app.test_client()
    c.post_form("/login", {"email": "r@test.example", "password": PASSWORD})
    assert c.post_form("/login/second-factor", {"code": codes[1]}).status_code == 302


def test_admin_resets_a_users_second_factor(app, client, login_as, make, db):
    other = make.user(role="admin", email="verloren@test.example")
    login_as("admin")
    assert client.post_form(f"/admin/users/{other.id}/second-factor/reset").status_code == 302
    db.session.expire_all()
    assert not other.has_totp
    assert db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "mfa.reset", AuditEvent.entity_id == other.id
        )
    )
    # at the next login they are led to enrol again
    c = app.test_client()
    c.post_form("/login", {"email": "verloren@test.example", "password": PASSWORD})
    assert c.get("/").headers["Location"].endswith("/account/second-factor")


def _feed_and_token(app, user):
    from crm.api import tokens
    from crm.extensions import db
    from crm.feeds.services import create_feed

    feed = create_feed(user)
    _token, secret = tokens.create_token(user, "Abgleich")
    db.session.commit()
    return feed.token, secret


def _alive(app, feed_token, secret):
    anon = app.test_client()
    feed = anon.get(f"/calendar/{feed_token}.ics").status_code
    api = anon.get("/api/v1/groups/", headers={"Authorization": f"Bearer {secret}"}).status_code
    return feed, api


def test_feeds_and_tokens_die_with_deactivation(app, client, login_as, make, db):
    user = make.user(role="secretariat", email="geht@test.example")
    feed_token, secret = _feed_and_token(app, user)
    assert _alive(app, feed_token, secret) == (200, 200)
    login_as("admin")
    client.post_form(f"/admin/users/{user.id}/deactivate")
    assert _alive(app, feed_token, secret) == (404, 401)
    client.post_form(f"/admin/users/{user.id}/reactivate")
    assert _alive(app, feed_token, secret) == (404, 401)  # revoked for good
    assert db.session.scalar(sa.select(ApiToken.revoked_at)) is not None
    assert db.session.scalar(sa.select(CalendarFeed.revoked_at)) is not None


def test_feeds_and_tokens_die_with_a_password_reset(app, client, login_as, make):
    user = make.user(role="secretariat", email="reset@test.example")
    feed_token, secret = _feed_and_token(app, user)
    login_as("admin")
    r = client.post_form(
        f"/admin/users/{user.id}/password",
        {"reset-password": "Neuer langer Satz 42", "reset-password_repeat": "Neuer langer Satz 42"},
    )
    assert r.status_code == 302
    assert _alive(app, feed_token, secret) == (404, 401)


def test_too_many_wrong_codes_get_the_429_page(app, client, make):
    make.user(role="admin", email="guess@test.example")
    client.post_form("/login", {"email": "guess@test.example", "password": PASSWORD})
    wrong = pyotp.TOTP(TOTP_SECRET).at(0)
    codes = [
        client.post_form("/login/second-factor", {"code": wrong}).status_code
        for _ in range(app.config["LOGIN_MAX_FAILURES"])
    ]
    assert codes == [401] * app.config["LOGIN_MAX_FAILURES"]
    # now even the right code waits; the page says why and for how long
    r = client.post_form("/login/second-factor", {"code": totp_code("guess@test.example")})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    page = r.get_data(as_text=True)
    assert "Zu viele falsche Codes" in page and "Bitte warten Sie etwa" in page
    assert client.get("/").status_code == 302
