"""Organisations: list filters and sorting, create/edit/archive/restore, validation, history."""

import re

import pytest
import sqlalchemy as sa

from crm.models import AuditEvent, Organisation, Tag

VALID = {
    "name": "Stadt Markkleeberg",
    "short_name": "MKB",
    "kind": "city",
    "state": "SN",
    "street": "Rathausplatz 1",
    "postal_code": "04416",
    "city": "Markkleeberg",
    "website": "www.markkleeberg.de",
    "email": "Info@Markkleeberg.de",
    "phone": "+49 341 3533-0",
    "tags": "Mitglied, newsletter",
}


def names_in(html: str) -> list[str]:
    return re.findall(r'href="/organisations/\d+">([^<]+)</a>', html)


def test_list_filters_by_kind_state_group_tag_and_archived(client, login_as, make, db):
    group = make.group("AG Wirtschaft")
    leipzig = make.organisation("Stadt Leipzig", city="Leipzig")
    jena = make.organisation("Stadt Jena", state="TH", city="Jena")
    ihk = make.organisation("IHK zu Leipzig", kind="chamber", city="Leipzig")
    old = make.organisation("Alte Stadt", archived_at=sa.func.now())
    make.membership(ihk, group)
    tag = Tag(name="Newsletter")
    leipzig.tags.append(tag)
    db.session.commit()
    login_as("viewer")
    assert names_in(client.get("/organisations/").get_data(as_text=True)) == [
        "IHK zu Leipzig",
        "Stadt Jena",
        "Stadt Leipzig",
    ]
    assert names_in(client.get("/organisations/?kind=chamber").get_data(as_text=True)) == [
        "IHK zu Leipzig"
    ]
    assert names_in(client.get("/organisations/?state=TH").get_data(as_text=True)) == ["Stadt Jena"]
    assert names_in(client.get(f"/organisations/?group={group.id}").get_data(as_text=True)) == [
        "IHK zu Leipzig"
    ]
    assert names_in(client.get(f"/organisations/?tag={tag.id}").get_data(as_text=True)) == [
        "Stadt Leipzig"
    ]
    assert names_in(client.get("/organisations/?archived=1").get_data(as_text=True)) == [old.name]
    # sorting by every shown column, both directions
    assert (
        names_in(client.get("/organisations/?sort=-name").get_data(as_text=True))[0]
        == "Stadt Leipzig"
    )
    assert names_in(client.get("/organisations/?sort=state").get_data(as_text=True))[0] in {
        "IHK zu Leipzig",
        "Stadt Leipzig",
    }
    assert (
        names_in(client.get("/organisations/?sort=-state").get_data(as_text=True))[0]
        == "Stadt Jena"
    )
    for key in ("kind", "city", "parent", "-parent"):
        assert client.get(f"/organisations/?sort={key}").status_code == 200
    assert jena.id


def test_pagination_25_50_100(client, login_as, db):
    db.session.add_all(
        Organisation(name=f"Gemeinde {i:03d}", kind="city", state="SN") for i in range(120)
    )
    db.session.commit()
    login_as("viewer")
    html = client.get("/organisations/").get_data(as_text=True)
    assert len(names_in(html)) == 25 and "1–25 von 120" in html
    html = client.get("/organisations/?per_page=100&page=2").get_data(as_text=True)
    assert names_in(html)[0] == "Gemeinde 100" and len(names_in(html)) == 20
    assert len(names_in(client.get("/organisations/?per_page=50").get_data(as_text=True))) == 50


