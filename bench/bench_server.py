"""Benchmark: the real server (gunicorn) answering every page, p50/p95 per page.

Builds or reuses the data set (``bench/_data.py``) at N people and at N / 10, starts
gunicorn on it (one worker, so that the worker's CPU time per request can be read from
``/proc``), logs in through the login form (with its CSRF token) and requests each page of
``bench_pages.PAGES`` ``--runs`` times over HTTP. Prints JSON per page and size: p50 and p95
wall time, and the worker's CPU milliseconds per request.

    .venv/bin/python bench/bench_server.py [--people 200000] [--runs 10] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _data  # noqa: E402
from bench.bench_pages import PAGES, make_app, page_ids, tenth_url  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def serve_and_measure(url: str, ids: dict, runs: int) -> dict:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret",
        "MFA_REQUIRED_ROLES": "",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers=1",
            "--timeout=120",
            f"--bind=127.0.0.1:{port}",
            "crm:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        for _ in range(200):
            try:
                html = opener.open(f"{base}/login").read().decode()
                break
            except OSError:
                time.sleep(0.1)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {"email": _data.BENCH_EMAIL, "password": "Bench-Passwort-123", "csrf_token": token}
        ).encode()
        opener.open(f"{base}/login", data=data).read()
        worker = _worker_pid(server.pid)
        results = {}
        for name, pattern in PAGES.items():
            path = pattern.format(**ids)
            opener.open(base + path).read()  # warm up
            times = []
            cpu0 = _cpu_seconds(worker)
            for _ in range(runs):
                started = time.perf_counter()
                with opener.open(base + path) as response:
                    response.read()
                    assert response.status == 200, (path, response.status)
                times.append((time.perf_counter() - started) * 1000)
            cpu = (_cpu_seconds(worker) - cpu0) * 1000 / runs
            times.sort()
            results[name] = {
                "url": path,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                "worker_cpu_ms": round(cpu, 1),
            }
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    large_url = _data.database_url(args.database_url, args.people)
    small_people = args.people // 10
    small_url = (
        _data.default_url(small_people) if large_url.startswith("sqlite") else tenth_url(large_url)
    )
    out = {}
    for label, url, people in (
        ("tenth", small_url, small_people),
        ("full", large_url, args.people),
    ):
        ids = page_ids(make_app(url), people)
        out[label] = serve_and_measure(url, ids, args.runs)
    pages = {
        name: {
            **out["full"][name],
            "tenth": {k: v for k, v in out["tenth"][name].items() if k != "url"},
        }
        for name in PAGES
    }
    print(
        json.dumps(
            {
                "bench": "server",
                "server": "gunicorn, 1 worker",
                "database": large_url.split(":", 1)[0].split("+")[0],
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
