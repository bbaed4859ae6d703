"""The merge target is picked on the record's page (issue 15: pickers everywhere): the likely
duplicates without JavaScript, any current record through the type-ahead lookup."""

from __future__ import annotations

import re

from crm.contacts import operations as contact_ops


def _merge_select(page: str) -> str:
    found = re.search(r'<select[^>]*id="merge-with"[^>]*>.*?</select>', page, re.S)
    assert found, "the page has the merge-target picker"
    return found.group(0)


def test_a_persons_page_offers_the_likely_duplicates_as_merge_target(client, login_as, make):
    anna = make.contact("Müller", first_name="Anna")
    twin = make.contact("Mueller", first_name="Anna")
    other = make.contact("Schulze", first_name="Kim")
    login_as("secretariat")
    page = client.get(f"/contacts/{anna.id}").get_data(as_text=True)
    select = _merge_select(page)
    assert 'data-lookup="/contacts/lookup"' in select and 'name="b"' in select
    assert f'value="{twin.id}"' in select and f'value="{other.id}"' not in select
    assert f'value="{anna.id}"' not in select  # never itself
    assert 'action="/contacts/merge"' in page and f'name="a" value="{anna.id}"' in page
    # the form leads to the merge page of the two, for any current person picked by typing
    compare = client.get(f"/contacts/merge?a={anna.id}&b={other.id}")
    assert compare.status_code == 200 and "Schulze" in compare.get_data(as_text=True)
    # nothing picked: back to the page with a message, not a 404
    empty = client.get(f"/contacts/merge?a={anna.id}&b=", follow_redirects=True)
    assert empty.status_code == 200
    assert "Bitte die Person wählen, mit der zusammengeführt wird." in empty.get_data(as_text=True)


def test_an_organisations_page_offers_its_likely_duplicates(client, login_as, make):
    leipzig = make.organisation("Stadt Leipzig")
    twin = make.organisation("Stadt Leipzig", email="info@leipzig.de")
    halle = make.organisation("Stadt Halle (Saale)", state="ST")
    login_as("secretariat")
    select = _merge_select(client.get(f"/organisations/{leipzig.id}").get_data(as_text=True))
    assert 'data-lookup="/organisations/lookup"' in select
    assert f'value="{twin.id}"' in select and f'value="{halle.id}"' not in select
    empty = client.get(f"/organisations/merge?a={leipzig.id}", follow_redirects=True)
    assert "Bitte die Organisation wählen" in empty.get_data(as_text=True)


def test_only_staff_get_the_merge_picker_and_not_on_archived_records(
    app, client, login_as, make, db
):
    anna = make.contact("Müller", first_name="Anna")
    gone = make.contact("Alt", first_name="Otto")
    contact_ops.archive_contact(gone)
    db.session.commit()
    for role in ("viewer", "group_lead"):
        other = app.test_client()
        login_as(role, c=other)
        assert 'id="merge-with"' not in other.get(f"/contacts/{anna.id}").get_data(as_text=True)
    login_as("secretariat")
    assert 'id="merge-with"' not in client.get(f"/contacts/{gone.id}").get_data(as_text=True)
