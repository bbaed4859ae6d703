"""Compose, test and send a circular; withdraw consent through its unsubscribe link.

The recipients are the export builder's list (``crm.exports.queries``: the same filters, the
same consent rule for the purpose "circulars"); each reachable person with an e-mail address
gets one mail of their own – personal salutation, the text, an unsubscribe link – through
the outbox. Those left out are counted by reason. Writing the mails runs on the worker
(``crm.circulars.tasks``), so a list of any length never holds a request; the circular's
state moves draft → sending → sent by conditional UPDATEs, so it is written once however
often the task runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import MultiDict

from crm.audit import services as audit
from crm.circulars import attachments, history
from crm.circulars.models import Circular
from crm.contacts.consent import is_reachable, withdraw
from crm.contacts.models import Contact
from crm.contacts.salutation import salutation_of
from crm.exports.columns import DISTRIBUTION_FIELDS
from crm.exports.filters import ContactFilter
from crm.exports.queries import contact_rows_query, stream_contact_rows
from crm.extensions import db
from crm.mail import services as mail
from crm.meetings.notifications import external_url, mail_language
from crm.rules import RuleError
from crm.time import utcnow

PURPOSE = "circulars"
#: what a recipient's row carries: names, address, why left out, language
ROW_FIELDS = (*DISTRIBUTION_FIELDS, "language")
#: the reason code of a person without any e-mail address (beside consent.LEFT_OUT)
NO_EMAIL = "no_email"


class CircularError(RuleError):
    """A circular that cannot be composed or sent as asked."""


def recipient_filter(circular: Circular) -> ContactFilter:
    """Return the list's filter; the consent rule always applies (blocked people stay out)."""
    flt = ContactFilter.from_args(MultiDict(parse_qsl(circular.query)))
    return replace(flt, include_blocked=False)


def create(
    user, subject: str, body: str, query: str, uploads: list[tuple[str, bytes]] = ()
) -> Circular:
    """Return a new draft circular to the builder's list ``query`` with the files ``uploads``
    ((name, bytes) pairs); everything is checked before anything is written."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or "\n" in subject or "\r" in subject:
        raise CircularError(_l("Bitte einen einzeiligen Betreff angeben."), field="subject")
    if not body:
        raise CircularError(_l("Bitte einen Text angeben."), field="body")
    pairs = [(k, v) for k, v in parse_qsl(query or "") if k != "columns" and v]
    ContactFilter.from_args(MultiDict(pairs))  # refuses a broken filter now
    checked = attachments.check(None, list(uploads))
    circular = Circular(
        subject=subject[:200],
        body=body,
        query=urlencode(pairs),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(circular)
    db.session.flush()
    audit.record_create(
        circular,
        summary=audit.Message(
            audit.N_("Rundschreiben angelegt: %(subject)s"), subject=circular.subject
        ),
    )
    attachments.add(circular, checked, user)
    return circular


def delete_draft(circular: Circular) -> list[Path]:
    """Delete a draft and its attachments (audited); return the files' paths, which the
    caller deletes once the transaction is committed. A sent circular stays (its result)."""
    if circular.status != "draft":
        raise CircularError(_l("Ein versendetes Rundschreiben kann nicht gelöscht werden."))
    paths = [attachments.path_of(a) for a in circular.attachments]
    history.note(
        circular.id,
        audit.N_("Rundschreiben gelöscht: %(subject)s"),
        subject=circular.subject,
        action="delete",
    )
    db.session.delete(circular)
    return paths


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="circular-unsubscribe")


def unsubscribe_token(circular: Circular, contact_id: int) -> str:
    """Return the signed token of one recipient's unsubscribe link (nothing stored)."""
    return _serializer().dumps([circular.id, contact_id])


def read_token(token: str) -> tuple[Circular, Contact] | None:
    """Return the circular and the person of an unsubscribe token, or None if it is invalid."""
    try:
        circular_id, contact_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    circular = db.session.get(Circular, circular_id)
    contact = db.session.get(Contact, contact_id)
    if circular is None or contact is None:
        return None
    return circular, contact


