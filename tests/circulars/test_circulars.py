"""Circulars: the export builder's list, one mail per consenting person through the outbox
to the real SMTP server, the others left out and counted, and the unsubscribe link."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.circulars.models import Circular
from crm.contacts.consent import is_reachable, withdraw
from crm.extensions import db
from crm.mail import delivery
from crm.mail.models import OutboxMail
from tests import factories
from tests.mail.smtp_server import text_of as _raw_text

THURINGIA_PG_DELEGATES = urlencode(
    [("group_kind", "project_group"), ("role", "delegate"), ("state", "TH")]
)


def text_of(msg) -> str:
    return _raw_text(msg).replace("\r\n", "\n")


UNSUBSCRIBE = re.compile(r"http://127\.0\.0\.1:5000(/circulars/unsubscribe/[A-Za-z0-9._-]+)")


def _region():
    """Delegates of project groups in Thüringen – and people who are not, or may not be mailed."""
    pg, pg2 = (
        factories.group("PG Wasserstoff", "project_group"),
        factories.group("PG Radverkehr", "project_group"),
    )
    ag = factories.group("AG Kultur", "working_group")
    jena = factories.organisation("Stadt Jena", state="TH")
    erfurt = factories.organisation("Stadt Erfurt", state="TH")
    leipzig = factories.organisation("Stadt Leipzig", state="SN")
    people = {}

    def person(key, last, first, sal, org, email, *seats, **kw):
        people[key] = p = factories.contact(last, first, sal, organisation=org, email=email, **kw)
        for group, role in seats:
            factories.seat(p, group, role, org)

    person(
        "mueller",
        "Müller",
        "Maria",
        "Frau",
        jena,
        "mueller@jena.test",
        (pg, "delegate"),
        title="Dr.",
    )
    # two project groups: still one mail
    person(
        "schulze",
        "Schulze",
        "Sven",
        "Herr",
        erfurt,
        "schulze@erfurt.test",
        (pg, "delegate"),
        (pg2, "delegate"),
        title="Prof. Dr.",
    )
    person("weber", "Weber", "Wiebke", "Frau", jena, "weber@jena.test", (pg2, "delegate"))
    person(
        "kurz",
        "Kurz",
        "Karl",
        "Herr",
        erfurt,
        "kurz@erfurt.test",
        (pg, "delegate"),
        is_no_contact=True,
    )
    person("ohne", "Ohnemail", "Olga", "Frau", jena, None, (pg, "delegate"))
    # not on the list: another Land, a lead, a working group
    person("sachse", "Sachse", "Sina", "Frau", leipzig, "sachse@leipzig.test", (pg, "delegate"))
    person("lead", "Leitung", "Lena", "Frau", jena, "leitung@jena.test", (pg, "lead"))
    person("ag", "Kulturell", "Kai", "Herr", jena, "kai@jena.test", (ag, "delegate"))
    withdraw(people["weber"], "circulars", source="email")
    db.session.commit()
    return people


def _compose(client, subject="Jahrestagung 2027", body="die Jahrestagung findet am 5. Mai statt."):
    page = client.get(f"/circulars/new?{THURINGIA_PG_DELEGATES}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "An 3 Personen der Liste" in html  # Müller, Schulze, Ohnemail (no address yet)
    assert "2 Personen ausgelassen" in html
    response = client.post_form(
        "/circulars/new", {"subject": subject, "body": body, "query": THURINGIA_PG_DELEGATES}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(sa.select(Circular))


def test_circular_reaches_each_consenting_delegate_once_and_counts_the_others(
    client, login_as, runner, smtp
):
    people = _region()
    login_as("secretariat")
    circular = _compose(client)
    preview = client.get(f"/circulars/{circular.id}").get_data(as_text=True)
    assert "Sehr geehrte Frau Dr. Müller," in preview
    assert smtp.inbox.messages == []

    assert client.post_form(f"/circulars/{circular.id}/send").status_code == 302
    # sent twice (a second tab): nothing more
    client.post_form(f"/circulars/{circular.id}/send")
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    delivery.send_pending()

    received = {m["To"]: m for m in smtp.inbox.messages}
    assert len(smtp.inbox.messages) == 2
    assert sorted(received) == ["mueller@jena.test", "schulze@erfurt.test"]
    mueller = received["mueller@jena.test"]
    assert mueller["Subject"] == "Jahrestagung 2027"
    text = text_of(mueller)
    assert text.startswith("Sehr geehrte Frau Dr. Müller,\n\ndie Jahrestagung")
    assert text_of(received["schulze@erfurt.test"]).startswith(
        "Sehr geehrter Herr Prof. Dr. Schulze,"
    )
    link = UNSUBSCRIBE.search(text)
    assert link and mueller["List-Unsubscribe"] == f"<{link.group(0)}>"
    assert mueller["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    db.session.expire_all()
    circular = db.session.get(Circular, circular.id)
    assert circular.status == "sent" and circular.recipients == 2
    assert circular.left_out == {"no_contact": 1, "withdrawn": 1, "no_email": 1}
    result = client.get(f"/circulars/{circular.id}").get_data(as_text=True)
    assert 'data-testid="recipients">2<' in result
    assert 'data-testid="outcome-sent">2<' in result
    assert 'data-testid="left-out-total">3<' in result
    mails = db.session.scalars(sa.select(OutboxMail).where(OutboxMail.circular_id == circular.id))
    assert {m.contact_id for m in mails} == {people["mueller"].id, people["schulze"].id}


def test_unsubscribe_link_withdraws_the_consent_without_login(app, client, login_as, runner, smtp):
    people = _region()
    login_as("secretariat")
    circular = _compose(client)
    client.post_form(f"/circulars/{circular.id}/send")
    delivery.send_pending()
    path = UNSUBSCRIBE.search(text_of(smtp.inbox.to("mueller@jena.test")[0])).group(1)
    client.get("/logout")

    stranger = app.test_client()
    page = stranger.get(path)
    assert page.status_code == 200 and "Abmelden" in page.get_data(as_text=True)
    assert is_reachable(people["mueller"], "circulars")  # a GET (a link scanner) changes nothing
    assert stranger.post(path, data={}).status_code == 400  # no CSRF token, no one-click
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    done = stranger.post(path, data={"csrf_token": token.group(1)})
    assert done.status_code == 200 and "Sie sind abgemeldet" in done.get_data(as_text=True)
    db.session.expire_all()
    assert not is_reachable(people["mueller"], "circulars")
    assert is_reachable(people["mueller"], "invitations")
    # the mail program's one-click POST (RFC 8058) for Schulze: no CSRF token needed
    other = UNSUBSCRIBE.search(text_of(smtp.inbox.to("schulze@erfurt.test")[0])).group(1)
    clicked = stranger.post(other, data={"List-Unsubscribe": "One-Click"})
    assert clicked.status_code == 200
    stranger.post(other, data={"List-Unsubscribe": "One-Click"})  # twice: counted once
    db.session.expire_all()
    assert not is_reachable(people["schulze"], "circulars")
    assert db.session.get(Circular, circular.id).unsubscribed == 2
    events = db.session.scalars(
        sa.select(AuditEvent.summary).where(
            AuditEvent.entity_type == "contacts", AuditEvent.entity_id == people["mueller"].id
        )
    ).all()
    assert any("Abgemeldet von Rundschreiben" in (e or "") for e in events)
    # a forged or altered token: 404
    assert stranger.get(path[:-3] + "xyz").status_code == 404
    assert urlsplit(path).path.startswith("/circulars/unsubscribe/")


def test_only_staff_compose_and_send(client, login_as):
    _region()
    login_as("group_lead")
    assert client.get(f"/circulars/new?{THURINGIA_PG_DELEGATES}").status_code == 403
    assert client.get("/circulars/").status_code == 403


def test_test_mail_goes_to_oneself_and_a_subject_must_be_one_line(client, login_as, smtp):
    _region()
    user = login_as("secretariat")
    circular = _compose(client)
    assert client.post_form(f"/circulars/{circular.id}/test").status_code == 302
    delivery.send_pending()
    [msg] = smtp.inbox.messages
    assert msg["To"] == user.email and msg["Subject"] == "[Test] Jahrestagung 2027"
    assert text_of(msg).startswith("Sehr geehrte Frau Dr. Müller,")
    bad = client.post_form(
        "/circulars/new", {"subject": "a\nb", "body": "x", "query": THURINGIA_PG_DELEGATES}
    )
    assert bad.status_code == 422


def test_an_english_speaking_recipient_gets_salutation_and_footer_in_english(
    client, login_as, runner, smtp
):
    people = _region()
    people["mueller"].language = "en"
    db.session.commit()
    login_as("secretariat")
    circular = _compose(client)
    client.post_form(f"/circulars/{circular.id}/send")
    delivery.send_pending()
    english = text_of(smtp.inbox.to("mueller@jena.test")[0])
    assert english.startswith("Dear Dr Müller,\n\ndie Jahrestagung")  # the text as written
    assert "If you no longer want to receive circulars" in english
    german = text_of(smtp.inbox.to("schulze@erfurt.test")[0])
    assert "Wenn Sie keine Rundschreiben mehr erhalten möchten" in german


def test_a_circular_whose_task_was_lost_is_written_by_the_next_worker_run(
    client, login_as, runner, smtp
):
    _region()
    login_as("secretariat")
    circular = _compose(client)
    # "sending", but the task never ran (the queue was lost with a dead worker)
    db.session.get(Circular, circular.id).status = "sending"
    db.session.commit()
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0  # again: nothing more
    delivery.send_pending()
    assert sorted(m["To"] for m in smtp.inbox.messages) == [
        "mueller@jena.test",
        "schulze@erfurt.test",
    ]
