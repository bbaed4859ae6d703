"""Replies and bounces that come back to the reply mailbox (``MAIL_IMAP_*``), read by the
worker.

Two kinds of message are understood; everything else is left alone for a person to read:

- an iMIP REPLY (RFC 6047): a ``text/calendar`` part with ``METHOD:REPLY``, as Outlook,
  Thunderbird or Apple Mail send when the invitee presses Accept or Decline. Each
  ATTENDEE's PARTSTAT is passed on (``crm.signals.calendar_reply``): the meetings feature
  sets that invitee's answer.
- a delivery status notification (RFC 3464): ``multipart/report;
  report-type=delivery-status`` with ``Action: failed``. The outbox mail it names (by the
  Message-ID of the returned original, else the latest mail to that recipient) becomes
  ``bounced`` with the status and diagnostic, and ``crm.signals.mail_bounced`` lets the
  contacts feature flag the address.

Each message read is marked with the IMAP keyword ``$CrmChecked`` (so it is looked at once)
and, when understood, moved to ``MAIL_IMAP_DONE_FOLDER``.
"""

from __future__ import annotations

import contextlib
import email
import imaplib
import logging
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import icalendar
import sqlalchemy as sa
from flask import current_app

from crm.extensions import db
from crm.mail.models import OutboxMail
from crm.signals import calendar_reply, mail_bounced
from crm.time import utcnow

log = logging.getLogger(__name__)
CHECKED = "$CrmChecked"


@dataclass
class InboxResult:
    replies: int = 0
    bounces: int = 0
    other: int = 0
    errors: list[str] = field(default_factory=list)


def _address(value) -> str:
    text = str(value or "")
    return (
        text.split(":", 1)[1].strip().lower()
        if text.lower().startswith("mailto:")
        else text.strip().lower()
    )


def calendar_replies(msg: EmailMessage) -> list[dict]:
    """Return the answers of an iMIP REPLY: uid, attendee, partstat, sequence (or [])."""
    found = []
    for part in msg.walk():
        if part.get_content_type() not in ("text/calendar", "application/ics"):
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            cal = icalendar.Calendar.from_ical(payload)
        except ValueError:
            continue
        if str(cal.get("METHOD", "")).upper() != "REPLY":
            continue
        for ev in cal.walk("VEVENT"):
            attendees = ev.get("ATTENDEE")
            attendees = attendees if isinstance(attendees, list) else [attendees]
            for attendee in filter(None, attendees):
                found.append(
                    {
                        "uid": str(ev.get("UID", "")),
                        "attendee": _address(attendee),
                        "partstat": str(attendee.params.get("PARTSTAT", "")).upper(),
                        "sequence": int(ev.get("SEQUENCE", 0)),
                    }
                )
        if found:
            break
    return found


def failed_deliveries(msg: EmailMessage) -> list[dict]:
    """Return the failed recipients of a DSN: address, status, diagnostic, message_id."""
    if msg.get_content_type() != "multipart/report":
        return []
    if (msg.get_param("report-type") or "").lower() != "delivery-status":
        return []
    original_id = None
    failed = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            blocks = part.get_payload()
            for block in blocks[1:] if isinstance(blocks, list) else []:
                if (block.get("Action") or "").strip().lower() != "failed":
                    continue
                recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
                failed.append(
                    {
                        "address": recipient.split(";", 1)[-1].strip().lower(),
                        "status": (block.get("Status") or "").strip(),
                        "diagnostic": (block.get("Diagnostic-Code") or "").strip(),
                    }
                )
        elif ctype in ("message/rfc822", "text/rfc822-headers") and original_id is None:
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                original_id = inner[0].get("Message-ID")
            elif isinstance(inner, str):
                original_id = email.message_from_string(inner, policy=policy.default).get(
                    "Message-ID"
                )
    for item in failed:
        item["message_id"] = (original_id or "").strip() or None
    return failed


def _bounced_mail(item: dict) -> OutboxMail | None:
    if item["message_id"]:
        mail = db.session.scalar(
            sa.select(OutboxMail).where(OutboxMail.message_id == item["message_id"])
        )
        if mail is not None:
            return mail
    return db.session.scalar(
        sa.select(OutboxMail)
        .where(sa.func.lower(OutboxMail.to_address) == item["address"], OutboxMail.status == "sent")
        .order_by(OutboxMail.id.desc())
        .limit(1)
    )


def handle(msg: EmailMessage, result: InboxResult) -> bool:
    """Act on one message; return whether it was understood (committed)."""
    replies = calendar_replies(msg)
    if replies:
        for reply in replies:
            calendar_reply.send(None, **reply)
        db.session.commit()
        result.replies += 1
        return True
    failed = failed_deliveries(msg)
    if failed:
        now = utcnow()
        for item in failed:
            mail = _bounced_mail(item)
            if mail is None:
                continue
            mail.status = "bounced"
            mail.last_error = f"Unzustellbar: {item['status']} {item['diagnostic']}".strip()[:2000]
            mail_bounced.send(mail, address=item["address"], at=now)
        db.session.commit()
        result.bounces += 1
        return True
    result.other += 1
    return False


def read_inbox() -> InboxResult:
    """Read the reply mailbox once: act on replies and bounces not looked at before."""
    cfg = current_app.config
    result = InboxResult()
    cls = imaplib.IMAP4_SSL if cfg.get("MAIL_IMAP_SSL") else imaplib.IMAP4
    conn = cls(cfg["MAIL_IMAP_HOST"], int(cfg["MAIL_IMAP_PORT"]), timeout=30)
    try:
        conn.login(cfg["MAIL_IMAP_USER"], cfg.get("MAIL_IMAP_PASSWORD") or "")
        done = cfg.get("MAIL_IMAP_DONE_FOLDER") or ""
        if done:
            conn.create(done)  # NO if it exists: fine
        conn.select(cfg.get("MAIL_IMAP_FOLDER") or "INBOX")
        _typ, data = conn.uid("SEARCH", None, "UNKEYWORD", CHECKED)
        for uid in (data[0] or b"").split():
            _typ, fetched = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in fetched if isinstance(p, tuple)), None)
            understood = False
            if raw is not None:
                try:
                    msg = email.message_from_bytes(raw, policy=policy.default)
                    understood = handle(msg, result)
                except Exception as exc:  # noqa: BLE001 (one odd message must not stop the rest)
                    db.session.rollback()
                    result.errors.append(f"{uid.decode()}: {exc!r}")
                    log.exception("reply mailbox: message %s", uid)
            conn.uid("STORE", uid, "+FLAGS", f"({CHECKED})")
            if understood and done:
                conn.uid("COPY", uid, done)
                conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
        conn.expunge()
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
    return result
