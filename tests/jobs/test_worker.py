"""The background worker as a real process: ``flask worker --once`` on the SQLite and Redis queues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.mail import services
from crm.mail.models import OutboxMail

FLASK = str(Path(sys.executable).with_name("flask"))


def _worker_env(app, tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JOBS_IMMEDIATE", "REDIS_URL")}
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        HUEY_SQLITE_PATH=str(tmp_path / "queue.sqlite"),
        SECRET_KEY="worker-test",
        FLASK_APP="crm",
    )
    env.pop("MAIL_SERVER", None)
    env.update(extra)
    return env


def _run_worker(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [FLASK, "worker", "--once"], env=env, capture_output=True, text=True, timeout=120
    )


def _queue(db, n: int = 1) -> None:
    for i in range(n):
        services.queue(f"person{i}@example.test", f"Einladung {i}", "Grüße aus Leipzig")
    db.session.commit()


@pytest.mark.parametrize("queue_backend", ["sqlite", "redis"])
def test_worker_once_delivers_the_outbox(app, db, smtp, tmp_path, queue_backend):
    _queue(db, 3)
    extra = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port)}
    if queue_backend == "redis":
        extra["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    result = _run_worker(_worker_env(app, tmp_path, **extra))
    assert result.returncode == 0, result.stderr
    assert sorted(m["To"] for m in smtp.inbox.messages) == [
        "person0@example.test",
        "person1@example.test",
        "person2@example.test",
    ]
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(OutboxMail.status))) == {"sent"}
    # a second run sends nothing again
    assert _run_worker(_worker_env(app, tmp_path, **extra)).returncode == 0
    assert len(smtp.inbox.messages) == 3


def test_without_mail_server_mails_stay_in_the_outbox(app, db, smtp, tmp_path):
    _queue(db)
    result = _run_worker(_worker_env(app, tmp_path))
    assert result.returncode == 0, result.stderr
    assert smtp.inbox.messages == []
    db.session.expire_all()
    mail = db.session.scalar(sa.select(OutboxMail))
    assert mail.status == "queued" and mail.attempts == 0


def test_the_sqlite_queue_file_is_private(app, tmp_path):
    env = _worker_env(app, tmp_path)
    assert _run_worker(env).returncode == 0
    assert (Path(env["HUEY_SQLITE_PATH"]).stat().st_mode & 0o077) == 0
