"""Benchmark: the people list, searches and detail pages at N people and at N / 10.

The data set is ``bench/_data.py``'s (built through the migrations, with the stored search,
sort and phonetic keys the app computes; reused between runs). Logs in with the Flask test
client and prints the median response times of both sizes as JSON. ``bench_pages.py``
measures every page with CPU time and query counts; this one keeps the people list's
historic figures comparable.

    .venv/bin/python bench/bench_contacts.py [--people 200000] [--runs 15] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


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
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()

    from bench import _data
    from bench.bench_pages import make_app, tenth_url

    url = _data.database_url(args.database_url, args.people)
    results = []
    for people in (args.people // 10, args.people):
        if people != args.people:
            db_url = _data.default_url(people) if url.startswith("sqlite") else tenth_url(url)
        else:
            db_url = url
        app = make_app(db_url)
        ids = _data.build(app, people, log=lambda m: print(m, file=sys.stderr))
        client = app.test_client()
        response = client.post(
            "/login", data={"email": _data.BENCH_EMAIL, "password": "Bench-Passwort-123"}
        )
        assert response.status_code == 302, response.status_code
        html = client.get("/contacts/?q=mueller").get_data(as_text=True)
        total = re.search(r"von ([\d.]+)", html).group(1)
        deep = people // 25 * 4 // 5
        results.append(
            {
                "people": people,
                "runs": args.runs,
                "median_ms": {
                    "contacts_list": timed(client, "/contacts/", args.runs),
                    "contacts_list_page_100_sorted_by_organisation": timed(
                        client, "/contacts/?per_page=100&sort=organisation", max(3, args.runs // 3)
                    ),
                    f"contacts_list_page_{deep}": timed(client, f"/contacts/?page={deep}", 3),
                    "contacts_search_mueller": timed(client, "/contacts/?q=mueller", args.runs),
                    "contacts_search_two_words_jorg_weiss": timed(
                        client, "/contacts/?q=jorg+weiss", args.runs
                    ),
                    "contacts_search_phone_part": timed(
                        client, "/contacts/?q=0341+1234", args.runs
                    ),
                    "global_search_gross": timed(client, "/search?q=gross", args.runs),
                    "contact_detail": timed(client, f"/contacts/{ids['person']}", args.runs),
                    "organisation_detail": timed(
                        client, f"/organisations/{ids['large_organisation']}", args.runs
                    ),
                },
                "search_mueller_hits": total,
            }
        )
    print(
        json.dumps(
            {"bench": "contacts", "database": url.split(":")[0], "results": results},
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
