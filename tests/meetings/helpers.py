"""A group with seats (lead, delegates, a deputy) whose holders have business e-mails."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests import factories


@dataclass
class Setup:
    group: object
    orgs: list
    lead: object
    delegates: list
    deputy: object
    colleague: object


def group_with_seats(name: str = "AG Verkehr und Mobilität") -> Setup:
    group = factories.group(name=name, short_name="AG VM")
    leipzig = factories.organisation(name="Stadt Leipzig")
    halle = factories.organisation(name="Stadt Halle (Saale)", state="ST")
    jena = factories.organisation(name="Stadt Jena", state="TH")
    for org in (leipzig, halle, jena):
        factories.membership(org, group)
    lead = factories.contact("Leiterin", "Lea", organisation=leipzig, email="lea@leipzig.test")
    d1 = factories.contact("Hallenser", "Hans", "Herr", organisation=halle, email="hans@halle.test")
    d2 = factories.contact("Jenaer", "Jana", organisation=jena, email="jana@jena.test")
    deputy = factories.contact(
        "Vertreter", "Veit", "Herr", organisation=halle, email="veit@halle.test"
    )
    colleague = factories.contact("Kollegin", "Klara", organisation=halle, email="klara@halle.test")
    factories.seat(lead, group, "lead", leipzig)
    factories.seat(d1, group, "delegate", halle)
    factories.seat(d2, group, "delegate", jena)
    factories.seat(deputy, group, "deputy_delegate", halle)
    return Setup(group, [leipzig, halle, jena], lead, [d1, d2], deputy, colleague)


TOKEN_RE = re.compile(r"/invitations/([A-Za-z0-9_-]{40,})")


def token_in(text: str) -> str:
    match = TOKEN_RE.search(text)
    assert match, text
    return match.group(1)


def agenda_version(client, meeting_id: int) -> str:
    """Return the agenda version the meeting page shows (what its agenda forms post)."""
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    match = re.search(r'name="agenda_version" value="(\d+)"', page)
    assert match, "the meeting page carries the agenda's version"
    return match.group(1)
