"""The type-ahead lookups of people and organisations (issue 15: pickers everywhere).

Through the app: who may ask, what they find (case, umlauts and ß folded as the lists do),
how many rows at most, and that every form that picks a person or an organisation asks them.
"""

from __future__ import annotations

import html as htmllib
import re
from datetime import date

import sqlalchemy as sa

from crm.contacts import operations as contact_ops
from crm.models import Seat


def _labels(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["label"] for item in response.json]


def test_lookups_need_a_login_and_a_role_that_picks(app, client, login_as, make):
    make.contact("Müller", first_name="Jörg")
    make.organisation("Stadt Leipzig")
    for url in ("/contacts/lookup?q=muel", "/organisations/lookup?q=leip"):
        assert app.test_client().get(url).status_code == 302  # to the login page
    viewer = app.test_client()
    login_as("viewer", c=viewer)
    for url in ("/contacts/lookup?q=muel", "/organisations/lookup?q=leip"):
        assert viewer.get(url).status_code == 403
    lead = app.test_client()
    login_as("group_lead", c=lead)
    assert _labels(lead, "/contacts/lookup?q=muel") == ["Müller, Jörg"]
    login_as("secretariat")
    assert _labels(client, "/organisations/lookup?q=leip")[0].startswith("Stadt Leipzig (#")


def test_people_are_found_by_name_with_umlauts_and_sharp_s_folded(client, login_as, make, db):
    org = make.organisation("Verband Straßenbau Sachsen")
    mueller = make.contact("Müller", first_name="Jörg", title="Dr.", organisation=org)
    make.contact("Meyer", first_name="Kim")
    gone = make.contact("Müller", first_name="Alt")
    contact_ops.archive_contact(gone)
    db.session.commit()
    login_as("secretariat")
    for q in ("muller", "mueller", "Müller", "MÜLLER jörg", "joerg"):
        assert _labels(client, f"/contacts/lookup?q={q}") == ["Müller, Dr. Jörg"], q
    [item] = client.get("/contacts/lookup?q=mueller").json
    assert item["id"] == mueller.id
    assert item["detail"] == "Verband Straßenbau Sachsen"
    assert item["organisation"] == {"id": org.id, "label": "Verband Straßenbau Sachsen (SN)"}
    assert _labels(client, "/organisations/lookup?q=strassenbau") == [
        f"Verband Straßenbau Sachsen (#{org.id})"
    ]
    assert client.get("/contacts/lookup?q=m").json == []  # one letter asks nothing


def test_lookup_is_bounded_and_costs_the_same_for_3_or_10_rows(
    client, login_as, make, count_queries
):
    org = make.organisation("Landkreis Leipzig", kind="district")
    for i in range(14):
        make.contact(f"Klein{i:02d}", organisation=org)
    for i in range(3):
        make.contact(f"Groß{i}", organisation=org)
    login_as("secretariat")
    response = client.get("/contacts/lookup?q=klein")
    assert len(response.json) == 10 and response.headers["X-More-Results"] == "1"
    assert [i["label"] for i in response.json] == [f"Klein{i:02d}, Anna" for i in range(10)]
    few = client.get("/contacts/lookup?q=gross")
    assert len(few.json) == 3 and few.headers["X-More-Results"] == "0"
    with count_queries() as three:
        client.get("/contacts/lookup?q=gross")
    with count_queries() as ten:
        client.get("/contacts/lookup?q=klein")
    assert len(ten) == len(three), (len(three), len(ten))


def test_the_invitee_lookup_finds_the_groups_seat_holders_only(client, login_as, make):
    group = make.group("AG Verkehr")
    seated = make.contact("Schubert", first_name="Ralf")
    make.seat(seated, group, role="guest")
    make.contact("Schubert", first_name="Olaf")
    login_as("secretariat")
    assert _labels(client, "/contacts/lookup?q=schubert") == ["Schubert, Olaf", "Schubert, Ralf"]
    assert _labels(client, f"/contacts/lookup?q=schubert&group={group.id}") == ["Schubert, Ralf"]


def _lookup_of(page: str, field: str) -> str | None:
    tag = re.search(rf'<select[^>]*\bname="{field}"[^>]*>', page)
    found = tag and re.search(r'data-lookup="([^"]+)"', tag.group(0))
    return htmllib.unescape(found.group(1)) if found else None


def test_every_form_that_picks_a_person_or_organisation_types_ahead(client, login_as, make):
    group = make.group("AG Tourismus")
    org = make.organisation("Stadt Halle", state="ST")
    make.membership(org, group)
    person = make.contact("Seidel", organisation=org)
    seat = make.seat(person, group, organisation=org)
    membership = group.memberships[0]
    meeting = make.meeting(group)
    login_as("secretariat")
    seat_form = client.get(f"/groups/{group.id}/seats/new").get_data(as_text=True)
    assert _lookup_of(seat_form, "contact_id") == "/contacts/lookup"
    assert _lookup_of(seat_form, "organisation_id") == "/organisations/lookup"
    assert "Treffer, mit Pfeiltasten wählen" in seat_form
    pages = {
        f"/groups/{group.id}/memberships/new": {"organisation_id": "/organisations/lookup"},
        f"/groups/{group.id}/seats/{seat.id}/edit": {"organisation_id": "/organisations/lookup"},
        f"/groups/{group.id}/seats/{seat.id}/change": {"contact_id": "/contacts/lookup"},
        f"/meetings/{meeting.id}": {"invite-contact_id": f"/contacts/lookup?group={group.id}"},
    }
    for url, fields in pages.items():
        page = client.get(url).get_data(as_text=True)
        for name, lookup in fields.items():
            assert _lookup_of(page, name) == lookup, (url, name)
    assert membership is not None
    for url in ("/contacts/new", f"/contacts/{person.id}", "/organisations/new"):
        assert 'data-lookup="/organisations/lookup"' in client.get(url).get_data(as_text=True)


def test_the_server_checks_the_picked_id(client, login_as, make, db):
    """A person found by typing (not in the default options) is accepted; an archived one not."""
    group = make.group("AG Tourismus")
    stranger = make.contact("Fremd")  # no member organisation: not in the default list
    gone = make.contact("Weg")
    contact_ops.archive_contact(gone)
    db.session.commit()
    login_as("secretariat")
    form = {"role": "guest", "organisation_id": "", "starts_on": "2025-01-01"}
    refused = client.post_form(f"/groups/{group.id}/seats/new", {**form, "contact_id": gone.id})
    assert refused.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Seat)) == 0
    saved = client.post_form(f"/groups/{group.id}/seats/new", {**form, "contact_id": stranger.id})
    assert saved.status_code == 302
    [seat] = db.session.scalars(sa.select(Seat)).all()
    assert (seat.contact_id, seat.starts_on) == (stranger.id, date(2025, 1, 1))
