"""The MIME form of an outbox mail, as Outlook and Thunderbird expect it.

A mail without a calendar is ``multipart/alternative`` (text/plain, text/html). An
invitation, update or cancellation is what calendar clients show as a meeting request
with Accept/Decline (RFC 6047, iMIP; Microsoft's handling wants the calendar *inside* the
alternative, not only as a file)::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST; charset=UTF-8
      application/ics; name=invite.ics   (the same calendar, for clients that want a file)

A mail with attachments (a circular's files, ``OutboxMail.attachments``) is the same
``multipart/mixed`` around the alternative, one part per file with its name and our content
type; the files are read from ``UPLOAD_FOLDER`` when the mail is built, so one missing file
fails that mail with the reason instead of sending it without.

The HTML body is made from the text body (one template): escaped, paragraphs kept, links
made clickable. ``Date`` is UTC written as ``+0000``; the Message-ID is in the sender's
domain and stays the same when the mail is tried again (so a bounce names it).
"""

from __future__ import annotations

import re
import secrets
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from markupsafe import Markup, escape

from crm import files
from crm.mail.models import OutboxMail
from crm.time import utcnow

URL = re.compile(r"https?://[^\s<>\"']+")


def domain_of(sender: str) -> str:
    """Return the domain part of the sender's address (``crm.local`` if it has none)."""
    return parseaddr(sender)[1].rpartition("@")[2] or "crm.local"


def new_message_id(mail: OutboxMail, sender: str) -> str:
    """Return a new Message-ID for ``mail`` in the sender's domain."""
    return f"<outbox-{mail.id}.{secrets.token_hex(6)}@{domain_of(sender)}>"


def html_from_text(text: str) -> str:
    """Return the HTML alternative of a plain-text body: escaped, paragraphs, live links."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    out = []
    for para in paragraphs:
        escaped = str(escape(para))
        linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        out.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    body = "\n".join(out)
    return str(
        Markup(
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
            '<body style="font-family: Arial, sans-serif; font-size: 11pt">\n{}\n</body></html>\n'
        ).format(Markup(body))
    )


def _read(item: dict) -> bytes:
    """Return the bytes of a stored attachment; ValueError when it is gone."""
    try:
        return files.path_of_ref(item["file"]).read_bytes()
    except (OSError, KeyError) as exc:
        raise ValueError(f"Anhang fehlt: {item.get('filename', '?')}") from exc


def _file_part(data: bytes, content_type: str, filename: str, method: str | None = None):
    maintype, _slash, subtype = content_type.partition("/")
    part = EmailMessage()
    part.set_content(
        data,
        maintype=maintype,
        subtype=subtype or "octet-stream",
        filename=filename,
        params={"method": method} if method else None,
    )
    return part


def build(mail: OutboxMail, sender: str, reply_to: str | None = None) -> EmailMessage:
    """Return the MIME message of ``mail``; raises ValueError if it cannot be built
    (e.g. a header with a line break)."""
    if not mail.message_id:
        mail.message_id = new_message_id(mail, sender)
    alternative = EmailMessage()
    alternative.set_content(mail.body_text)
    alternative.add_alternative(mail.body_html or html_from_text(mail.body_text), subtype="html")
    parts = []
    if mail.ical:
        method = mail.ical_method or "REQUEST"
        alternative.add_alternative(
            mail.ical, subtype="calendar", params={"method": method}, cte="8bit"
        )
        parts.append(_file_part(mail.ical.encode(), "application/ics", "invite.ics", method))
    for item in mail.attachments or ():
        parts.append(_file_part(_read(item), item["content_type"], item["filename"]))
    if parts:
        msg = EmailMessage()
        msg.make_mixed()
        msg.attach(alternative)
        for part in parts:
            msg.attach(part)
    else:
        msg = alternative
    for name, value in (
        ("From", sender),
        ("To", mail.to_address),
        ("Subject", mail.subject),
        ("Date", format_datetime(utcnow().replace(microsecond=0))),
        ("Message-ID", mail.message_id),
        ("Auto-Submitted", "auto-generated"),
    ):
        msg[name] = value
    if reply_to:
        msg["Reply-To"] = reply_to
    if mail.unsubscribe_url:
        # RFC 2369, and RFC 8058's one-click POST (mail providers show an "unsubscribe" button)
        msg["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.as_bytes()  # fails here, not half-way through the SMTP dialogue
    return msg
