"""A refused form leads with an error summary: role=alert, a link to each field, "Fehler:" title."""

import re

from crm.models import Contact


def _summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert match, "no error summary on the refused form"
    return match.group(0)


def test_refused_contact_edit_names_each_error_with_a_link_to_its_field(client, login_as, make, db):
    login_as("secretariat")
    person = make.contact(last_name="Lehmann")
    response = client.post_form(
        f"/contacts/{person.id}/edit",
        {"last_name": "", "first_name": "Anna", "email": "kein-at", "version": person.version},
    )
    assert response.status_code in (400, 422)
    html = response.get_data(as_text=True)
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert re.search(r'<a href="#last_name"[^>]*>Nachname: ', summary)
    assert re.search(r'<a href="#email"[^>]*>E-Mail', summary)
    assert re.search(r"<title>Fehler: ", html)
    db.session.expire_all()
    assert db.session.get(Contact, person.id).last_name == "Lehmann"


def test_an_untouched_form_has_no_summary_and_a_plain_title(client, login_as, make):
    login_as("secretariat")
    person = make.contact()
    html = client.get(f"/contacts/{person.id}/edit").get_data(as_text=True)
    assert "error-summary" not in html
    assert "<title>Fehler" not in html


def test_refused_login_has_the_summary_in_english_too(client):
    client.get("/language/en")
    html = client.post_form("/login", {"email": "", "password": ""}).get_data(as_text=True)
    summary = _summary(html)
    assert re.search(r"<title>Error: ", html)
    assert 'href="#email"' in summary and 'href="#password"' in summary
    assert "Please correct" in summary
