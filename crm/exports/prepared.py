"""Serial letters and address labels prepared on the worker, then downloaded by their owner.

A PDF of several hundred letters takes WeasyPrint minutes, so the builder never renders one
in a request: it stores a ``PreparedFile`` (what to render, for whom, from which filters),
the worker renders it and counts its progress, and the page of the file shows a progress bar
until the download is ready. Files live under ``instance/prepared/`` (mode 0600) and are
deleted after ``PREPARED_FILE_HOURS``; only the user who asked may download them.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from crm.exports.models import PreparedFile
from crm.exports.operations import record_export
from crm.exports.tasks import render_prepared
from crm.extensions import db
from crm.time import utcnow


def ask(user, kind: str, flt, count: int, *, query: str, subject, body, label, start):
    """Store what ``user`` asked for, audit it as an export of ``count`` people and queue
    it for the worker; return the prepared file (its page follows the progress)."""
    letters = kind == "letters-pdf"
    prepared = PreparedFile(
        owner_id=user.id,
        kind=kind,
        query=query,
        subject=(subject or "").strip() if letters else "",
        body=(body or "") if letters else "",
        label=label,
        start=start,
        total=count,
    )
    db.session.add(prepared)
    record_export(kind, kind, flt, count, user=user)
    db.session.commit()
    render_prepared(prepared.id)
    return prepared


def folder() -> Path:
    """Return the folder of prepared files (created private to the app's user)."""
    path = Path(current_app.instance_path) / "prepared"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_of(prepared: PreparedFile) -> Path:
    """Return where the PDF of ``prepared`` is (or will be) stored."""
    return prepared.path(folder())


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the app's user only (0600), atomically."""
    partial = path.with_suffix(".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(partial, path)


def owned(user, file_id: int) -> PreparedFile | None:
    """Return the prepared file ``file_id`` when ``user`` asked for it."""
    return db.session.scalar(
        sa.select(PreparedFile).where(PreparedFile.id == file_id, PreparedFile.owner_id == user.id)
    )


def expired_before():
    """Return the moment before which prepared files are deleted."""
    return utcnow() - timedelta(hours=current_app.config["PREPARED_FILE_HOURS"])


def delete_expired() -> int:
    """Delete prepared files (rows and PDFs) older than ``PREPARED_FILE_HOURS``."""
    old = db.session.scalars(
        sa.select(PreparedFile).where(PreparedFile.created_at < expired_before())
    ).all()
    for prepared in old:
        path_of(prepared).unlink(missing_ok=True)
        db.session.delete(prepared)
    db.session.commit()
    return len(old)
