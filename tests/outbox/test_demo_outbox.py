"""The demo data fills the outbox the way a worker would have left it."""

from __future__ import annotations

import re

import sqlalchemy as sa

import seed_data
from crm.contacts.models import Contact
from crm.extensions import db
from crm.mail.models import OutboxMail


def test_seed_shows_sent_queued_failed_and_bounced_mails_on_the_outbox_page(app, client, login_as):
    seed_data.seed()
    login_as("secretariat")
    html = client.get("/outbox/").get_data(as_text=True)
    counts = dict(
        re.findall(
            r'<span class="me-3">([^<:]+): (\d+)</span>', html.split('data-testid="counts"')[1]
        )
    )
    assert int(counts["versendet"]) > 100
    assert int(counts["im Postausgang"]) > 5
    assert counts["fehlgeschlagen"] == "1" and counts["unzustellbar"] == "1"
    # real mails, rendered by the app's own code: the invitee's personal link is in each
    invitation = db.session.scalar(sa.select(OutboxMail).filter_by(kind="invitation").limit(1))
    assert "/invitations/" in invitation.body_text and invitation.ical
    assert db.session.scalar(sa.select(sa.func.count()).where(OutboxMail.kind == "circular")) > 0
    bounced = db.session.scalar(sa.select(OutboxMail).filter_by(status="bounced"))
    assert db.session.get(Contact, bounced.contact_id).undeliverable_since is not None
    # loading the demo again adds no mail
    before = db.session.scalar(sa.select(sa.func.count(OutboxMail.id)))
    seed_data.seed()
    assert db.session.scalar(sa.select(sa.func.count(OutboxMail.id))) == before
