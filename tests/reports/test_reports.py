"""Reports through the app: Länder balance (with SVG chart), matrix, gaps, XLSX downloads."""

import re
from datetime import date
from io import BytesIO

import openpyxl
import pytest


@pytest.fixture
def region(make):
    """Two groups: AG Verkehr with all three Länder, PG Wasser without Thüringen."""
    verkehr = make.group("AG Verkehr", short_name="AG VM")
    wasser = make.group("PG Wasser", kind="project_group", short_name="PG W")
    leipzig = make.organisation("Stadt Leipzig", state="SN")
    halle = make.organisation("Stadt Halle (Saale)", state="ST")
    jena = make.organisation("Stadt Jena", state="TH")
    berlin = make.organisation("Bundesverband Berlin", kind="association", state="BE")
    alone = make.organisation("Gemeinde Ohnegremium", state="TH")
    make.membership(leipzig, verkehr, role="lead")
    make.membership(halle, verkehr)
    make.membership(jena, verkehr)
    make.membership(berlin, verkehr, role="advisory")
    make.membership(leipzig, wasser)
    make.membership(halle, wasser, role="guest")
    # Jena left PG Wasser at the end of 2023
    make.membership(jena, wasser, starts_on=date(2020, 1, 1), ends_on=date(2023, 12, 31))
    make.seat(
        make.contact("Sachse", organisation=leipzig), verkehr, role="lead", organisation=leipzig
    )
    make.seat(make.contact("Anhalter", organisation=halle), verkehr, organisation=halle)
    make.seat(make.contact("Thüringer", organisation=jena), verkehr, organisation=jena)
    make.seat(make.contact("Sekretariat"), verkehr, role="secretariat")
    make.seat(make.contact("Deputy"), wasser, role="deputy_lead", organisation=leipzig)
    return {"verkehr": verkehr, "wasser": wasser, "jena": jena, "alone": alone, "berlin": berlin}


def _row(html, marker):
    start = html.index(f'data-group="{marker}"')
    return html[start : html.index("</tr>", start)]


def test_laender_balance_counts_and_marks_missing_state(client, login_as, region):
    login_as("viewer")
    html = client.get("/reports/laender?on=2025-01-01").get_data(as_text=True)
    assert "<svg" in html and "<rect" in html and "cdn" not in html.lower()
    verkehr = _row(html, region["verkehr"].id)
    cells = [c.split("<")[0] for c in verkehr.split('<td class="text-end">')[1:]]
    # organisations SN ST TH other, then people SN ST TH other (secretariat counts as other)
    assert cells == ["1", "1", "1", "1", "1", "1", "1", "1"]
    assert "fehlt" not in verkehr
    wasser = _row(html, region["wasser"].id)
    assert "table-warning" in wasser and "fehlt: TH" in wasser
    # as of a date when Jena was still a member of PG Wasser, nothing is missing
    earlier = client.get("/reports/laender?on=2023-06-01").get_data(as_text=True)
    assert "fehlt: TH" not in _row(earlier, region["wasser"].id)
    # kind filter
    only_pg = client.get("/reports/laender?kind=project_group").get_data(as_text=True)
    assert "PG Wasser" in only_pg and "AG Verkehr" not in only_pg


def test_laender_balance_query_count_is_flat(client, login_as, region, make, count_queries):
    login_as("viewer")
    with count_queries() as small:
        client.get("/reports/laender")
    for i in range(8):
        g = make.group(f"AG Mehr {i}")
        make.membership(make.organisation(state="ST"), g)
    with count_queries() as big:
        client.get("/reports/laender")
    assert len(big) == len(small)


