"""Files that may name a person, beside the import uploads: meeting and circular
attachments and the serial letters and labels prepared on the worker. An erasure removes
each that names them.

A file's text is read the way its kind allows: plain text decoded; Office and OpenDocument
files (ZIP archives of XML) by the text of their XML; PDFs with poppler's ``pdftotext``
(installed beside the app, as for the tests), else by their raw and inflated streams, which
finds the text of simple PDFs only. Images cannot be read: only their names are checked.

- An attachment that names the person is removed (file and row), audited on its meeting
  without its name (the name may be the person's); the erasure's result lists the meetings,
  so the secretariat can upload a redacted copy. A circular's file likewise, audited on
  the circular.
- A prepared PDF that names the person, or that cannot be read, is deleted and its row
  marked failed ("please prepare again"): it is a copy of the database made for one user,
  and the next one is made from the anonymised data.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, selectinload

from crm import files
from crm.audit.services import N_
from crm.circulars import attachments as circular_files
from crm.circulars import history as circular_history
from crm.circulars.models import CircularAttachment
from crm.exports import prepared as prepared_files
from crm.exports.models import PreparedFile
from crm.extensions import db
from crm.meetings import attachments as meeting_files
from crm.meetings import history as meeting_history
from crm.meetings.models import Attachment
from crm.time import utcnow

log = logging.getLogger(__name__)

#: what a prepared file's owner reads after an erasure removed it
PREPARED_REMOVED = "Wegen einer Löschung nach Art. 17 DSGVO entfernt. Bitte neu erstellen."
_TAG = re.compile(rb"<[^>]+>")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", errors="ignore") + "\n" + data.decode("cp1252", errors="ignore")


def _zip_text(path: Path) -> str:
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml = archive.read(name)
                # words split over XML runs (Word) join when the tags are dropped
                for glue in (b"", b" "):
                    parts.append(html.unescape(_decoded(_TAG.sub(glue, xml))))
    return "\n".join(parts)


def _pdf_text(path: Path) -> str | None:
    """Return the text of a PDF, or None when it cannot be read (no ``pdftotext``)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-q", str(path), "-"], capture_output=True, timeout=120, check=False
        )
        if done.returncode == 0:
            return done.stdout.decode("utf-8", errors="ignore")
    return None


def _pdf_raw_text(path: Path) -> str:
    data = path.read_bytes()
    parts = [_decoded(data)]
    for stream in _STREAM.findall(data):
        try:
            parts.append(_decoded(zlib.decompress(stream)))
        except zlib.error:
            continue
    return "\n".join(parts)


def file_text(path: Path, ext: str) -> str | None:
    """Return the readable text of a stored file, None when it cannot be read."""
    try:
        if ext in ("docx", "xlsx", "pptx", "odt", "ods"):
            return _zip_text(path)
        if ext == "pdf":
            return _pdf_text(path)
        if ext == "txt":
            return _decoded(path.read_bytes())
    except (OSError, zipfile.BadZipFile, subprocess.SubprocessError):
        return None
    return None


def names_any(text: str | None, values: set[str]) -> bool:
    """Return whether ``text`` contains one of ``values`` (any case)."""
    folded = (text or "").casefold()
    return any(v.casefold() in folded for v in values)


def remove_attachments_with(
    values: set[str], surname: str = "", meetings: set[int] = frozenset()
) -> list[str]:
    """Remove the meeting attachments whose name or text names one of ``values`` (or,
    in one of ``meetings``, the ``surname``); return their meetings' titles, one a file."""

    def wanted(attachment: Attachment) -> set[str]:
        return values | {surname} if surname and attachment.meeting_id in meetings else values

    return _remove_files_with(values, _MEETING_FILES, wanted)


