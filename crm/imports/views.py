"""The import steps at /imports/: upload, map the columns, preview and choose, import."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth.permissions import STAFF_ROLES, staff_required
from crm.imports import bp, progress
from crm.imports.forms import KINDS, StepForm, UploadForm
from crm.imports.headers import FIELDS, IGNORE, recognise
from crm.imports.reader import read_table
from crm.imports.rules import ACTIONS, check_mapping
from crm.imports.tasks import check_upload, write_upload
from crm.imports.upload import (
    discard_file,
    discard_plan,
    load_meta,
    load_plan,
    load_table,
    receive,
    remember_mapping,
    remembered_mapping,
    save_meta,
    store_upload,
)
from crm.rules import RuleError


def _upload(token: str) -> dict:
    """Return the stored upload of the current user, or 404."""
    meta = load_meta(token)
    if meta is None or meta.get("user_id") != current_user.id:
        abort(404)
    return meta


def _table_or_redirect(token: str):
    try:
        return load_table(token)
    except RuleError as exc:  # the file is gone or unreadable
        flash(str(exc), "error")
        return None


@bp.route("/", methods=["GET", "POST"])
def index():
    """Upload a CSV or XLSX file of people or organisations (staff; others see why not)."""
    if current_user.role not in STAFF_ROLES:
        if request.method == "POST":
            abort(403)
        return render_template("imports/index.html", form=None)
    form = UploadForm()
    if form.validate_on_submit():
        token, path = receive(form.file.data.stream)
        try:
            table = read_table(path, form.file.data.filename or "")
            rows = sum(1 for _ in table.rows())  # every row within the limits, counted once
        except RuleError as exc:
            discard_file(token)
            form.file.errors.append(str(exc))
        else:
            store_upload(
                token,
                form.file.data.filename or "upload",
                form.kind.data,
                current_user.id,
                default_state=form.default_state.data,
                encoding=table.encoding,
                delimiter=table.delimiter,
                rows=rows,
            )
            return redirect(url_for("imports.mapping", token=token))
    status = 400 if request.method == "POST" else 200
    return render_template("imports/index.html", form=form), status


@bp.route("/<token>/mapping", methods=["GET", "POST"])
@staff_required
def mapping(token: str):
    """Show each column with sample values and the field it fills; let the user change it."""
    meta = _upload(token)
    table = _table_or_redirect(token)
    if table is None:
        return redirect(url_for("imports.index"))
    kind = meta["kind"]
    recognised = recognise(kind, table.headers)
    remembered = (
        None if meta["mapping"] else remembered_mapping(current_user.id, kind, table.headers)
    )
    current = meta["mapping"] or remembered or [r or IGNORE for r in recognised]
    form = StepForm()
    error = None
    if request.method == "POST":
        chosen = [request.form.get(f"col-{i}", IGNORE) for i in range(len(table.headers))]
        error = check_mapping(kind, chosen)
        if form.validate() and error is None:
            meta["mapping"] = chosen
            save_meta(token, meta)
            remember_mapping(current_user.id, kind, table.headers, chosen)
            discard_plan(token)
            progress.report(token, "check", 0, meta.get("rows") or 0)
            check_upload(token)  # on the worker; at once with JOBS_IMMEDIATE
            return redirect(url_for("imports.progress_page", token=token))
        current = chosen
        error = error or _("Das Formular ist abgelaufen; bitte erneut senden.")
    try:
        head = table.head(40)
    except RuleError as exc:
        flash(str(exc), "error")
        return redirect(url_for("imports.index"))
    samples = [
        [c for c in (cells[i] if i < len(cells) else None for _, cells in head) if c][:3]
        for i in range(len(table.headers))
    ]
    return (
        render_template(
            "imports/mapping.html",
            meta=meta,
            token=token,
            table=table,
            columns=list(zip(table.headers, recognised, current, samples, strict=True)),
            fields=FIELDS[kind],
            kind_label=KINDS[kind],
            form=form,
            error=error,
            remembered=remembered is not None and request.method == "GET",
        ),
        400 if error else 200,
    )


@bp.route("/<token>/preview", methods=["GET", "POST"])
@staff_required
def preview(token: str):
    """Show bad rows by row number, matches with a choice each, then import on POST."""
    meta = _upload(token)
    if meta.get("result"):
        return redirect(url_for("imports.summary", token=token))
    if not meta.get("mapping"):
        return redirect(url_for("imports.mapping", token=token))
    plan = load_plan(token)
    record = progress.read(token) or {}
    if record.get("stage") == "failed":
        flash(record["error"], "error")
        return redirect(url_for("imports.index"))
    if plan is None or record.get("stage") in ("check", "write"):
        if not record:  # the check never started (an upload from before the worker)
            progress.report(token, "check", 0, meta.get("rows") or 0)
            check_upload(token)
        return redirect(url_for("imports.progress_page", token=token))
    form = StepForm()
    error = None
    if request.method == "POST":
        choices = {}
        on_match = request.form.get("on_match", "update")
        if on_match not in ACTIONS:
            error = _("Ungültige Auswahl für die übrigen vorhandenen Einträge.")
        for name, value in request.form.items():
            if not name.startswith("action-") or not name[7:].isdigit():
                continue
            if value not in ACTIONS:
                error = _("Ungültige Auswahl für Zeile %(row)s.", row=name[7:])
            choices[int(name[7:])] = value
        if not form.validate():
            error = _("Das Formular ist abgelaufen; bitte erneut senden.")
        if error is None and not plan.totals["rows"]:
            error = _(
                "Die Datei enthält keine Datenzeilen, nur die Kopfzeile. Es gibt nichts zu importieren."
            )
        if error is None and plan.ok:
            progress.report(token, "write", 0, plan.totals["rows"])
            write_upload(token, choices, on_match, current_user.id)
            return redirect(url_for("imports.progress_page", token=token))
        error = error or _("Die Datei enthält fehlerhafte Zeilen; es wurde nichts importiert.")
    return _render_preview(token, meta, plan, form, error or record.get("error"))


def _render_preview(token, meta, plan, form, error):
    return (
        render_template(
            "imports/preview.html",
            meta=meta,
            token=token,
            plan=plan,
            matched_rows=plan.sample(matched=True),
            new_rows=plan.sample(matched=False),
            counts=plan.counts(),
            fields=FIELDS[meta["kind"]],
            kind_label=KINDS[meta["kind"]],
            form=form,
            error=error,
        ),
        400 if error else 200,
    )


@bp.route("/<token>/summary")
@staff_required
def summary(token: str):
    """Show what the import did."""
    meta = _upload(token)
    if not meta.get("result"):
        return redirect(url_for("imports.preview", token=token))
    return render_template(
        "imports/summary.html", meta=meta, result=meta["result"], kind_label=KINDS[meta["kind"]]
    )


@bp.route("/<token>/progress")
@staff_required
def progress_page(token: str):
    """Show how far the background step is; without JS the page refreshes itself."""
    meta = _upload(token)
    record = progress.read(token)
    if record is None or record["stage"] in ("checked", "failed"):
        return redirect(url_for("imports.preview", token=token))
    if record["stage"] == "done":
        flash(_("Import abgeschlossen."), "success")
        return redirect(url_for("imports.summary", token=token))
    return render_template(
        "imports/progress.html",
        meta=meta,
        token=token,
        record=record,
        percent=progress.percent(record),
        progress_text=progress_text,
        kind_label=KINDS[meta["kind"]],
    )


@bp.route("/<token>/progress.json")
@staff_required
def progress_json(token: str):
    """The progress record for the page's polling: stage, rows done, total, where next."""
    _upload(token)
    record = progress.read(token) or {"stage": "check", "done": 0, "total": 0, "error": None}
    finished = record["stage"] not in ("check", "write")
    response = jsonify(
        {
            **record,
            "percent": progress.percent(record),
            "text": progress_text(record),
            "next": url_for("imports.progress_page", token=token) if finished else None,
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def progress_text(record: dict) -> str:
    """Return the sentence beside the bar ("12.000 von 50.000 Zeilen geprüft")."""
    done, total = format_number(record["done"]), format_number(record["total"])
    if record["stage"] in ("write", "done"):
        return _("%(done)s von %(total)s Zeilen gespeichert", done=done, total=total)
    return _("%(done)s von %(total)s Zeilen geprüft", done=done, total=total)
