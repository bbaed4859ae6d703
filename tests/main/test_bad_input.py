"""Absurd values in URLs and forms give a clear 4xx, never a server error."""

import pytest

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/organisations/?group={HUGE}",
        f"/organisations/?tag={HUGE}",
        f"/contacts/?group={HUGE}",
        f"/contacts/?organisation={HUGE}",
        f"/contacts/?tag={HUGE}",
        f"/meetings/?group={HUGE}",
        f"/exports/?group={HUGE}",
        f"/exports/?tag={HUGE}",
        f"/exports/contacts/csv?group={HUGE}",
        f"/exports/distribution?tag={HUGE}",
        f"/exports/organisations/csv?tag={HUGE}",
        f"/organisations/merge?a={HUGE}&b=1",
        f"/contacts/merge?a={HUGE}&b=1",
        "/groups/1?on=2026-02-30",
        "/organisations/?page=abc",
    ],
)
def test_huge_ids_and_odd_parameters_are_not_server_errors(client, login_as, path):
    login_as("secretariat")
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)


def test_edit_without_a_version_is_refused_and_changes_nothing(client, login_as, make, db):
    org = make.organisation("Stadt Gera", state="TH")
    login_as("secretariat")
    response = client.post_form(
        f"/organisations/{org.id}/edit",
        {"name": "Stadt Gera (geändert)", "kind": "city", "state": "TH", "version": ""},
    )
    assert response.status_code == 409  # refused like a stale edit, with the current data
    assert "Nicht gespeichert" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(org), org.id).name == "Stadt Gera"


def test_a_wrong_time_is_named_in_german_and_nothing_is_saved(client, login_as, make, db):
    import sqlalchemy as sa

    from crm.models import Meeting

    group = make.group("AG Zeit")
    login_as("secretariat")
    response = client.post_form(
        "/meetings/new",
        {
            "group_id": str(group.id),
            "title": "Test",
            "starts_on": "2026-12-01",
            "starts_time": "25:00",
            "ends_time": "26:00",
        },
    )
    assert response.status_code == 400
    assert "Bitte eine Uhrzeit wie 14:00 angeben." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
