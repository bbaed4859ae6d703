"""A group's members and seats are paged: the page costs the same at 10 and 100 rows."""

from __future__ import annotations

import re


def _grow(make, group, start, end):
    for i in range(start, end):
        org = make.organisation(f"Mitglied {i:03d}")
        make.membership(org, group)
        make.seat(make.contact(f"Person{i:03d}", organisation=org), group, organisation=org)


def test_group_members_and_seats_are_paged_at_constant_cost(client, login_as, make, count_queries):
    login_as("viewer")
    group = make.group("AG Groß")
    _grow(make, group, 0, 10)
    with count_queries() as small:
        client.get(f"/groups/{group.id}")
    _grow(make, group, 10, 100)
    with count_queries() as big:
        html = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert len(big) == len(small)
    members = html[html.index('id="members"') : html.index('id="people"')]
    assert "(100)" in members
    assert len(re.findall(r'href="/organisations/\d+"', members)) == 50
    assert "members_page=2" in members and "seats_page=2" in html
    # the two lists turn independently
    second = client.get(f"/groups/{group.id}?members_page=2").get_data(as_text=True)
    members = second[second.index('id="members"') : second.index('id="people"')]
    assert "Mitglied 099" in members and "Mitglied 000" not in members
    people = second[second.index('id="people"') :]
    assert "Person000" in people


def test_group_history_is_paged_at_constant_cost(client, login_as, make, count_queries):
    login_as("viewer")
    group = make.group("AG Verlauf")
    _grow(make, group, 0, 10)
    with count_queries() as small:
        client.get(f"/groups/{group.id}/history")
    _grow(make, group, 10, 100)
    with count_queries() as big:
        html = client.get(f"/groups/{group.id}/history").get_data(as_text=True)
    assert len(big) == len(small)
    assert html.count("Beitritt") + html.count("Mandat beginnt") == 50
    assert "history_page=4" in html
    last = client.get(f"/groups/{group.id}/history?history_page=4").get_data(as_text=True)
    assert last.count("Beitritt") + last.count("Mandat beginnt") == 50


def test_group_sublists_load_only_their_page_rows(client, login_as, make, count_queries):
    """The sort over another table's name runs on ids alone; the wide rows (with the
    organisation or person joined) are loaded for the page's ids only, in the same order."""
    login_as("viewer")
    group = make.group("AG Seiten")
    _grow(make, group, 0, 60)
    with count_queries() as queries:
        html = client.get(f"/groups/{group.id}?members_page=2").get_data(as_text=True)
    wide = [
        s for s, _ in queries if "memberships.notes" in s or "seats.notes" in s if "count(" not in s
    ]
    assert len(wide) == 2, wide
    for statement in wide:
        assert "OFFSET" not in statement.upper() and " IN (" in statement.upper(), statement
    members = html[html.index('id="members"') : html.index('id="people"')]
    names = re.findall(r"Mitglied \d{3}", members)
    assert names == [f"Mitglied {i:03d}" for i in range(50, 60)]


def test_group_seats_are_counted_without_the_people(client, login_as, make, count_queries):
    login_as("viewer")
    group = make.group("AG Zählen")
    _grow(make, group, 0, 3)
    with count_queries() as queries:
        html = client.get(f"/groups/{group.id}").get_data(as_text=True)
    counts = [s for s, _ in queries if "count(" in s and "seats" in s]
    assert len(counts) == 1 and "JOIN contacts" not in counts[0], counts
    assert "Person002" in html[html.index('id="people"') :]
