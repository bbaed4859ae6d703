"""The benchmarks' data set, built the way the app builds it, and cached between runs.

``build(url, people)`` upgrades the database through the migrations and fills it through
the models: every organisation, person, affiliation, membership, seat, meeting and
invitation is an ORM object added to the session and flushed in batches, so the flush hook
computes ``search_text``, ``sort_key`` and ``phonetic_key`` exactly as for a record saved in
the app (nothing is inserted as raw rows).

The set at ``people`` = N (default 200,000): N / 10 organisations; names drawn from a long
tail (a few very common German surnames, many rare ones, so duplicates are as frequent as
in a real register, plus some deliberate Meier/Meyer pairs); every person has a current
affiliation, every third a former one too; 30 groups with a few members each; and the
large cases: one group with N / 40 member organisations (5,000 at 200,000) and a seat for
a person of each, one organisation with N / 40 people (5,000), one meeting of the large
group with an invitation for each seat holder, and one person invited to 40 meetings.

A built database is reused: SQLite files are kept under ``instance/bench/`` named by size
and a hash of the code that shapes the data (the fill functions of this file and the search
normaliser); on PostgreSQL a small ``bench_build`` table remembers the key of the data set in
it. A reused set is brought up to date by the migrations (and analysed), as production is.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
COMMON_LAST = str.split(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König"
)
FIRST = str.split(
    "Anna Jörg Jürgen Katrin Sabine Thomas Michael Andreas Stefan Petra Claudia Uwe Frank Birgit "
    "Susanne Matthias Kerstin Heike Ralf Sören Björn Jana Lena Lukas Jonas Mia Emma Ben Paul Leonie "
    "Ulrike Dirk Gülsen Elke Tobias Franziska Henrik Ines Kai Luise Marek Nadine Olaf Pia Rainer "
    "Silke Till Vera Wiebke Yvonne"
)
# syllables for the long tail of surnames: Bergmann, Lindhoff, Rosenthaler …
_HEAD = str.split(
    "Ber Lin Ros Hag Kal Wed Dorn Eich Fal Gro Hol Ket Lau Mar Nie Ost Pfa Rei Sal Tan Vol Wal "
    "Zie Bir Dre Els Fin Gie Hei Jan Kre Loh Mös Neu Pau Que Rüd Stö Tre Ulb"
)
_TAIL = str.split(
    "gmann dhoff enthal busch feld ke ner mann stedt berg dorf hagen lich ow itz sch ert "
    "bauer hardt wald"
)
KINDS = ("city", "district", "ministry", "chamber", "company", "university", "public_company")
STATES = ("SN", "ST", "TH", "BY", "BE")
CITIES = ("Leipzig", "Halle (Saale)", "Jena", "Dessau-Roßlau", "Gera", "Chemnitz", "Erfurt")
ORG_WORDS = str.split(
    "Stadtwerke Verkehrsbetriebe Wohnungsgesellschaft Sparkasse Institut Hochschule Kammer "
    "Verband Planungsbüro Stiftung Klinikum Agentur Zweckverband"
)
SEAT_ROLES = ("delegate", "deputy_delegate", "guest")
BENCH_EMAIL = "bench@test.example"


def sizes(people: int) -> dict[str, int]:
    """Return the counts of the data set for ``people`` people."""
    return {
        "people": people,
        "organisations": people // 10,
        "large_group_members": people // 40,
        "large_organisation_people": people // 40,
    }


def code_version() -> str:
    """Return a short hash of the code that shapes the data set.

    The migrations are not in it: a kept data set is brought up to date by ``flask db
    upgrade`` (``build`` runs it on every reuse), exactly as a production database is, so a
    new index or stored column does not force a rebuild of 200,000 people.
    """
    digest = hashlib.sha256()
    # what fills the tables (not the caching around it) and what computes the stored keys
    for part in (sizes, _surname, _Bulk, _stored, _copied, _fill):
        digest.update(inspect.getsource(part).encode())
    digest.update(repr((COMMON_LAST, FIRST, _HEAD, _TAIL, KINDS, STATES, CITIES)).encode())
    digest.update(repr((ORG_WORDS, SEAT_ROLES, BENCH_EMAIL)).encode())
    digest.update((ROOT / "crm/search/normalize.py").read_bytes())
    return digest.hexdigest()[:12]


def default_url(people: int) -> str:
    folder = ROOT / "instance" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder}/people-{people}-{code_version()}.sqlite"


def database_url(args_url: str | None, people: int) -> str:
    """Return ``--database-url``, else ``DATABASE_URL``, else a cached SQLite file."""
    url = args_url or os.environ.get("DATABASE_URL")
    return url or default_url(people)


def _surname(rnd: random.Random) -> str:
    # a fifth of the people carry one of the common names, the rest a long tail
    if rnd.random() < 0.2:
        return rnd.choice(COMMON_LAST)
    return rnd.choice(_HEAD) + rnd.choice(_TAIL) + rnd.choice(("", "", "", "er", "s", "t"))


def _stored_key(engine) -> str | None:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("bench_build"):
            return None
        return conn.scalar(sa.text("SELECT build_key FROM bench_build"))


def _reset(engine) -> None:
    """Empty a PostgreSQL database for a new build (a SQLite file is simply new)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))


