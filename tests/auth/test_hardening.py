"""Personal-data downloads are never stored by a cache (files written 0600: see
``tests/privacy/test_retention_and_minimisation.py``)."""

import pytest


@pytest.mark.parametrize(
    "path", ["/reports/laender.xlsx", "/reports/matrix.xlsx", "/exports/contacts/xlsx"]
)
def test_downloads_of_logged_in_users_are_no_store(client, login_as, make, path):
    make.group("AG Verkehr")
    login_as("secretariat")
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(client, login_as):
    login_as("viewer")
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
