"""The background worker: Huey, its queue in SQLite under ``instance/`` or in Redis.

Long work (mail delivery, imports of large files, reminders, retention) runs here, never in a
request. A feature declares its work in its own ``tasks.py``::

    from crm.jobs import periodic, task

    @task()
    def run_import(job_id: int) -> None: ...

    @periodic(crontab(minute="*"))
    def deliver_due_mail() -> None: ...

Each task runs inside an application context (the web app's in immediate mode, else one
built once per worker process), and the session is removed afterwards.

The queue lives where ``REDIS_URL`` points (several machines share one queue) or, without
it, in the SQLite file ``HUEY_SQLITE_PATH`` (default ``instance/huey.sqlite``: nothing to
install). Both are read from the environment when the module is first imported, since Huey
binds its storage when it is created. ``flask worker`` runs the consumer; ``flask worker
--once`` runs what is due and exits. ``JOBS_IMMEDIATE=1`` (the tests) runs each task at once,
in the caller's process.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from flask import has_app_context
from huey import Huey, RedisHuey, SqliteHuey, crontab

__all__ = ["crontab", "huey", "periodic", "run_once", "task"]

#: default home of the SQLite queue, beside the app's own database under instance/
DEFAULT_QUEUE_FILE = Path(__file__).resolve().parents[2] / "instance" / "huey.sqlite"


def make_huey() -> Huey:
    """Return the Huey instance the environment asks for (Redis or the SQLite file)."""
    immediate = os.environ.get("JOBS_IMMEDIATE", "").lower() in {"1", "true", "yes"}
    url = os.environ.get("REDIS_URL")
    if url:
        return RedisHuey("crm", url=url, immediate=immediate)
    path = Path(os.environ.get("HUEY_SQLITE_PATH") or DEFAULT_QUEUE_FILE)
    if not immediate:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
    return SqliteHuey("crm", filename=str(path), immediate=immediate)


huey = make_huey()


_app_lock = threading.Lock()


def _worker_app():
    """Return the worker process's app, built once: the consumer's threads start together,
    and two apps built at the same moment collide in the API's schema registry."""
    with _app_lock:
        return _build_app()


@functools.cache
def _build_app():
    from crm import create_app

    return create_app()


@contextmanager
def app_context():
    """Run the block inside an application context (the current one, if there is one)."""
    if has_app_context():
        yield
        return
    from crm.extensions import db

    with _worker_app().app_context():
        try:
            yield
        finally:
            db.session.remove()


def _in_app_context(func: Callable) -> Callable:
    @functools.wraps(func)
    def inner(*args, **kwargs):
        with app_context():
            return func(*args, **kwargs)

    return inner


def task(**options) -> Callable[[Callable], Callable]:
    """Register the decorated function as a background task (``func(...)`` enqueues it)."""
    return lambda func: huey.task(**options)(_in_app_context(func))


def periodic(schedule: Callable, **options) -> Callable[[Callable], Callable]:
    """Register the decorated function to run on ``schedule`` (a ``crontab(...)``)."""
    return lambda func: huey.periodic_task(schedule, **options)(_in_app_context(func))


def run_once() -> int:
    """Run every periodic task once and every queued task that is due; return how many ran.

    For tests and scripts (``flask worker --once``): the periodic tasks themselves look up
    what is due (mail to send, reminders), so running each once processes all of it.
    """
    ran = 0
    for periodic_task in huey._registry.periodic_tasks:  # fresh Task instances
        huey.execute(periodic_task)
        ran += 1
    for scheduled in huey.read_schedule():
        huey.enqueue(scheduled)
    while (queued := huey.dequeue()) is not None:
        huey.execute(queued)
        ran += 1
    return ran