def build(app, people: int, log=print) -> dict:
    """Make sure the app's database holds the data set for ``people``; return its ids."""
    from flask_migrate import upgrade

    from crm.extensions import db

    key = f"{people}-{code_version()}"
    with app.app_context():
        stored = _stored_key(db.engine)
        if stored != key:
            started = time.perf_counter()
            _reset(db.engine)
            upgrade()
            _fill(db, people, log)
            with db.engine.begin() as conn:
                conn.execute(sa.text("CREATE TABLE bench_build (build_key VARCHAR(100))"))
                conn.execute(sa.text("INSERT INTO bench_build VALUES (:k)"), {"k": key})
            log(f"built {people} people in {time.perf_counter() - started:.0f} s")
            _check_copies(db)
        else:
            upgrade()  # migrations added since the build, as on a production database
        _settle(db.engine)
        return _ids(db)


def _check_copies(db) -> None:
    """Refuse a data set whose copied sort keys (``_copied``) differ from what the app's
    ``crm.search.copies`` would store: the benchmark would measure orders the app never has."""
    from crm.search.copies import COPIES

    for model, fk, source in COPIES:
        stale = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(model)
            .join(source, source.id == fk)
            .where(model.sort_key != source.sort_key)
        )
        if stale:
            raise RuntimeError(f"{stale} {model.__tablename__} rows with a stale sort_key")


