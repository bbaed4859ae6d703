"""Deep pages of the people and organisation lists read through the index (keyset cursors)."""

from __future__ import annotations

import html as htmllib
import re

import pytest


def _next(html: str) -> str | None:
    found = re.search(r'href="([^"]+)" rel="next"', html)
    return htmllib.unescape(found.group(1)) if found else None


def _prev(html: str) -> str:
    return htmllib.unescape(re.search(r'href="([^"]+)" rel="prev"', html).group(1))


def _ids(html: str, kind: str) -> list[str]:
    return re.findall(rf'href="/{kind}/(\d+)"', html)


@pytest.mark.parametrize("sort", ["name", "-name", "organisation", "-first_name"])
def test_people_pages_follow_cursors_like_offset_pages(client, login_as, make, sort):
    login_as("viewer")
    orgs = [make.organisation(f"Amt {i}") for i in range(3)]
    for i in range(60):
        make.contact(f"Name{i % 7}", f"Vor{i % 5}", organisation=orgs[i % 3])
    pages = [
        client.get(f"/contacts/?sort={sort}&page={n}").get_data(as_text=True) for n in (1, 2, 3)
    ]
    by_offset = [_ids(h, "contacts") for h in pages]
    url = f"/contacts/?sort={sort}"
    seen = []
    for _ in range(3):
        html = client.get(url).get_data(as_text=True)
        seen.append(_ids(html, "contacts"))
        url = _next(html)
        if len(seen) < 3:
            assert "after=" in url
    assert seen == by_offset
    back = client.get(_prev(html)).get_data(as_text=True)
    assert "before=" in _prev(html)
    assert _ids(back, "contacts") == by_offset[1]


def test_deep_people_page_costs_the_same_at_10_and_100(client, login_as, make, count_queries):
    login_as("viewer")
    for i in range(30):
        make.contact(f"Klein{i:03d}")
    first = client.get("/contacts/").get_data(as_text=True)
    with count_queries() as small:
        client.get(_next(first))
    for i in range(270):
        make.contact(f"Gross{i:03d}")
    html = client.get("/contacts/").get_data(as_text=True)
    for _ in range(6):  # page 7 of 12
        html = client.get(_next(html)).get_data(as_text=True)
    with count_queries() as big:
        client.get(_next(html))
    assert len(big) == len(small)
    # page 8 is read after a cursor, not by skipping 175 rows
    params = [p if isinstance(p, (tuple, list)) else tuple((p or {}).values()) for _, p in big]
    assert not any(175 in p for p in params)


def test_organisation_pages_follow_cursors(client, login_as, make):
    login_as("viewer")
    for i in range(30):
        make.organisation(f"Verband {i:02d}")
    first = client.get("/organisations/").get_data(as_text=True)
    second = client.get(_next(first)).get_data(as_text=True)
    assert "after=" in _next(first)
    assert _ids(second, "organisations") == _ids(
        client.get("/organisations/?page=2").get_data(as_text=True), "organisations"
    )


def test_the_cursor_page_bounds_the_sort_column_for_the_index_range(
    client, login_as, make, count_queries
):
    login_as("viewer")
    for i in range(30):
        make.contact(f"Name{i:02d}")
    first = client.get("/contacts/").get_data(as_text=True)
    with count_queries() as queries:
        client.get(_next(first))
    [statement] = [s for s, _ in queries if "contacts.sort_key >" in s]
    # "sort_key >= cursor AND (sort_key > cursor OR …)": the index range starts at the
    # cursor (with the OR alone SQLite read 160,000 index entries for page 6,400)
    assert "contacts.sort_key >= " in statement


@pytest.mark.parametrize("sort", ["name", "-name", "organisation", "-first_name"])
def test_a_deep_page_number_starts_at_an_anchor_and_shows_the_offset_page(
    client, login_as, make, monkeypatch, count_queries, sort
):
    from crm import pagination

    login_as("viewer")
    orgs = [make.organisation(f"Amt {i}") for i in range(3)]
    for i in range(70):
        make.contact(f"Name{i % 9}", f"Vor{i % 4}", organisation=orgs[i % 3])

    def pages() -> list[list[str]]:
        return [
            _ids(client.get(f"/contacts/?sort={sort}&page={n}").get_data(as_text=True), "contacts")
            for n in (1, 2, 3)
        ]

    monkeypatch.setattr(pagination, "ANCHOR_STEP", 10_000)  # plain OFFSET
    by_offset = pages()
    monkeypatch.setattr(pagination, "ANCHOR_STEP", 7)  # anchors every 7th person
    assert pages() == by_offset
    with count_queries() as seen:
        client.get(f"/contacts/?sort={sort}&page=3")
    offsets = [list(p.values() if isinstance(p, dict) else p)[-1] for s, p in seen if "OFFSET" in s]
    assert offsets and max(offsets) < 7  # 50 rows skipped from the 7th anchor, 1 from there
    # a person added moves every later row: the anchors are computed again, not reused
    make.contact("Aaa", "Erste", organisation=orgs[0])
    monkeypatch.setattr(pagination, "ANCHOR_STEP", 10_000)
    moved = pages()
    monkeypatch.setattr(pagination, "ANCHOR_STEP", 7)
    assert pages() == moved
