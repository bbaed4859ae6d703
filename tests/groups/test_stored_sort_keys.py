"""Seats, memberships and invitations keep their person's or organisation's sort key, so the
group and meeting pages list them from an index (``crm.search.copies``)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from crm.contacts.merge import merge_contacts
from crm.extensions import db
from crm.groups.models import Membership, Seat
from crm.meetings.invitees import invite_many
from crm.meetings.models import Invitation


def _key(model, row_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(model.sort_key).where(model.id == row_id))


def test_copies_are_written_with_the_row_and_follow_renames(app, make):
    org = make.organisation("Stadtwerke Ölsnitz")
    person = make.contact("Öztürk", "Ali", organisation=org)
    group = make.group("AG Kopien")
    seat = make.seat(person, group, role="guest")
    membership = make.membership(org, group, role="lead")
    invitation = make.invitation(make.meeting(group), person)
    assert _key(Seat, seat.id) == person.sort_key == _key(Invitation, invitation.id)
    assert _key(Membership, membership.id) == org.sort_key
    assert (seat.role_rank, membership.role_rank) == (4, 0)

    person.last_name = "Becker"
    org.name = "Stadtwerke Aue"
    seat.role = "lead"
    db.session.commit()
    assert _key(Seat, seat.id) == "becker ali" == _key(Invitation, invitation.id)
    assert _key(Membership, membership.id) == org.sort_key
    assert org.sort_key.startswith("stadtwerke a")
    assert db.session.get(Seat, seat.id).role_rank == 0


def test_a_merge_moves_seats_and_invitations_with_the_kept_name(app, make):
    group = make.group("AG Zusammenführen")
    kept = make.contact("Meier", "Anna")
    merged = make.contact("Meyer", "Anna")
    seat = make.seat(merged, group)
    invitation = make.invitation(make.meeting(group), merged)
    merge_contacts(kept, merged, set())
    db.session.commit()
    assert _key(Seat, seat.id) == "meier anna" == _key(Invitation, invitation.id)
    # the kept person takes the merged one's name: the copies of their seat follow again
    other = make.contact("Schmitt", "Jörg")
    other_seat = make.seat(other, group)
    merge_contacts(other, make.contact("Schmidt", "Jörg"), {"last_name"})
    db.session.commit()
    assert _key(Seat, other_seat.id) == "schmidt joerg"


def test_a_seat_given_to_another_person_copies_their_name(app, make):
    group = make.group("AG Umsetzen")
    seat = make.seat(make.contact("Zorn", "Ida"), group)
    seat.contact = make.contact("Adler", "Ida")  # through the relationship
    db.session.commit()
    assert _key(Seat, seat.id) == "adler ida"
    seat = db.session.get(Seat, seat.id)
    seat.contact_id = make.contact("Berg", "Ida").id  # through the foreign key
    db.session.commit()
    assert _key(Seat, seat.id) == "berg ida"


def test_invitations_written_in_one_batch_carry_the_names(app, make):
    group = make.group("AG Stapel")
    people = [make.contact(f"Zeh{i}", "Uwe") for i in range(3)]
    meeting = make.meeting(group, status="draft")
    new = invite_many(meeting, [(p, None) for p in people])
    db.session.commit()
    assert [_key(Invitation, i.id) for i in new] == [p.sort_key for p in people]


def test_group_and_meeting_pages_sort_by_the_stored_keys_without_a_join(
    client, login_as, make, count_queries
):
    login_as("viewer")
    group = make.group("AG Reihenfolge")
    meeting = make.meeting(group)
    for name, role in (("Zander", "delegate"), ("Albers", "guest"), ("Müller", "lead")):
        org = make.organisation(f"Amt {name}")
        make.membership(org, group, role="lead" if role == "lead" else "member")
        person = make.contact(name, organisation=org)
        make.seat(person, group, role=role, organisation=org)
        make.invitation(meeting, person)
    with count_queries() as queries:
        html = client.get(f"/groups/{group.id}").get_data(as_text=True)
    people = html[html.index('id="people"') :]
    first_seen = sorted({"Zander", "Albers", "Müller"}, key=people.index)
    assert first_seen == ["Müller", "Zander", "Albers"]  # the lead first, then by name
    members = html[html.index('id="members"') : html.index('id="people"')]
    first_seen = sorted({"Amt Zander", "Amt Albers", "Amt Müller"}, key=members.index)
    assert first_seen == ["Amt Müller", "Amt Albers", "Amt Zander"]
    # the page's ids found by a narrow query over the sub-list's own index
    ordered = [s for s, _ in queries if re.match(r"SELECT (seats|memberships)\.id\s", s)]
    assert len(ordered) == 2 and not any("JOIN" in s for s in ordered), ordered
    with count_queries() as queries:
        html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert html.index("Albers") < html.index("Müller") < html.index("Zander")
    ordered = [s for s, _ in queries if re.match(r"SELECT invitations\.id\s", s)]
    assert len(ordered) == 1 and "JOIN" not in ordered[0], ordered
