"""Personal API tokens: created by the CLI or the account page, hashed, revocable."""

from __future__ import annotations

import sqlalchemy as sa

from crm.api import tokens
from crm.audit.models import AuditEvent
from crm.auth.models import ApiToken
from tests.api.conftest import bearer


def test_cli_prints_a_token_once_and_stores_only_its_hash(app, db, runner, make):
    user = make.make_user(role="secretariat", email="gs@test.example")
    result = runner.invoke(args=["users", "token", "gs@test.example", "--name", "Website"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("crm_") and len(secret) > 40
    stored = db.session.scalars(sa.select(ApiToken)).one()
    assert stored.user_id == user.id and stored.name == "Website"
    assert stored.token_hash == tokens.hash_token(secret)
    assert secret not in str([getattr(stored, c.key) for c in ApiToken.__table__.columns])
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity_type == "api_tokens"))
    assert "token_hash" not in (event.one().changes or {})


def test_cli_refuses_an_unknown_user(app, runner):
    result = runner.invoke(args=["users", "token", "nobody@test.example", "--name", "x"])
    assert result.exit_code != 0
    assert "Kein Konto" in result.output


def test_token_authenticates_and_last_use_is_recorded(app, db, client, token_for):
    user, secret = token_for("viewer")
    assert db.session.scalars(sa.select(ApiToken)).one().last_used_at is None
    response = client.get("/api/v1/organisations/", headers=bearer(secret))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalars(sa.select(ApiToken)).one().last_used_at is not None


def test_missing_or_wrong_token_is_401_problem(app, client, token_for):
    _user, secret = token_for("viewer")
    for headers in ({}, bearer(secret + "x"), {"Authorization": f"Basic {secret}"}):
        response = client.get("/api/v1/groups/", headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["status"] == 401


def test_login_session_does_not_authenticate_the_api(app, client, login_as):
    login_as("admin")
    assert client.get("/api/v1/groups/").status_code == 401


def test_revoked_token_is_401(app, db, client, token_for):
    _user, secret = token_for("secretariat")
    assert client.get("/api/v1/groups/", headers=bearer(secret)).status_code == 200
    tokens.revoke_token(db.session.scalars(sa.select(ApiToken)).one())
    db.session.commit()
    assert client.get("/api/v1/groups/", headers=bearer(secret)).status_code == 401


def test_token_of_deactivated_user_is_401(app, db, client, token_for):
    user, secret = token_for("secretariat")
    user.is_active = False
    db.session.commit()
    assert client.get("/api/v1/groups/", headers=bearer(secret)).status_code == 401


def test_account_page_creates_shows_once_and_revokes(app, db, client, login_as):
    user = login_as("viewer")
    page = client.get("/account/tokens/")
    assert page.status_code == 200
    response = client.post_form("/account/tokens/", {"name": "Auswertung"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    token = db.session.scalars(sa.select(ApiToken)).one()
    secret = html.split('id="new-token" class="user-select-all">')[1].split("<")[0]
    assert tokens.hash_token(secret) == token.token_hash and token.user_id == user.id
    assert secret not in client.get("/account/tokens/").get_data(as_text=True)
    # the token works until it is revoked on the page
    assert client.get("/api/v1/groups/", headers=bearer(secret)).status_code == 200
    listing = client.get("/account/tokens/").get_data(as_text=True)
    assert "Zuletzt benutzt" in listing and "nie" not in listing.split("Auswertung")[1][:200]
    revoked = client.post_form(f"/account/tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    assert client.get("/api/v1/groups/", headers=bearer(secret)).status_code == 401


def test_account_page_cannot_revoke_someone_elses_token(app, db, client, login_as, token_for):
    _other, _secret = token_for("secretariat")
    login_as("admin")
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert client.post_form(f"/account/tokens/{token.id}/revoke").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None
