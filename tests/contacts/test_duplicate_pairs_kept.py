"""The duplicates pages scan the key indexes once per state of the table, not per view."""

from __future__ import annotations

import re


def _pairs(html: str) -> list[str]:
    return re.findall(r'href="/contacts/(\d+)"', html)


def _grouped(statements) -> list[str]:
    return [s for s, _ in statements if "GROUP BY" in s and "HAVING" in s and "sum(" not in s]


def test_a_second_view_of_the_pairs_reads_no_whole_key_index(client, login_as, make, count_queries):
    login_as("secretariat")
    for first in ("Anna", "Bert", "Carl"):
        make.contact("Meier", first, email=f"{first.lower()}@example.org")
        make.contact("Meyer", first)
    make.contact("Schulz", "Dora", email="dora@example.org")
    make.contact("Krause", "Dora", email="DORA@example.org")
    first = client.get("/contacts/duplicates").get_data(as_text=True)
    with count_queries() as statements:
        again = client.get("/contacts/duplicates").get_data(as_text=True)
    assert _pairs(again) == _pairs(first) and len(_pairs(first)) >= 8
    # neither the shared addresses nor the total of sounding pairs is counted again
    assert not [s for s in _grouped(statements) if "count(*) >" in s and "email" in s]
    assert not [s for s, _ in statements if "coalesce(sum(" in s]
    # a new person is a new state of the table: the pairs are read again and include her
    make.contact("Mayer", "Anna")
    with count_queries() as statements:
        html = client.get("/contacts/duplicates").get_data(as_text=True)
    assert [s for s, _ in statements if "coalesce(sum(" in s]
    assert _pairs(html) != _pairs(first) and "Mayer" in html
