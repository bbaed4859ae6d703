"""Who may send circulars: the secretariat and admins only (README, *Circulars*). A group
lead or a viewer gets 403 on every circular URL – whatever the method – but the public
unsubscribe page, and nothing is written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm.circulars.models import Circular
from crm.extensions import db
from crm.mail.models import OutboxMail
from tests import factories


def _circular_urls(app, circular_id: int) -> list[tuple[str, str]]:
    """Every (method, URL) of the circulars blueprint, built for one circular."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("circulars.") or rule.endpoint == "circulars.unsubscribe":
            continue
        values = {arg: circular_id if arg == "circular_id" else 1 for arg in rule.arguments}
        path = rule.build(values, append_unknown=False)[1]
        urls += [(m, path) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


@pytest.mark.parametrize("role", ["group_lead", "viewer"])
def test_only_the_secretariat_may_touch_circulars(app, client, login_as, role):
    group = factories.group("PG Wasserstoff", "project_group")
    org = factories.organisation("Stadt Jena", state="TH")
    person = factories.contact("Müller", "Maria", "Frau", organisation=org, email="m@jena.test")
    factories.seat(person, group, "delegate", org)
    circular = Circular(subject="Jahrestagung", body="Text", query="group_kind=project_group")
    db.session.add(circular)
    db.session.commit()
    login_as(role, groups=[group] if role == "group_lead" else None)

    urls = _circular_urls(app, circular.id)
    assert {p for _m, p in urls} >= {
        "/circulars/",
        "/circulars/new",
        f"/circulars/{circular.id}",
        f"/circulars/{circular.id}/test",
        f"/circulars/{circular.id}/send",
    }
    for method, path in urls:
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post_form(
                path, {"subject": "x", "body": "y", "query": "group_kind=project_group"}
            )
        assert response.status_code == 403, (method, path, response.status_code)
    db.session.expire_all()
    assert db.session.get(Circular, circular.id).status == "draft"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Circular)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 0
    # and no circular link in the navigation
    assert 'href="/circulars/"' not in client.get("/").get_data(as_text=True)
