"""Group list, group page "as of" a date, group CRUD and the organisation/person sections."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from crm.models import Group, Membership, Seat
from tests.groups.helpers import audit_actions


def test_list_shows_counts_lead_and_next_meeting(client, login_as, make):
    group = make.group("PG Elektromobilität", kind="project_group")
    make.group("AG Wirtschaft")
    org = make.organisation("Stadt Zwickau")
    lead = make.contact("Leiterin", organisation=org)
    make.membership(org, group, starts_on=date(2020, 1, 1))
    make.seat(lead, group, role="lead", organisation=org, starts_on=date(2020, 1, 1))
    make.seat(make.contact("Gast"), group, role="guest", starts_on=date(2020, 1, 1))
    soon = datetime(2030, 3, 5, 13, 0, tzinfo=UTC)
    make.meeting(group, "Später", starts_at=soon + timedelta(days=30))
    make.meeting(group, "Bald", starts_at=soon)
    make.meeting(group, "Abgesagt", starts_at=soon - timedelta(days=1), status="cancelled")
    login_as("viewer")
    html = client.get("/groups/").get_data(as_text=True)
    row = html[html.index("PG Elektromobilität") :].split("</tr>")[0]
    assert "Anna Leiterin" in row
    assert "<td>1</td><td>2</td>" in row  # 1 organisation, 2 people
    assert "05.03.2030, 14:00" in row  # next meeting not cancelled, in Berlin time
    # kind filter and a search that forgives umlauts
    assert "AG Wirtschaft" not in client.get("/groups/?kind=project_group").get_data(as_text=True)
    found = client.get("/groups/?q=elektromobilitat").get_data(as_text=True)
    assert "PG Elektromobilität" in found and "AG Wirtschaft" not in found
    assert 'href="/reports/"' in html


def test_list_hides_dissolved_groups_unless_asked(client, login_as, make):
    make.group("AG Alt", dissolved_on=date(2020, 12, 31))
    login_as("viewer")
    assert "AG Alt" not in client.get("/groups/").get_data(as_text=True)
    assert "AG Alt" in client.get("/groups/?dissolved=1").get_data(as_text=True)
    assert "AG Alt" in client.get("/groups/?on=2020-06-01").get_data(as_text=True)


def _populate(make, n, start=0):
    for i in range(start, start + n):
        g = make.group(f"AG Viele {i}")
        org = make.organisation(f"Org {i}")
        make.membership(org, g)
        make.seat(make.contact(f"P{i}", organisation=org), g, role="lead", organisation=org)
        make.meeting(g, starts_at=datetime(2030, 1, 1, tzinfo=UTC))


def test_list_query_count_does_not_grow_with_rows(client, login_as, make, count_queries):
    login_as("viewer")
    _populate(make, 2)
    with count_queries() as small:
        client.get("/groups/")
    _populate(make, 10, start=2)
    with count_queries() as big:
        html = client.get("/groups/").get_data(as_text=True)
    assert "AG Viele 11" in html
    assert len(big) == len(small)


def test_group_page_query_count_is_flat(client, login_as, make, db, count_queries):
    login_as("viewer")
    group = make.group()
    for i in range(2):
        org = make.organisation(f"O{i}")
        make.membership(org, group)
        make.seat(make.contact(f"K{i}", organisation=org), group, organisation=org)
    with count_queries() as small:
        client.get(f"/groups/{group.id}")
        client.get(f"/groups/{group.id}/history")
    for i in range(2, 12):
        org = make.organisation(f"O{i}")
        make.membership(org, group)
        make.seat(make.contact(f"K{i}", organisation=org), group, organisation=org)
    with count_queries() as big:
        client.get(f"/groups/{group.id}")
        client.get(f"/groups/{group.id}/history")
    assert len(big) == len(small)


def test_as_of_with_ended_membership_and_seat_that_changed_hands(client, login_as, make, db):
    """The whole story through the app: join, seat, change of delegate, leave."""
    group = make.group("PG Elektromobilität", kind="project_group")
    zwickau = make.organisation("Stadt Zwickau")
    gera = make.organisation("Stadt Gera", state="TH")
    altmann = make.contact("Altmann", organisation=zwickau)
    neumann = make.contact("Neumann", organisation=zwickau)
    login_as("secretariat")
    for org, start in ((zwickau, "2020-01-01"), (gera, "2021-01-01")):
        r = client.post_form(
            f"/groups/{group.id}/memberships/new",
            {"organisation_id": org.id, "role": "member", "starts_on": start},
        )
        assert r.status_code == 302
    r = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": altmann.id,
            "role": "delegate",
            "organisation_id": zwickau.id,
            "starts_on": "2020-02-01",
        },
    )
    assert r.status_code == 302
    seat = db.session.scalar(sa.select(Seat).where(Seat.contact_id == altmann.id))
    r = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/change",
        {"contact_id": neumann.id, "change_on": "2024-09-01", "version": seat.version},
    )
    assert r.status_code == 302
    gera_m = db.session.scalar(sa.select(Membership).where(Membership.organisation_id == gera.id))
    r = client.post_form(
        f"/groups/{group.id}/memberships/{gera_m.id}/end",
        {"ends_on": "2024-12-31", "version": gera_m.version},
        follow_redirects=True,  # shows (and so clears) the flashed message
    )
    assert r.status_code == 200

    def composition(on):
        html = client.get(f"/groups/{group.id}?on={on}").get_data(as_text=True)
        return {
            name
            for name in ("Stadt Zwickau", "Stadt Gera", "Anna Altmann", "Anna Neumann")
            if name in html
        }

    assert composition("2019-12-31") == set()
    assert composition("2020-06-01") == {"Stadt Zwickau", "Anna Altmann"}
    assert composition("2024-08-31") == {"Stadt Zwickau", "Stadt Gera", "Anna Altmann"}
    assert composition("2024-09-01") == {"Stadt Zwickau", "Stadt Gera", "Anna Neumann"}
    assert composition("2024-12-31") == {"Stadt Zwickau", "Stadt Gera", "Anna Neumann"}
    assert composition("2025-01-01") == {"Stadt Zwickau", "Anna Neumann"}
    history = client.get(f"/groups/{group.id}/history").get_data(as_text=True)
    for text in ("31.08.2024", "01.09.2024", "31.12.2024", "Anna Altmann", "Stadt Gera"):
        assert text in history


def test_create_edit_and_duplicate_name(client, login_as, make, db):
    make.group("AG Verkehr und Mobilität")
    login_as("secretariat")
    r = client.post_form(
        "/groups/new", {"kind": "working_group", "name": "ag verkehr und mobilität"}
    )
    assert r.status_code == 400 and "gibt es bereits" in r.get_data(as_text=True)
    r = client.post_form(
        "/groups/new",
        {
            "kind": "project_group",
            "name": "PG Wasserstoff",
            "short_name": "PG H2",
            "founded_on": "2023-04-01",
            "description": "Wasserstoffregion",
        },
    )
    assert r.status_code == 302
    group = db.session.scalar(sa.select(Group).where(Group.name == "PG Wasserstoff"))
    assert (group.kind, group.short_name, group.founded_on) == (
        "project_group",
        "PG H2",
        date(2023, 4, 1),
    )
    r = client.post_form(
        f"/groups/{group.id}/edit",
        {
            "kind": "project_group",
            "name": "PG Wasserstoff Mitteldeutschland",
            "short_name": "PG H2",
            "founded_on": "2023-04-01",
            "version": 1,
        },
    )
    assert r.status_code == 302
    stale = client.post_form(
        f"/groups/{group.id}/edit",
        {"kind": "project_group", "name": "PG Überschrieben", "version": 1},
    )
    assert stale.status_code == 400
    assert "PG Wasserstoff Mitteldeutschland" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Group, group.id).name == "PG Wasserstoff Mitteldeutschland"
    assert [a for a, _ in audit_actions("groups")] == ["create", "update"]


def test_dissolve_ends_open_periods_and_keeps_history(client, login_as, make, db):
    group = make.group("AG Auslaufend", founded_on=date(2015, 1, 1))
    org = make.organisation("Stadt Dessau-Roßlau", state="ST")
    m = make.membership(org, group, starts_on=date(2016, 1, 1))
    done = make.membership(
        make.organisation("Früher"), group, starts_on=date(2016, 1, 1), ends_on=date(2018, 1, 1)
    )
    s = make.seat(make.contact("Bleibt"), group, starts_on=date(2016, 1, 1))
    login_as("secretariat")
    r = client.post_form(f"/groups/{group.id}/dissolve", {"on": "2014-12-31", "version": 1})
    assert r.status_code == 400  # before the founding
    r = client.post_form(f"/groups/{group.id}/dissolve", {"on": "2025-06-30", "version": 1})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Group, group.id).dissolved_on == date(2025, 6, 30)
    assert db.session.get(Membership, m.id).ends_on == date(2025, 6, 30)
    assert db.session.get(Membership, done.id).ends_on == date(2018, 1, 1)
    assert db.session.get(Seat, s.id).ends_on == date(2025, 6, 30)
    assert "Stadt Dessau-Roßlau" in client.get(f"/groups/{group.id}?on=2025-06-30").get_data(
        as_text=True
    )
    assert "AG Auslaufend" not in client.get("/groups/").get_data(as_text=True)
    # nobody may start after the dissolution
    r = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {"organisation_id": make.organisation().id, "role": "member", "starts_on": "2025-07-01"},
    )
    assert r.status_code == 400 and "aufgelöst" in r.get_data(as_text=True)
    assert ("update", m.id) in audit_actions("memberships")


def test_organisation_page_shows_groups_roles_and_delegates(client, login_as, make):
    org = make.organisation("Landkreis Greiz", kind="district", state="TH")
    g1, g2 = make.group("AG Tourismus"), make.group("PG Radwege", kind="project_group")
    make.membership(org, g1, role="lead", starts_on=date(2019, 1, 1))
    make.membership(org, g2, starts_on=date(2019, 1, 1), ends_on=date(2022, 12, 31))
    make.seat(make.contact("Vertreterin", organisation=org), g1, organisation=org)
    make.seat(
        make.contact("Ehemalig", organisation=org), g2, organisation=org, ends_on=date(2022, 12, 31)
    )
    login_as("viewer")
    html = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    section = html[html.index('id="org-groups"') :]
    assert "AG Tourismus" in section and "Federführung" in section
    assert "Anna Vertreterin" in section
    assert "PG Radwege" in section and "31.12.2022" in section


def test_person_page_shows_seats_over_time(client, login_as, make):
    person = make.contact("Wechsel")
    g1, g2 = make.group("AG Eins"), make.group("AG Zwei")
    make.seat(person, g1, role="lead", starts_on=date(2018, 1, 1), ends_on=date(2021, 6, 30))
    make.seat(person, g2, role="deputy_lead", starts_on=date(2021, 7, 1))
    login_as("viewer")
    html = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    section = html[html.index('id="contact-seats"') :]
    assert section.index("AG Zwei") < section.index("AG Eins")  # current first
    assert "30.06.2021" in section and "beendet" in section and "aktuell" in section


def test_list_sorts_by_number_of_organisations(client, login_as, make):
    small, big = make.group("AG Klein"), make.group("AG Gross")
    make.membership(make.organisation(), small)
    for _ in range(3):
        make.membership(make.organisation(), big)
    login_as("viewer")
    html = client.get("/groups/?sort=-orgs").get_data(as_text=True)
    assert html.index("AG Gross") < html.index("AG Klein")
    html = client.get("/groups/?sort=orgs").get_data(as_text=True)
    assert html.index("AG Klein") < html.index("AG Gross")


def test_group_page_offers_a_new_meeting_to_its_lead_only(client, login_as, make):
    mine, other = make.group("PG Mein"), make.group("PG Fremd")
    login_as("group_lead", groups=[mine])
    assert f"/meetings/new?group={mine.id}" in client.get(f"/groups/{mine.id}").get_data(
        as_text=True
    )
    assert "/meetings/new" not in client.get(f"/groups/{other.id}").get_data(as_text=True)
    form = client.get(f"/meetings/new?group={mine.id}").get_data(as_text=True)
    assert f'<option selected value="{mine.id}">' in form or f'value="{mine.id}" selected' in form
