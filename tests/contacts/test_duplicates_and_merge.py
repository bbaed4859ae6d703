"""Duplicates are shown before saving; the duplicates page pairs them; merging keeps everything."""

import re

import sqlalchemy as sa

from crm.contacts import duplicates as services
from crm.extensions import db as _db
from crm.models import (
    Affiliation,
    AuditEvent,
    Contact,
    Invitation,
    Organisation,
    Seat,
    User,
)

NEW = {
    "salutation": "Herr",
    "first_name": "Juergen",
    "last_name": "Weiss-Groesser",
    "legal_basis": "legitimate_interest",
}


def count(model) -> int:
    _db.session.expire_all()
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_same_normalised_name_is_shown_before_saving_and_confirm_saves(client, login_as, make, db):
    org = make.organisation("Stadt Leipzig")
    existing = make.contact("Weiß-Größer", first_name="Jürgen", salutation="Herr", organisation=org)
    login_as("secretariat")
    response = client.post_form("/contacts/new", {**NEW, "organisation": "Stadt Leipzig"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mögliche Dubletten" in html and f'href="/contacts/{existing.id}"' in html
    assert "gleicher Name bei derselben Organisation" in html and "Trotzdem anlegen" in html
    assert count(Contact) == 1  # nothing saved
    response = client.post_form(
        "/contacts/new", {**NEW, "organisation": "Stadt Leipzig", "confirm": "y"}
    )
    assert response.status_code == 302 and count(Contact) == 2


def test_same_email_and_near_names_are_duplicates(make, app):
    org = make.organisation("IHK zu Leipzig", kind="chamber")
    schmidt = make.contact("Schmidt", first_name="Petra", organisation=org)
    mail = make.contact("Ganz", first_name="Anders", email="p.schmitt@ihk.de")
    make.contact("Schulz", first_name="Petra")  # same block, not similar enough
    make.contact("Schmitt", first_name="Ulrich")  # similar last name, other first name
    found = services.find_duplicates("Petra", "Schmitt", ["P.Schmitt@ihk.de"])
    by_id = {d.contact.id: d for d in found}
    assert set(by_id) == {schmidt.id, mail.id}
    assert by_id[mail.id].score == 100 and "email" in by_id[mail.id].reasons
    assert 85 <= by_id[schmidt.id].score < 100 and by_id[schmidt.id].reasons == ["similar_name"]
    # umlaut spellings are the same name
    mueller = make.contact("Müller", first_name="Anna")
    [dup] = services.find_duplicates("Anna", "Mueller")
    assert dup.contact.id == mueller.id and dup.score == 100


def test_duplicate_check_prefilters_in_sql(make, app, db, count_queries):
    """The fuzzy candidates are read with a prefix condition on search_text, not the table."""
    make.contact("Schmidt", first_name="Petra")
    with count_queries() as statements:
        services.find_duplicates("Petra", "Schmitt")
    assert any("search_text" in s and "sch" in str(p) for s, p in statements), statements


def test_duplicates_page_lists_pairs_with_a_score(client, login_as, make):
    a = make.contact("Müller", first_name="Jörg")
    b = make.contact("Mueller", first_name="Joerg")
    c = make.contact("Schmidt", first_name="Petra", email="petra@example.org")
    d = make.contact("Schmitt", first_name="Petra")
    e = make.contact("Anders", first_name="Kim", email="PETRA@example.org")
    make.contact("Zander", first_name="Kim")
    login_as("secretariat")
    html = client.get("/contacts/duplicates").get_data(as_text=True)
    rows = re.findall(
        r"<td>(\d+) %</td>\s*<td><a href=\"/contacts/(\d+)\">.*?href=\"/contacts/(\d+)\"",
        html,
        re.S,
    )
    pairs = {(int(x), int(y)): int(s) for s, x, y in rows}
    assert pairs[(a.id, b.id)] == 100
    assert pairs[(c.id, e.id)] == 100  # same e-mail
    assert 88 <= pairs[(c.id, d.id)] < 100
    assert len(pairs) == 3
    assert f"/contacts/merge?a={a.id}&amp;b={b.id}" in html


def test_merge_keeps_chosen_values_moves_everything_and_is_audited(client, login_as, make, db):
    org = make.organisation("Stadt Leipzig")
    org2 = make.organisation("Leipziger Verkehrsbetriebe", kind="public_company")
    group = make.group("AG Verkehr")
    meeting = make.meeting(group, "Sitzung 1")
    meeting2 = make.meeting(group, "Sitzung 2")
    keep = make.contact(
        "Weiß-Größer", first_name="Jürgen", salutation="Herr", organisation=org, title="Dr."
    )
    dup = make.contact(
        "Weiss-Groesser",
        first_name="Juergen",
        salutation="Herr",
        organisation=org2,
        phone="0341 999",
        notes="aus Import",
    )
    make.seat(dup, group, organisation=org2)
    make.invitation(meeting, keep)
    make.invitation(meeting, dup)  # both invited: stays with the archived duplicate
    make.invitation(meeting2, dup)
    linked = make.user("viewer", contact_id=dup.id)
    user = login_as("secretariat")
    # both have a history of their own
    client.post_form(f"/contacts/{dup.id}/archive")
    client.post_form(f"/contacts/{dup.id}/restore")
    dup_history = db.session.scalars(
        sa.select(AuditEvent.id).where(
            AuditEvent.entity_type == "contacts", AuditEvent.entity_id == dup.id
        )
    ).all()
    assert len(dup_history) == 2

    page = client.get(f"/contacts/merge?a={keep.id}&b={dup.id}").get_data(as_text=True)
    assert "Weiß-Größer" in page and "Weiss-Groesser" in page and "0341 999" in page
    response = client.post_form(
        f"/contacts/merge?a={keep.id}&b={dup.id}",
        {
            "survivor": "a",
            "keep_last_name": "a",
            "keep_first_name": "a",
            "keep_phone": "b",
            "keep_title": "a",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/contacts/{keep.id}"
    )
    db.session.expire_all()
    survivor, other = db.session.get(Contact, keep.id), db.session.get(Contact, dup.id)
    assert (
        survivor.last_name == "Weiß-Größer"
        and survivor.title == "Dr."
        and survivor.phone == "0341 999"
    )
    # empty on A, so B's value was preselected; the survivor notes where it came from
    assert survivor.notes == f"aus Import\nZusammengeführt aus #{dup.id} Juergen Weiss-Groesser"
    assert {a.organisation_id for a in survivor.affiliations} == {org.id, org2.id}
    assert [a.is_primary for a in survivor.affiliations if a.organisation_id == org.id] == [True]
    assert db.session.scalar(sa.select(Seat.contact_id)) == keep.id
    invitations = dict(
        db.session.execute(
            sa.select(Invitation.meeting_id, Invitation.contact_id).where(
                Invitation.contact_id == dup.id
            )
        ).all()
    )
    assert invitations == {meeting.id: dup.id}
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Invitation)
            .where(Invitation.contact_id == keep.id)
        )
        == 2
    )
    assert db.session.get(User, linked.id).contact_id == keep.id
    # the duplicate is archived, not deleted, and says where it went
    assert other is not None and other.is_archived and f"#{keep.id}" in other.notes
    # history: the duplicate's events moved over, plus a merge event with the chosen values
    history = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "contacts", AuditEvent.entity_id == keep.id
        )
    ).all()
    assert set(dup_history) <= {e.id for e in history}
    merge = next(e for e in history if e.action == "merge")
    assert merge.user_id == user.id and merge.changes["phone"] == [None, "0341 999"]
    assert merge.changes["merged_from"] == [dup.id, keep.id]
    assert (
        db.session.scalar(
            sa.select(AuditEvent.action).where(
                AuditEvent.entity_type == "contacts", AuditEvent.entity_id == dup.id
            )
        )
        == "merge"
    )
    html = client.get(f"/contacts/{keep.id}").get_data(as_text=True)
    assert "Leipziger Verkehrsbetriebe" in html and "AG Verkehr" in html and "Sitzung 2" in html
    assert html.count("<td>archiviert</td>") == 1 and "<td>zusammengeführt</td>" in html
    # the survivor is found by the duplicate's business data too; the duplicate list is empty now
    assert "Weiß-Größer" in client.get("/contacts/?q=0341 999").get_data(as_text=True)
    assert "Keine möglichen Dubletten" in client.get("/contacts/duplicates").get_data(as_text=True)