def render(circular: Circular, person, unsubscribe_url: str) -> str:
    """Return the text of the mail to ``person`` (a Contact or a list row): salutation and
    footer in the person's language (the text is the secretariat's, as written)."""
    lang = mail_language(person)
    with force_locale(lang):
        return render_template(
            "mail/circular.txt",
            circular=circular,
            salutation=salutation_of(person, lang),
            unsubscribe_url=unsubscribe_url,
        )


def preview(circular: Circular, position: int = 0):
    """Return the recipient at ``position`` (0: the first; in the list's order, those with an
    address) and the text they would get; (None, "") past the end. One query."""
    rows = contact_rows_query(recipient_filter(circular), None, ROW_FIELDS).subquery()
    person = db.session.execute(
        sa.select(rows).where(rows.c.email.is_not(None)).offset(max(position, 0)).limit(1)
    ).first()
    if person is None:
        return None, ""
    url = external_url("circulars.unsubscribe", token=unsubscribe_token(circular, person.id))
    return person, render(circular, person, url)


def send_test(circular: Circular, user) -> None:
    """Queue the first recipient's mail to ``user`` (the link in it is that of the user's own
    person, so a click does not withdraw anyone's consent)."""
    if not user.email:
        raise CircularError(_l("Ihr Konto hat keine E-Mail-Adresse."))
    first, _text = preview(circular)
    person = first or user
    text = render(circular, person, external_url("circulars.show", circular_id=circular.id))
    mail.queue(
        user.email,
        f"[Test] {circular.subject}",
        text,
        kind="circular",
        attachments=attachments.for_mail(circular),
    )
    history.note(circular.id, audit.N_("Testmail an %(email)s"), email=user.email)


def ask_to_send(circular: Circular) -> bool:
    """Move a draft to "sending" (the worker then writes the mails); False if it was not a
    draft any more (sent twice from two tabs: the second does nothing)."""
    moved = db.session.execute(
        sa.update(Circular)
        .where(Circular.id == circular.id, Circular.status == "draft")
        .values(status="sending", updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved:
        history.note(circular.id, audit.N_("Rundschreiben versendet"))
    return moved == 1


def write_mails(circular_id: int) -> int:
    """Put one mail per reachable recipient into the outbox (the worker's task); return how
    many. Runs once: the circular must be "sending", and it becomes "sent" in the same
    transaction, which the caller commits (a second run finds it sent and does nothing)."""
    now = utcnow()
    won = db.session.execute(
        sa.update(Circular)
        .where(Circular.id == circular_id, Circular.status == "sending")
        .values(status="sent", sent_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not won:
        db.session.rollback()
        return 0
    circular = db.session.get(Circular, circular_id)
    db.session.refresh(circular)
    cfg = current_app.config
    batch = max(int(cfg.get("CIRCULAR_BATCH_SIZE", 100)), 1)
    pause = timedelta(minutes=max(int(cfg.get("CIRCULAR_BATCH_MINUTES", 1)), 0))
    left_out: Counter[str] = Counter()
    count = 0
    files = attachments.for_mail(circular)
    flt = replace(recipient_filter(circular), include_blocked=True)
    for row in stream_contact_rows(flt, None, ROW_FIELDS):
        if row.left_out or not row.email:
            left_out[row.left_out or NO_EMAIL] += 1
            continue
        url = external_url("circulars.unsubscribe", token=unsubscribe_token(circular, row.id))
        mail.queue(
            row.email,
            circular.subject,
            render(circular, row, url),
            kind="circular",
            contact_id=row.id,
            circular_id=circular.id,
            unsubscribe_url=url,
            attachments=files,
            not_before=now + pause * (count // batch),
        )
        count += 1
    circular.recipients = count
    circular.left_out = dict(left_out)
    return count


def unsubscribe(circular: Circular, contact: Contact) -> bool:
    """Withdraw the person's consent for circulars (audited); False if they were already
    out (a second click, or the one-click POST after the page's button)."""
    if not is_reachable(contact, PURPOSE):
        return False
    withdraw(contact, PURPOSE, source="email")
    db.session.execute(
        sa.update(Circular)
        .where(Circular.id == circular.id)
        .values(unsubscribed=Circular.unsubscribed + 1)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        "update",
        "contacts",
        contact.id,
        summary=audit.Message(
            audit.N_("Abgemeldet von Rundschreiben über den Link in „%(subject)s“"),
            subject=circular.subject,
        ),
    )
    return True
