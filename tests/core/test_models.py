"""Constraints and derived values of the domain model, against the real database."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from crm.models import Contact, Group, Membership, Organisation, User


def test_organisation_kind_must_be_a_known_code(db):
    db.session.add(Organisation(name="X", kind="castle", state="SN"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_membership_end_not_before_start(db, make):
    org, group = make.organisation(), make.group()
    db.session.add(
        Membership(
            organisation=org,
            group=group,
            role="member",
            starts_on=date(2024, 5, 1),
            ends_on=date(2024, 4, 30),
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_user_email_unique_and_lower_case(db, make):
    make.user(email="a@b.example")
    db.session.add(User(email="a@b.example", name="x", role="viewer", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(User(email="Upper@B.example", name="x", role="viewer", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_organisation_with_members_is_refused(db, make):
    org, group = make.organisation(), make.group()
    make.membership(org, group)
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(Organisation).where(Organisation.id == org.id))
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("salutation", "title", "first", "last", "expected"),
    [
        ("Frau", "Dr.", "Anna", "Müller", "Sehr geehrte Frau Dr. Müller,"),
        ("Herr", "Prof. Dr.", "Peter", "Schulze", "Sehr geehrter Herr Prof. Dr. Schulze,"),
        ("Herr", None, "Jörg", "Weiß", "Sehr geehrter Herr Weiß,"),
        ("", None, "Kim", "Meyer", "Guten Tag Kim Meyer,"),
    ],
)
def test_letter_salutation(salutation, title, first, last, expected):
    person = Contact(salutation=salutation, title=title, first_name=first, last_name=last)
    assert person.letter_salutation == expected


def test_search_text_is_kept_current(db, make):
    org = make.organisation("Stadt Weißenfels")
    person = make.contact(
        "Müller-Lüdenscheidt", first_name="Jörg", organisation=org, email="joerg@example.org"
    )
    assert "muller-ludenscheidt" in person.search_text
    assert "jorg" in person.search_text
    assert "weissenfels" in org.search_text
    person.last_name = "Groß"
    db.session.commit()
    assert "gross" in person.search_text


def test_stale_update_is_refused(app, db, make):
    group = make.group("AG Alt")
    from sqlalchemy.orm import Session

    # a second, independent session (another user's request) reads the same row

    with Session(db.engine) as second:
        copy = second.get(Group, group.id)
        group.name = "AG Neu"
        db.session.commit()
        copy.name = "AG Anders"
        with pytest.raises(StaleDataError):
            second.commit()


def test_naive_datetime_is_refused(db, make):
    from datetime import datetime

    group = make.group()
    from crm.models import Meeting

    db.session.add(Meeting(group=group, title="x", starts_at=datetime(2026, 1, 1, 10, 0)))
    with pytest.raises(StatementError):
        db.session.commit()
    db.session.rollback()


def test_sqlite_connections_read_through_a_memory_map(app):
    """Every SQLite connection maps the file (``crm.db.SQLITE_MMAP_SIZE``): a page read is a
    memory access, not a read() call and a copy (a third of a 1,000-match search's time)."""
    from crm.db import SQLITE_MMAP_SIZE
    from crm.extensions import db

    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == SQLITE_MMAP_SIZE
