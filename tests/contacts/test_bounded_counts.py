"""Lists on screens count at most ``COUNT_CAP`` rows ("mehr als …"); page numbers deep in a
list read their ids from the sort index."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def cap(app):
    old = app.config["COUNT_CAP"]
    app.config["COUNT_CAP"] = 20
    yield 20
    app.config["COUNT_CAP"] = old


def _values(params) -> tuple:
    return tuple(params) if isinstance(params, (tuple, list)) else tuple((params or {}).values())


def _ids(html: str) -> list[str]:
    return re.findall(r'href="/contacts/(\d+)"', html)


def test_a_long_list_is_counted_up_to_the_cap_only(client, login_as, make, count_queries, cap):
    login_as("viewer")
    for i in range(60):
        make.contact(f"Name{i:02d}")
    with count_queries() as queries:
        first = client.get("/contacts/").get_data(as_text=True)
    assert "1–25 von mehr als 25" in first
    assert 'rel="next"' in first and "after=" in first
    counts = [(s, p) for s, p in queries if "count(*)" in s]
    assert len(counts) == 1
    assert cap + 1 in _values(counts[0][1])  # the count stops after cap + 1 rows
    # the last page knows where the list ends, and says it exactly
    last = client.get("/contacts/?page=3").get_data(as_text=True)
    assert "51–60 von 60" in last and len(_ids(last)) == 10
    # a page number past the end shows the last page, as an exact count would
    beyond = client.get("/contacts/?page=9").get_data(as_text=True)
    assert "51–60 von 60" in beyond


def test_a_short_list_is_counted_exactly_and_pages_by_number(client, login_as, make, cap):
    login_as("viewer")
    for i in range(12):
        make.contact(f"Name{i:02d}")
    html = client.get("/contacts/?per_page=25").get_data(as_text=True)
    assert "1–12 von 12" in html and "mehr als" not in html


def test_a_deep_page_number_reads_ids_first_and_shows_the_same_rows(
    client, login_as, make, count_queries, cap
):
    login_as("viewer")
    for i in range(60):
        make.contact(f"Name{i:02d}")
    with count_queries() as queries:
        html = client.get("/contacts/?page=2").get_data(as_text=True)
    names = re.findall(r"Name(\d\d)", html)
    assert sorted(set(names)) == [f"{i:02d}" for i in range(25, 50)]
    # the rows themselves are read by id, without skipping 25 rows of the table
    skipping = [s for s, p in queries if 25 in _values(p)]
    assert len(skipping) == 1 and skipping[0].upper().startswith("SELECT CONTACTS.ID ")


def _pairs(html: str) -> list[tuple[str, str]]:
    return re.findall(r"/contacts/merge\?a=(\d+)&amp;b=(\d+)", html)


def test_duplicate_pairs_are_counted_up_to_the_cap_and_still_all_reached(
    client, login_as, make, cap
):
    # 32 names of distinct sound (Kölner Phonetik: B 1, D 2, F 3, G 4, L 5, M 6, R 7, S 8)
    names = [
        h + t
        for h in ("Ba", "Da", "Fa", "Ga", "La", "Ma", "Ra", "Sa")
        for t in ("ler", "man", "dorf", "holz")
    ]
    for name in names:
        make.contact(name, first_name="Uwe")
        make.contact(name, first_name="Uwe")
    make.contact("Einzeln", first_name="Eva", email="Eva@Example.org")
    make.contact("Anders", first_name="Ole", email="eva@example.org")
    login_as("secretariat")
    first = client.get("/contacts/duplicates?per_page=25").get_data(as_text=True)
    assert "1–25 von mehr als 25" in first and len(_pairs(first)) == 25
    # the shared address (case folded) comes first
    assert _pairs(first)[0] == tuple(
        str(c.id) for c in sorted(_people(make, "Einzeln", "Anders"), key=lambda c: c.id)
    )
    second = client.get("/contacts/duplicates?per_page=25&page=2").get_data(as_text=True)
    assert "26–33 von 33" in second and len(_pairs(second)) == 8
    assert not set(_pairs(first)) & set(_pairs(second))


def _people(make, *last_names):
    import sqlalchemy as sa

    from crm.contacts.models import Contact
    from crm.extensions import db

    return db.session.scalars(sa.select(Contact).where(Contact.last_name.in_(last_names))).all()
