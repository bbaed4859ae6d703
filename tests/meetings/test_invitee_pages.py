"""A meeting's invitees and a person's invitations are paged at constant cost."""

from __future__ import annotations

import re

import sqlalchemy as sa


def _invite(make, meeting, start, end):
    for i in range(start, end):
        make.invitation(
            meeting, make.contact(f"Gast{i:03d}"), rsvp="accepted" if i % 2 else "pending"
        )


def test_meeting_invitees_are_paged_with_counts(client, login_as, make, count_queries):
    login_as("admin")
    meeting = make.meeting(make.group(), title="Große Runde")
    _invite(make, meeting, 0, 10)
    with count_queries() as small:
        client.get(f"/meetings/{meeting.id}")
    _invite(make, meeting, 10, 100)
    with count_queries() as big:
        html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert len(big) == len(small)
    assert "Eingeladen (100)" in html
    assert "offen: 50" in html and "zugesagt: 50" in html
    assert len(re.findall(r'data-testid="invitee"', html)) == 50
    assert "Gast000" in html and "Gast099" not in html
    second = client.get(f"/meetings/{meeting.id}?invitees_page=2").get_data(as_text=True)
    assert "Gast099" in second and "Gast000" not in second


def test_person_invitations_are_paged(client, login_as, make, count_queries):
    login_as("viewer")
    group = make.group()
    person = make.contact("Vielgeladen")
    for i in range(10):
        make.invitation(make.meeting(group, title=f"Runde {i:03d}"), person)
    with count_queries() as small:
        client.get(f"/contacts/{person.id}")
    for i in range(10, 100):
        make.invitation(make.meeting(group, title=f"Runde {i:03d}"), person)
    with count_queries() as big:
        html = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    assert len(big) == len(small)
    assert html.count("Runde ") == 50
    assert "invitations_page=2" in html


def test_meeting_counts_its_invitees_once(client, login_as, make, count_queries):
    login_as("admin")
    meeting = make.meeting(make.group(), title="Große Runde")
    _invite(make, meeting, 0, 60)
    with count_queries() as queries:
        html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Eingeladen (60)" in html and "offen: 30" in html and "zugesagt: 30" in html
    # the answers' grouped count gives the total too: no second count of the invitations
    counting = [s for s, _ in queries if "count(*)" in s and "invitations" in s]
    assert len(counting) == 1 and "GROUP BY invitations.rsvp" in counting[0]


def test_meeting_invitee_page_loads_only_its_rows(client, login_as, make, count_queries):
    login_as("admin")
    meeting = make.meeting(make.group(), title="Große Runde")
    _invite(make, meeting, 0, 60)
    with count_queries() as queries:
        html = client.get(f"/meetings/{meeting.id}?invitees_page=2").get_data(as_text=True)
    # the ids of the page by name first; the invitations with their people only for those
    wide = [s for s, _ in queries if "invitations.token" in s and "JOIN contacts" in s]
    assert wide and all("OFFSET" not in s.upper() for s in wide), wide
    assert re.findall(r"Gast\d{3}", html[html.index('data-testid="invitee"') :])[:1] == ["Gast050"]


def test_rsvp_counts_read_the_index_alone(app, make):
    from crm.extensions import db

    meeting = make.meeting(make.group(), title="Runde")
    if db.engine.dialect.name != "sqlite":
        return  # the plan's wording is SQLite's; PostgreSQL picks by its statistics
    plan = " ".join(
        row[-1]
        for row in db.session.execute(
            sa.text(
                "EXPLAIN QUERY PLAN SELECT rsvp, count(*) FROM invitations WHERE meeting_id = :m GROUP BY rsvp"
            ),
            {"m": meeting.id},
        )
    )
    assert "COVERING INDEX ix_invitations_meeting_rsvp" in plan, plan
