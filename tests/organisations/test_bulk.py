"""Bulk actions on the organisation list (issue 15, point 6): select, then tag, end the
memberships on a date, invite the delegates, export, archive; each one operation, audited,
all or nothing, staff only (group leads: invite and export)."""

import io
from datetime import date

import openpyxl
import sqlalchemy as sa

from crm.models import AuditEvent, Invitation, Membership, Organisation, Seat


def _events(db, entity_type: str, action: str | None = None) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def _network(make):
    """Three cities in two groups, each with a delegate."""
    ag, pg = make.group("AG Verkehr"), make.group("PG Radwege", kind="project_group")
    orgs = [make.organisation(n) for n in ("Stadt Aue", "Stadt Borna", "Stadt Colditz")]
    for org in orgs:
        make.membership(org, ag, starts_on=date(2020, 1, 1))
        make.membership(org, pg, starts_on=date(2021, 1, 1))
        person = make.contact(f"Vertreter {org.name[6:]}", organisation=org)
        make.seat(person, ag, organisation=org)
    return ag, pg, orgs


def test_the_list_offers_the_bar_to_staff_only(client, login_as, make):
    make.organisation("Stadt Aue")
    login_as("secretariat")
    html = client.get("/organisations/").get_data(as_text=True)
    assert 'form="bulk" name="ids"' in html and 'action="/bulk/organisations"' in html
    assert "Mitgliedschaften zu einem Datum beenden" in html
    client.post_form("/logout")
    login_as("viewer")
    html = client.get("/organisations/").get_data(as_text=True)
    assert 'name="ids"' not in html and "/bulk/organisations" not in html


def test_viewers_get_403_and_a_post_without_csrf_token_400(client, login_as, make, db):
    org = make.organisation("Stadt Aue")
    login_as("viewer")
    data = {"action": "archive", "ids": [org.id], "step": "confirm"}
    assert client.post_form("/bulk/organisations", data).status_code == 403
    client.post_form("/logout")
    lead = make.group("AG Leitung")
    login_as("group_lead", groups=[lead])
    # a group lead may invite and export, but not archive organisations
    assert client.post_form("/bulk/organisations", data).status_code == 403
    client.post_form("/logout")
    login_as("secretariat")
    assert client.post("/bulk/organisations", data=data).status_code == 400
    db.session.expire_all()
    assert not db.session.get(Organisation, org.id).is_archived
    assert _events(db, "organisations") == []


def test_tag_every_match_of_the_filters(client, login_as, make, db):
    for i in range(4):
        make.organisation(f"Landkreis {i}", kind="district")
    make.organisation("Stadt Aue")
    login_as("secretariat")
    response = client.post_form(
        "/bulk/organisations",
        {"action": "tag", "tags": "Kreise", "scope": "all", "f-kind": "district"},
    )
    assert response.status_code == 302 and "kind=district" in response.headers["Location"]
    db.session.expire_all()
    tagged = sorted(o.name for o in db.session.scalars(sa.select(Organisation)) if o.tags)
    assert tagged == [f"Landkreis {i}" for i in range(4)]
    assert len(_events(db, "organisations", "update")) == 4
    (operation,) = _events(db, "bulk_actions")
    assert operation.changes["count"] == 4 and operation.changes["action"] == "tag"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 von 4 Organisationen geändert." in page


def test_end_memberships_asks_with_the_count_then_ends_them_all(client, login_as, make, db):
    ag, pg, orgs = _network(make)
    login_as("secretariat")
    chosen = [orgs[0].id, orgs[1].id]
    step = client.post_form("/bulk/organisations", {"action": "end", "ids": chosen})
    html = step.get_data(as_text=True)
    assert step.status_code == 200
    assert "Ausgewählt: 2 Organisationen" in html and "Stadt Aue, Stadt Borna" in html
    assert "Betroffen sind 4 laufende Mitgliedschaften in 2 Gremien." in html
    assert db.session.scalar(sa.select(sa.func.count()).where(Membership.ends_on.is_not(None))) == 0
    response = client.post_form(
        "/bulk/organisations",
        {"action": "end", "ids": chosen, "step": "confirm", "ends_on": "2026-06-30"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    ended = {
        (m.organisation.name, m.group.name): m.ends_on
        for m in db.session.scalars(sa.select(Membership))
    }
    assert ended == {
        ("Stadt Aue", "AG Verkehr"): date(2026, 6, 30),
        ("Stadt Aue", "PG Radwege"): date(2026, 6, 30),
        ("Stadt Borna", "AG Verkehr"): date(2026, 6, 30),
        ("Stadt Borna", "PG Radwege"): date(2026, 6, 30),
        ("Stadt Colditz", "AG Verkehr"): None,
        ("Stadt Colditz", "PG Radwege"): None,
    }
    # as when one membership ends: the seats run on, and the page says so
    assert db.session.scalar(sa.select(sa.func.count()).where(Seat.ends_on.is_not(None))) == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 Mitgliedschaften von 2 Organisationen enden am 30.06.2026." in page
    assert "2 Mandate von Personen dieser Organisationen laufen" in page
    events = _events(db, "memberships", "update")
    assert len(events) == 4
    assert events[0].changes == {"ends_on": [None, "2026-06-30"]}
    assert events[0].summary.startswith("Mitgliedschaft beendet: Stadt")
    (operation,) = _events(db, "bulk_actions")
    assert operation.changes["ids"] == chosen and operation.changes["ended"] == 4
    # the organisation's own history shows the end
    detail = client.get(f"/organisations/{orgs[0].id}").get_data(as_text=True)
    assert "Mitgliedschaft beendet: Stadt Aue" in detail


def test_one_membership_that_cannot_end_then_changes_nothing(client, login_as, make, db):
    ag, pg, orgs = _network(make)
    late = make.organisation("Stadt Delitzsch")
    make.membership(late, ag, starts_on=date(2026, 9, 1))
    login_as("secretariat")
    response = client.post_form(
        "/bulk/organisations",
        {
            "action": "end",
            "ids": [orgs[0].id, late.id],
            "step": "confirm",
            "ends_on": "2026-06-30",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Stadt Delitzsch in AG Verkehr: Das Ende (30.06.2026) liegt vor dem Beginn" in html
    assert "Nichts wurde geändert." in html
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).where(Membership.ends_on.is_not(None))) == 0
    assert _events(db, "memberships") == [] and _events(db, "bulk_actions") == []


def test_end_without_a_date_is_refused_beside_the_field(client, login_as, make, db):
    ag, pg, orgs = _network(make)
    login_as("secretariat")
    response = client.post_form(
        "/bulk/organisations",
        {"action": "end", "ids": [orgs[0].id], "step": "confirm", "ends_on": "31.02.2026"},
    )
    assert response.status_code == 400
    assert "Bitte ein gültiges Enddatum angeben." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).where(Membership.ends_on.is_not(None))) == 0


