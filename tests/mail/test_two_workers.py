"""Two ``flask worker`` processes on PostgreSQL deliver 500 queued mails to a real SMTP
server (aiosmtpd) exactly once, also when one of them is killed (``kill -9``) mid-send: its
mail comes back to the other worker when the lease (``MAIL_LEASE_SECONDS``) runs out."""

from __future__ import annotations

import asyncio
import email
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.mail import services
from crm.mail.models import OutboxMail
from tests.mail.smtp_server import SMTPServer, free_port

FLASK = str(Path(sys.executable).with_name("flask"))
N = 500
HOLD_AT = 150


class HoldingInbox:
    """Accepts every message, except that it holds the HOLD_AT-th one unanswered (as a real
    server does while it writes the message) and then answers 451: that mail was never
    accepted, so it must come again from someone."""

    def __init__(self):
        self.messages = []
        self.held = threading.Event()
        self.held_message_id: str | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        if len(self.messages) == HOLD_AT and not self.held.is_set():
            self.held_message_id = msg["Message-ID"]
            self.held.set()
            await asyncio.sleep(4)
            return "451 try again later"
        self.messages.append(msg)
        return "250 Message accepted for delivery"


def _start_worker(app, tmp_path, port: int, n: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("JOBS_IMMEDIATE", "REDIS_URL")}
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        HUEY_SQLITE_PATH=str(tmp_path / f"queue{n}.sqlite"),
        SECRET_KEY="worker-test",
        FLASK_APP="crm",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(port),
        MAIL_LEASE_SECONDS="5",
    )
    log = open(tmp_path / f"worker{n}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [FLASK, "worker", "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT
    )


@pytest.fixture
def postgres(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("two workers claim rows with FOR UPDATE SKIP LOCKED: PostgreSQL only")


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_two_workers_and_one_killed_mid_send_deliver_each_mail_exactly_once(
    app, db, tmp_path, postgres
):
    for n in range(N):
        services.queue(f"person{n}@example.test", f"Rundmail {n}", f"Text {n}")
    db.session.commit()
    inbox = HoldingInbox()
    server = SMTPServer(free_port())
    server.inbox = inbox
    server.start()
    workers = [_start_worker(app, tmp_path, server.port, n) for n in (1, 2)]
    try:
        assert inbox.held.wait(120), (tmp_path / "worker1.log").read_text()
        held = db.session.scalar(
            sa.select(OutboxMail).where(OutboxMail.message_id == inbox.held_message_id)
        )
        assert held.status == "sending"
        pid = int(held.claimed_by.split(":")[1])
        victim = next(w for w in workers if w.pid == pid)
        os.kill(victim.pid, signal.SIGKILL)  # mid-send: the server has not answered yet
        victim.wait(10)
        survivor = next(w for w in workers if w is not victim)
        # the rest go out, and the held mail once its lease has run out (next minute tick)
        assert _wait(lambda: len(inbox.messages) >= N, 150), len(inbox.messages)
        time.sleep(2)  # nothing more arrives
        assert survivor.poll() is None  # the other worker is still running
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGINT)
                try:
                    w.wait(15)
                except subprocess.TimeoutExpired:
                    w.kill()
        server.stop()
    counts = Counter(m["To"] for m in inbox.messages)
    assert len(counts) == N and set(counts.values()) == {1}
    # both workers took part
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(OutboxMail.status))) == {"sent"}
    held = db.session.get(OutboxMail, held.id)
    assert held.attempts == 2 and held.claimed_by is None
    logs = [(tmp_path / f"worker{n}.log").read_text() for n in (1, 2)]
    assert all("Traceback" not in log for log in logs), logs
