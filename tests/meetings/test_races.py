"""Lost races on a real server: 30 saves of one meeting (or its minutes) at the same moment
give exactly one success and 409 conflict pages, never a 500; a stale form is refused (409).

The app is served on a local port by werkzeug's threaded server and the saves are real
HTTP requests from 30 threads, on SQLite and on PostgreSQL (TEST_DATABASE_URL).
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, time, timedelta

import pytest

from crm.extensions import db as _db
from crm.meetings.models import AgendaItem, Meeting
from tests import factories
from tests.e2e.conftest import live_server  # noqa: F401  (the served app)

HIDDEN_RE = r'name="{}"[^>]*value="([^"]*)"'
RACERS = 30


class Browser:
    """A logged-in HTTP client with its own cookies (no redirects followed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def form(self, path: str, *names: str) -> dict:
        status, page = self.request(path)
        assert status == 200, page
        return {n: re.search(HIDDEN_RE.format(n), page).group(1) for n in names}

    def log_in(self, email: str) -> None:
        token = self.form("/login", "csrf_token")["csrf_token"]
        status, _ = self.request(
            "/login", {"csrf_token": token, "email": email, "password": factories.PASSWORD}
        )
        assert status == 302


def race(browser: Browser, path: str, forms: list[dict]) -> list[int]:
    """POST each form to ``path`` from its own thread, all released at once."""
    results: list[int] = [0] * len(forms)
    gate = threading.Barrier(len(forms))

    def run(i: int) -> None:
        gate.wait()
        results[i] = browser.request(path, forms[i])[0]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(forms))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def scene(db, live_server):  # noqa: F811
    group = factories.group(name="AG Wettlauf")
    meeting = factories.meeting(
        group,
        title="Sitzung Wettlauf",
        # yesterday at 10:00 UTC: at a time of day like "now" a two-hour meeting starting after
        # 22:00 in Berlin ends after midnight, which the edit form (one date, two times) refuses
        starts_at=datetime.combine(datetime.now(UTC).date(), time(10), UTC) - timedelta(days=1),
    )
    item = AgendaItem(meeting=meeting, position=1, title="Begrüßung")
    _db.session.add(item)
    _db.session.commit()
    user = factories.make_user(role="secretariat")
    browser = Browser(live_server)
    browser.log_in(user.email)
    return browser, meeting, item


def test_thirty_concurrent_minutes_saves_give_one_success(scene):
    browser, meeting, _ = scene
    version = meeting.version
    path = f"/meetings/{meeting.id}/minutes"
    base = browser.form(path, "csrf_token", "version", "seen_event")
    forms = [
        {**base, "minutes": f"Protokoll Fassung {i}", "minutes_status": "draft"}
        for i in range(RACERS)
    ]
    results = race(browser, path, forms)
    assert 500 not in results
    assert results.count(303) == 1, results
    assert results.count(409) == RACERS - 1, results
    _db.session.expire_all()
    saved = _db.session.get(Meeting, meeting.id)
    assert saved.minutes.startswith("Protokoll Fassung ")
    assert saved.version == version + 1


def test_thirty_concurrent_meeting_saves_give_one_success(scene):
    browser, meeting, _ = scene
    path = f"/meetings/{meeting.id}/edit"
    status, page = browser.request(path)
    base = {
        n: re.search(HIDDEN_RE.format(n), page).group(1)
        for n in ("csrf_token", "version", "seen_event", "starts_on", "starts_time", "ends_time")
    }
    forms = [{**base, "group_id": str(meeting.group_id), "title": f"Titel {i}"} for i in range(30)]
    results = race(browser, path, forms)
    assert 500 not in results
    assert results.count(303) == 1, results
    assert results.count(409) == RACERS - 1, results


