"""A person's page finds likely duplicates by equal indexed keys only, at any size."""

import sqlalchemy as sa

from crm.contacts import duplicates as services
from crm.models import Contact


def _lookup(make, db, count_queries, person_name, twin_name, colleague_name, colleagues):
    org = make.organisation(f"Stadtverwaltung {colleagues}")
    person = make.contact(person_name[0], first_name=person_name[1], organisation=org)
    for i in range(colleagues):
        # colleagues whose names start alike: the old prefix scan read every one of them
        make.contact(colleague_name, first_name=f"Kim{i}", organisation=org)
    twin_id, person_id = make.contact(twin_name[0], first_name=twin_name[1]).id, person.id
    db.session.expunge_all()  # every person is loaded afresh, and seen loading
    person = db.session.get(Contact, person_id)
    assert person.affiliations  # loaded, as the page has them
    loaded = []

    def on_load(target, context):
        loaded.append(target.id)

    sa.event.listen(Contact, "load", on_load)
    try:
        with count_queries() as statements:
            found = services.likely_duplicates(person)
    finally:
        sa.event.remove(Contact, "load", on_load)
    return twin_id, [(d.contact.id, d.reasons) for d in found], statements, loaded


def test_the_lookup_runs_the_same_queries_with_3_or_30_colleagues_and_loads_none(
    make, app, db, count_queries
):
    small = _lookup(
        make, db, count_queries, ("Schmidt", "Petra"), ("Schmitt", "Petra"), "Schmalz", 3
    )
    large = _lookup(make, db, count_queries, ("Meier", "Anna"), ("Meyer", "Anna"), "Meinhardt", 30)
    for twin_id, found, statements, loaded in (small, large):
        assert found == [(twin_id, ["similar_name"])]
        assert loaded == [twin_id]  # no colleague is loaded to be compared
        # equality on stored keys only: no scan of names that start alike
        assert not any("search_text" in s.partition("WHERE")[2] for s, _ in statements)
    assert len(small[2]) == len(large[2])


def test_the_lookup_still_finds_the_same_name_and_the_same_email(make, app, db):
    org = make.organisation("Stadt Leipzig")
    person = make.contact("Weiß-Größer", first_name="Jürgen", organisation=org)
    same = make.contact("Weiss-Groesser", first_name="Juergen")
    mail = make.contact("Ganz", first_name="Anders", email="juergen@example.org")
    person.email = "Juergen@Example.org"
    db.session.commit()
    by_id = {d.contact.id: d for d in services.likely_duplicates(person)}
    assert set(by_id) == {same.id, mail.id}
    assert by_id[same.id].score == 100 and "same_name" in by_id[same.id].reasons
    assert by_id[mail.id].reasons == ["email"]