def test_ending_memberships_runs_a_fixed_number_of_queries(
    client, login_as, make, db, count_queries
):
    group = make.group("AG Viele")
    orgs = [make.organisation(f"Gemeinde {i:02d}") for i in range(24)]
    for org in orgs:
        make.membership(org, group)
    login_as("secretariat")

    def end(chosen):
        data = {"action": "end", "ids": [o.id for o in chosen], "step": "confirm"}
        # the token's page (the dashboard) keeps its figures between views: fetched outside
        data["csrf_token"] = client.csrf_token()
        with count_queries() as queries:
            response = client.post_form("/bulk/organisations", {**data, "ends_on": "2026-06-30"})
        assert response.status_code == 302
        return len(queries)

    assert end(orgs[:3]) == end(orgs[3:24])


def test_archive_asks_first_then_archives_every_chosen_one(client, login_as, make, db):
    orgs = [make.organisation(n) for n in ("Stadt Aue", "Stadt Borna", "Stadt Colditz")]
    login_as("secretariat")
    ids = [orgs[0].id, orgs[2].id]
    step = client.post_form("/bulk/organisations", {"action": "archive", "ids": ids})
    assert "Ausgewählt: 2 Organisationen" in step.get_data(as_text=True)
    db.session.expire_all()
    assert not any(o.is_archived for o in db.session.scalars(sa.select(Organisation)))
    client.post_form("/bulk/organisations", {"action": "archive", "ids": ids, "step": "confirm"})
    db.session.expire_all()
    archived = {o.name: o.is_archived for o in db.session.scalars(sa.select(Organisation))}
    assert archived == {"Stadt Aue": True, "Stadt Borna": False, "Stadt Colditz": True}
    assert len(_events(db, "organisations", "archive")) == 2


def test_invite_the_current_delegates_of_organisations(client, login_as, make, db):
    ag, pg, orgs = _network(make)
    meeting = make.meeting(ag, title="Frühjahrssitzung", status="draft")
    login_as("secretariat")
    step = client.post_form("/bulk/organisations", {"action": "invite", "ids": [orgs[0].id]})
    assert "Frühjahrssitzung" in step.get_data(as_text=True)
    response = client.post_form(
        "/bulk/organisations",
        {
            "action": "invite",
            "ids": [orgs[0].id, orgs[1].id],
            "step": "confirm",
            "meeting": meeting.id,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    invited = sorted(
        (i.contact.last_name, i.organisation.name)
        for i in db.session.scalars(sa.select(Invitation))
    )
    assert invited == [("Vertreter Aue", "Stadt Aue"), ("Vertreter Borna", "Stadt Borna")]


def test_an_organisation_without_delegate_stops_the_invitation(client, login_as, make, db):
    ag, pg, orgs = _network(make)
    lonely = make.organisation("Stadt Eilenburg")
    make.membership(lonely, ag)
    meeting = make.meeting(ag, status="draft")
    login_as("secretariat")
    response = client.post_form(
        "/bulk/organisations",
        {
            "action": "invite",
            "ids": [orgs[0].id, lonely.id],
            "step": "confirm",
            "meeting": meeting.id,
        },
    )
    assert response.status_code == 400
    assert "Stadt Eilenburg: keine aktuelle Vertretung in AG Verkehr." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_export_the_selection_as_xlsx_audited(client, login_as, make, db):
    orgs = [make.organisation(n) for n in ("Stadt Aue", "Stadt Borna", "Stadt Colditz")]
    login_as("secretariat")
    response = client.post_form(
        "/bulk/organisations",
        {"action": "export", "ids": [orgs[0].id, orgs[2].id], "step": "confirm", "format": "xlsx"},
    )
    assert response.status_code == 200
    assert "organisationen-auswahl" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Stadt Aue",
        "Stadt Colditz",
    ]
    (event,) = _events(db, "organisations", "export")
    assert event.changes["rows"] == 2


def test_the_step_counts_one_record_in_the_singular(client, login_as, make):
    org = make.organisation("Stadt Aue")
    login_as("secretariat")
    step = client.post_form("/bulk/organisations", {"action": "archive", "ids": [org.id]})
    assert "Ausgewählt: 1 Organisation<" in step.get_data(as_text=True).replace(" <", "<")
    client.get("/language/en")
    step = client.post_form("/bulk/organisations", {"action": "archive", "ids": [org.id]})
    assert "1 organisation<" in step.get_data(as_text=True).replace(" <", "<")
