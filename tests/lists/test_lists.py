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


# --- people added by hand (a bulk action on the people or organisation list, issue 15) ----


def test_chosen_people_make_a_new_list_of_just_them(client, login_as, make, db):
    a, b, c = (make.contact(n) for n in ("Arndt", "Bauer", "Claus"))
    login_as("secretariat")
    step = client.post_form("/bulk/contacts", {"action": "list", "ids": [a.id, c.id]})
    assert step.status_code == 200 and "Name des neuen Verteilers" in step.text
    response = client.post_form(
        "/bulk/contacts",
        {
            "action": "list",
            "ids": [a.id, c.id],
            "step": "confirm",
            "saved_list": "",
            "list_name": "Neujahrsempfang",
            "shared": "y",
        },
    )
    assert response.status_code == 302
    saved = db.session.scalar(sa.select(SavedList))
    assert saved.name == "Neujahrsempfang" and saved.shared and saved.query == ""
    assert _names(client, f"/lists/{saved.id}") == ["Arndt", "Claus"]
    assert "2 Personen" in client.get("/lists/").text
    # added again: nobody twice
    client.post_form(
        "/bulk/contacts",
        {"action": "list", "ids": [a.id, b.id], "step": "confirm", "saved_list": saved.id},
    )
    assert _names(client, f"/lists/{saved.id}") == ["Arndt", "Bauer", "Claus"]


def test_people_added_by_hand_join_what_the_lists_filters_select(client, login_as, make, db):
    group = make.group("AG Verkehr")
    member, other = make.contact("Mitglied"), make.contact("Extra")
    make.contact("Niemand")
    make.seat(member, group)
    login_as("secretariat")
    _save(client, f"group={group.id}", "AG Verkehr", shared=True)
    saved = db.session.scalar(sa.select(SavedList))
    assert _names(client, f"/lists/{saved.id}") == ["Mitglied"]
    client.post_form(
        "/bulk/contacts",
        {"action": "list", "ids": [other.id], "step": "confirm", "saved_list": saved.id},
    )
    assert _names(client, f"/lists/{saved.id}") == ["Extra", "Mitglied"]


def test_a_list_of_everyone_takes_nobody_by_hand(client, login_as, make, db):
    a = make.contact("Arndt")
    login_as("secretariat")
    _save(client, "", "Alle")
    saved = db.session.scalar(sa.select(SavedList))
    response = client.post_form(
        "/bulk/contacts",
        {"action": "list", "ids": [a.id], "step": "confirm", "saved_list": saved.id},
    )
    assert response.status_code == 400
    assert "umfasst ohne Filter bereits alle Personen" in response.text


def test_organisations_add_their_current_people_all_or_nothing(client, login_as, make, db):
    aue, borna = make.organisation("Stadt Aue"), make.organisation("Stadt Borna")
    empty = make.organisation("Stadt Colditz")
    make.contact("Arndt", organisation=aue)
    make.contact("Bauer", organisation=borna)
    login_as("secretariat")
    data = {"action": "list", "step": "confirm", "list_name": "Städte", "saved_list": ""}
    response = client.post_form("/bulk/organisations", {**data, "ids": [aue.id, empty.id]})
    assert response.status_code == 400
    assert "Stadt Colditz: keine Personen mit aktueller Zugehörigkeit." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedList)) == 0
    response = client.post_form("/bulk/organisations", {**data, "ids": [aue.id, borna.id]})
    assert response.status_code == 302
    saved = db.session.scalar(sa.select(SavedList))
    assert _names(client, f"/lists/{saved.id}") == ["Arndt", "Bauer"]


def test_a_merge_keeps_the_merged_persons_places_on_lists(client, login_as, make, db):
    from crm.contacts.merge import merge_contacts

    keep, other = make.contact("Jenaer"), make.contact("Jenaer")
    login_as("secretariat")
    for name, ids in (("Beide", [keep.id, other.id]), ("Nur der andere", [other.id])):
        client.post_form(
            "/bulk/contacts",
            {"action": "list", "ids": ids, "step": "confirm", "saved_list": "", "list_name": name},
        )
    merge_contacts(keep, other, set())
    db.session.commit()
    for saved in db.session.scalars(sa.select(SavedList)):
        assert [n for n in _names(client, f"/lists/{saved.id}")] == ["Jenaer"], saved.name