def _written_columns(statements: list[str]) -> set[tuple[str, str]]:
    """Return the (table, column) pairs the UPDATE and INSERT statements wrote."""
    written = set()
    for statement in statements:
        if m := re.match(r"\s*UPDATE (\w+) SET (.+?)(?: WHERE |$)", statement, re.S):
            written |= {(m[1], column) for column in re.findall(r"(\w+)=", m[2])}
        elif m := re.match(r"\s*INSERT INTO (\w+) \(([^)]*)\)", statement):
            written |= {(m[1], column.strip()) for column in m[2].split(",")}
    return written


def test_every_reference_to_a_person_or_organisation_is_handled_by_merge(app, db, make):
    """A new table pointing at contacts or organisations must be added to the merge: each
    such foreign key is written (moved, or united for tags) by the merge or a receiver of
    its signal."""
    from crm.contacts.merge import merge_contacts
    from crm.organisations.merge import merge_organisations
    from crm.tags.models import Tag

    refs = {"contacts": set(), "organisations": set()}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name in refs and table.name != "audit_events":
                refs[fk.column.table.name].add((table.name, fk.parent.name))
    keep_org, other_org = make.organisation("Stadt Jena"), make.organisation("Stadt  Jena")
    keep, other = make.contact("Jenaer"), make.contact("Jenaer")
    other_org.tags, other.tags = [Tag(name="Alt")], [Tag(name="Neu")]
    db.session.commit()
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        merge_contacts(keep, other, set())
        written_for_contacts = _written_columns(statements)
        statements.clear()
        merge_organisations(keep_org, other_org, set())
        written_for_organisations = _written_columns(statements)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)
    assert refs["contacts"] == refs["contacts"] & written_for_contacts
    assert refs["organisations"] == refs["organisations"] & written_for_organisations


