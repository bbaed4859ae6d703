"""Consent per purpose with its history, and the one rule of who may be contacted for what.

Every list and mail path asks this module, never the fields themselves:

- ``reachable(purpose)``: a SQL condition on ``Contact`` ("may be contacted for ``purpose``");
- ``left_out_reason(purpose)``: a SQL expression giving the reason code (``LEFT_OUT``) why a
  person is left out, NULL when they are reachable;
- ``left_out_counts(purpose, ids)``: how many of a selection are left out, by reason;
- ``unreachable_ids(purpose, ids)``: which of a few people are left out (one query);
- ``record_consent()`` / ``withdraw()``: add a record to the history (audited).

**What rests on which legal basis** (the network's decision, see the README):

- *Invitations* to meetings of a group in which the person holds a seat, or which their
  organisation is a member of, rest on the network's legitimate interest (Art. 6 (1) (f)
  GDPR) or the public task of the body they work for: delegates are named by their
  organisations to take part. No consent is needed; an objection (a "withdrawn" record for
  ``invitations``) or the "no contact" flag stops them.
- *Circulars* (Rundschreiben, Rundmails, lists built in the export builder) rest on
  legitimate interest with the right to object by default; with
  ``PRIVACY_CIRCULARS_BASIS=consent`` they need a "given" record (opt-in).
- *Publication* of name and role on a public page (OParl) always needs consent.
- A person whose legal basis is "consent" needs consent for every purpose: a "given"
  record for the purpose, or the general consent of the person form (not withdrawn).

"No contact" and a withdrawn general consent (the person form's "Einwilligung widerrufen
am") leave the person out of every purpose. Among a person's records for one purpose the
newest is the current one (``is_current``); the older ones are the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.labels import register_values
from crm.audit.services import N_, Message, record
from crm.contacts.models import LEGAL_BASES, Contact
from crm.db import Base, TimestampMixin, UTCDateTime, in_codes
from crm.extensions import db
from crm.rules import RuleError
from crm.signals import contact_merged
from crm.time import utcnow

PURPOSES = {
    "invitations": _l("Einladungen zu Sitzungen"),
    "circulars": _l("Rundschreiben und Rundmails"),
    "publication": _l("Veröffentlichung von Name und Funktion"),
}
STATUSES = {"given": _l("erteilt"), "withdrawn": _l("widerrufen")}
register_values(STATUSES, *(f"consent_{p}" for p in PURPOSES))
SOURCES = {
    "form": _l("Formular"),
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "import": _l("Import"),
}
register_values(LEGAL_BASES, "legal_basis")
#: why a person is left out of a list or mail, by code
LEFT_OUT = {
    "no_contact": _l("möchte nicht kontaktiert werden"),
    "withdrawn": _l("Einwilligung widerrufen"),
    "no_consent": _l("keine Einwilligung"),
}
#: the audit summary of a consent record per purpose, shown in the reader's language
_SUMMARY = {
    "invitations": N_("Einwilligung Einladungen: %(consent_invitations)s"),
    "circulars": N_("Einwilligung Rundschreiben: %(consent_circulars)s"),
    "publication": N_("Einwilligung Veröffentlichung: %(consent_publication)s"),
}
#: the bases ``PRIVACY_CIRCULARS_BASIS`` may name
CIRCULAR_BASES = ("legitimate_interest", "consent")


class ConsentError(RuleError):
    """A consent record that makes no sense (unknown purpose, source …)."""


class ConsentRecord(TimestampMixin, Base):
    """One statement of a person about one purpose: consent given, or withdrawn."""

    __tablename__ = "consent_records"
    __table_args__ = (
        in_codes("purpose", PURPOSES),
        in_codes("status", STATUSES),
        in_codes("source", SOURCES),
        sa.Index("ix_consent_records_contact_purpose", "contact_id", "purpose", "is_current"),
        # who withdrew (or gave) consent for a purpose: the few a list leaves out
        sa.Index("ix_consent_records_purpose_status", "purpose", "status", "is_current"),
        sa.Index(
            "uq_consent_records_current",
            "contact_id",
            "purpose",
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        ),
    )

    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    #: one of ``PURPOSES``
    purpose: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: "given" or "withdrawn"
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    #: when the person gave or withdrew it (UTC)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: how it reached us: one of ``SOURCES``
    source: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    #: e.g. "Anmeldeformular AG-Sitzung 03/2026"
    note: Mapped[str | None] = mapped_column(sa.String(200))
    #: the user who recorded it; NULL for the command line or a deleted account
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the newest record of the person for the purpose; older ones are history
    is_current: Mapped[bool] = mapped_column(nullable=False, default=True, server_default=sa.true())

    contact: Mapped[Contact] = relationship()


def requires_consent(purpose: str) -> bool:
    """Return whether ``purpose`` needs consent whatever the person's legal basis."""
    if purpose == "publication":
        return True
    if purpose == "circulars":
        return current_app.config.get("PRIVACY_CIRCULARS_BASIS") == "consent"
    return False


