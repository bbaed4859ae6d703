"""HTTP done right: ETag/If-Match, problem+json by language, Link pagination, rate limits."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.contacts.models import Contact
from crm.groups.models import Seat
from tests.api.conftest import bearer


def test_stale_if_match_is_412_and_changes_nothing(app, db, client, make, token_for):
    group = make.group()
    org = make.organisation()
    seat = make.seat(make.contact(organisation=org), group, organisation=org)
    _user, secret = token_for("secretariat")
    first = client.get(f"/api/v1/seats/{seat.id}", headers=bearer(secret))
    etag = first.headers["ETag"]
    assert etag == f'"{seat.id}-{seat.version}"'
    changed = client.patch(
        f"/api/v1/seats/{seat.id}",
        json={"role": "deputy_delegate"},
        headers=bearer(secret, **{"If-Match": etag}),
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.headers["ETag"] != etag and changed.json["version"] == seat.version + 1
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    stale = client.patch(
        f"/api/v1/seats/{seat.id}",
        json={"role": "guest", "notes": "überschrieben?"},
        headers=bearer(secret, **{"If-Match": etag}),
    )
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    db.session.expire_all()
    row = db.session.get(Seat, seat.id)
    assert (row.role, row.notes) == ("deputy_delegate", None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events


def test_update_without_if_match_is_428(app, client, make, token_for):
    org = make.organisation("Stadt Halle")
    _user, secret = token_for("secretariat")
    response = client.patch(
        f"/api/v1/organisations/{org.id}", json={"city": "Halle"}, headers=bearer(secret)
    )
    assert response.status_code == 428
    assert (
        client.get(f"/api/v1/organisations/{org.id}", headers=bearer(secret)).json["city"] is None
    )


def test_problem_detail_in_english_by_accept_language(app, client, token_for):
    _user, secret = token_for("viewer")
    german = client.get("/api/v1/groups/999", headers=bearer(secret))
    english = client.get("/api/v1/groups/999", headers=bearer(secret, **{"Accept-Language": "en"}))
    assert german.status_code == english.status_code == 404
    assert german.json["title"] == "Nicht gefunden"
    assert english.json["title"] == "Not found"
    assert english.headers["Content-Language"] == "en"
    assert english.json["detail"] != german.json["detail"]


def test_invalid_input_is_422_with_the_fields(app, client, token_for):
    _user, secret = token_for("secretariat")
    response = client.post(
        "/api/v1/organisations/",
        json={"name": "", "kind": "castle", "state": "TH"},
        headers=bearer(secret, **{"Accept-Language": "en"}),
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert {"name", "kind"} <= set(response.json["errors"])


def test_broken_rule_is_422_with_the_services_message(app, db, client, make, token_for):
    group = make.group()
    org = make.organisation()
    make.membership(org, group, starts_on=date(2020, 1, 1))
    _user, secret = token_for("secretariat")
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    overlapping = client.post(
        f"/api/v1/groups/{group.id}/memberships",
        json={"organisation_id": org.id, "starts_on": "2024-01-01"},
        headers=bearer(secret),
    )
    assert overlapping.status_code in (409, 422), overlapping.get_json()
    assert overlapping.json["detail"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events


def test_lists_are_paginated_with_link_headers_in_a_stable_order(app, client, make, token_for):
    for n in range(30):
        make.organisation(f"Gemeinde {n:02d}", state="TH")
    _user, secret = token_for("viewer")
    first = client.get("/api/v1/organisations/?state=TH&per_page=25", headers=bearer(secret))
    assert first.status_code == 200 and len(first.json) == 25
    assert first.headers["X-Total-Count"] == "30"
    links = dict(
        (part.split("; ")[1].split('"')[1], part.split(">")[0].lstrip("<"))
        for part in first.headers["Link"].split(", ")
    )
    assert set(links) == {"first", "next", "last"}
    assert "state=TH" in links["next"] and "page=2" in links["next"]
    second = client.get(links["next"].split("localhost", 1)[1], headers=bearer(secret))
    names = [o["name"] for o in first.json + second.json]
    assert names == sorted(names) and len(set(names)) == 30
    assert "prev" in second.headers["Link"] and "next" not in second.headers["Link"]


def test_every_resource_has_an_etag(app, client, make, token_for):
    group = make.group()
    meeting = make.meeting(group)
    _user, secret = token_for("viewer")
    for url in (f"/api/v1/groups/{group.id}", f"/api/v1/meetings/{meeting.id}"):
        assert client.get(url, headers=bearer(secret)).headers["ETag"]


def test_no_cors_headers_on_the_api(app, client, token_for):
    _user, secret = token_for("viewer")
    response = client.get(
        "/api/v1/groups/", headers=bearer(secret, Origin="https://elsewhere.example")
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options(
        "/api/v1/groups/",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


@pytest.fixture
def low_limit(app):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    yield
    app.config["API_RATE_LIMIT"] = "300 per minute"


def test_rate_limit_per_token_with_retry_after(app, client, token_for, low_limit):
    _user, secret = token_for("viewer")
    _other, other_secret = token_for("viewer")
    codes = [client.get("/api/v1/groups/", headers=bearer(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/groups/", headers=bearer(secret))
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    # another token has its own allowance
    assert client.get("/api/v1/groups/", headers=bearer(other_secret)).status_code == 200


@pytest.fixture
def redis_url():
    """A Redis server of its own on a free local port (Debian's redis-server)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is needed for the Redis rate-limit storage test")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(5)


#: run in a process of its own: the limiter's storage is chosen once per process
REDIS_CHECK = """
import sys
from config import TestConfig
from crm import create_app
from crm.api import tokens
from crm.extensions import db
from tests import factories

class RedisConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = sys.argv[1]
    REDIS_URL = sys.argv[2]
    API_RATE_LIMIT = "2 per minute"

app = create_app(RedisConfig)
with app.app_context():
    db.create_all()
    _token, secret = tokens.create_token(factories.make_user(role="viewer"), "redis")
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": "Bearer " + secret}
    print([client.get("/api/v1/groups/", headers=headers).status_code for _ in range(3)])
"""


def test_rate_limits_are_counted_in_redis_when_redis_url_is_set(redis_url, tmp_path):
    import redis

    result = subprocess.run(
        [sys.executable, "-c", REDIS_CHECK, f"sqlite:///{tmp_path / 'r.sqlite'}", redis_url],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[200, 200, 429]"
    assert any(b"token:" in key for key in redis.Redis.from_url(redis_url).keys("*"))


def test_nul_character_is_invalid_input_on_every_database(app, db, client, token_for):
    """PostgreSQL cannot store NUL in text: the schemas refuse it (422), not the database (400)."""
    _user, secret = token_for("secretariat")
    response = client.post(
        "/api/v1/people/", json={"last_name": "Null", "notes": "a\u0000b"}, headers=bearer(secret)
    )
    assert response.status_code == 422, response.get_json()
    assert list(response.json["errors"]) == ["notes"]
    searched = client.get("/api/v1/people/?q=a%00b", headers=bearer(secret))
    assert searched.status_code == 422 and list(searched.json["errors"]) == ["q"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
