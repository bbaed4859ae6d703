"""A 50,000-row upload in Chromium: checked and written by a real ``flask worker`` process
while the progress page's bar moves, ending on the summary page.

The web app enqueues into a SQLite queue file (not the tests' immediate mode, which would
run the job inside the request), and a ``flask worker`` subprocess on the same database and
upload folder takes the jobs, as in production.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from huey.storage import SqliteStorage

from tests.e2e.conftest import ARTIFACTS, login, screenshot

FLASK = str(Path(sys.executable).with_name("flask"))
ROWS = 50_000


@pytest.fixture
def worker(app, tmp_path, monkeypatch):
    """Queue the app's jobs in a file and run a ``flask worker`` that takes them."""
    from crm.jobs import huey

    queue = tmp_path / "queue.sqlite"
    monkeypatch.setattr(huey, "_immediate", False)
    monkeypatch.setattr(huey, "storage", SqliteStorage("crm", filename=str(queue)))
    env = {k: v for k, v in os.environ.items() if k not in ("JOBS_IMMEDIATE", "REDIS_URL")}
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_FOLDER=app.config["UPLOAD_FOLDER"],
        HUEY_SQLITE_PATH=str(queue),
        SECRET_KEY="worker-test",
        FLASK_APP="crm",
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [FLASK, "worker", "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    print(log_path.read_text()[-3000:])


def _csv(path: Path) -> Path:
    lines = ["Vorname;Nachname;E-Mail;Organisation"]
    lines += [f"Anna;Lastmann{i};anna.lastmann{i}@example.org;Stadt {i % 50}" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _watch_bar(page, until: re.Pattern, seconds: float) -> list[int]:
    """Return the bar's values seen until the page's URL matches ``until``."""
    seen: list[int] = []
    deadline = time.monotonic() + seconds
    while not until.search(page.url):
        assert time.monotonic() < deadline, f"no {until.pattern} after {seconds} s: {seen}"
        try:
            value = page.eval_on_selector("#progress-bar", "bar => bar.value")
        except Exception:  # the page is navigating on
            value = None
        if value is not None and (not seen or value != seen[-1]):
            seen.append(int(value))
            if len(seen) == 2:
                screenshot(page, "import-50000-progress")
        page.wait_for_timeout(250)
    return seen


def test_large_upload_shows_moving_progress_and_ends_on_summary(page, make, db, worker, tmp_path):
    from crm.models import Contact

    make.make_user(role="secretariat", email="gross@example.org", password="gross-pass-123")
    db.session.commit()
    login(page, "gross@example.org", "gross-pass-123")
    page.goto("/imports/")
    page.set_input_files("#file", str(_csv(tmp_path / "50000.csv")))
    page.get_by_role("button", name="Hochladen und Spalten zuordnen").click()
    page.wait_for_url(re.compile(r"/mapping$"), timeout=60_000)
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_url(re.compile(r"/progress$"))
    checked = _watch_bar(page, re.compile(r"/preview$"), 300)
    assert "neu: 50000" in page.locator("#counts").inner_text().replace(".", "")
    page.get_by_role("button", name="Jetzt importieren").click()
    page.wait_for_url(re.compile(r"/progress$"))
    written = _watch_bar(page, re.compile(r"/summary$"), 300)
    screenshot(page, "import-50000-summary")
    # the bar moved: at least two different values in a rising order, in each step
    for seen in (checked, written):
        rising = [v for i, v in enumerate(seen) if i == 0 or v > seen[i - 1]]
        assert len(rising) >= 2 and rising == seen, seen
    assert re.search(r"neu angelegt\s+50\.000", page.locator("#summary").inner_text())
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == ROWS
    assert page.console_errors == []
    assert (ARTIFACTS / "import-50000-progress.png").exists()
