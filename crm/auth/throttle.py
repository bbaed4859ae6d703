"""Slowing down password guessing without letting a stranger lock the owner out.

Failed logins are counted in ``LoginAttempt`` (in the database, so every worker and machine
agrees) over ``LOGIN_WINDOW_MINUTES``:

- per account **and** address: after ``LOGIN_MAX_FAILURES`` failures, each further attempt
  waits ``LOGIN_DELAY_SECONDS`` × 2^(failures − limit) after the last failure (capped at the
  window), so a guesser from one address gets slower and slower;
- per address (any accounts): the same, after ``LOGIN_ADDRESS_MAX_FAILURES`` (a shared
  office line or proxy carries many people, so this limit is higher);
- per account from all addresses: ``LOGIN_ACCOUNT_MAX_FAILURES`` per hour (default 100),
  high enough that strangers elsewhere cannot block the owner, low enough to stop a
  distributed guess.

A refused attempt is not counted itself (waiting long enough always helps).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from werkzeug.exceptions import TooManyRequests

from crm.auth.models import LoginAttempt
from crm.extensions import db
from crm.time import utcnow


class Throttled(TooManyRequests):
    """A login step refused until ``retry_after`` seconds have passed: the 429 page
    (``templates/errors/429.html``) says ``message`` and how long to wait."""

    def __init__(self, message: str, wait: float, back: str | None = None) -> None:
        super().__init__(retry_after=max(1, math.ceil(wait)))
        self.message = message
        self.back = back


def _failures(since: datetime, *conditions) -> tuple[int, datetime | None]:
    count, last = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(LoginAttempt.created_at)).where(
            LoginAttempt.is_success.is_(False), LoginAttempt.created_at >= since, *conditions
        )
    ).one()
    if last is not None and last.tzinfo is None:  # SQLite's func.max returns naive UTC
        from datetime import UTC

        last = last.replace(tzinfo=UTC)
    return count or 0, last


def _wait(count: int, last: datetime | None, limit: int, now: datetime) -> float:
    """Return the seconds still to wait after ``count`` failures (0: may try now)."""
    if count < limit or last is None:
        return 0.0
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]).total_seconds()
    delay = min(config["LOGIN_DELAY_SECONDS"] * 2 ** min(count - limit, 30), window)
    return max(0.0, (last - now).total_seconds() + delay)


def seconds_to_wait(email: str, address: str) -> float:
    """Return how long the next login for ``email`` from ``address`` must wait (0: now)."""
    config = current_app.config
    now = utcnow()
    since = now - timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    pair = _failures(since, LoginAttempt.email == email, LoginAttempt.address == address)
    where = _failures(since, LoginAttempt.address == address)
    waits = [
        _wait(*pair, config["LOGIN_MAX_FAILURES"], now),
        _wait(*where, config["LOGIN_ADDRESS_MAX_FAILURES"], now),
    ]
    account, _last = _failures(now - timedelta(hours=1), LoginAttempt.email == email)
    if account >= config["LOGIN_ACCOUNT_MAX_FAILURES"]:
        waits.append(60.0)
    return max(waits)


def record_attempt(email: str, address: str, ok: bool) -> None:
    """Note one login attempt (committed with the login's other changes)."""
    db.session.add(LoginAttempt(email=email, address=address[:64], is_success=ok))
