"""List pages run the same number of SQL queries for 10 and for 100 rows."""

from datetime import date

import pytest

from crm.models import Affiliation, Contact, Organisation, Tag


def fill(db, n: int) -> None:
    tag = Tag(name=f"Tag{n}")
    for i in range(n):
        parent = Organisation(name=f"Kreis {n}-{i}", kind="district", state="ST")
        org = Organisation(
            name=f"Gemeinde {n}-{i}", kind="city", state="SN", parent=parent, tags=[tag]
        )
        person = Contact(last_name=f"Meier{n}-{i}", first_name="Kim", tags=[tag])
        person.affiliations = [
            Affiliation(
                organisation=org, is_primary=True, starts_on=date(2020, 1, 1), job_title="Referent"
            ),
            Affiliation(organisation=parent, starts_on=date(2010, 1, 1), ends_on=date(2019, 1, 1)),
        ]
        db.session.add_all([parent, org, person])
    db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/contacts/?per_page=100",
        "/contacts/?per_page=100&sort=organisation&kind=city",
        "/organisations/?per_page=100&sort=parent",
        "/search?q=e",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, login_as, db, count_queries, url):
    login_as("secretariat")
    fill(db, 10)
    client.get(url)  # warm up (first-request work such as loading the user)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    fill(db, 90)
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert len(many) == len(few), many
    if url.startswith("/contacts/"):
        assert html.count('href="/contacts/') >= 100
        assert "Gemeinde 90-" in html  # the organisation column is filled
