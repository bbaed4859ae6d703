"""Factories for tests: each function adds a row with sensible defaults and commits it."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from crm.extensions import db
from crm.models import (
    Affiliation,
    Contact,
    Group,
    Invitation,
    Meeting,
    Membership,
    Organisation,
    Seat,
    User,
)

PASSWORD = "Test-Passwort-123"
#: the TOTP secret of test users with a second factor (admins by default: MFA_REQUIRED_ROLES)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_seq = itertools.count(1)


def totp_code(email: str) -> str:
    """Return a TOTP code the user ``email`` has not used yet (this time step or the next)."""
    import time

    import pyotp
    import sqlalchemy as sa

    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.email == email.lower()))
    last = user.totp_last_counter if user.totp_last_counter is not None else -1
    totp = pyotp.TOTP(user.totp_secret)
    step = int(time.time() // totp.interval)
    for candidate in (step, step + 1):
        if candidate > last:
            return totp.generate_otp(candidate)
    raise AssertionError("both usable TOTP steps are used; wait 30 s")


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def make_user(
    role: str = "secretariat",
    groups=None,
    email: str | None = None,
    password: str = PASSWORD,
    totp: bool | None = None,
    **kw,
) -> User:
    """Add a user; ``totp`` (default: for admins) enrols the second factor ``TOTP_SECRET``."""
    n = next(_seq)
    user = User(
        email=(email or f"{role}{n}@test.example").lower(),
        name=kw.pop("name", f"{role} {n}"),
        role=role,
        managed_groups=list(groups or []),
        **kw,
    )
    user.set_password(password)
    if totp if totp is not None else role == "admin":
        user.totp_secret = TOTP_SECRET
        user.totp_enabled_at = datetime.now(UTC)
    return _save(user)


def organisation(
    name: str | None = None, kind: str = "city", state: str = "SN", **kw
) -> Organisation:
    return _save(
        Organisation(name=name or f"Organisation {next(_seq)}", kind=kind, state=state, **kw)
    )


def contact(
    last_name: str | None = None,
    first_name: str = "Anna",
    salutation: str = "Frau",
    organisation: Organisation | None = None,
    **kw,
) -> Contact:
    person = Contact(
        last_name=last_name or f"Person{next(_seq)}",
        first_name=first_name,
        salutation=salutation,
        **kw,
    )
    if organisation is not None:
        person.affiliations.append(
            Affiliation(
                organisation=organisation,
                is_primary=True,
                starts_on=date(2020, 1, 1),
                email=kw.get("email"),
            )
        )
    return _save(person)


def group(name: str | None = None, kind: str = "working_group", **kw) -> Group:
    return _save(Group(name=name or f"AG Test {next(_seq)}", kind=kind, **kw))


def membership(
    organisation: Organisation,
    group: Group,
    role: str = "member",
    starts_on: date = date(2020, 1, 1),
    **kw,
) -> Membership:
    return _save(
        Membership(organisation=organisation, group=group, role=role, starts_on=starts_on, **kw)
    )


def seat(
    contact: Contact,
    group: Group,
    role: str = "delegate",
    organisation: Organisation | None = None,
    starts_on: date = date(2020, 1, 1),
    **kw,
) -> Seat:
    return _save(
        Seat(
            contact=contact,
            group=group,
            role=role,
            organisation=organisation,
            starts_on=starts_on,
            **kw,
        )
    )


def meeting(
    group: Group,
    title: str = "Sitzung",
    starts_at: datetime | None = None,
    status: str = "scheduled",
    **kw,
) -> Meeting:
    starts_at = starts_at or datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    return _save(
        Meeting(
            group=group,
            title=title,
            starts_at=starts_at,
            ends_at=kw.pop("ends_at", starts_at + timedelta(hours=2)),
            status=status,
            **kw,
        )
    )


def invitation(meeting: Meeting, contact: Contact, **kw) -> Invitation:
    return _save(Invitation(meeting=meeting, contact=contact, **kw))


# short aliases: make.user(...)
user = make_user
