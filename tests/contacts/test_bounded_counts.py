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
