"""Bulk actions on the people list: tick rows or take all matches, then tag, untag, end
seats, invite, export or archive; one operation, audited per person, all or nothing (issue
15, point 6)."""

from datetime import date

import sqlalchemy as sa

from crm.models import AuditEvent, Contact, Invitation, OutboxMail, Seat, Tag


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


# --- the other actions (issue 15): seats, invitations, export ------------------------------


def _events(db, entity_type: str, action: str | None = None) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def test_end_the_seats_of_people_on_a_date(client, login_as, make, db):
    ag, pg = make.group("AG Verkehr"), make.group("PG Radwege")
    a, b, c = (make.contact(n) for n in ("Arndt", "Bauer", "Claus"))
    for person in (a, b, c):
        make.seat(person, ag)
    make.seat(a, pg, role="guest")
    login_as("secretariat")
    step = client.post_form("/bulk/contacts", {"action": "end", "ids": [a.id, b.id]})
    html = step.get_data(as_text=True)
    assert "Ausgewählt: 2 Personen" in html
    assert "Betroffen sind 3 laufende Mandate in 2 Gremien." in html
    response = client.post_form(
        "/bulk/contacts",
        {"action": "end", "ids": [a.id, b.id], "step": "confirm", "ends_on": "2026-03-31"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    ends = sorted((s.contact.last_name, s.ends_on) for s in db.session.scalars(sa.select(Seat)))
    assert ends == [
        ("Arndt", date(2026, 3, 31)),
        ("Arndt", date(2026, 3, 31)),
        ("Bauer", date(2026, 3, 31)),
        ("Claus", None),
    ]
    assert len(_events(db, "seats", "update")) == 3
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 Mandate von 2 Personen enden am 31.03.2026." in page


def test_a_seat_that_cannot_end_then_ends_no_seat(client, login_as, make, db):
    ag = make.group("AG Verkehr")
    a, b = make.contact("Arndt"), make.contact("Bauer")
    make.seat(a, ag)
    make.seat(b, ag, starts_on=date(2026, 5, 1))
    login_as("secretariat")
    response = client.post_form(
        "/bulk/contacts",
        {"action": "end", "ids": [a.id, b.id], "step": "confirm", "ends_on": "2026-03-31"},
    )
    assert response.status_code == 400
    assert "Anna Bauer in AG Verkehr: Das Ende (31.03.2026) liegt vor dem Beginn" in (
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert [s.ends_on for s in db.session.scalars(sa.select(Seat))] == [None, None]
    assert _events(db, "seats") == [] and _events(db, "bulk_actions") == []


def test_invite_people_who_hold_a_seat_and_mail_them(client, login_as, make, db):
    ag = make.group("AG Verkehr")
    a = make.contact("Arndt", email="arndt@example.org")
    b = make.contact("Bauer", email="bauer@example.org")
    make.seat(a, ag)
    make.seat(b, ag, role="deputy_delegate")
    meeting = make.meeting(ag, title="Herbstsitzung", status="scheduled")
    make.invitation(meeting, a)
    login_as("secretariat")
    response = client.post_form(
        "/bulk/contacts",
        {"action": "invite", "ids": [a.id, b.id], "step": "confirm", "meeting": meeting.id},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 Personen zu „Herbstsitzung“ eingeladen (1 waren schon eingeladen)." in page
    db.session.expire_all()
    invited = sorted(i.contact.last_name for i in db.session.scalars(sa.select(Invitation)))
    assert invited == ["Arndt", "Bauer"]
    # the meeting is scheduled: the new invitee gets the invitation, as with one invitation
    mails = db.session.scalars(sa.select(OutboxMail)).all()
    assert [m.to_address for m in mails] == ["bauer@example.org"]


def test_a_person_without_seat_in_the_group_stops_the_invitation(client, login_as, make, db):
    ag = make.group("AG Verkehr")
    a, b = make.contact("Arndt"), make.contact("Bauer")
    make.seat(a, ag)
    meeting = make.meeting(ag, status="draft")
    login_as("secretariat")
    response = client.post_form(
        "/bulk/contacts",
        {"action": "invite", "ids": [a.id, b.id], "step": "confirm", "meeting": meeting.id},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Anna Bauer: eingeladen werden können nur Personen mit einem Mandat" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_export_the_chosen_people_audited_like_every_export(client, login_as, make, db):
    org = make.organisation("Stadt Aue")
    a = make.contact("Arndt", organisation=org, email="arndt@example.org")
    make.contact("Bauer", organisation=org)
    c = make.contact("Claus", organisation=org)
    login_as("secretariat")
    response = client.post_form(
        "/bulk/contacts",
        {"action": "export", "ids": [a.id, c.id], "step": "confirm", "format": "csv"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Arndt" in body and "Claus" in body and "Bauer" not in body
    (event,) = _events(db, "contacts", "export")
    assert event.changes["rows"] == 2 and event.changes["filters"]["ids"] == [a.id, c.id]


def test_a_group_lead_exports_and_invites_but_changes_no_person(client, login_as, make, db):
    ag, other = make.group("AG Verkehr"), make.group("AG Anderes")
    a, b = make.contact("Arndt"), make.contact("Bauer")
    make.seat(a, ag)
    make.seat(b, other)
    login_as("group_lead", groups=[ag])
    html = client.get("/contacts/").get_data(as_text=True)
    assert 'form="bulk" name="ids"' in html
    assert "Auswahl exportieren" in html and "Archivieren" not in html
    for action in ("tag", "archive", "end", "list"):
        data = {"action": action, "tags": "X", "ids": [a.id], "step": "confirm"}
        assert client.post_form("/bulk/contacts", data).status_code == 403, action
    response = client.post_form(
        "/bulk/contacts",
        {"action": "export", "ids": [a.id, b.id], "step": "confirm", "format": "csv"},
    )
    # only the people of the lead's groups, as in the export builder
    body = response.get_data(as_text=True)
    assert "Arndt" in body and "Bauer" not in body
    # a meeting of another group is not theirs to invite to
    meeting = make.meeting(other, status="draft")
    response = client.post_form(
        "/bulk/contacts",
        {"action": "invite", "ids": [b.id], "step": "confirm", "meeting": meeting.id},
    )
    assert response.status_code == 400
    assert "Zu dieser Sitzung dürfen Sie niemanden einladen." in response.get_data(as_text=True)


def test_tagging_and_inviting_run_a_fixed_number_of_queries(
    client, login_as, make, db, count_queries
):
    group = make.group("AG Viele")
    ids = []
    for i in range(25):
        person = make.contact(f"Viele{i:02d}", email=f"viele{i}@example.org")
        make.seat(person, group)
        ids.append(person.id)
    drafts = [make.meeting(group, title=f"Entwurf {i}", status="draft").id for i in range(2)]
    db.session.add(Tag(name="A"))
    db.session.commit()
    login_as("secretariat")

    def queries(data: dict) -> int:
        # the form's token is fetched outside the count: that page (the dashboard) keeps its
        # figures between views (crm.aggregates), so its first view reads more than the next
        data = {**data, "csrf_token": client.csrf_token()}
        with count_queries() as seen:
            assert client.post_form("/bulk/contacts", data).status_code == 302
        return len(seen)

    for action in ("tag", "untag"):
        few = queries({"action": action, "tags": "A", "ids": ids[:3]})
        many = queries({"action": action, "tags": "A", "ids": ids[3:]})
        assert few == many, action
    invite = {"action": "invite", "step": "confirm"}
    few = queries({**invite, "meeting": drafts[0], "ids": ids[:3]})
    many = queries({**invite, "meeting": drafts[1], "ids": ids[3:]})
    assert few == many
