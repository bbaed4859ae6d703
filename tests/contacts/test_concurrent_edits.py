"""No lost updates: the second of two concurrent saves is refused and shows the other change."""

import re

import pytest
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm.models import Contact, Organisation


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="(\d*)"', html).group(1)


def form_state(client, url: str) -> dict:
    html = client.get(url).get_data(as_text=True)
    return {"version": hidden(html, "version"), "seen_event": hidden(html, "seen_event")}


def test_second_save_of_a_person_is_refused_with_the_other_change_shown(
    app, client, login_as, make, db
):
    person = make.contact("Weiß-Größer", first_name="Jürgen", salutation="Herr")
    anna = login_as("secretariat", email="anna@test.example")
    bernd_client = app.test_client()
    login_as("secretariat", email="bernd@test.example", c=bernd_client)
    url = f"/contacts/{person.id}/edit"
    anna_form, bernd_form = form_state(client, url), form_state(bernd_client, url)
    base = {
        "salutation": "Herr",
        "first_name": "Jürgen",
        "last_name": "Weiß-Größer",
        "legal_basis": "legitimate_interest",
    }

    response = client.post_form(url, {**base, "title": "Dr.", **anna_form})
    assert response.status_code == 302

    response = bernd_client.post_form(url, {**base, "phone": "0341 555", **bernd_form})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Nicht gespeichert" in html
    conflict = html[
        html.index('id="conflict"') : html.index("</table>", html.index('id="conflict"'))
    ]
    assert "Titel" in conflict and "Dr." in conflict and anna.name in conflict
    assert 'value="0341 555"' in html  # Bernd's input is kept in the form
    db.session.expire_all()
    saved = db.session.get(Contact, person.id)
    assert saved.title == "Dr." and saved.phone is None  # nothing overwritten, nothing lost

    # having seen the change, Bernd saves again on purpose (the form now carries the new version)
    again = {"version": hidden(html, "version"), "seen_event": hidden(html, "seen_event")}
    response = bernd_client.post_form(url, {**base, "title": "Dr.", "phone": "0341 555", **again})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Contact, person.id)
    assert saved.title == "Dr." and saved.phone == "0341 555"


def test_second_save_of_an_organisation_is_refused(app, client, login_as, make, db):
    org = make.organisation("Stadt Leipzig", city="Leipzig")
    login_as("secretariat")
    other = app.test_client()
    login_as("admin", c=other)
    url = f"/organisations/{org.id}/edit"
    mine, theirs = form_state(client, url), form_state(other, url)
    base = {"name": "Stadt Leipzig", "kind": "city", "state": "SN", "city": "Leipzig"}
    assert other.post_form(url, {**base, "postal_code": "04109", **theirs}).status_code == 302
    response = client.post_form(url, {**base, "website": "leipzig.de", **mine})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "PLZ" in html and "04109" in html
    db.session.expire_all()
    saved = db.session.get(Organisation, org.id)
    assert saved.postal_code == "04109" and saved.website is None


def test_tags_only_change_also_counts_as_a_change(app, client, login_as, make, db):
    person = make.contact("Etikett")
    login_as("secretariat")
    other = app.test_client()
    login_as("secretariat", c=other)
    url = f"/contacts/{person.id}/edit"
    mine, theirs = form_state(client, url), form_state(other, url)
    base = {
        "salutation": "Frau",
        "first_name": "Anna",
        "last_name": "Etikett",
        "legal_basis": "legitimate_interest",
    }
    assert other.post_form(url, {**base, "tags": "Presse", **theirs}).status_code == 302
    response = client.post_form(url, {**base, "notes": "x", **mine})
    assert response.status_code == 409 and "Presse" in response.get_data(as_text=True)


def test_two_database_sessions_race_and_the_stale_one_fails(app, db, make):
    """Both sessions read version 1; the first commit wins, the second raises StaleDataError."""
    person = make.contact("Parallel")
    with Session(db.engine) as first, Session(db.engine) as second:
        a = first.get(Contact, person.id)
        b = second.get(Contact, person.id)
        assert a.version == b.version == 1
        a.title = "Dr."
        first.commit()
        b.phone = "0341 1"
        with pytest.raises(StaleDataError):
            second.commit()
        second.rollback()
    db.session.expire_all()
    saved = db.session.get(Contact, person.id)
    assert saved.title == "Dr." and saved.phone is None and saved.version == 2