def _settle(engine) -> None:
    """Bring the statistics up to date (new indexes too), as a production database's
    autovacuum does; on PostgreSQL also the visibility map (``VACUUM``), without which an
    index-only scan reads every row's page again (a deep page: 3,025 heap fetches)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def _ids(db) -> dict:
    from crm.models import Affiliation, Contact, Group, Invitation, Meeting, Membership

    large_group = db.session.scalar(sa.select(Group.id).where(Group.name == "AG Großgruppe"))
    large_org = db.session.scalar(
        sa.select(Affiliation.organisation_id)
        .group_by(Affiliation.organisation_id)
        .order_by(sa.func.count().desc())
        .limit(1)
    )
    invited = db.session.scalar(
        sa.select(Invitation.contact_id)
        .group_by(Invitation.contact_id)
        .order_by(sa.func.count().desc())
        .limit(1)
    )
    large_meeting = db.session.scalar(
        sa.select(Meeting.id).where(Meeting.group_id == large_group).order_by(Meeting.id).limit(1)
    )
    small_group = db.session.scalar(
        sa.select(Membership.group_id).where(Membership.group_id != large_group).limit(1)
    )
    person = db.session.scalar(sa.select(sa.func.max(Contact.id))) // 2
    db.session.remove()
    return {
        "large_group": large_group,
        "large_organisation": large_org,
        "invited_person": invited,
        "large_meeting": large_meeting,
        "small_group": small_group,
        "person": person,
    }


class _Bulk:
    """Rows inserted in batches of dicts, with explicit ids.

    The stored search columns are computed by the models' own functions (the ones the flush
    hook calls: ``compute_search_text``, ``compute_sort_key``, ``compute_phonetic_key``) on a
    plain namespace holding the row's fields, so a row is stored as if the app had saved it,
    at a fraction of the ORM's cost per object (200,000 ORM objects took minutes).
    """

    def __init__(self, session, model, every: int = 5000, parent: _Bulk | None = None):
        self.session, self.model, self.every, self.parent = session, model, every, parent
        self.rows: list[dict] = []
        self.next_id = 1
        self.now = datetime.now(UTC)

    def add(self, **fields) -> int:
        row_id = self.next_id
        self.next_id += 1
        row = {"id": row_id, "created_at": self.now, "updated_at": self.now, **fields}
        if "version" in self.model.__table__.c:
            row["version"] = 1
        self.rows.append(row)
        if len(self.rows) >= self.every:
            self.flush()
        return row_id

    def flush(self) -> None:
        if self.parent is not None:  # the rows this batch points at are written first
            self.parent.flush()
        if self.rows:
            self.session.execute(sa.insert(self.model.__table__), self.rows)
            self.rows.clear()


def _stored(model, fields: dict, **related) -> dict:
    """Return ``fields`` plus the stored search columns as the model computes them."""
    row = SimpleNamespace(**fields, **related)
    fields["search_text"] = model.compute_search_text(row)[:700]
    fields["sort_key"] = model.compute_sort_key(row)[:300]
    fields["phonetic_key"] = model.compute_phonetic_key(row)[:200]
    return fields


def _copied(model, role: str, key: str) -> dict:
    """Return the stored rank and copied sort key of a seat or membership, as the app's
    write hooks set them (``crm.groups.models``, ``crm.search.copies``)."""
    return {"role_rank": model.RANKS.get(role, 9), "sort_key": key}


def _fix_sequences(session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (
        "organisations",
        "contacts",
        "affiliations",
        "memberships",
        "seats",
        "invitations",
        "groups",
        "meetings",
    ):
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )


def _fill(db, people: int, log) -> None:
    from crm.meetings.models import new_token, new_uid
    from crm.models import (
        Affiliation,
        Contact,
        Group,
        Invitation,
        Meeting,
        Membership,
        Organisation,
        Seat,
        User,
    )
    from crm.search.normalize import search_key

    n = sizes(people)
    rnd = random.Random(2026)
    session = db.session
    t0 = time.perf_counter()
    orgs = _Bulk(session, Organisation)
    org_names = [""]  # by id
    org_keys = [""]  # the stored sort keys, by id (copied by memberships)
    for i in range(1, n["organisations"] + 1):
        city = rnd.choice(CITIES)
        fields = dict(
            name=f"{rnd.choice(ORG_WORDS)} {_surname(rnd)} {city}",
            short_name=None,
            kind=rnd.choice(KINDS),
            state=rnd.choice(STATES),
            city=city,
            street=f"Hauptstraße {i % 200}",
            postal_code=f"{4000 + i % 5000:05d}",
            email=f"info{i}@org{i}.example" if i % 2 else None,
            website=None,
            phone=None,
        )
        orgs.add(**_stored(Organisation, fields))
        org_names.append(fields["name"])
        org_keys.append(fields["sort_key"])
    orgs.flush()
    org_ids = list(range(1, orgs.next_id))
    large_org = org_ids[0]
    log(f"  organisations: {time.perf_counter() - t0:.0f} s")

    contacts = _Bulk(session, Contact)
    affs = _Bulk(session, Affiliation, parent=contacts)
    primary: dict[int, int] = {}  # organisation -> its first person (seats in the large group)
    person_keys = [""]  # the stored sort keys, by id (copied by seats and invitations)
    for i in range(1, people + 1):
        first, last = rnd.choice(FIRST), _surname(rnd)
        if i % 500 == 0:  # a few deliberate duplicates by sound
            last = rnd.choice(("Meier", "Meyer", "Maier", "Schmidt", "Schmitt", "Meißner"))
        org_id = large_org if i <= n["large_organisation_people"] else rnd.choice(org_ids)
        primary.setdefault(org_id, i)
        current = dict(
            organisation_id=org_id,
            is_primary=True,
            job_title="Referent/in",
            department=None,
            email=f"{first.lower()}.{last.lower()}{i}@example.org",
            phone=f"+49 341 {rnd.randint(100000, 999999)}",
            starts_on=date(2020, 1, 1),
            ends_on=None,
        )
        former = dict(
            organisation_id=rnd.choice(org_ids),
            is_primary=False,
            job_title=None,
            department=None,
            email=None,
            phone=None,
            starts_on=date(2012, 1, 1),
            ends_on=date(2019, 12, 31),
        )
        held = [current, former] if i % 3 == 0 else [current]
        fields = dict(
            salutation=rnd.choice(("Frau", "Herr", "")),
            first_name=first,
            last_name=last,
            email=f"{first.lower()}{i}@privat.example" if i % 7 == 0 else None,
            phone=None,
            legal_basis="legitimate_interest",
            is_no_contact=False,
        )
        affiliations = [SimpleNamespace(**a) for a in held]
        # the name of the current (primary) organisation, as Contact.compute_organisation_sort_key
        fields["organisation_sort_key"] = search_key(org_names[org_id])[:300]
        contact_id = contacts.add(**_stored(Contact, fields, affiliations=affiliations))
        person_keys.append(fields["sort_key"])
        for a in held:
            affs.add(contact_id=contact_id, **a)
    contacts.flush()
    affs.flush()
    log(f"  people: {time.perf_counter() - t0:.0f} s")

    groups = [
        Group(id=i + 1, kind=("working_group", "project_group")[i % 2], name=f"AG {i:02d}")
        for i in range(30)
    ]
    large_id = 31
    groups.append(
        Group(id=large_id, kind="working_group", name="AG Großgruppe", short_name="AG GG")
    )
    session.add_all(groups)
    session.flush()
    group_ids = list(range(1, 31))
    memberships = _Bulk(session, Membership)
    for org_id in org_ids:
        for group_id in rnd.sample(group_ids, 2):
            memberships.add(
                organisation_id=org_id,
                group_id=group_id,
                role="member",
                starts_on=date(2020, 1, 1),
                **_copied(Membership, "member", org_keys[org_id]),
            )
    members = org_ids[: n["large_group_members"]]
    for org_id in members:
        memberships.add(
            organisation_id=org_id,
            group_id=large_id,
            role="member",
            starts_on=date(2021, 1, 1),
            **_copied(Membership, "member", org_keys[org_id]),
        )
    memberships.flush()
    seats = _Bulk(session, Seat)
    seated = [(primary[org_id], org_id) for org_id in members if org_id in primary]
    for contact_id, org_id in seated:
        role = rnd.choice(SEAT_ROLES)
        seats.add(
            contact_id=contact_id,
            group_id=large_id,
            organisation_id=org_id,
            role=role,
            starts_on=date(2021, 1, 1),
            **_copied(Seat, role, person_keys[contact_id]),
        )
    seats.flush()
    log(f"  groups, memberships, seats: {time.perf_counter() - t0:.0f} s")

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    meetings = []
    for i, group_id in enumerate([large_id, *group_ids]):
        for k in range(40 if group_id == large_id else 4):
            meetings.append(
                Meeting(
                    id=len(meetings) + 1,
                    group_id=group_id,
                    title=f"Sitzung {k + 1}",
                    status="scheduled",
                    starts_at=start + timedelta(days=7 * k + i),
                    ends_at=start + timedelta(days=7 * k + i, hours=2),
                    location="Leipzig, Neues Rathaus",
                    uid=new_uid(),
                )
            )
    session.add_all(meetings)
    session.flush()
    large_meetings = list(range(1, 41))
    invitations = _Bulk(session, Invitation)
    for contact_id, org_id in seated:
        invitations.add(
            meeting_id=1,
            contact_id=contact_id,
            organisation_id=org_id,
            rsvp="pending",
            attended="unknown",
            token=new_token(),
            sort_key=person_keys[contact_id],
        )
    invited = seated[1][0]
    for meeting_id in large_meetings[1:]:
        invitations.add(
            meeting_id=meeting_id,
            contact_id=invited,
            organisation_id=None,
            rsvp="pending",
            attended="unknown",
            token=new_token(),
            sort_key=person_keys[invited],
        )
    invitations.flush()
    _fix_sequences(session)
    user = User(email=BENCH_EMAIL, name="Bench", role="admin")
    user.set_password("Bench-Passwort-123")
    session.add(user)
    session.commit()
    log(f"  meetings, invitations: {time.perf_counter() - t0:.0f} s")
