"""Seats are harder to enter wrong; the past looks like the past (issue 15, points 3 and 4)."""

import json
import re
from datetime import date, timedelta

import sqlalchemy as sa

from crm.models import Seat


def test_delegate_seat_without_organisation_is_refused(client, login_as, make, db):
    group = make.group("AG Tourismus")
    person = make.contact("Seidel")
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": person.id,
            "role": "delegate",
            "organisation_id": "",
            "starts_on": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert "Bitte die vertretene Organisation wählen" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Seat)) == 0
    # a guest needs none
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": person.id,
            "role": "guest",
            "organisation_id": "",
            "starts_on": "2025-01-01",
        },
    )
    assert response.status_code == 302


def test_choosing_a_person_preselects_the_organisation_they_represent(client, login_as, make, db):
    group = make.group("AG Energie")
    org = make.organisation("Stadtwerke Halle")
    make.membership(org, group)
    person = make.contact("Hoffmann", organisation=org)
    login_as("secretariat")
    html = client.get(f"/groups/{group.id}/seats/new").get_data(as_text=True)
    mapping = json.loads(
        re.search(r"data-represents=\"([^\"]*)\"", html).group(1).replace("&#34;", '"')
    )
    assert mapping == {str(person.id): org.id}
    html = client.get(f"/groups/{group.id}/seats/new?contact_id={person.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{org.id}">|<option value="{org.id}" selected', html)


def test_a_past_date_shows_a_banner_and_no_change_actions(client, login_as, make, db):
    group = make.group("AG Verkehr")
    org = make.organisation("Stadt Gera")
    make.membership(org, group, starts_on=date(2020, 1, 1))
    make.seat(make.contact("Lang", organisation=org), group, organisation=org)
    login_as("secretariat")
    today_html = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "nur Ansicht" not in today_html
    assert ">Wechsel<" in today_html and ">Beenden<" in today_html
    past = (date.today() - timedelta(days=365)).isoformat()
    html = client.get(f"/groups/{group.id}?on={past}").get_data(as_text=True)
    shown = date.fromisoformat(past).strftime("%d.%m.%Y")
    assert f"Stand vom {shown} – nur Ansicht" in html
    for action in (">Wechsel<", ">Bearbeiten<", ">Beenden<", ">Auflösen<", "Mandat anlegen"):
        assert action not in html, action
    assert "Lang" in html and "Stadt Gera" in html
    index = client.get(f"/groups/?on={past}").get_data(as_text=True)
    assert f"Stand vom {shown} – nur Ansicht" in index and "Neues Gremium" not in index