def test_merge_rolls_back_completely_on_error(client, login_as, make, db, monkeypatch):
    a = make.contact("Eins")
    b = make.contact("Zwei", organisation=make.organisation("Org"))
    login_as("secretariat")
    from crm.audit import services as audit

    real = audit.record

    def failing(action, *args, **kwargs):
        if action == "merge":
            raise RuntimeError("boom")
        return real(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.post_form(f"/contacts/merge?a={a.id}&b={b.id}", {"survivor": "a"})
    finally:
        client.application.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    db.session.expire_all()
    assert db.session.scalar(sa.select(Affiliation.contact_id)) == b.id
    assert not db.session.get(Contact, b.id).is_archived


def test_organisations_duplicates_and_merge(client, login_as, make, db):
    parent = make.organisation("Freistaat Thüringen", kind="other", state="TH")
    keep = make.organisation("Stadt Jena", state="TH", city="Jena", email="info@jena.de")
    dup = make.organisation("Stadt  Jena", state="TH", postal_code="07743", parent=parent)
    child = make.organisation("Stadtwerke Jena", kind="public_company", state="TH", parent=dup)
    person = make.contact("Jenaer", organisation=dup)
    group = make.group("AG Wissenschaft")
    make.membership(dup, group)
    make.seat(person, group, organisation=dup)
    login_as("secretariat")
    # creating it again warns first
    response = client.post_form(
        "/organisations/new", {"name": "Stadt Jena", "kind": "city", "state": "TH"}
    )
    assert response.status_code == 200 and "Mögliche Dubletten" in response.get_data(as_text=True)
    assert count(Organisation) == 4
    html = client.get("/organisations/duplicates").get_data(as_text=True)
    assert f"/organisations/merge?a={keep.id}&amp;b={dup.id}" in html
    response = client.post_form(
        f"/organisations/merge?a={keep.id}&b={dup.id}",
        {"survivor": "a", "keep_postal_code": "b", "keep_parent_id": "b"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    survivor = db.session.get(Organisation, keep.id)
    assert survivor.postal_code == "07743" and survivor.email == "info@jena.de"
    assert survivor.parent_id == parent.id
    assert db.session.get(Organisation, child.id).parent_id == keep.id
    assert db.session.scalar(sa.select(Affiliation.organisation_id)) == keep.id
    assert db.session.get(Organisation, dup.id).is_archived
    html = client.get(f"/organisations/{keep.id}").get_data(as_text=True)
    assert "Anna Jenaer" in html and "AG Wissenschaft" in html and "Stadtwerke Jena" in html
    assert "<td>zusammengeführt</td>" in html


def test_near_name_warning_through_the_form(client, login_as, make):
    schmidt = make.contact("Schmidt", first_name="Petra")
    login_as("secretariat")
    response = client.post_form(
        "/contacts/new",
        {
            "first_name": "Petra",
            "last_name": "Schmitt",
            "salutation": "Frau",
            "legal_basis": "consent",
            "consent_given_at": "2026-01-01",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "ähnlicher Name" in html
    assert f'href="/contacts/{schmidt.id}"' in html and count(Contact) == 1


def test_names_that_sound_alike_pair_up_on_every_page(client, login_as, make):
    """Meier/Meyer/Maier, Schmidt/Schmitt, Meißner/Meisner pair up; the pages page through."""
    meier = make.contact("Meier", first_name="Anna")
    meyer = make.contact("Meyer", first_name="Anna")
    maier = make.contact("Maier", first_name="Anna")
    schmidt = make.contact("Schmidt", first_name="Petra")
    schmitt = make.contact("Schmitt", first_name="Petra")
    meissner = make.contact("Meißner", first_name="Jörg")
    meisner = make.contact("Meisner", first_name="Jörg")
    make.contact("Zander", first_name="Kim")
    login_as("secretariat")
    found = set()
    for number in (1, 2):
        html = client.get(f"/contacts/duplicates?page={number}&per_page=25").get_data(as_text=True)
        found |= {
            (int(a), int(b)) for a, b in re.findall(r"/contacts/merge\?a=(\d+)&amp;b=(\d+)", html)
        }
    expected = {
        (meier.id, meyer.id),
        (meier.id, maier.id),
        (meyer.id, maier.id),
        (schmidt.id, schmitt.id),
        (meissner.id, meisner.id),
    }
    assert found == expected
    assert "ähnlicher Name" in html or "ähnlicher Name" in client.get(
        "/contacts/duplicates"
    ).get_data(as_text=True)
    [dup] = services.find_duplicates("Anna", "Mayer", exclude_id=None)[:1]
    assert dup.contact.id in {meier.id, meyer.id, maier.id}


def test_duplicates_page_has_no_cap_and_pages(client, login_as, make, db):
    for i in range(30):
        make.contact("Krüger", first_name="Uwe", email=f"uwe{i}@example.org")
    login_as("secretariat")
    html = client.get("/contacts/duplicates?per_page=25").get_data(as_text=True)
    assert len(re.findall(r"/contacts/merge\?a=", html)) == 25
    assert "435" in html  # 30 · 29 / 2 pairs in all
    html = client.get("/contacts/duplicates?per_page=25&page=18").get_data(as_text=True)
    assert len(re.findall(r"/contacts/merge\?a=", html)) == 10  # the last page: 435 − 17 · 25


def test_organisations_that_sound_alike_pair_up(client, login_as, make):
    a = make.organisation("Stadtwerke Meißen", kind="public_company")
    b = make.organisation("Stadtwerke Meisen", kind="public_company")
    make.organisation("Stadtwerke Leipzig", kind="public_company")
    login_as("secretariat")
    html = client.get("/organisations/duplicates").get_data(as_text=True)
    assert re.findall(r"/organisations/merge\?a=(\d+)&amp;b=(\d+)", html) == [
        (str(a.id), str(b.id))
    ]
