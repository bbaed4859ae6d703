"""The dashboard says what to do, per role, each to-do linking to where it is done
(issue 15, point 7)."""

import re
from datetime import UTC, datetime, timedelta

from crm.audit import services as audit
from crm.extensions import db
from crm.models import DateOption, OutboxMail, Vote


def _todos(html: str) -> str:
    start = html.index('id="todos-title"')
    return html[start : html.index("</section>", start)]


def test_the_secretariat_sees_imports_to_check_failed_mails_and_groups_without_deputy(
    client, login_as, make
):
    checked = make.organisation("Stadt Borna", postal_code="04552")
    unchecked = make.organisation("Verein Unbekannt", kind="other")
    audit.record(
        "import",
        "contacts",
        None,
        summary="Import kontakte.csv",
        changes={"kind": "contacts", "organisations_created": [checked.name, unchecked.name]},
    )
    db.session.add(
        OutboxMail(to_address="x@example.org", subject="Einladung", body_text="…", status="failed")
    )
    covered, uncovered = make.group("AG Tourismus"), make.group("AG Energie")
    make.seat(make.contact("Vize"), covered, role="deputy_lead")
    db.session.commit()
    login_as("secretariat")
    todos = _todos(client.get("/").get_data(as_text=True))
    assert "Importierte Organisationen prüfen" in todos
    assert f'href="/organisations/{unchecked.id}/edit">Verein Unbekannt' in todos
    assert "Stadt Borna" not in todos
    assert 'href="/outbox/?status=failed"' in todos
    assert re.search(r"Fehlgeschlagene E-Mails</a><span[^>]*>1<", todos)
    assert f'href="/groups/{uncovered.id}/seats/new">AG Energie' in todos
    assert "AG Tourismus" not in todos
    assert 'href="/contacts/duplicates"' in todos and 'href="/organisations/duplicates"' in todos
    # the duplicates are not counted ahead (the pages find the pairs): the card says so
    assert todos.count("Nicht vorab gezählt") == 2


def test_a_lead_sees_their_groups_open_polls_with_answer_rate_and_unfinished_meetings(
    client, login_as, make
):
    group, other = make.group("AG Verkehr"), make.group("AG Kultur")
    poll = make.meeting(group, "Frühjahrssitzung", status="polling")
    option = DateOption(meeting=poll, starts_at=datetime.now(UTC) + timedelta(days=20))
    db.session.add(option)
    invitations = [make.invitation(poll, make.contact(f"P{i}")) for i in range(4)]
    db.session.add(Vote(date_option=option, invitation=invitations[0], answer="yes"))
    past = make.meeting(group, "Wintersitzung", starts_at=datetime.now(UTC) - timedelta(days=30))
    make.invitation(past, make.contact("Teilnehmer"))
    done = make.meeting(
        group, "Herbstsitzung", starts_at=datetime.now(UTC) - timedelta(days=60), minutes="Ok"
    )
    make.invitation(done, make.contact("Da"), attended="yes")
    make.meeting(other, "Fremde Sitzung", status="polling")
    db.session.commit()
    login_as("group_lead", groups=[group])
    todos = _todos(client.get("/").get_data(as_text=True))
    assert f'href="/groups/{group.id}">AG Verkehr' in todos and "AG Kultur" not in todos
    assert f'href="/meetings/{poll.id}">Frühjahrssitzung</a> · 1 von 4 geantwortet' in todos
    assert "Fremde Sitzung" not in todos
    assert "Wintersitzung</a> · Anwesenheit fehlt, Protokoll fehlt" in todos
    assert "Herbstsitzung" not in todos


def test_a_viewer_has_no_todos(client, login_as):
    login_as("viewer")
    assert 'id="todos-title"' not in client.get("/").get_data(as_text=True)
