"""Throttling that cannot be turned against the owner, login audit events, equal timing."""

import time
from datetime import timedelta

import sqlalchemy as sa

from crm.models import AuditEvent, LoginAttempt
from tests.factories import PASSWORD

STRANGER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def _post(client, email, password, environ):
    token = client.csrf_token()
    return client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base=environ,
    )


def test_a_strangers_50_wrong_passwords_do_not_stop_the_owner(app, make):
    make.user(email="owner@test.example")
    stranger = app.test_client()
    for i in range(50):
        _post(stranger, "owner@test.example", f"falsch-{i}", STRANGER)
    # the stranger is slowed down: even the right password waits now
    r = _post(stranger, "owner@test.example", PASSWORD, STRANGER)
    assert r.status_code == 429 and "Zu viele" in r.get_data(as_text=True)
    # the owner, from their own address, logs in at once
    owner = app.test_client()
    r = _post(owner, "owner@test.example", PASSWORD, OWNER)
    assert r.status_code == 302, r.get_data(as_text=True)


def test_delays_grow_and_pass(app, client, make, db):
    make.user(email="slow@test.example")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for i in range(limit):
        _post(client, "slow@test.example", f"falsch-{i}", OWNER)
    assert _post(client, "slow@test.example", PASSWORD, OWNER).status_code == 429
    # once the delay (LOGIN_DELAY_SECONDS after the last failure) has passed, it works
    for attempt in db.session.scalars(sa.select(LoginAttempt)):
        attempt.created_at -= timedelta(seconds=app.config["LOGIN_DELAY_SECONDS"] + 1)
    db.session.commit()
    assert _post(client, "slow@test.example", PASSWORD, OWNER).status_code == 302


def test_the_account_wide_limit_is_high(app, make, db):
    """100 failures an hour from many addresses stop even the owner (a distributed guess)."""
    make.user(email="hot@test.example")
    for i in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        db.session.add(LoginAttempt(email="hot@test.example", address=f"10.0.{i // 250}.{i % 250}"))
    db.session.commit()
    r = _post(app.test_client(), "hot@test.example", PASSWORD, OWNER)
    assert r.status_code == 429


def test_login_success_and_failure_are_audited_with_address_and_user_agent(app, make, db):
    user = make.user(email="audit@test.example")
    c = app.test_client()
    env = {**OWNER, "HTTP_USER_AGENT": "Testbrowser/1.0"}
    _post(c, "audit@test.example", "falsch-falsch", env)
    _post(c, "audit@test.example", PASSWORD, env)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action.like("login.%")).order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["login.failure", "login.success"]
    for e in events:
        assert e.entity_id == user.id
        assert e.changes["address"] == "198.51.100.7"
        assert e.changes["user_agent"] == "Testbrowser/1.0"
    assert events[0].changes["reason"] == "password"


def test_unknown_and_known_emails_take_the_same_time(app, make):
    """A dummy hash is checked for unknown accounts: the medians differ by less than 20 %."""
    keys = ("PASSWORD_HASH_METHOD", "LOGIN_MAX_FAILURES", "LOGIN_ADDRESS_MAX_FAILURES")
    saved = {k: app.config[k] for k in keys}
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"  # the production hash, so timing matters
    app.config["LOGIN_MAX_FAILURES"] = app.config["LOGIN_ADDRESS_MAX_FAILURES"] = 1000
    try:
        make.user(email="known@test.example")
        c = app.test_client()
        token = c.csrf_token()

        def once(email: str) -> float:
            start = time.perf_counter()
            r = c.post("/login", data={"csrf_token": token, "email": email, "password": "x" * 14})
            assert r.status_code == 401
            return time.perf_counter() - start

        once("known@test.example"), once("nobody@test.example")  # warm up
        known, unknown = [], []
        for _ in range(9):
            known.append(once("known@test.example"))
            unknown.append(once("nobody@test.example"))
        # the fastest of interleaved tries: what the hash costs, not what a busy machine adds
        k, u = min(known), min(unknown)
        print(f"fastest known {k * 1000:.1f} ms, unknown {u * 1000:.1f} ms")
        assert abs(k - u) / max(k, u) < 0.20, (k, u)
        assert min(known + unknown) > 0.005  # scrypt really ran for both
    finally:
        app.config.update(saved)


def test_a_throttled_login_gets_a_429_page_in_german_and_english(app, make, db):
    make.user(email="wait@test.example")
    c = app.test_client()
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _post(c, "wait@test.example", f"falsch-{i}", STRANGER).status_code == 401
    r = _post(c, "wait@test.example", PASSWORD, STRANGER)
    assert r.status_code == 429 and r.mimetype == "text/html"
    wait = int(r.headers["Retry-After"])
    assert 1 <= wait <= app.config["LOGIN_DELAY_SECONDS"] + 1
    page = r.get_data(as_text=True)
    assert "<title>Zu viele Versuche" in page and "Zu viele fehlgeschlagene Anmeldungen" in page
    assert "Bitte warten Sie etwa" in page and 'href="/login"' in page
    assert "Ihre Eingaben wurden nicht verarbeitet" in page
    # the refused attempt logged nobody in and was not counted itself
    assert c.get("/").status_code == 302
    failures = sa.select(sa.func.count()).where(LoginAttempt.is_success.is_(False))
    assert db.session.scalar(failures.select_from(LoginAttempt)) == app.config["LOGIN_MAX_FAILURES"]
    c.get("/language/en")
    r = _post(c, "wait@test.example", PASSWORD, STRANGER)
    page = r.get_data(as_text=True)
    assert r.status_code == 429 and "Too many attempts" in page
    assert "Too many failed sign-in attempts" in page and "Please wait about" in page
