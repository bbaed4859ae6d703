"""The demo data (``seed_data.seed``): idempotent, and true to the region's own description."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

import seed_data
from crm.db import active_on
from crm.models import (
    Affiliation,
    Contact,
    Group,
    Meeting,
    Membership,
    Organisation,
    Seat,
    User,
)
from crm.time import today
from crm.time import today as local_today

WORKING_GROUPS = [
    "AG Landes- und Regionalentwicklung",
    "AG Wirtschaft und Standortentwicklung",
    "AG Wissenschaft und Forschung",
    "AG Verkehr und Mobilität",
    "AG Kultur und Tourismus",
    "AG Demographie und Bildung",
]
PROJECT_GROUPS = [
    "PG Industrie- und Gewerbeflächen",
    "PG Life Sciences",
    "PG Elektromobilität",
    "PG Gewässerlandschaft Mitteldeutschland",
    "PG Industriekultur",
    "PG MINT Mitteldeutschland",
    "PG Familienfreundlichkeit",
]


@pytest.fixture
def seeded(db):
    counts = seed_data.seed()
    db.session.commit()
    return counts


def _group(db, name: str) -> Group:
    return db.session.scalar(sa.select(Group).filter_by(name=name))


def _member_names(db, group: Group, on: date) -> set[str]:
    rows = db.session.scalars(
        sa.select(Membership).where(Membership.group_id == group.id, active_on(Membership, on))
    )
    return {m.organisation.name for m in rows}


def _seat_holders(db, group: Group, on: date) -> set[str]:
    rows = db.session.scalars(sa.select(Seat).where(Seat.group_id == group.id, active_on(Seat, on)))
    return {s.contact.last_name for s in rows}


def test_seeding_twice_creates_nothing_new(db, seeded):
    assert 50 <= seeded["organisations"] <= 75
    assert seeded["contacts"] >= 75
    assert seeded["users"] == 4
    assert all(n > 0 for n in seeded.values())

    again = seed_data.seed()
    db.session.commit()
    assert again == seeded


def test_seeding_again_on_a_later_day_creates_nothing_new(db, seeded, monkeypatch):
    """Rows with dates relative to today are still found when the day has moved on."""

    class Later(date):
        @classmethod
        def today(cls):
            return today() + timedelta(days=45)

    monkeypatch.setattr(seed_data, "date", Later)
    again = seed_data.seed()
    db.session.commit()
    assert again == seeded


def test_all_working_and_project_groups_exist(db, seeded):
    for name in WORKING_GROUPS:
        group = _group(db, name)
        assert group is not None and group.kind == "working_group", name
        assert group.short_name.startswith("AG ") and group.description and group.founded_on
    for name in PROJECT_GROUPS:
        group = _group(db, name)
        assert group is not None and group.kind == "project_group", name
        assert group.short_name.startswith("PG ") and group.description and group.founded_on
    founded = _group(db, "PG Elektromobilität").founded_on
    assert (founded.year, founded.month) == (2016, 6)
    assert db.session.scalar(sa.select(sa.func.count()).where(Group.kind == "committee")) >= 1


def test_pg_elektromobilitaet_has_the_stated_members(db, seeded):
    members = _member_names(db, _group(db, "PG Elektromobilität"), today())
    stated = {
        "Stadt Leipzig",
        "Stadt Halle (Saale)",
        "Stadt Chemnitz",
        "Stadt Zwickau",
        "Stadt Jena",
        "Landkreis Leipzig",
        "Landkreis Wittenberg",
        "Leipziger Verkehrsbetriebe (LVB) GmbH",
        "Hallesche Verkehrs-AG (HAVAG)",
        "Nahverkehrsservice Sachsen-Anhalt GmbH (NASA)",
        "envia Mitteldeutsche Energie AG (enviaM)",
        "Thüringer Ministerium für Umwelt, Energie und Naturschutz",
        "Sächsische Energieagentur – SAENA GmbH",
    }
    assert stated <= members


def test_pg_industrie_und_gewerbeflaechen_has_nine_gebietskoerperschaften(db, seeded):
    group = _group(db, "PG Industrie- und Gewerbeflächen")
    rows = db.session.scalars(
        sa.select(Membership)
        .join(Membership.organisation)
        .where(
            Membership.group_id == group.id,
            active_on(Membership, today()),
            Organisation.kind.in_(["city", "district"]),
        )
    ).all()
    names = {m.organisation.name for m in rows}
    assert len(rows) == 9
    assert {"Stadt Leipzig", "Stadt Halle (Saale)", "Landkreis Altenburger Land"} <= names
    planning = [m.role for m in group.memberships if m.organisation.kind == "planning"]
    assert planning == ["advisory"] * 3


def test_every_group_but_one_has_members_from_all_three_laender(db, seeded):
    lacking = []
    for group in db.session.scalars(sa.select(Group)):
        states = {
            m.organisation.state
            for m in group.memberships
            if m.starts_on <= today() and (m.ends_on is None or m.ends_on >= today())
        }
        if not {"SN", "ST", "TH"} <= states:
            lacking.append(group.name)
    assert lacking == ["PG Gewässerlandschaft Mitteldeutschland"]


def test_every_group_has_a_lead_and_one_lacks_a_deputy(db, seeded):
    without_deputy = []
    for group in db.session.scalars(sa.select(Group)):
        roles = {
            s.role
            for s in group.seats
            if s.starts_on <= today() and (s.ends_on is None or s.ends_on >= today())
        }
        assert {"lead", "secretariat"} <= roles, group.name
        if "deputy_lead" not in roles:
            without_deputy.append(group.name)
    assert without_deputy == ["PG Familienfreundlichkeit"]


def test_demo_users_can_log_in_with_their_roles(db, seeded):
    for email, password, role, name in seed_data.DEMO_USERS:
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        assert user is not None, email
        assert (user.role, user.name, user.is_active) == (role, name, True)
        assert user.check_password(password)
        assert not user.check_password(password + "x")
    lead = db.session.scalar(sa.select(User).filter_by(role="group_lead"))
    assert {g.name for g in lead.managed_groups} == {
        "AG Verkehr und Mobilität",
        "PG Elektromobilität",
    }
    assert lead.contact is not None


def test_seeding_again_keeps_a_changed_password(db, seeded):
    user = db.session.scalar(sa.select(User).filter_by(email="admin@crm.example"))
    user.set_password("Ein-neues-Passwort-1")
    db.session.commit()
    seed_data.seed()
    db.session.commit()
    assert user.check_password("Ein-neues-Passwort-1")


def test_there_are_past_and_upcoming_meetings(db, seeded):
    now = datetime.now(UTC)
    held = db.session.scalars(sa.select(Meeting).filter_by(status="held")).all()
    upcoming = db.session.scalars(
        sa.select(Meeting).where(Meeting.status == "scheduled", Meeting.starts_at > now)
    ).all()
    assert len(held) >= 10 and len(upcoming) >= 10
    for meeting in held:
        assert meeting.starts_at < now and meeting.ends_at > meeting.starts_at
        assert meeting.minutes_status == "approved" and meeting.minutes.startswith("# Protokoll")
        assert meeting.agenda_items and meeting.invitations
        assert {i.attended for i in meeting.invitations} <= {"yes", "no"}
    for meeting in upcoming:
        assert meeting.starts_at.tzinfo is not None
        assert meeting.agenda_items and meeting.invitations
    poll = db.session.scalar(
        sa.select(Meeting)
        .join(Meeting.group)
        .where(Group.name == "AG Verkehr und Mobilität", Meeting.status == "polling")
    )
    assert poll is not None and poll.starts_at is None
    assert len(poll.date_options) == 3
    assert all(o.starts_at > now for o in poll.date_options)


def test_ended_seats_and_a_recent_delegate_change(db, seeded):
    today = local_today()
    ended = db.session.scalar(
        sa.select(sa.func.count()).select_from(Seat).where(Seat.ends_on < today)
    )
    assert ended >= 3
    group = _group(db, "PG Elektromobilität")
    last_year = _seat_holders(db, group, today - timedelta(days=365))
    now = _seat_holders(db, group, today)
    assert last_year != now
    assert ("Maier" in last_year) and ("Maier" not in now)
    assert ("Kühne" in now) and ("Kühne" not in last_year)


def test_people_are_reachable_only_under_example_domains(db, seeded):
    emails = db.session.scalars(sa.select(Affiliation.email)).all()
    emails += db.session.scalars(sa.select(Organisation.email)).all()
    emails += [e for e in db.session.scalars(sa.select(Contact.email)).all() if e]
    assert emails
    assert all(e.endswith(".example") for e in emails)
    weiss = db.session.scalar(sa.select(Contact).filter_by(first_name="Jürgen", last_name="Weiß"))
    assert [a.email for a in weiss.affiliations] == ["j.weiss@leipzig.example"]
