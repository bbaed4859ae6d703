"""The dashboard's and the reports' counts over whole tables are read once and kept until a
committed write touches one of their tables (``crm.aggregates``)."""

from __future__ import annotations

import re

import sqlalchemy as sa


def _people(html: str) -> int:
    return int(re.search(r"(\d+) Personen, ", html).group(1))


def _counts_over_people(queries) -> list[str]:
    return [s for s, _ in queries if "count(" in s and "FROM contacts" in s]


def test_dashboard_reads_its_counts_once_until_a_write(client, login_as, make, count_queries):
    org = make.organisation("Stadt Halle (Saale)", state="ST")
    make.membership(org, make.group("AG Eins"))
    make.contact("Anhalter", organisation=org)
    login_as("viewer")
    with count_queries() as first:
        html = client.get("/").get_data(as_text=True)
    assert _counts_over_people(first)
    people = _people(html)
    with count_queries() as second:
        assert _people(client.get("/").get_data(as_text=True)) == people
    # the second view counts nothing over the tables: 200,000 people cost what 20 do
    assert not _counts_over_people(second)
    assert len(second) < len(first)
    make.contact("Neuer", organisation=org)  # a committed write: the count is read again
    assert _people(client.get("/").get_data(as_text=True)) == people + 1


def test_a_raw_sql_write_and_a_rollback(app, db, make):
    from crm import aggregates

    org = make.organisation("Stadt Jena", state="TH")
    before = aggregates.stamps(db.session, ("organisations",))
    assert before is not None
    db.session.execute(
        sa.text("UPDATE organisations SET state = 'SN' WHERE id = :i"), {"i": org.id}
    )
    db.session.rollback()
    assert aggregates.stamps(db.session, ("organisations",)) == before  # nothing written
    db.session.execute(
        sa.text("UPDATE organisations SET state = 'SN' WHERE id = :i"), {"i": org.id}
    )
    db.session.commit()
    assert aggregates.stamps(db.session, ("organisations",)) != before


def test_a_transaction_sees_its_own_writes(app, db, make):
    from crm import aggregates

    make.organisation("Stadt Gera", state="TH")

    def count():
        return db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("organisations")))

    assert aggregates.cached(db.session, "n", ("organisations",), count) == 1
    db.session.execute(sa.text("DELETE FROM organisations"))  # not committed
    assert aggregates.cached(db.session, "n", ("organisations",), count) == 0
    db.session.rollback()
    assert aggregates.cached(db.session, "n", ("organisations",), count) == 1