def test_secretariat_creates_an_organisation_with_tags_and_history(client, login_as, db):
    user = login_as("secretariat")
    db.session.add(Tag(name="Mitglied"))
    db.session.commit()
    response = client.post_form("/organisations/new", VALID)
    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == VALID["name"]))
    assert org.postal_code == "04416" and org.website == "https://www.markkleeberg.de"
    assert org.email == "info@markkleeberg.de"
    assert sorted(t.name for t in org.tags) == ["Mitglied", "newsletter"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tag)) == 2  # reused "Mitglied"
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "organisations", AuditEvent.entity_id == org.id
        )
    )
    assert event.action == "create" and event.user_id == user.id
    assert event.changes["name"] == [None, "Stadt Markkleeberg"]
    html = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "Rathausplatz 1" in html and "04416 Markkleeberg" in html and "Änderungen" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Bitte einen Namen angeben."),
        ("name", "x" * 201, "Höchstens 200 Zeichen."),
        ("postal_code", "4109", "fünf Ziffern"),
        ("postal_code", "0410A", "fünf Ziffern"),
        ("email", "info@", "gültige E-Mail-Adresse"),
        ("website", "http://", "gültige Adresse"),
        ("phone", "call me", "Telefonnummer"),
        ("kind", "castle", "Keine gültige Auswahl"),
    ],
)
def test_invalid_input_is_refused_beside_the_field_and_nothing_saved(
    client, login_as, db, field, value, message
):
    login_as("secretariat")
    response = client.post_form("/organisations/new", {**VALID, field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'class="invalid-feedback d-block"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_foreign_postal_codes_are_free_text(client, login_as, db):
    login_as("secretariat")
    data = {**VALID, "state": "XX", "postal_code": "1010", "city": "Wien"}
    assert client.post_form("/organisations/new", data).status_code == 302


def test_edit_parent_archive_and_restore_write_history(client, login_as, make, db):
    login_as("admin")
    land = make.organisation("Freistaat Sachsen", kind="other")
    org = make.organisation(
        "Sächsisches Staatsministerium für Regionalentwicklung", kind="ministry"
    )
    form = client.get(f"/organisations/{org.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    response = client.post_form(
        f"/organisations/{org.id}/edit",
        {
            "name": org.name,
            "short_name": "SMR",
            "kind": "ministry",
            "state": "SN",
            "parent": "freistaat sachsen",
            "version": version,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.get(Organisation, org.id)
    assert org.parent_id == land.id and org.short_name == "SMR"
    html = client.get(f"/organisations/{land.id}").get_data(as_text=True)
    assert "Sächsisches Staatsministerium" in html  # shown as a child

    assert client.post_form(f"/organisations/{org.id}/archive").status_code == 302
    assert names_in(client.get("/organisations/").get_data(as_text=True)) == [land.name]
    assert "Regionalentwicklung" not in client.get("/search?q=regionalentwicklung").get_data(
        as_text=True
    )
    assert client.get(f"/organisations/{org.id}").status_code == 200  # kept, with history
    assert client.post_form(f"/organisations/{org.id}/restore").status_code == 302
    assert org.name in names_in(client.get("/organisations/").get_data(as_text=True))
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "organisations", AuditEvent.entity_id == org.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["update", "archive", "restore"]
    update = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.entity_type == "organisations"
        )
    )
    assert update.changes["short_name"] == [None, "SMR"]
    assert update.changes["parent_id"] == [None, land.id]
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    history = page[page.index("Änderungen</h2>") :]
    # newest first
    assert (
        history.index("<td>wiederhergestellt</td>")
        < history.index("<td>archiviert</td>")
        < history.index("<td>geändert</td>")
    )


def test_an_organisation_cannot_be_its_own_ancestor(client, login_as, make, db):
    login_as("secretariat")
    top = make.organisation("Oben")
    below = make.organisation("Unten", parent=top)
    response = client.post_form(
        f"/organisations/{top.id}/edit",
        {
            "name": "Oben",
            "kind": "city",
            "state": "SN",
            "parent": f"Unten (#{below.id})",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "nicht unter sich selbst" in response.get_data(as_text=True)


def test_an_ambiguous_parent_lists_the_candidates(client, login_as, make):
    login_as("secretariat")
    a = make.organisation("Stadtwerke Leipzig GmbH", kind="public_company")
    make.organisation("Stadtwerke Halle GmbH", kind="public_company")
    response = client.post_form("/organisations/new", {**VALID, "parent": "stadtwerke"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Mehrere Organisationen passen" in html and f"Stadtwerke Leipzig GmbH (#{a.id})" in html


def test_history_is_shown_to_staff_only(client, login_as, make):
    org = make.organisation("Stadt Zeitz")
    login_as("viewer")
    assert "Änderungen</h2>" not in client.get(f"/organisations/{org.id}").get_data(as_text=True)


def test_detail_shows_people_memberships_seats_and_meetings(client, login_as, make):
    from datetime import date

    org = make.organisation("Landkreis Leipzig", kind="district")
    group = make.group("AG Tourismus")
    current = make.contact("Aktuell", organisation=org)
    former = make.contact("Ehemalig")
    from crm.extensions import db
    from crm.models import Affiliation

    db.session.add(
        Affiliation(
            contact=former, organisation=org, starts_on=date(2015, 1, 1), ends_on=date(2019, 1, 1)
        )
    )
    db.session.commit()
    make.membership(org, group)
    make.membership(org, make.group("AG Alt"), starts_on=date(2016, 1, 1), ends_on=date(2019, 1, 1))
    make.seat(current, group, organisation=org)
    make.meeting(group, "Herbsttreffen")
    login_as("viewer")
    html = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    for text in (
        "Anna Aktuell",
        "Anna Ehemalig",
        "01.01.2019",
        "AG Tourismus",
        "AG Alt",
        "Herbsttreffen",
    ):
        assert text in html, text


def test_lookup_suggests_current_organisations_for_pickers(client, login_as, make, db):
    from crm.organisations import operations as services

    leipzig = make.organisation("Stadt Leipzig")
    make.organisation("Leipziger Verkehrsbetriebe", kind="public_company")
    old = make.organisation("Leipzig Alt")
    services.archive_organisation(old)
    db.session.commit()
    login_as("secretariat")
    labels = [item["label"] for item in client.get("/organisations/lookup?q=leipz").json]
    assert labels == ["Leipziger Verkehrsbetriebe (#2)", f"Stadt Leipzig (#{leipzig.id})"]
    assert client.get("/organisations/lookup?q=l").json == []
    assert 'data-lookup="/organisations/lookup"' in client.get("/contacts/new").get_data(
        as_text=True
    )


def test_the_children_of_an_organisation_are_read_through_the_parent_index(make, db):
    """Only organisations with a parent are indexed: SQLite's statistics then do not count
    every organisation without one as one value (and scan the table for the children)."""
    parent = make.organisation("Land Sachsen")
    for i in range(40):
        make.organisation(f"Amt {i:02d}")
    child = make.organisation("Ministerium", parent=parent)
    assert [c.id for c in db.session.get(type(parent), parent.id).children] == [child.id]
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT sql FROM sqlite_master WHERE name = 'ix_organisations_parent_id'"
    else:
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_organisations_parent_id'"
    assert "parent_id IS NOT NULL" in db.session.scalar(db.text(sql))
