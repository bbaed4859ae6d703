"""The import's long steps on the worker: checking the file, then writing it.

Both run as background tasks (``crm.jobs``), so a file of any length never holds a web
worker, and the job goes on when the user closes the tab. Each step reports how far it is
in the upload's progress record (``progress.py``), which the progress page shows.
"""

from __future__ import annotations

from crm.auth.models import User
from crm.extensions import db
from crm.imports import progress
from crm.imports.plan import make_plan
from crm.imports.rules import DEFAULT_STATE
from crm.imports.upload import (
    discard_file,
    load_meta,
    load_plan,
    load_table,
    plan_path,
    save_meta,
    save_plan,
)
from crm.imports.write import apply_plan
from crm.jobs import task
from crm.rules import RuleError


@task()
def check_upload(token: str) -> None:
    """Check and match every row of an uploaded file; store the plan for the preview."""
    meta = load_meta(token)
    if meta is None:
        return
    total = meta.get("rows") or 0
    progress.report(token, "check", 0, total)
    try:
        plan = make_plan(
            meta["kind"],
            load_table(token),
            meta["mapping"],
            meta.get("default_state", DEFAULT_STATE),
            path=plan_path(token),
            progress=lambda done: progress.report(token, "check", done, total),
        )
    except RuleError as exc:
        progress.report(token, "failed", 0, total, error=str(exc))
        return
    save_plan(token, plan)
    progress.report(token, "checked", total, total)


@task()
def write_upload(token: str, choices: dict, on_match: str, user_id: int) -> None:
    """Write the stored plan in one transaction; keep the summary for the summary page."""
    meta = load_meta(token)
    plan = load_plan(token)
    if meta is None or plan is None:
        return
    total = plan.totals["rows"]
    progress.report(token, "write", 0, total)
    try:
        result = apply_plan(
            plan,
            {int(k): v for k, v in choices.items()},
            on_match=on_match,
            filename=meta["filename"],
            user=db.session.get(User, user_id),
            progress=lambda done: progress.report(token, "write", done, total),
        )
        db.session.commit()
    except RuleError as exc:  # someone changed the same records meanwhile: nothing written
        db.session.rollback()
        progress.report(token, "checked", total, total, error=str(exc))
        return
    except Exception:
        db.session.rollback()
        progress.report(token, "checked", total, total, error="Der Import ist fehlgeschlagen.")
        raise
    meta["result"] = result.as_dict()
    save_meta(token, meta)
    discard_file(token)
    progress.report(token, "done", total, total)
