"""Changes between two dates (issue 15): who joined, who left, who replaced whom in a period,
per group and for the whole network, read from memberships and seats; printable and XLSX."""

from datetime import date, datetime
from io import BytesIO

import openpyxl
import pytest

from crm.extensions import db
from crm.groups.operations import change_delegate


@pytest.fixture
def history(make):
    """A year of one working group, and a project group with one joining organisation."""
    ag = make.group("AG Verkehr und Mobilität", short_name="AG VM")
    pg = make.group("PG Radschnellwege", kind="project_group")
    aue, borna = make.organisation("Stadt Aue"), make.organisation("Stadt Borna")
    colditz, delitzsch = make.organisation("Stadt Colditz"), make.organisation("Stadt Delitzsch")
    make.membership(aue, ag, starts_on=date(2026, 3, 1))
    make.membership(borna, ag, starts_on=date(2019, 1, 1), ends_on=date(2026, 6, 30))
    make.membership(colditz, ag, starts_on=date(2025, 5, 1))  # before the period
    make.membership(delitzsch, pg, starts_on=date(2026, 9, 15))
    alt, neu = make.contact("Altmann", organisation=colditz), make.contact("Neumann")
    seat = make.seat(alt, ag, organisation=colditz, starts_on=date(2025, 5, 1))
    change_delegate(seat, neu, date(2026, 5, 1), seat.version)
    make.seat(make.contact("Erstmals"), ag, organisation=aue, starts_on=date(2026, 3, 1))
    make.seat(
        make.contact("Borner"),
        ag,
        organisation=borna,
        starts_on=date(2019, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    db.session.commit()
    return ag, pg


PERIOD = "date_from=2026-01-01&date_to=2026-12-31"


def test_a_groups_changes_of_a_year(client, login_as, history):
    ag, pg = history
    login_as("viewer")
    group_page = client.get(f"/groups/{ag.id}").text
    assert f'href="/reports/changes?group={ag.id}"' in group_page
    response = client.get(f"/reports/changes?group={ag.id}&{PERIOD}")
    assert response.status_code == 200
    html = response.text
    joined = html[html.index('id="changes-joined"') : html.index('id="changes-left"')]
    assert "01.03.2026" in joined and "Stadt Aue" in joined
    assert "Stadt Colditz" not in joined and "Stadt Delitzsch" not in joined
    left = html[html.index('id="changes-left"') : html.index('id="changes-seats"')]
    assert "30.06.2026" in left and "Stadt Borna" in left
    seats = html[html.index('id="changes-seats"') :]
    assert "Anna Neumann folgt auf Anna Altmann" in seats and "01.05.2026" in seats
    assert "neu: Anna Erstmals" in seats
    assert "beendet (letzter Tag): Anna Borner" in seats
    # the handed-over seat is one change, not an end and a start
    assert "beendet (letzter Tag): Anna Altmann" not in seats
    assert "neu: Anna Neumann" not in seats
    # printed: the period and the group as text, the form not at all
    assert "Gremium: AG Verkehr und Mobilität · Zeitraum: 01.01.2026 bis 31.12.2026" in html
    assert 'class="row g-2 align-items-start mb-3 d-print-none"' in html


def test_the_network_and_a_shorter_period(client, login_as, history):
    login_as("viewer")
    html = client.get("/reports/changes?date_from=2026-06-01&date_to=2026-12-31").text
    joined = html[html.index('id="changes-joined"') : html.index('id="changes-left"')]
    assert "Stadt Delitzsch" in joined and "PG Radschnellwege" in joined
    assert "Stadt Aue" not in joined
    assert "Stadt Borna" in html
    assert "Anna Altmann" not in html  # the handover was in May
    assert "Änderungen zwischen zwei Daten" in client.get("/reports/").text


def test_the_period_is_checked(client, login_as, history):
    login_as("viewer")
    response = client.get("/reports/changes?date_from=2026-12-31&date_to=2026-01-01")
    assert response.status_code == 400
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in response.text
    assert 'id="changes-joined"' not in response.text
    assert client.get("/reports/changes?date_from=2026-13-01").status_code == 400
    assert (
        client.get("/reports/changes.xlsx?date_from=2026-12-31&date_to=2026-01-01").status_code
        == 400
    )
    # without dates: this year up to today
    assert client.get("/reports/changes").status_code == 200


def test_the_changes_as_xlsx(client, login_as, history):
    ag, pg = history
    login_as("viewer")
    response = client.get(f"/reports/changes.xlsx?group={ag.id}&{PERIOD}")
    assert response.status_code == 200
    assert "aenderungen-2026-01-01-2026-12-31.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(BytesIO(response.get_data()))
    assert book.sheetnames == ["Beitritte", "Austritte", "Mandatswechsel"]
    rows = lambda name: list(book[name].iter_rows(min_row=2, values_only=True))  # noqa: E731
    assert rows("Beitritte") == [
        (datetime(2026, 3, 1), "AG Verkehr und Mobilität", "Stadt Aue", "Mitglied")
    ]
    assert rows("Austritte") == [
        (datetime(2026, 6, 30), "AG Verkehr und Mobilität", "Stadt Borna", "Mitglied")
    ]
    assert rows("Mandatswechsel") == [
        (
            datetime(2026, 3, 1),
            "AG Verkehr und Mobilität",
            "Vertreter/in",
            "Stadt Aue",
            "neu",
            None,
            "Anna Erstmals",
        ),
        (
            datetime(2026, 5, 1),
            "AG Verkehr und Mobilität",
            "Vertreter/in",
            "Stadt Colditz",
            "Wechsel",
            "Anna Altmann",
            "Anna Neumann",
        ),
        (
            datetime(2026, 6, 30),
            "AG Verkehr und Mobilität",
            "Vertreter/in",
            "Stadt Borna",
            "beendet",
            "Anna Borner",
            None,
        ),
    ]


def test_the_page_runs_a_fixed_number_of_queries(client, login_as, make, count_queries):
    group = make.group("AG Viele")
    login_as("viewer")

    def count() -> int:
        with count_queries() as queries:
            assert client.get(f"/reports/changes?group={group.id}&{PERIOD}").status_code == 200
        return len(queries)

    before = count()
    for i in range(15):
        org = make.organisation(f"Gemeinde {i:02d}")
        make.membership(org, group, starts_on=date(2026, 2, 1), ends_on=date(2026, 10, 31))
        make.seat(make.contact(f"Person {i}"), group, organisation=org, starts_on=date(2026, 2, 1))
    assert count() == before