def _file_names(path: Path, filename: str, wanted: set[str]) -> bool:
    """Return whether a stored upload names one of ``wanted`` (its name or its text)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    text = file_text(path, ext) if path.exists() else None
    if ext == "pdf" and text is None:
        text = _pdf_raw_text(path) if path.exists() else None
        if text is not None and not names_any(text, wanted):
            log.warning("PDF file %s checked without pdftotext", path.name)
    return names_any(filename, wanted) or names_any(text, wanted)


def remove_circular_attachments_with(values: set[str]) -> list[str]:
    """Remove the circulars' files whose name or text names one of ``values`` (file and
    row, audited on the circular without the name; mails not yet sent that carried one then
    fail with "Anhang fehlt" rather than go out with it); return the circulars' subjects."""
    return _remove_files_with(values, _CIRCULAR_FILES, lambda attachment: values)


@dataclass(frozen=True)
class _Files:
    """One kind of attachment the erasure walks: its model and the relationship to its
    owner (whose files are ``owner.attachments``), its folder, how a change of the owner is
    recorded, and what of the owner the result names."""

    model: type
    owner: QueryableAttribute
    folder: str
    note: Callable[..., None]
    title: str


_MEETING_FILES = _Files(
    Attachment, Attachment.meeting, meeting_files.FOLDER, meeting_history.note, "title"
)
_CIRCULAR_FILES = _Files(
    CircularAttachment,
    CircularAttachment.circular,
    circular_files.FOLDER,
    circular_history.note,
    "subject",
)


def _remove_files_with(
    values: set[str], kind: _Files, wanted: Callable[[object], set[str]]
) -> list[str]:
    """Remove the files of ``kind`` whose name or text names one of ``wanted(row)`` (file
    and row, audited on the owner without the name), then the unowned ones naming one of
    ``values``; return the owners' titles, one a file."""
    if not values:
        return []
    removed = []
    # the owners and their files in one query each, not one a file
    owners = selectinload(kind.owner)
    owners = owners.selectinload(kind.owner.property.mapper.class_.attachments)
    rows = sa.select(kind.model).options(owners).order_by(kind.model.id)
    for attachment in db.session.scalars(rows):
        path = files.stored_path(kind.folder, attachment)
        if not _file_names(path, attachment.filename, wanted(attachment)):
            continue
        owner = getattr(attachment, kind.owner.key)
        owner.attachments.remove(attachment)
        kind.note(owner.id, N_("Anhang entfernt (Löschung nach Art. 17 DSGVO)"))
        path.unlink(missing_ok=True)
        removed.append(getattr(owner, kind.title))
    _remove_orphans_with(values, files.upload_dir(kind.folder), kind.model)
    return removed


def _kind_of(data: bytes) -> str:
    return "pdf" if data.startswith(b"%PDF") else "docx" if data.startswith(b"PK") else "txt"


def _remove_orphans_with(values: set[str], folder: Path, model) -> None:
    """Remove files in an attachments' folder that no row of ``model`` owns (left by a
    failed upload or delete) when they name one of ``values``."""
    owned = set(db.session.scalars(sa.select(model.stored_name)))
    for path in folder.iterdir():
        if path.is_file() and path.name not in owned:
            with path.open("rb") as fh:
                kind = _kind_of(fh.read(4))
            text = file_text(path, kind)
            if text is None and kind == "pdf":
                text = _pdf_raw_text(path)
            if names_any(text, values):
                path.unlink(missing_ok=True)


def remove_prepared_with(values: set[str]) -> int:
    """Delete the prepared PDFs that name one of ``values`` (or cannot be read); mark their
    rows failed; return how many went (``erase`` scrubs the rows' subject and text)."""
    removed = 0
    for prepared in db.session.scalars(
        sa.select(PreparedFile).where(PreparedFile.status.in_(("running", "done")))
    ):
        path = prepared_files.path_of(prepared)
        text = _pdf_text(path) if path.exists() else ""
        mentioned = names_any(f"{prepared.subject}\n{prepared.body}", values)
        if text is not None and not mentioned and not names_any(text, values):
            continue
        path.unlink(missing_ok=True)
        prepared.status, prepared.error, prepared.finished_at = "failed", PREPARED_REMOVED, utcnow()
        removed += 1
    return removed