def test_outdated_forms_are_refused(scene):
    browser, meeting, item = scene
    path = f"/meetings/{meeting.id}/minutes"
    old = browser.form(path, "csrf_token", "version", "seen_event")
    assert browser.request(path, {**old, "minutes": "Erste", "minutes_status": "draft"})[0] == 303
    status, page = browser.request(path, {**old, "minutes": "Zweite", "minutes_status": "draft"})
    assert status == 409
    assert "Nicht gespeichert" in page and "Zweite" in page
    _db.session.expire_all()
    assert _db.session.get(Meeting, meeting.id).minutes == "Erste"

    item_path = f"/meetings/{meeting.id}/agenda/{item.id}/edit"
    old = browser.form(item_path, "csrf_token", "version", "seen_event")
    assert browser.request(item_path, {**old, "title": "Begrüßung und Bericht"})[0] == 303
    status, page = browser.request(item_path, {**old, "title": "Nur Begrüßung"})
    assert status == 409
    assert "Nicht gespeichert" in page
    # without any version the save cannot prove it saw the current data: refused too
    status, _ = browser.request(item_path, {"csrf_token": old["csrf_token"], "title": "Blind"})
    assert status == 409
    _db.session.expire_all()
    assert _db.session.get(AgendaItem, item.id).title == "Begrüßung und Bericht"


def _agenda(meeting_id: int) -> list[str]:
    _db.session.expire_all()
    items = _db.session.get(Meeting, meeting_id).agenda_items
    return [i.title for i in sorted(items, key=lambda i: i.position)]


def test_thirty_concurrent_agenda_changes_give_one_success(scene):
    """Adds, moves and removes posted from the same agenda page at the same moment."""
    browser, meeting, item = scene
    second = AgendaItem(meeting_id=meeting.id, position=2, title="Bericht")
    _db.session.add(second)
    _db.session.commit()
    path = f"/meetings/{meeting.id}"
    base = browser.form(path, "csrf_token", "agenda_version")
    posts = []
    for i in range(RACERS):
        kind = i % 3
        if kind == 0:
            posts.append((f"{path}/agenda", {**base, "agenda-title": f"Neu {i}"}))
        elif kind == 1:
            posts.append((f"{path}/agenda/{item.id}/move", {**base, "direction": "down"}))
        else:
            posts.append((f"{path}/agenda/{second.id}/delete", base))
    results: list[int] = [0] * RACERS
    gate = threading.Barrier(RACERS)

    def run(i: int) -> None:
        gate.wait()
        results[i] = browser.request(*posts[i])[0]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 500 not in results
    assert results.count(303) == 1, results
    assert results.count(409) == RACERS - 1, results
    winner = results.index(303) % 3
    expected = {
        0: ["Begrüßung", "Bericht", f"Neu {results.index(303)}"],
        1: ["Bericht", "Begrüßung"],
        2: ["Begrüßung"],
    }[winner]
    assert _agenda(meeting.id) == expected
    _db.session.expire_all()
    assert _db.session.get(Meeting, meeting.id).agenda_version == int(base["agenda_version"]) + 1


def test_outdated_agenda_pages_are_refused(scene):
    browser, meeting, item = scene
    path = f"/meetings/{meeting.id}"
    old = browser.form(path, "csrf_token", "agenda_version")
    version = meeting.version
    status, _ = browser.request(f"{path}/agenda", {**old, "agenda-title": "Haushalt"})
    assert status == 303
    # the same page, opened before that add: move, remove and add are all refused
    for post, data in (
        (f"{path}/agenda/{item.id}/move", {**old, "direction": "down"}),
        (f"{path}/agenda/{item.id}/delete", old),
        (f"{path}/agenda", {**old, "agenda-title": "Verschiedenes"}),
        # a hand-made POST without any version proves nothing: refused too
        (f"{path}/agenda/{item.id}/delete", {"csrf_token": old["csrf_token"]}),
    ):
        status, page = browser.request(post, data)
        assert status == 409, post
        assert "Die Tagesordnung wurde inzwischen von jemand anderem geändert" in page
        assert "Haushalt" in page  # the current agenda is shown
    assert (
        'value="Verschiedenes"'
        in browser.request(f"{path}/agenda", {**old, "agenda-title": "Verschiedenes"})[1]
    )  # the refused add keeps what was typed
    assert _agenda(meeting.id) == ["Begrüßung", "Haushalt"]
    # the agenda's version is its own: an open edit form of the meeting is still current
    assert _db.session.get(Meeting, meeting.id).version == version
    fresh = browser.form(path, "csrf_token", "agenda_version")
    status, _ = browser.request(f"{path}/agenda/{item.id}/move", {**fresh, "direction": "down"})
    assert status == 303 and _agenda(meeting.id) == ["Haushalt", "Begrüßung"]
