"""People sort by their organisation on a stored, indexed column kept by the flush hook."""

from __future__ import annotations

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.extensions import db


def test_sort_by_organisation_reads_the_stored_key(client, login_as, make, count_queries):
    login_as("viewer")
    zeta = make.organisation("Zweckverband Ölmühle")
    alpha = make.organisation("Amt Ärzte")
    make.contact("Anders", "Zora", organisation=zeta)
    make.contact("Zander", "Anton", organisation=alpha)
    make.contact("Ohne", "Olga")
    keys = dict(
        db.session.execute(sa.select(Contact.last_name, Contact.organisation_sort_key)).all()
    )
    assert keys == {"Anders": "zweckverband olmuhle", "Zander": "amt arzte", "Ohne": ""}
    for i in range(10):
        make.contact(f"Viele{i}", organisation=alpha)
    with count_queries() as small:
        html = client.get("/contacts/?sort=organisation").get_data(as_text=True)
    assert html.index("Ohne") < html.index("Zander") < html.index("Anders")
    for i in range(10, 100):
        make.contact(f"Viele{i}", organisation=alpha)
    with count_queries() as big:
        client.get("/contacts/?sort=organisation")
    assert len(big) == len(small)
    sql = " ".join(s for s, _ in big)
    assert "organisation_sort_key" in sql
    # renaming the organisation moves its people; a person's new primary job too
    alpha.name = "Zypressenamt"
    db.session.commit()
    assert (
        db.session.scalar(
            sa.select(Contact.organisation_sort_key).where(Contact.last_name == "Zander")
        )
        == "zypressenamt"
    )
    html = client.get("/contacts/?sort=-organisation").get_data(as_text=True)
    assert "Zander" in html and "Anders" not in html  # 101 people at Zypressenamt come first
