"""Benchmark: the people list, a search and a detail page with 200,000 people.

Fills a temporary SQLite database (schema from the migrations) with 20,000 organisations and
200,000 people (each with a current affiliation, every third with a former one too), logs in
with the Flask test client and prints the median response times as JSON.

    .venv/bin/python bench/bench_contacts.py [--people 200000] [--organisations 20000] [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LAST = str.split(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König "
    "Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel "
    "Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster "
    "Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß "
    "Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn"
)
FIRST = str.split(
    "Anna Jörg Jürgen Katrin Sabine Thomas Michael Andreas Stefan Petra Claudia Uwe Frank Birgit "
    "Susanne Matthias Kerstin Heike Ralf Sören Björn Jana Lena Lukas Jonas Mia Emma Ben Paul Leonie"
)
KINDS = ("city", "district", "ministry", "chamber", "company", "university", "public_company")
STATES = ("SN", "ST", "TH", "BY", "BE")
CITIES = (
    "Leipzig",
    "Halle (Saale)",
    "Jena",
    "Dessau-Roßlau",
    "Gera",
    "Chemnitz",
    "Zwickau",
    "Erfurt",
)


def fill(db, n_people: int, n_orgs: int) -> None:
    """Insert organisations, people and affiliations in bulk (executemany of dicts)."""
    import sqlalchemy as sa

    from crm.models import Affiliation, Contact, Organisation
    from crm.search.normalize import phone_key, search_key

    rnd = random.Random(2026)
    now = datetime.now(UTC)
    orgs = []
    for i in range(1, n_orgs + 1):
        city = rnd.choice(CITIES)
        name = f"{rnd.choice(('Stadtwerke', 'Verband', 'Gemeinde', 'Institut', 'Amt'))} {city} {i}"
        orgs.append(
            dict(
                id=i,
                name=name,
                kind=rnd.choice(KINDS),
                state=rnd.choice(STATES),
                city=city,
                street=f"Hauptstraße {i % 200}",
                postal_code=f"{4000 + i % 5000:05d}",
                search_text=search_key(name, None, f"Hauptstraße {i % 200}", None, city),
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
    conn = db.session.connection()
    conn.execute(sa.insert(Organisation), orgs)
    batch, affs = [], []
    aff_id = 0
    for i in range(1, n_people + 1):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        org_id = rnd.randint(1, n_orgs)
        email = f"{first.lower()}.{last.lower()}{i}@example.org"
        phone = f"+49 341 {rnd.randint(100000, 999999)}"
        batch.append(
            dict(
                id=i,
                salutation=rnd.choice(("Frau", "Herr", "")),
                first_name=first,
                last_name=last,
                phone=phone,
                legal_basis="legitimate_interest",
                is_no_contact=False,
                search_text=search_key(last, first, email, phone_key(phone)),
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
        aff_id += 1
        affs.append(
            dict(
                id=aff_id,
                contact_id=i,
                organisation_id=org_id,
                is_primary=True,
                job_title="Referent/in",
                email=email,
                starts_on=date(2020, 1, 1),
                ends_on=None,
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
        if i % 3 == 0:
            aff_id += 1
            affs.append(
                dict(
                    id=aff_id,
                    contact_id=i,
                    organisation_id=rnd.randint(1, n_orgs),
                    is_primary=False,
                    job_title=None,
                    email=None,
                    starts_on=date(2012, 1, 1),
                    ends_on=date(2019, 12, 31),
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )
        if len(batch) == 20_000:
            conn.execute(sa.insert(Contact), batch)
            conn.execute(sa.insert(Affiliation), affs)
            batch, affs = [], []
    if batch:
        conn.execute(sa.insert(Contact), batch)
        conn.execute(sa.insert(Affiliation), affs)
    db.session.commit()
    with db.engine.connect() as c:
        c.exec_driver_sql("ANALYZE")


def timed(client, url: str, runs: int, expect: str | None = None) -> float:
    """Return the median time in milliseconds of ``runs`` GETs of ``url``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if expect:
            assert expect in response.get_data(as_text=True), (url, expect)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--keep", metavar="DIR", help="build the database in DIR and reuse it on the next run"
    )
    args = parser.parse_args()

    from flask_migrate import upgrade

    from config import Config
    from crm import create_app
    from crm.extensions import db
    from tests import factories

    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        reuse = Path(tmp, "bench.sqlite").exists()

        class BenchConfig(Config):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp}/bench.sqlite"
            WTF_CSRF_ENABLED = False

        app = create_app(BenchConfig)
        with app.app_context():
            started = time.perf_counter()
            if not reuse:
                upgrade()
                fill(db, args.people, args.organisations)
                factories.make_user(role="secretariat", email="bench@test.example")
            fill_seconds = round(time.perf_counter() - started, 1)
            db.session.remove()
        client = app.test_client()
        response = client.post(
            "/login", data={"email": "bench@test.example", "password": factories.PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        detail_id = args.people // 2
        html = client.get("/contacts/?q=mueller").get_data(as_text=True)
        total = re.search(r"von ([\d.]+)", html).group(1)
        result = {
            "people": args.people,
            "organisations": args.organisations,
            "fill_seconds": fill_seconds,
            "runs": args.runs,
            "median_ms": {
                "contacts_list": timed(
                    client,
                    "/contacts/",
                    args.runs,
                    "von 200.000" if args.people == 200_000 else None,
                ),
                "contacts_list_page_100_sorted_by_organisation": timed(
                    client, "/contacts/?per_page=100&sort=organisation", max(3, args.runs // 3)
                ),
                "contacts_search_mueller": timed(
                    client, "/contacts/?q=mueller", args.runs, "Müller"
                ),
                "contacts_search_two_words_jorg_weiss": timed(
                    client, "/contacts/?q=jorg+weiss", args.runs
                ),
                "contacts_search_phone_part": timed(client, "/contacts/?q=0341+1234", args.runs),
                "global_search_grosser": timed(client, "/search?q=gross", args.runs),
                "contact_detail": timed(client, f"/contacts/{detail_id}", args.runs),
                "organisation_detail": timed(client, "/organisations/1", args.runs),
            },
            "search_mueller_hits": total,
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
