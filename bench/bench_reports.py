"""Benchmark the group reports: time and peak Python memory of the pages and XLSX downloads.

Builds a throw-away SQLite database with N organisations spread over 30 groups (about four
memberships each) and prints JSON: for each size, the seconds and the peak traced memory
(tracemalloc, MiB) of the Länder balance page, one matrix page and the full matrix XLSX.
The XLSX peak should stay flat as N grows (constant_memory + streamed query).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from config import TestConfig  # noqa: E402
from crm import create_app  # noqa: E402
from crm.extensions import db  # noqa: E402


def build(n_orgs: int, workdir: Path):
    url = f"sqlite:///{workdir / f'bench-{n_orgs}.sqlite'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        from crm.models import Group, Membership, Organisation, User

        rnd = random.Random(4)
        states = ["SN", "ST", "TH", "BE", "XX"]
        db.session.execute(
            sa.insert(Group),
            [
                {
                    "kind": ("working_group", "project_group")[i % 2],
                    "name": f"AG {i:02d}",
                    "short_name": f"G{i:02d}",
                    "version": 1,
                }
                for i in range(30)
            ],
        )
        db.session.execute(
            sa.insert(Organisation),
            [
                {
                    "name": f"Organisation {i:06d}",
                    "kind": "city",
                    "state": rnd.choice(states),
                    "search_text": f"organisation {i:06d}",
                    "version": 1,
                }
                for i in range(n_orgs)
            ],
        )
        rows = []
        for org in range(1, n_orgs + 1):
            for group in rnd.sample(range(1, 31), 4):
                rows.append(
                    {
                        "organisation_id": org,
                        "group_id": group,
                        "role": "member",
                        "starts_on": date(2020, 1, 1),
                        "version": 1,
                    }
                )
        db.session.execute(sa.insert(Membership), rows)
        user = User(email="bench@example.org", name="Bench", role="secretariat")
        user.set_password("Bench-Passwort-123")
        db.session.add(user)
        db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def measure(client, url: str) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    body = response.get_data()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200, (url, response.status_code)
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 2**20, 1), "bytes": len(body)}


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1000, 8000):
            app = build(n, Path(tmp))
            with app.app_context():
                client = app.test_client()
                r = client.post(
                    "/login", data={"email": "bench@example.org", "password": "Bench-Passwort-123"}
                )
                assert r.status_code == 302
                results.append(
                    {
                        "organisations": n,
                        "memberships": 4 * n,
                        "laender_page": measure(client, "/reports/laender"),
                        "matrix_page": measure(client, "/reports/matrix?per_page=100"),
                        "matrix_xlsx": measure(client, "/reports/matrix.xlsx"),
                    }
                )
                db.session.remove()
                db.engine.dispose()
    print(json.dumps({"bench": "reports", "results": results}, indent=2))


if __name__ == "__main__":
    main()
