"""OParl 1.1: the demo data validates against the official schemas, a walk reaches every
object once, and people without publication consent appear nowhere."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa

from crm.contacts.consent import record_consent
from crm.extensions import db
from crm.groups.models import Group
from crm.meetings.models import Meeting
from crm.oparl import queries
from crm.oparl import views as oparl_views
from tests import factories

SCHEMAS = {
    path.stem: json.loads(path.read_text())
    for path in (Path(__file__).parent / "schema").glob("*.json")
}
SCHEMA = "https://schema.oparl.org/1.1/"
#: properties that hold objects output inside another object (OParl's internal output)
INTERNAL = {"location", "agendaItem", "legislativeTerm"}


def _path(url: str) -> str:
    return url.split("localhost", 1)[1]


def _walk(client) -> tuple[dict[str, dict], list[str], dict[str, str]]:
    """Follow system → body list → body → every external list, every page.

    Returns the objects by id (each list entry), the ids in the order met (to find
    repeats) and every response's text by URL.
    """
    texts: dict[str, str] = {}

    def get(url: str) -> dict:
        response = client.get(_path(url))
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        texts[url] = response.get_data(as_text=True)
        return response.get_json()

    def entries(list_url: str):
        url, seen, total = list_url, 0, None
        while url:
            page = get(url)
            assert {"data", "pagination", "links"} <= set(page)
            total = page["pagination"]["totalElements"]
            seen += len(page["data"])
            yield from page["data"]
            url = page["links"].get("next")
        assert seen == total, (list_url, seen, total)

    system = get("http://localhost/oparl/v1/")
    objects = {system["id"]: system}
    met = [system["id"]]
    for body in entries(system["body"]):
        objects[body["id"]] = body
        met.append(body["id"])
        for key in (
            "organization",
            "person",
            "membership",
            "meeting",
            "agendaItem",
            "locationList",
            "paper",
        ):
            for obj in entries(body[key]):
                met.append(obj["id"])
                objects[obj["id"]] = obj
    return objects, met, texts


def _validate(obj: dict) -> int:
    """Validate ``obj`` and the objects inside it by their type; return how many."""
    kind = obj["type"].removeprefix(SCHEMA)
    jsonschema.validate(obj, SCHEMAS[kind], cls=jsonschema.Draft7Validator)
    count = 1
    for key in INTERNAL & set(obj):
        inner = obj[key] if isinstance(obj[key], list) else [obj[key]]
        count += sum(_validate(o) for o in inner if isinstance(o, dict))
    return count


@pytest.fixture
def demo(app):
    import seed_data

    seed_data.seed()
    db.session.commit()


def test_demo_data_validates_against_the_official_schemas(app, client, demo):
    objects, _met, _texts = _walk(client)
    kinds = {o["type"].removeprefix(SCHEMA) for o in objects.values()}
    assert kinds == {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Location",
    }
    assert sum(_validate(o) for o in objects.values()) > len(objects)
    # a single object's own URL gives the same object as its list
    for obj in list(objects.values())[2 :: max(1, len(objects) // 25)]:
        assert client.get(_path(obj["id"])).get_json() == obj


def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))


def test_a_walk_reaches_each_object_exactly_once(app, client, demo, monkeypatch):
    # small pages, so that every list of the demo spans several and the order must be stable
    monkeypatch.setattr(oparl_views, "PER_PAGE", 7)
    objects, met, texts = _walk(client)
    assert len(met) == len(set(met)) == len(objects)
    assert sum("page=2" in url for url in texts) >= 6, "the lists span several pages"
    # … and it reaches everything the public may see
    by_type = Counter(o["type"].removeprefix(SCHEMA) for o in objects.values())
    assert by_type == {
        "System": 1,
        "Body": 1,
        "Organization": _count(queries.organizations()),
        "Person": _count(queries.persons()),
        "Membership": _count(queries.seats()),
        "Meeting": _count(queries.meetings()),
        "AgendaItem": _count(queries.agenda_items()),
        "Location": _count(queries.located_meetings()),
    }
    public = ("scheduled", "held", "cancelled")
    assert by_type["Meeting"] == _count(sa.select(Meeting).where(Meeting.status.in_(public)))
    assert by_type["Organization"] >= _count(sa.select(Group)) + 1
    # every reference points at an object the walk reached
    references = set()
    for obj in objects.values():
        for key in (
            "person",
            "organization",
            "onBehalfOf",
            "participant",
            "meeting",
            "subOrganizationOf",
            "membership",
            "meetings",
            "body",
            "system",
        ):
            value = obj.get(key)
            values = value if isinstance(value, list) else [value]
            references |= {v for v in values if isinstance(v, str) and "/oparl/v1/" in v}
    lists = {
        v
        for o in objects.values()
        for v in o.values()
        if isinstance(v, str) and v.endswith(("s", "bodies"))
    }
    assert references - lists <= set(objects), references - lists - set(objects)
    participants = [p for o in objects.values() for p in o.get("participant", [])]
    assert participants, "held meetings list who took part"


def test_person_without_publication_consent_appears_nowhere(app, client):
    group = factories.group("AG Verkehr")
    city = factories.organisation("Stadt Gera", state="TH")
    consenting = factories.contact(
        "Zustimmer",
        first_name="Paula",
        consent_given_at=datetime(2025, 1, 1, tzinfo=UTC),
        legal_basis="consent",
        email="paula@privat.example",
        phone="0365 111",
    )
    secret = factories.contact("Verborgen", first_name="Xaver", email="xaver@privat.example")
    withdrawn = factories.contact(
        "Zurückgezogen",
        first_name="Wilma",
        consent_given_at=datetime(2024, 1, 1, tzinfo=UTC),
        consent_withdrawn_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    # the per-purpose records: publication given (shown), only circulars given (hidden),
    # publication given and then withdrawn (hidden)
    by_record = factories.contact("Veröffentlicht", first_name="Rita")
    circulars_only = factories.contact("Rundschreibenleser", first_name="Carl")
    taken_back = factories.contact("Widerrufsträger", first_name="Gözde")
    record_consent(by_record, "publication", "given", source="form")
    record_consent(circulars_only, "circulars", "given", source="email")
    record_consent(
        taken_back, "publication", "given", source="form", at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    record_consent(taken_back, "publication", "withdrawn", source="phone")
    people = (consenting, secret, withdrawn, by_record, circulars_only, taken_back)
    seats = [
        factories.seat(p, group, organisation=city, starts_on=date(2024, 1, 1)) for p in people
    ]
    meeting = factories.meeting(group, status="held", starts_at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    for person in people:
        factories.invitation(meeting, person, attended="yes")
    db.session.commit()

    objects, _met, texts = _walk(client)
    everything = "\n".join(texts.values())
    assert "Zustimmer" in everything and "Veröffentlicht" in everything
    for hidden in (secret, withdrawn, circulars_only, taken_back):
        assert hidden.last_name not in everything and hidden.first_name not in everything
        assert f"/person/{hidden.id}" not in everything
        assert client.get(f"/oparl/v1/person/{hidden.id}").status_code == 404
    for seat in (seats[1], seats[2], seats[4], seats[5]):
        assert client.get(f"/oparl/v1/membership/{seat.id}").status_code == 404
        assert f"/membership/{seat.id}" not in everything
    # and never contact data, not even of people who agreed to publication
    assert "paula@privat.example" not in everything and "0365 111" not in everything
    meeting_obj = objects[f"http://localhost/oparl/v1/meeting/{meeting.id}"]
    assert meeting_obj["participant"] == [
        f"http://localhost/oparl/v1/person/{p.id}" for p in (consenting, by_record)
    ]


def test_a_setting_turns_the_endpoint_off(app, client):
    app.config["OPARL_ENABLED"] = False
    try:
        for url in ("/oparl/v1/", "/oparl/v1/body/1", "/oparl/v1/body/1/persons"):
            assert client.get(url).status_code == 404
    finally:
        app.config["OPARL_ENABLED"] = True
    assert client.get("/oparl/v1/").status_code == 200


def test_lists_take_the_modified_since_filter(app, client):
    factories.group("AG Alt")
    later = datetime.now(UTC).isoformat()
    page = client.get("/oparl/v1/body/1/persons", query_string={"modified_since": later})
    assert page.status_code == 200 and page.get_json()["data"] == []
    assert client.get("/oparl/v1/body/1/persons?modified_since=gestern").status_code == 400
