"""The import's background steps: the plan stored on disk, the progress record and its page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import sqlalchemy as sa

from crm.imports import progress
from crm.models import Contact
from tests.imports.test_imports import mapping_form

FIXTURES = Path(__file__).parent / "fixtures"


def _upload(client, data: bytes, name: str = "k.csv") -> str:
    response = client.post_form(
        "/imports/",
        {"file": (io.BytesIO(data), name), "kind": "contacts", "default_state": "SN"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("/")[2]


def _rows(n: int) -> bytes:
    lines = ["Vorname;Nachname;E-Mail"] + [f"Anna;Müller{i};a{i}@example.org" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def test_check_runs_as_job_and_plan_is_stored_privately(client, login_as, app, db):
    login_as("secretariat")
    token = _upload(client, _rows(2500))
    response = client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    assert response.headers["Location"].endswith(f"/imports/{token}/progress")
    with app.test_request_context():
        record = progress.read(token)
    assert record["stage"] == "checked" and record["done"] == record["total"] == 2500
    folder = Path(app.config["UPLOAD_FOLDER"]) / "imports"
    plan_lines = (folder / f"{token}.plan.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(plan_lines) == 2500
    assert json.loads(plan_lines[0])["values"]["last_name"] == "Müller0"
    for path in folder.glob(f"{token}.*"):
        assert path.stat().st_mode & 0o077 == 0, path
    # a finished check sends the progress page on to the preview, which reads the stored plan
    assert client.get(f"/imports/{token}/progress").headers["Location"].endswith("/preview")
    preview = client.get(f"/imports/{token}/preview").get_data(as_text=True)
    assert "neu: 2500" in preview


def test_write_runs_as_job_and_ends_on_the_summary(client, login_as, app, db):
    login_as("secretariat")
    token = _upload(client, _rows(1200))
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    response = client.post_form(f"/imports/{token}/preview", {})
    assert response.headers["Location"].endswith(f"/imports/{token}/progress")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 1200
    state = client.get(f"/imports/{token}/progress.json")
    assert state.headers["Cache-Control"] == "no-store"
    body = state.get_json()
    assert body["stage"] == "done" and body["percent"] == 100 and body["next"]
    assert body["text"] == "1.200 von 1.200 Zeilen gespeichert"
    assert client.get(f"/imports/{token}/progress").headers["Location"].endswith("/summary")


def test_progress_page_while_running(client, login_as, app):
    login_as("secretariat")
    token = _upload(client, _rows(10))
    client.post_form(f"/imports/{token}/mapping", mapping_form(client, token))
    with app.test_request_context():
        progress.report(token, "check", 4000, 10000)
    page = client.get(f"/imports/{token}/progress")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<progress id="progress-bar"' in html and 'value="40"' in html
    assert "4.000 von 10.000 Zeilen geprüft (40 %)" in html
    assert 'http-equiv="refresh"' in html  # works without JavaScript
    # the preview waits for the check instead of re-planning the file in the request
    assert client.get(f"/imports/{token}/preview").headers["Location"].endswith("/progress")
    body = client.get(f"/imports/{token}/progress.json").get_json()
    assert body == {**body, "stage": "check", "percent": 40, "next": None}


def test_progress_of_another_user_is_not_found(client, login_as, app):
    login_as("secretariat")
    token = _upload(client, _rows(3))
    other = app.test_client()
    login_as("secretariat", c=other)
    assert other.get(f"/imports/{token}/progress").status_code == 404
    assert other.get(f"/imports/{token}/progress.json").status_code == 404
