"""An invitee's answer on their personal page: accept, tentative, decline, or a substitute."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Seat
from crm.meetings import history
from crm.meetings.models import Invitation
from crm.meetings.notifications import notify
from crm.meetings.rules import MeetingError
from crm.time import today, utcnow

RSVP_CHOICES = ("accepted", "tentative", "declined")


def _not_delegated(invitation: Invitation) -> None:
    if invitation.rsvp == "delegated":
        raise MeetingError(_l("Sie haben bereits eine Vertretung benannt."))


def rsvp(invitation: Invitation, answer: str, comment: str | None = None) -> None:
    """Record an invitee's accept / tentative / decline (they may change it later)."""
    if answer not in RSVP_CHOICES:
        raise MeetingError(_l("Bitte zusagen, vorbehaltlich zusagen oder absagen."), "answer")
    if invitation.meeting.status != "scheduled":
        raise MeetingError(_l("Für diese Sitzung sind keine Rückmeldungen mehr möglich."))
    _not_delegated(invitation)
    invitation.rsvp = answer
    invitation.comment = (comment or "").strip()[:500] or None
    invitation.responded_at = utcnow()


def colleagues(invitation: Invitation) -> list[Contact]:
    """Return the people who could stand in for the invitee, to choose from on the token page.

    Data minimisation (issue 12): only people who already hold a current seat in the
    meeting's group for the same organisation (deputies, other delegates), so the page shows
    no other colleague; anyone else is named by typing name and e-mail.
    """
    if invitation.organisation_id is None:
        return []
    invited = sa.select(Invitation.contact_id).where(Invitation.meeting_id == invitation.meeting_id)
    return list(
        db.session.scalars(
            sa.select(Contact)
            .join(Seat, Seat.contact_id == Contact.id)
            .where(
                Seat.group_id == invitation.meeting.group_id,
                Seat.organisation_id == invitation.organisation_id,
                active_on(Seat, today()),
                Contact.archived_at.is_(None),
                Contact.id.not_in(invited),
            )
            .order_by(Contact.sort_key, Contact.id)
            .distinct()
        )
    )


def _known_colleague(invitation: Invitation, email: str) -> Contact | None:
    """Return the person of the invitee's organisation with this business e-mail, if any
    (typed by the invitee, so nothing is shown that they did not know)."""
    return db.session.scalar(
        sa.select(Contact)
        .join(Affiliation, Affiliation.contact_id == Contact.id)
        .where(
            Affiliation.organisation_id == invitation.organisation_id,
            active_on(Affiliation, today()),
            sa.func.lower(Affiliation.email) == email.strip().lower(),
            Contact.archived_at.is_(None),
        )
        .order_by(Contact.id)
        .limit(1)
    )


def _new_colleague(invitation: Invitation, first_name, last_name, email) -> Contact:
    """Return a new person of the invitee's organisation (name and business e-mail)."""
    contact = Contact(first_name=(first_name or "").strip() or None, last_name=last_name.strip())
    contact.affiliations.append(
        Affiliation(
            organisation_id=invitation.organisation_id,
            email=email.strip().lower(),
            is_primary=True,
            starts_on=today(),
        )
    )
    db.session.add(contact)
    audit.record_create(
        contact, summary=audit.Message(audit.N_("Als Vertretung über einen Einladungslink benannt"))
    )
    return contact


def name_substitute(
    invitation: Invitation,
    contact: Contact | None = None,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> Invitation:
    """Return the invitation of a substitute from the same organisation, now invited.

    The substitute is either a known colleague or a new person (name and business e-mail),
    who is then recorded as a contact of that organisation.
    """
    meeting = invitation.meeting
    if meeting.status not in ("polling", "scheduled"):
        raise MeetingError(_l("Für diese Sitzung kann keine Vertretung mehr benannt werden."))
    _not_delegated(invitation)
    if invitation.substitute_for_id is not None:
        raise MeetingError(_l("Eine Vertretung kann keine weitere Vertretung benennen."))
    if invitation.organisation_id is None:
        raise MeetingError(_l("Eine Vertretung kann nur für eine Organisation benannt werden."))
    if contact is not None:
        if contact.id not in {c.id for c in colleagues(invitation)}:
            raise MeetingError(_l("Bitte eine Person aus Ihrer Organisation wählen."), "contact_id")
    elif not (last_name and email):
        raise MeetingError(_l("Bitte Name und E-Mail der Vertretung angeben."), "last_name")
    else:
        contact = _known_colleague(invitation, email)
        if contact is not None and any(i.contact_id == contact.id for i in meeting.invitations):
            raise MeetingError(_l("Diese Person ist zu der Sitzung bereits eingeladen."), "email")
        contact = contact or _new_colleague(invitation, first_name, last_name, email)
    substitute = Invitation(
        contact=contact,
        organisation_id=invitation.organisation_id,
        substitute_for=invitation,
    )
    meeting.invitations.append(substitute)
    invitation.rsvp = "delegated"
    invitation.responded_at = utcnow()
    db.session.flush()
    notify(substitute, "invitation" if meeting.status == "scheduled" else "poll")
    history.note(
        meeting.id,
        audit.N_("%(person)s lässt sich vertreten durch %(substitute)s"),
        person=invitation.contact.full_name,
        substitute=contact.full_name,
    )
    return substitute


def record_for_invitee(invitation: Invitation, answer: str, user) -> None:
    """Record an answer the invitee gave by phone or in person, audited with who recorded it."""
    if answer not in RSVP_CHOICES:
        raise MeetingError(_l("Bitte zusagen, vorbehaltlich zusagen oder absagen."), "answer")
    if invitation.meeting.status not in ("polling", "scheduled"):
        raise MeetingError(_l("Für diese Sitzung sind keine Rückmeldungen mehr möglich."))
    _not_delegated(invitation)
    set_answer(
        invitation,
        answer,
        audit.Message(
            audit.N_("Rückmeldung von %(person)s erfasst durch %(user)s"),
            person=invitation.contact.full_name,
            user=user.name,
        ),
        user=user,
    )


def set_answer(invitation: Invitation, answer: str, summary: audit.Message, user=None) -> None:
    """Store an answer recorded on the invitee's behalf (by staff or from their calendar),
    audited with the old and the new answer."""
    old = invitation.rsvp
    invitation.rsvp = answer
    invitation.responded_at = utcnow()
    audit.record(
        "update",
        "invitations",
        invitation.id,
        summary=summary,
        changes={"rsvp": [old, answer]},
        user=user,
    )