def _current(purpose: str, status: str):
    return sa.exists().where(
        ConsentRecord.contact_id == Contact.id,
        ConsentRecord.purpose == purpose,
        ConsentRecord.is_current.is_(True),
        ConsentRecord.status == status,
    )


def _general_withdrawn():
    """The person form's general consent was withdrawn (and not given again since)."""
    return sa.and_(
        Contact.consent_withdrawn_at.is_not(None),
        sa.or_(
            Contact.consent_given_at.is_(None),
            Contact.consent_withdrawn_at >= Contact.consent_given_at,
        ),
    )


def _general_given():
    return sa.and_(Contact.consent_given_at.is_not(None), sa.not_(_general_withdrawn()))


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ConsentError(_l("Unbekannter Zweck: %(purpose)s", purpose=purpose))


def left_out_reason(purpose: str):
    """Return a SQL expression: the ``LEFT_OUT`` code of a person for ``purpose``, or NULL."""
    _check_purpose(purpose)
    needs = sa.true() if requires_consent(purpose) else Contact.legal_basis == "consent"
    has_consent = sa.or_(_current(purpose, "given"), _general_given())
    return sa.case(
        (Contact.is_no_contact.is_(True), "no_contact"),
        (sa.or_(_current(purpose, "withdrawn"), _general_withdrawn()), "withdrawn"),
        (sa.and_(needs, sa.not_(has_consent)), "no_consent"),
        else_=sa.null(),
    )


def reachable(purpose: str):
    """Return the SQL condition "the person may be contacted for ``purpose``".

    ``sa.select(Contact).where(reachable("circulars"))``; archived people are the caller's
    business (lists leave them out by their own filter).
    """
    return left_out_reason(purpose).is_(None)


def left_out_candidates(purpose: str) -> sa.CompoundSelect | None:
    """Return the ids of everyone who may be left out for ``purpose``, read through indexes
    (a superset: "no contact", a withdrawal, the legal basis "consent"), or None when anyone
    may be (the purpose needs consent from all).

    A list of 200,000 people of whom a few are left out finds those few here instead of
    working out the reason of every person.
    """
    _check_purpose(purpose)
    if requires_consent(purpose):
        return None
    return sa.union(
        sa.select(Contact.id).where(Contact.is_no_contact.is_(True)),
        sa.select(Contact.id).where(Contact.consent_withdrawn_at.is_not(None)),
        sa.select(Contact.id).where(Contact.legal_basis == "consent"),
        sa.select(ConsentRecord.contact_id).where(
            ConsentRecord.purpose == purpose,
            ConsentRecord.status == "withdrawn",
            ConsentRecord.is_current.is_(True),
        ),
    )


def left_out_counts(purpose: str, ids: sa.Select, cap: int | None = None) -> dict[str, int]:
    """Return ``{reason code: count}`` of the people in ``ids`` left out for ``purpose``.

    With ``cap`` only the first ``cap + 1`` people left out are counted (a sum above
    ``cap`` means "more than ``cap``").
    """
    reason = left_out_reason(purpose)
    if cap is not None:
        ids = ids.where(reason.is_not(None)).limit(cap + 1)
    labelled = reason.label("reason")
    stmt = (
        sa.select(labelled, sa.func.count())
        .select_from(Contact)
        .where(Contact.id.in_(ids))
        .group_by(labelled)
    )
    return {code: n for code, n in db.session.execute(stmt) if code is not None}


