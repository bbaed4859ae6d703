"""Viewers and group leads read; only secretariat and admin change organisations and people."""

import pytest
import sqlalchemy as sa

from crm.models import Affiliation, AuditEvent, Contact, Organisation


@pytest.fixture
def records(make):
    org = make.organisation("Stadt Leipzig")
    other_org = make.organisation("Stadt Leipzig (Dublette)")
    person = make.contact("Müller", organisation=org)
    other = make.contact("Mueller")
    return org, other_org, person, other


def changing_requests(org, other_org, person, other):
    aff = person.affiliations[0]
    org_data = {"name": "Geändert", "kind": "city", "state": "SN", "version": "1"}
    person_data = {
        "last_name": "Geändert",
        "salutation": "",
        "legal_basis": "legitimate_interest",
        "version": "1",
    }
    return [
        ("/organisations/new", org_data),
        (f"/organisations/{org.id}/edit", org_data),
        (f"/organisations/{org.id}/archive", {}),
        (f"/organisations/{org.id}/restore", {}),
        (f"/organisations/merge?a={org.id}&b={other_org.id}", {"survivor": "a"}),
        ("/contacts/new", person_data),
        (f"/contacts/{person.id}/edit", person_data),
        (f"/contacts/{person.id}/archive", {}),
        (f"/contacts/{person.id}/restore", {}),
        (f"/contacts/{person.id}/affiliations", {"aff-organisation": "Stadt Leipzig"}),
        (f"/contacts/{person.id}/affiliations/{aff.id}/end", {"end-ends_on": "2026-01-01"}),
        (f"/contacts/{person.id}/affiliations/{aff.id}/primary", {}),
        (f"/contacts/merge?a={person.id}&b={other.id}", {"survivor": "a"}),
    ]


def state(db):
    db.session.expire_all()
    return (
        db.session.execute(
            sa.select(
                Organisation.id, Organisation.name, Organisation.version, Organisation.archived_at
            )
        ).all(),
        db.session.execute(
            sa.select(Contact.id, Contact.last_name, Contact.version, Contact.archived_at)
        ).all(),
        db.session.execute(
            sa.select(Affiliation.id, Affiliation.ends_on, Affiliation.is_primary)
        ).all(),
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.not_in(("login", "login.success")))
        ),
    )


@pytest.mark.parametrize("role", ["viewer", "group_lead"])
def test_readers_post_is_refused_with_403_and_changes_nothing(
    client, login_as, make, db, records, role
):
    group = make.group()
    login_as(role, groups=[group] if role == "group_lead" else None)
    before = state(db)
    for url, data in changing_requests(*records):
        response = client.post_form(url, data)
        assert response.status_code == 403, url
    assert state(db) == before
    # the forms and maintenance pages are refused too
    for url in (
        "/organisations/new",
        "/contacts/new",
        "/contacts/duplicates",
        "/organisations/duplicates",
        f"/contacts/{records[2].id}/edit",
        f"/organisations/{records[0].id}/edit",
    ):
        assert client.get(url).status_code == 403, url
    # but reading works, without edit buttons
    html = client.get(f"/contacts/{records[2].id}").get_data(as_text=True)
    assert "Müller" in html and "Bearbeiten" not in html


@pytest.mark.parametrize("role", ["secretariat", "admin"])
def test_staff_may_open_every_form(client, login_as, records, role):
    login_as(role)
    org, other_org, person, other = records
    for url in (
        "/organisations/new",
        "/contacts/new",
        "/contacts/duplicates",
        "/organisations/duplicates",
        f"/contacts/{person.id}/edit",
        f"/organisations/{org.id}/edit",
        f"/contacts/merge?a={person.id}&b={other.id}",
        f"/organisations/merge?a={org.id}&b={other_org.id}",
    ):
        assert client.get(url).status_code == 200, url


def test_posts_without_csrf_token_are_refused(client, login_as, records, db):
    login_as("secretariat")
    org = records[0]
    before = state(db)
    response = client.post(f"/organisations/{org.id}/archive", data={})
    assert response.status_code == 400
    assert state(db) == before
