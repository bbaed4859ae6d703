"""An organisation's page finds likely duplicates by equal indexed keys only, at any size."""

from crm.organisations import duplicates as services


def test_the_lookup_runs_the_same_queries_at_any_size_and_reads_no_name_word(
    make, app, db, count_queries
):
    def lookup(others, names):
        org, twin, same = (make.organisation(n, kind="public_company") for n in names)
        for i in range(others):
            make.organisation(f"Stadtwerke Ort{others}x{i}", kind="public_company")
        with count_queries() as statements:
            found = services.likely_duplicates(org)
        assert {d.organisation.id for d in found} == {twin.id, same.id}
        assert next(d for d in found if d.organisation.id == same.id).score == 100
        # no LIKE '%word%' over every organisation's search text
        assert not any("search_text" in s.partition("WHERE")[2] for s, _ in statements)
        return len(statements)

    small = lookup(3, ("Stadtwerke Meißen", "Stadtwerke Meisen", "stadtwerke  meissen"))
    large = lookup(30, ("Weißwasser GmbH", "Weisswaser GmbH", "weisswasser gmbh"))
    assert small == large


def test_the_same_address_in_other_case_is_found_through_the_email_index(
    make, app, db, count_queries
):
    org = make.organisation("Stadtwerke Nord", email="info@stadtwerke-nord.example")
    twin = make.organisation("SWN Energie", email="Info@Stadtwerke-Nord.example")
    with count_queries() as statements:
        found = services.likely_duplicates(org)
    assert [(d.organisation.id, d.reasons) for d in found] == [(twin.id, ["email"])]
    [statement] = [s for s, _ in statements if "email" in s.partition("WHERE")[2]]
    if db.engine.dialect.name == "sqlite":  # as the e-mail index has it: no scan of all of it
        assert 'organisations.email COLLATE "NOCASE"' in statement
