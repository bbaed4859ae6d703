"""Saved distribution lists: saved from the builder, re-run as of any date, shared or
private, a group lead's list limited to their groups, the group page's button."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import sqlalchemy as sa

from crm.lists.models import SavedList
from crm.time import today


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _save(client, query: str, name: str, shared: bool = False):
    page = client.get("/exports/?" + query).get_data(as_text=True)
    data = {"csrf_token": _csrf(page), "name": name, "query": query}
    if shared:
        data["shared"] = "y"
    return client.post("/lists/", data=data)


def _names(client, url: str) -> list[str]:
    """Follow the list's redirect to the builder and download its CSV."""
    builder = client.get(url)
    assert builder.status_code == 302
    query = builder.headers["Location"].split("?", 1)[1]
    body = client.get("/exports/contacts/csv?" + query + "&columns=last_name").text
    return [r["Nachname"] for r in csv.DictReader(io.StringIO(body))]


def test_saved_list_rerun_a_year_back_gives_that_days_delegates(client, login_as, make, db):
    group = make.group("PG Thüringen")
    org = make.organisation("Stadt Gera", state="TH")
    year_ago = today() - timedelta(days=365)
    old = make.contact("Alt", organisation=org)
    new = make.contact("Neu", organisation=org)
    make.seat(
        old,
        group,
        organisation=org,
        starts_on=date(2015, 1, 1),
        ends_on=today() - timedelta(days=30),
    )
    make.seat(new, group, organisation=org, starts_on=today() - timedelta(days=20))
    db.session.commit()
    login_as("secretariat")
    response = _save(client, f"group={group.id}&role=delegate&on=2000-01-01", "PG TH Delegierte")
    assert response.status_code == 302
    saved = db.session.scalar(sa.select(SavedList))
    assert saved.name == "PG TH Delegierte" and "on=" not in saved.query
    assert "PG TH Delegierte" in client.get("/lists/").get_data(as_text=True)
    assert _names(client, f"/lists/{saved.id}") == ["Neu"]
    assert _names(client, f"/lists/{saved.id}?on={year_ago.isoformat()}") == ["Alt"]


def test_private_lists_and_shared_lists(client, login_as, make, db, app):
    group = make.group("AG Privat")
    db.session.commit()
    login_as("secretariat", email="owner@example.org")
    _save(client, f"group={group.id}", "Mein privater Verteiler")
    _save(client, f"group={group.id}", "Geteilter Verteiler", shared=True)
    private, shared = sorted(db.session.scalars(sa.select(SavedList)), key=lambda s: s.shared)
    other = app.test_client()
    login_as("secretariat", email="colleague@example.org", c=other)
    page = other.get("/lists/").get_data(as_text=True)
    assert "Geteilter Verteiler" in page and "Mein privater Verteiler" not in page
    assert other.get(f"/lists/{private.id}").status_code == 404
    assert other.get(f"/lists/{shared.id}").status_code == 302


def test_group_lead_list_limited_to_their_groups(client, login_as, make, db):
    from crm.lists.operations import list_scope

    mine = make.group("AG Meine")
    other = make.group("AG Andere")
    db.session.commit()
    lead = login_as("group_lead", groups=[mine])
    _save(client, "role=delegate", "Alle Vertreter", shared=True)
    saved = db.session.scalar(sa.select(SavedList))
    # whoever runs it (the secretariat too), the list stays within the lead's groups
    assert saved.owner_id == lead.id
    staff = make.make_user(role="secretariat")
    assert list_scope(saved, staff) == {mine.id}
    assert other.id not in list_scope(saved, lead)


def test_group_page_has_a_contact_list_button(client, login_as, make, db, app):
    group = make.group("AG Knopf")
    db.session.commit()
    login_as("secretariat")
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert f'href="/exports/?group={group.id}"' in page and "Kontaktliste" in page
    viewer = app.test_client()
    login_as("viewer", c=viewer)
    assert "group-contact-list" not in viewer.get(f"/groups/{group.id}").get_data(as_text=True)