def _sheet(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(BytesIO(response.get_data()))
    return workbook, [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


def test_laender_balance_xlsx(client, login_as, region):
    login_as("viewer")
    _, rows = _sheet(client.get("/reports/laender.xlsx?on=2025-01-01"))
    assert rows[0][0] == "Gremium"
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["PG Wasser"][2:6] == [1, 1, 0, 0]
    assert by_name["PG Wasser"][-1] == "TH"
    assert by_name["AG Verkehr"][2:10] == [1] * 8


def test_matrix_with_roles_and_filters(client, login_as, region):
    login_as("secretariat")
    html = client.get("/reports/matrix?on=2025-01-01").get_data(as_text=True)
    assert "Stadt Leipzig" in html and "Federführung" in html and "Beratend" in html
    assert "Gemeinde Ohnegremium" not in html
    th = client.get("/reports/matrix?on=2025-01-01&state=TH").get_data(as_text=True)
    assert "Stadt Jena" in th and "Stadt Leipzig" not in th
    other = client.get("/reports/matrix?state=other").get_data(as_text=True)
    assert "Bundesverband Berlin" in other and "Stadt Jena" not in other
    pg = client.get("/reports/matrix?kind=project_group&on=2025-01-01").get_data(as_text=True)
    assert "PG W" in pg and "AG VM" not in pg and "Bundesverband Berlin" not in pg
    # as of 2023 Jena was still in PG Wasser
    old = client.get("/reports/matrix?kind=project_group&on=2023-06-01").get_data(as_text=True)
    assert "Stadt Jena" in old


def test_matrix_xlsx_has_every_row_and_neutralises_formulas(client, login_as, region, make):
    evil = make.organisation('=HYPERLINK("http://x")', state="SN")
    make.membership(evil, region["verkehr"])
    login_as("secretariat")
    workbook, rows = _sheet(client.get("/reports/matrix.xlsx?on=2025-01-01"))
    assert rows[0][:3] == ["Organisation", "Land", "Art"]
    assert rows[0][3:] == ["AG VM", "PG W"]  # working groups, project groups, committees
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names)
    # a text cell with Excel's "quote prefix": the name unchanged, never a formula
    assert '=HYPERLINK("http://x")' in names
    cell = next(c for c in workbook.worksheets[0]["A"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s" and cell.quotePrefix
    leipzig = next(r for r in rows if r[0] == "Stadt Leipzig")
    assert leipzig[3:] == ["Federführung", "Mitglied"]
    # filters apply to the download too
    _, th = _sheet(client.get("/reports/matrix.xlsx?state=TH&on=2025-01-01"))
    assert [r[0] for r in th[1:]] == ["Stadt Jena"]


def test_gaps_lists_lonely_organisations_and_groups_without_leads(client, login_as, region):
    login_as("viewer")
    html = client.get("/reports/gaps?on=2025-01-01").get_data(as_text=True)
    no_lead = html[html.index('id="no-lead"') : html.index('id="no-group"')]
    # AG Verkehr has a lead but no deputy; PG Wasser a deputy but no lead
    assert "AG Verkehr" in no_lead and "PG Wasser" in no_lead
    no_group = html[html.index('id="no-group"') :]
    assert "Gemeinde Ohnegremium" in no_group and "Stadt Leipzig" not in no_group
    st = client.get("/reports/gaps?state=ST").get_data(as_text=True)
    assert "Gemeinde Ohnegremium" not in st
    workbook, rows = _sheet(client.get("/reports/gaps.xlsx?on=2025-01-01"))
    assert [r[0] for r in rows[1:]] == ["Gemeinde Ohnegremium"]
    leads = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ["AG Verkehr", "Arbeitsgruppe", "ja", "fehlt"] in leads
    assert ["PG Wasser", "Projektgruppe", "fehlt", "ja"] in leads


def test_reports_are_reachable_for_every_role(client, login_as, region):
    login_as("viewer")
    index = client.get("/reports/").get_data(as_text=True)
    for path in ("/reports/laender", "/reports/matrix", "/reports/gaps"):
        assert f'href="{path}"' in index
        assert client.get(path).status_code == 200
    # the matrix is printed from its print view (every row and column, tests/e2e/test_print.py)
    assert 'href="/reports/matrix/print"' in client.get("/reports/matrix").get_data(as_text=True)
    assert "data-print" in client.get("/reports/matrix/print").get_data(as_text=True)


def test_matrix_sorts_names_without_regard_to_case_and_scrolls_in_its_frame(client, login_as, make):
    """Issue 15, point 8: "Bauhaus" before "BMW", umlauts as their base letter."""
    group = make.group("AG Wirtschaft")
    for name in ("BMW Werk Leipzig", "Bauhaus-Universität Weimar", "Ärztekammer Sachsen", "Zoo"):
        make.membership(make.organisation(name), group)
    login_as("secretariat")
    html = client.get("/reports/matrix").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', html)
    assert rows == ["Ärztekammer Sachsen", "Bauhaus-Universität Weimar", "BMW Werk Leipzig", "Zoo"]
    assert 'class="table-responsive matrix-frame"' in html
    css = client.get("/static/css/app.css").get_data(as_text=True)
    assert ".matrix tbody th { position: sticky; left: 0" in css


def test_gaps_without_gaps_reads_no_rows_after_counting_none(client, login_as, make, count_queries):
    login_as("viewer")
    group = make.group()
    for i in range(3):
        make.membership(make.organisation(f"Stadt {i}"), group)
    with count_queries() as queries:
        html = client.get("/reports/gaps").get_data(as_text=True)
    assert "Stadt 0" not in html
    # the count said 0: the ordered scan of every organisation for the page is not run
    assert not [s for s, _ in queries if "ORDER BY organisations.name" in s]


def test_kept_gap_and_balance_counts_follow_a_new_membership(
    client, login_as, region, make, count_queries
):
    """The counts are kept between views (``crm.aggregates``) and read again after a write."""
    login_as("viewer")
    assert "Gemeinde Ohnegremium" in client.get("/reports/gaps").get_data(as_text=True)
    before = _row(client.get("/reports/laender").get_data(as_text=True), region["wasser"].id)
    with count_queries() as again:
        client.get("/reports/gaps")
        client.get("/reports/laender")
    # no count over every organisation, membership or seat on the second view
    assert not [s for s, _ in again if "count(" in s and "memberships" in s]
    make.membership(region["alone"], region["wasser"])
    assert "Gemeinde Ohnegremium" not in client.get("/reports/gaps").get_data(as_text=True)
    after = _row(client.get("/reports/laender").get_data(as_text=True), region["wasser"].id)
    assert "fehlt: TH" in before and "fehlt: TH" not in after


def test_kept_matrix_count_follows_a_new_membership(client, login_as, make, count_queries):
    """The matrix's number of rows is kept between views (``crm.aggregates``): the second
    view tests no organisation for a membership; a new membership is counted at once."""
    login_as("viewer")
    group = make.group()
    make.membership(make.organisation("Stadt Erstmitglied"), group)
    assert "Stadt Erstmitglied" in client.get("/reports/matrix").get_data(as_text=True)
    with count_queries() as again:
        assert "Stadt Erstmitglied" in client.get("/reports/matrix").get_data(as_text=True)
    assert not [s for s, _ in again if "count(" in s and "memberships" in s]
    make.membership(make.organisation("Stadt Neumitglied"), group)
    html = client.get("/reports/matrix").get_data(as_text=True)
    assert "Stadt Erstmitglied" in html and "Stadt Neumitglied" in html
