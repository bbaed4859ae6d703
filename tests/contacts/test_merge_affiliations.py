"""A merge never leaves two current affiliations with one organisation; notes say it right
(issue 15, point 2)."""

from datetime import date

import sqlalchemy as sa

from crm.extensions import db as _db
from crm.models import Affiliation, Contact


def _current(contact_id):
    _db.session.expire_all()
    return _db.session.scalars(
        sa.select(Affiliation).where(
            Affiliation.contact_id == contact_id, Affiliation.ends_on.is_(None)
        )
    ).all()


def test_merging_people_of_one_organisation_keeps_one_affiliation(client, login_as, make, db):
    org = make.organisation("Stadt Halle")
    keep = make.contact("Krause", first_name="Petra", organisation=org)
    dup = make.contact("Krause", first_name="Petra", organisation=org)
    late = db.session.scalars(sa.select(Affiliation).where(Affiliation.contact_id == keep.id)).one()
    late.starts_on = date(2023, 5, 1)
    early = db.session.scalars(sa.select(Affiliation).where(Affiliation.contact_id == dup.id)).one()
    early.starts_on, early.job_title, early.email = date(2019, 3, 1), "Referentin", "pk@halle.de"
    db.session.commit()
    login_as("secretariat")
    response = client.post_form(f"/contacts/merge?a={keep.id}&b={dup.id}", {"survivor": "a"})
    assert response.status_code == 302
    current = _current(keep.id)
    assert len(current) == 1
    only = current[0]
    assert only.organisation_id == org.id
    assert only.starts_on == date(2019, 3, 1)  # the earliest start
    assert only.job_title == "Referentin" and only.email == "pk@halle.de"  # the richer data
    assert only.is_primary
    survivor, other = db.session.get(Contact, keep.id), db.session.get(Contact, dup.id)
    assert f"Zusammengeführt aus #{dup.id}" in survivor.notes
    assert "Zusammengeführt in" not in survivor.notes
    assert f"Zusammengeführt in #{keep.id}" in other.notes


def test_a_note_merged_into_the_survivor_is_not_taken_over(client, login_as, make, db):
    keep = make.contact("Berger", first_name="Tom")
    old = make.contact("Berger", first_name="Tom", notes="alt")
    login_as("secretariat")
    client.post_form(f"/contacts/merge?a={keep.id}&b={old.id}", {"survivor": "a"})
    # the archived record (its note now says it went to #keep) is merged again, its note taken
    client.post_form(
        f"/contacts/merge?a={keep.id}&b={old.id}", {"survivor": "a", "keep_notes": "b"}
    )
    db.session.expire_all()
    notes = db.session.get(Contact, keep.id).notes
    assert f"Zusammengeführt in #{keep.id}" not in notes
    assert f"Zusammengeführt aus #{old.id}" in notes


def test_merging_organisations_combines_a_persons_affiliations(client, login_as, make, db):
    keep = make.organisation("Landkreis Leipzig")
    dup = make.organisation("Landkreis Leipzig (alt)")
    person = make.contact("Wolf", first_name="Jan", organisation=keep)
    db.session.add(Affiliation(contact=person, organisation=dup, phone="0341 1", starts_on=None))
    db.session.commit()
    login_as("secretariat")
    response = client.post_form(f"/organisations/merge?a={keep.id}&b={dup.id}", {"survivor": "a"})
    assert response.status_code == 302
    current = _current(person.id)
    assert [(a.organisation_id, a.phone, a.starts_on) for a in current] == [
        (keep.id, "0341 1", None)
    ]
