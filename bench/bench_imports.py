"""Import benchmark: 10,000 people from a German-Excel CSV, checked, matched and written.

Run: ``.venv/bin/python bench/bench_imports.py [--rows N]``; prints one JSON object.

A new database (temporary SQLite, or ``--database-url``, built through the migrations) gets
200 organisations and 2,000 people already stored, written through the models as the app
writes them (search text, sort and phonetic keys filled), so matching has work to do; the file has N rows: 10 % of them match stored people by e-mail,
the rest are new, spread over the 200 organisations plus 50 new ones. Measured: reading and
checking the file with the mapping (``plan_contacts``), then writing everything in one
transaction (``apply_plan`` + commit) — the work of the preview and the import steps.
Target: under 10 seconds for 10,000 rows. The same import of a tenth of the rows runs first
(``tenth``, and ``growth_per_row``: CPU per row, full over tenth), and each size has the
baseline of its own run: the CPU time of just reading the file's rows with ``csv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = ["Anna", "Jörg", "Ulrike", "Dirk", "Gülsen", "Sören", "Katrin", "Ralf", "Elke", "Uwe"]
LAST = ["Müller", "Schulze", "Böhme", "Strauß", "Weiß", "Özdemir", "Voigt", "Groß", "Krüger"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="an empty database to fill (its tables are dropped first); default a temporary SQLite",
    )
    args = parser.parse_args()
    # the tenth first: the peak memory printed with the full size is then the larger one
    tenth = measure(max(1, args.rows // 10), args.database_url)
    full = measure(args.rows, args.database_url)
    full["tenth"] = tenth
    full["growth_per_row"] = round(
        (full["total_cpu_seconds"] / full["rows"]) / (tenth["total_cpu_seconds"] / tenth["rows"]), 2
    )
    print(json.dumps(full, indent=2))


def measure(rows: int, database_url: str | None) -> dict:
    """Return the figures of one import of ``rows`` rows into a new database."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from bench import _data
    from config import Config
    from crm import create_app
    from crm.extensions import db
    from crm.imports.headers import recognise
    from crm.imports.plan import make_plan
    from crm.imports.reader import read_table
    from crm.imports.write import apply_plan
    from crm.models import Affiliation, Contact, Organisation

    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        url = database_url or f"sqlite:///{tmp}/bench.sqlite"

        class BenchConfig(Config):
            SQLALCHEMY_DATABASE_URI = url
            UPLOAD_FOLDER = tmp

        app = create_app(BenchConfig)
        rnd = random.Random(6)
        with app.test_request_context():
            # the schema as production has it: through the migrations (extensions, indexes)
            _data._reset(db.engine)
            upgrade()
            # stored records through the models, as the app writes them: the flush computes
            # their search text, sort and phonetic keys, which the matching looks up
            orgs = [
                Organisation(
                    name=f"Stadt Beispiel {i}",
                    kind="city",
                    state="SN",
                    postal_code=f"{4000 + i:05d}",
                    city=f"Ort {i}",
                )
                for i in range(1, 201)
            ]
            db.session.add_all(orgs)
            for i in range(1, 2001):
                person = Contact(
                    salutation="Frau",
                    first_name=rnd.choice(FIRST),
                    last_name=rnd.choice(LAST),
                    legal_basis="public_task",
                )
                person.affiliations.append(
                    Affiliation(
                        organisation=orgs[i % 200],
                        is_primary=True,
                        email=f"bestand{i}@example.org",
                    )
                )
                db.session.add(person)
            db.session.commit()

            source = Path(tmp) / "bench.csv"
            out = source.open("w", encoding="utf-8-sig", newline="")
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerow(
                [
                    "Anrede",
                    "Titel",
                    "Vorname",
                    "Nachname",
                    "Organisation",
                    "Abteilung",
                    "Funktion",
                    "E-Mail",
                    "Telefon",
                    "Straße",
                    "PLZ",
                    "Ort",
                ]
            )
            for i in range(rows):
                org = rnd.randint(1, 250)
                # every tenth row is a person already stored (each a different one)
                email = (
                    f"bestand{i // 10 + 1}@example.org" if i % 10 == 0 else f"neu{i}@example.org"
                )
                writer.writerow(
                    [
                        rnd.choice(["Frau", "Herr"]),
                        rnd.choice(["", "Dr."]),
                        rnd.choice(FIRST),
                        f"{rnd.choice(LAST)}{i}",
                        f"Stadt Beispiel {org}",
                        "Amt für Mobilität",
                        "Referent/in",
                        email,
                        "+49 341 123-456",
                        "Markt 1",
                        f"{4000 + org:05d}",
                        f"Ort {org}",
                    ]
                )
            out.close()

            # the baseline of the same run: reading the file's rows, nothing else
            base = time.process_time()
            with source.open(encoding="utf-8-sig", newline="") as raw:
                sum(1 for _row in csv.reader(raw, delimiter=";"))
            baseline_cpu = time.process_time() - base

            start, cpu_start = time.perf_counter(), time.process_time()
            table = read_table(source, "bench.csv")
            mapping = [m or "" for m in recognise("contacts", table.headers)]
            plan = make_plan("contacts", table, mapping, path=Path(tmp) / "plan.jsonl")
            checked = time.perf_counter()
            assert plan.ok, plan.issues[:3]
            summary = apply_plan(plan, filename="bench.csv")
            db.session.commit()
            done, cpu_done = time.perf_counter(), time.process_time()
            total = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))

    return {
        "rows": rows,
        "database": url.split(":", 1)[0],
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "read_and_check_seconds": round(checked - start, 2),
        "write_seconds": round(done - checked, 2),
        "total_seconds": round(done - start, 2),
        # the machine is shared: the CPU time of this process is what a quiet machine
        # would take (plus waiting for the disk), the wall time includes the others
        "total_cpu_seconds": round(cpu_done - cpu_start, 2),
        "baseline_csv_read_cpu_seconds": round(baseline_cpu, 3),
        "load_average": os.getloadavg(),
        "target_seconds": "< 10",
        "created": summary.created,
        "updated": summary.updated + summary.unchanged,
        "organisations_created": len(summary.organisations_created),
        "contacts_after": total,
        "ok": rows > 10_000 or done - start < 10,
    }


if __name__ == "__main__":
    main()
