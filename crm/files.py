"""Files the app writes with personal data are readable by the app's own user only (0600)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def write_private(path: str | Path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path``, created (or cut to nothing) with mode 0600."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.fchmod(fd, PRIVATE)  # an existing file keeps its mode under O_CREAT: set it
    with os.fdopen(fd, "wb") as f:
        f.write(raw)


def open_private(path: str | Path):
    """Open ``path`` for writing in binary, created (or cut to nothing) with mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.fchmod(fd, PRIVATE)
    return os.fdopen(fd, "wb")


def make_private(path: str | Path) -> None:
    """Restrict a file written by someone else (SQLite's backup, pg_dump) to mode 0600."""
    os.chmod(path, PRIVATE)
