"""Bulk actions on the people list: tick rows or take all matches, then tag, untag or
archive; one operation, audited per person, all or nothing (issue 15, point 6)."""

import sqlalchemy as sa

from crm.models import AuditEvent, Contact, Tag


def _tagged(db, name: str) -> int:
    db.session.expire_all()
    tag = db.session.scalar(sa.select(Tag).where(Tag.name == name))
    if tag is None:
        return 0
    return sum(1 for c in db.session.scalars(sa.select(Contact)) if tag in c.tags)


def test_tag_30_people_matched_by_the_filters_in_one_go(client, login_as, make, db):
    org = make.organisation("Stadt Halle (Saale)")
    people = [make.contact(f"Halle{i:02d}", organisation=org) for i in range(30)]
    others = [make.contact(f"Anders{i}") for i in range(3)]
    login_as("secretariat")
    html = client.get(f"/contacts/?organisation={org.id}").get_data(as_text=True)
    assert 'form="bulk" name="ids"' in html and "alle 30 Treffer der Filter" in html
    response = client.post_form(
        "/bulk/contacts",
        {"action": "tag", "tags": "Presse", "scope": "all", "f-organisation": org.id},
    )
    assert response.status_code == 302
    assert f"organisation={org.id}" in response.headers["Location"]
    assert _tagged(db, "Presse") == 30
    assert all(not c.tags for c in others)
    events = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "contacts", AuditEvent.action == "update"
        )
    ).all()
    assert sorted(e.entity_id for e in events) == sorted(p.id for p in people)
    assert events[0].changes == {"tags": [None, "Presse"]}
    assert "30 Einträge" in events[0].summary
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "30 von 30 Personen geändert." in page
    # the person's own history shows it in words
    detail = client.get(f"/contacts/{people[0].id}").get_data(as_text=True)
    history = detail[detail.index('aria-label="Änderungsverlauf"') :]
    assert "Schlagworte" in history and "Presse" in history


def test_ticked_rows_untag_and_archive(client, login_as, make, db):
    a, b, c = (make.contact(n) for n in ("Arndt", "Bauer", "Claus"))
    login_as("secretariat")
    client.post_form(
        "/bulk/contacts", {"action": "tag", "tags": "Newsletter", "ids": [a.id, b.id, c.id]}
    )
    assert _tagged(db, "Newsletter") == 3
    client.post_form("/bulk/contacts", {"action": "untag", "tags": "newsletter", "ids": [a.id]})
    assert _tagged(db, "Newsletter") == 2
    # archiving asks first: the step page names the count and changes nothing yet
    step = client.post_form("/bulk/contacts", {"action": "archive", "ids": [b.id, c.id]})
    assert step.status_code == 200
    assert "Ausgewählt: 2 Personen" in step.get_data(as_text=True)
    db.session.expire_all()
    assert [p.is_archived for p in (a, b, c)] == [False, False, False]
    client.post_form(
        "/bulk/contacts", {"action": "archive", "ids": [b.id, c.id], "step": "confirm"}
    )
    db.session.expire_all()
    assert [p.is_archived for p in (a, b, c)] == [False, True, True]


def test_a_refused_bulk_action_changes_nothing(client, login_as, make, db):
    a = make.contact("Arndt")
    login_as("secretariat")
    # no tag given: nothing happens, the reason is shown
    response = client.post_form(
        "/bulk/contacts", {"action": "tag", "tags": " ", "ids": [a.id]}, follow_redirects=True
    )
    assert "Bitte ein Schlagwort angeben." in response.get_data(as_text=True)
    response = client.post_form(
        "/bulk/contacts", {"action": "tag", "tags": "X"}, follow_redirects=True
    )
    assert "Bitte mindestens einen Eintrag auswählen." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tag)) == 0
    changed = sa.select(sa.func.count()).where(AuditEvent.entity_type == "contacts")
    assert db.session.scalar(changed) == 0


def test_only_staff_may_run_bulk_actions_and_only_with_a_csrf_token(client, login_as, make, db):
    a = make.contact("Arndt")
    login_as("viewer")
    assert 'name="ids"' not in client.get("/contacts/").get_data(as_text=True)
    response = client.post_form(
        "/bulk/contacts", {"action": "archive", "ids": [a.id], "step": "confirm"}
    )
    assert response.status_code == 403
    client.post_form("/logout")
    login_as("secretariat")
    response = client.post(
        "/bulk/contacts", data={"action": "archive", "ids": [a.id], "step": "confirm"}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert not a.is_archived