def unreachable_ids(purpose: str, ids: Iterable[int]) -> dict[int, str]:
    """Return ``{contact id: reason code}`` of those of ``ids`` left out (one query)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    reason = left_out_reason(purpose)
    stmt = sa.select(Contact.id, reason).where(Contact.id.in_(wanted), reason.is_not(None))
    return dict(db.session.execute(stmt).all())


def is_reachable(contact: Contact, purpose: str) -> bool:
    """Return whether one person may be contacted for ``purpose`` (one query)."""
    return contact.id not in unreachable_ids(purpose, [contact.id])


def current_consents(contact: Contact) -> dict[str, ConsentRecord]:
    """Return the person's current record per purpose (purposes without one are missing)."""
    rows = db.session.scalars(
        sa.select(ConsentRecord).where(
            ConsentRecord.contact_id == contact.id, ConsentRecord.is_current.is_(True)
        )
    )
    return {r.purpose: r for r in rows}


def consent_history(contact: Contact) -> list[ConsentRecord]:
    """Return every record of the person, newest first, with who recorded it."""
    return list(
        db.session.scalars(
            sa.select(ConsentRecord)
            .where(ConsentRecord.contact_id == contact.id)
            .order_by(ConsentRecord.at.desc(), ConsentRecord.id.desc())
        )
    )


def record_consent(
    contact: Contact,
    purpose: str,
    status: str,
    *,
    source: str,
    at: datetime | None = None,
    note: str | None = None,
    user=None,
) -> ConsentRecord:
    """Add a record (it becomes the current one for the purpose) and audit it."""
    _check_purpose(purpose)
    if status not in STATUSES:
        raise ConsentError(_l("Unbekannter Status: %(status)s", status=status), field="status")
    if source not in SOURCES:
        raise ConsentError(_l("Bitte eine bekannte Quelle wählen."), field="source")
    at = at or utcnow()
    if at > utcnow():
        raise ConsentError(_l("Das Datum darf nicht in der Zukunft liegen."), field="at")
    before = current_consents(contact).get(purpose)
    db.session.execute(
        sa.update(ConsentRecord)
        .where(
            ConsentRecord.contact_id == contact.id,
            ConsentRecord.purpose == purpose,
            ConsentRecord.is_current.is_(True),
        )
        .values(is_current=False),
        execution_options={"synchronize_session": False},
    )
    if before is not None:
        db.session.expire(before)
    entry = ConsentRecord(
        contact_id=contact.id,
        purpose=purpose,
        status=status,
        at=at,
        source=source,
        note=(note or "").strip()[:200] or None,
        recorded_by_id=user.id if user is not None else _user_id(),
        is_current=True,
    )
    db.session.add(entry)
    record(
        "update",
        "contacts",
        contact.id,
        summary=Message(_SUMMARY[purpose], **{f"consent_{purpose}": status}),
        changes={f"consent_{purpose}": [before.status if before else None, status]},
        user=user,
    )
    db.session.flush()
    return entry


def withdraw(contact: Contact, purpose: str, *, source: str = "form", user=None) -> ConsentRecord:
    """Record that the person withdrew consent for (or objected to) ``purpose``: one click."""
    return record_consent(contact, purpose, "withdrawn", source=source, user=user)


def _user_id() -> int | None:
    from flask_login import current_user

    try:
        return current_user.id if current_user and current_user.is_authenticated else None
    except Exception:  # outside a request (CLI)
        return None


@contact_merged.connect
def _move_consents(kept, merged, **extra) -> None:
    """Move the merged person's records to the kept one; per purpose one stays current.

    The newer current record wins, but a withdrawal always wins over a consent: a merge never
    makes someone reachable who had said no.
    """
    currents = db.session.scalars(
        sa.select(ConsentRecord).where(
            ConsentRecord.contact_id.in_((kept.id, merged.id)), ConsentRecord.is_current.is_(True)
        )
    ).all()
    winner: dict[str, ConsentRecord] = {}
    for r in currents:
        best = winner.get(r.purpose)
        key = (r.status == "withdrawn", r.at)
        if best is None or key > (best.status == "withdrawn", best.at):
            winner[r.purpose] = r
    losers = [r.id for r in currents if winner[r.purpose].id != r.id]
    if losers:
        db.session.execute(
            sa.update(ConsentRecord)
            .where(ConsentRecord.id.in_(losers))
            .values(is_current=False)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        sa.update(ConsentRecord)
        .where(ConsentRecord.contact_id == merged.id)
        .values(contact_id=kept.id)
        .execution_options(synchronize_session=False)
    )
