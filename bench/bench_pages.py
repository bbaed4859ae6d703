"""Benchmark: every navigation and detail page at N people and at a tenth of N.

Builds (or reuses, see ``bench/_data.py``) the data set at N people and at N / 10 through
the migrations and the models, logs in with the Flask test client and requests each page
``--runs`` times. Per page and size it prints the app's CPU time per request
(``time.process_time`` around the request, in this process: the database server's own CPU
on PostgreSQL is not in it), the wall time, and the number of SQL statements; and the
growth from the tenth to the full size. The baseline, measured in the same run, is
``/healthz`` (one query, no template).

    .venv/bin/python bench/bench_pages.py [--people 200000] [--runs 5]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/t_scale_bench]
        [--pages group_large,meeting_large]

On PostgreSQL the tenth-size set lives in a second database, the given name plus
``_tenth`` (created when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from bench import _data  # noqa: E402

#: the pages measured: name -> URL (ids filled from the data set)
PAGES = {
    "baseline_healthz": "/healthz",
    "dashboard": "/",
    "organisations": "/organisations/",
    "organisations_sorted_city": "/organisations/?sort=city",
    "contacts": "/contacts/",
    "contacts_sorted_by_organisation": "/contacts/?sort=organisation",
    "contacts_deep_page": "/contacts/?page={deep_page}",
    # the same page reached by the list's "Weiter" link: a keyset cursor, no OFFSET
    "contacts_deep_page_cursor": "/contacts/?page={deep_page}&after={deep_after}",
    "contacts_search_mueller": "/contacts/?q=mueller",
    "contacts_search_meisner": "/contacts/?q=meisner",
    "contacts_search_two_words": "/contacts/?q=jorg+bergmann",
    "contacts_search_phone": "/contacts/?q=0341+1234",
    "global_search": "/search?q=gross",
    "groups": "/groups/",
    "meetings": "/meetings/",
    "reports": "/reports/",
    "reports_laender": "/reports/laender",
    "reports_matrix": "/reports/matrix",
    "reports_gaps": "/reports/gaps",
    "exports": "/exports/",
    "audit": "/audit/",
    "contacts_duplicates": "/contacts/duplicates",
    "organisations_duplicates": "/organisations/duplicates",
    "group_large": "/groups/{large_group}",
    "group_large_members_page_50": "/groups/{large_group}?members_page=50",
    "group_small": "/groups/{small_group}",
    "organisation_large": "/organisations/{large_organisation}",
    "organisation_large_people_page_50": "/organisations/{large_organisation}?people_page=50",
    "contact_detail": "/contacts/{person}",
    "contact_invited_40_times": "/contacts/{invited_person}",
    "meeting_large": "/meetings/{large_meeting}",
}


def tenth_url(url: str) -> str:
    """Return the URL of the tenth-size data set beside ``url``."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return url
    name = f"{parsed.database}_tenth"
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def make_app(url: str):
    from config import Config
    from crm import create_app

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = False
        MFA_REQUIRED_ROLES = ()  # the bench user is an admin; pages, not the second factor

    return create_app(BenchConfig)


def measure(app, ids: dict, runs: int, only: list[str] | None = None) -> dict:
    """Return per page: median CPU ms, median wall ms, statements per request."""
    from crm.extensions import db

    client = app.test_client()
    response = client.post(
        "/login", data={"email": _data.BENCH_EMAIL, "password": "Bench-Passwort-123"}
    )
    assert response.status_code == 302, response.status_code
    statements = []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    results = {}
    for name, pattern in PAGES.items():
        if only and name not in only and name != "baseline_healthz":
            continue
        url = pattern.format(**ids)
        cpu, wall, queries = [], [], []
        for _ in range(runs):
            statements.clear()
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(url)
            response.get_data()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
            queries.append(len(statements))
            assert response.status_code == 200, (url, response.status_code)
        results[name] = {
            "url": url,
            "cpu_ms": round(statistics.median(cpu), 1),
            "wall_ms": round(statistics.median(wall), 1),
            "queries": queries[-1],
        }
    return results


def run_size(url: str, people: int, runs: int, only=None) -> tuple[dict, dict]:
    app = make_app(url)
    ids = page_ids(app, people)
    return measure(app, ids, runs, only), ids


def page_ids(app, people: int) -> dict:
    """Build (or reuse) the data set; return the ids the ``PAGES`` URLs are filled with."""
    ids = _data.build(app, people, log=lambda m: print(m, file=sys.stderr))
    ids["deep_page"] = people // 25 * 4 // 5  # 80 % down the list at 25 per page
    from crm.contacts.models import Contact
    from crm.extensions import db

    with app.app_context():  # the last person of the page before, in name order
        ids["deep_after"] = db.session.scalar(
            sa.select(Contact.id)
            .where(Contact.archived_at.is_(None))
            .order_by(Contact.sort_key, Contact.id)
            .offset((ids["deep_page"] - 1) * 25 - 1)
            .limit(1)
        )
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--pages", default="", help="comma-separated page names to measure (default: all)"
    )
    args = parser.parse_args()
    only = [name for name in args.pages.split(",") if name] or None
    large_url = _data.database_url(args.database_url, args.people)
    small_people = args.people // 10
    small_url = (
        _data.default_url(small_people) if large_url.startswith("sqlite") else tenth_url(large_url)
    )
    small, _ = run_size(small_url, small_people, args.runs, only)
    large, ids = run_size(large_url, args.people, args.runs, only)
    pages = {}
    for name in large:
        s, big = small[name], large[name]
        pages[name] = {
            "url": big["url"],
            "cpu_ms": big["cpu_ms"],
            "wall_ms": big["wall_ms"],
            "queries": big["queries"],
            "tenth": {k: s[k] for k in ("cpu_ms", "wall_ms", "queries")},
            "cpu_growth": round(big["cpu_ms"] / max(s["cpu_ms"], 0.1), 2),
            "queries_equal": big["queries"] == s["queries"],
            "ok": big["cpu_ms"] <= 50
            and big["queries"] == s["queries"]
            and big["cpu_ms"] <= 1.5 * max(s["cpu_ms"], 1.0),
        }
    print(
        json.dumps(
            {
                "bench": "pages",
                "database": sa.engine.make_url(large_url).get_backend_name(),
                "sizes": {"full": _data.sizes(args.people), "tenth": _data.sizes(small_people)},
                "runs": args.runs,
                "load_average": os.getloadavg(),
                "pages": pages,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
