"""An organisation's people sub-list turns by keyset cursor: a deep page reads no OFFSET."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date

from crm.contacts.models import Affiliation
from crm.extensions import db


def _next(html: str) -> str:
    return htmllib.unescape(re.search(r'href="([^"]+)" rel="next"', html).group(1))


def _prev(html: str) -> str:
    return htmllib.unescape(re.search(r'href="([^"]+)" rel="prev"', html).group(1))


def _people(html: str) -> list[str]:
    return re.findall(r'href="/contacts/(\d+)"', html)


def _grow(make, org, count):
    for i in range(count):
        person = make.contact(f"Person{i:03d}", organisation=org)
        if i % 3 == 0:  # ended affiliations, in several end dates, after the current ones
            person.affiliations[0].ends_on = date(2021, 1 + i % 12, 1)
    db.session.commit()


def test_people_pages_follow_cursors_like_page_numbers(app, client, login_as, make, monkeypatch):
    monkeypatch.setitem(app.config, "SUBLIST_PER_PAGE", 10)
    login_as("viewer")
    org = make.organisation("Amt Groß")
    _grow(make, org, 35)
    by_number = [
        _people(client.get(f"/organisations/{org.id}?people_page={n}").get_data(as_text=True))
        for n in (1, 2, 3, 4)
    ]
    url, seen = f"/organisations/{org.id}", []
    for _ in range(4):
        html = client.get(url).get_data(as_text=True)
        seen.append(_people(html))
        if len(seen) < 4:
            url = _next(html)
            assert "people_page_after=" in url and "people_page=" in url
    assert seen == by_number
    assert sum(len(p) for p in seen) == 35
    assert "people_page_before=" in _prev(html)
    back = client.get(_prev(html)).get_data(as_text=True)
    assert _people(back) == by_number[2]
    # current people first, then the latest ended
    order = db.session.scalars(
        db.select(Affiliation).where(Affiliation.organisation_id == org.id)
    ).all()
    ids = {str(a.contact_id): a for a in order}
    ends = [ids[i].ends_on for page in seen for i in page]
    assert ends == sorted(ends, key=lambda d: (d is not None, -(d.toordinal() if d else 0)))


def test_the_next_people_page_reads_after_the_cursor_without_offset(
    app, client, login_as, make, count_queries, monkeypatch
):
    monkeypatch.setitem(app.config, "SUBLIST_PER_PAGE", 10)
    login_as("viewer")
    org = make.organisation("Amt Groß")
    _grow(make, org, 35)
    html = client.get(f"/organisations/{org.id}?people_page=2").get_data(as_text=True)
    with count_queries() as queries:
        client.get(_next(html))
    [(statement, params)] = [
        (s, p) for s, p in queries if "FROM affiliations" in s and "ORDER BY" in s
    ]
    # page 3 starts at the cursor in the index, it does not skip 20 rows
    assert "coalesce(affiliations.ends_on" in statement and "affiliations.id >" in statement
    values = params if isinstance(params, (tuple, list)) else tuple((params or {}).values())
    assert 20 not in values
