"""The import steps at /imports/: upload, map the columns, preview and choose, import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth.permissions import STAFF_ROLES, staff_required
from crm.extensions import db
from crm.imports import bp
from crm.imports.forms import KINDS, StepForm, UploadForm
from crm.imports.headers import FIELDS, IGNORE, recognise
from crm.imports.plan import make_plan
from crm.imports.reader import read_table
from crm.imports.rules import ACTIONS, DEFAULT_STATE, check_mapping
from crm.imports.upload import (
    discard_file,
    load_meta,
    load_table,
    receive,
    save_meta,
    store_upload,
)
from crm.imports.write import apply_plan
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
    current = meta["mapping"] or [r or IGNORE for r in recognised]
    form = StepForm()
    error = None
    if request.method == "POST":
        chosen = [request.form.get(f"col-{i}", IGNORE) for i in range(len(table.headers))]
        error = check_mapping(kind, chosen)
        if form.validate() and error is None:
            meta["mapping"] = chosen
            save_meta(token, meta)
            return redirect(url_for("imports.preview", token=token))
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
        ),
        400 if error else 200,
    )


def _plan(token: str, meta: dict):
    """Return the plan of the stored file, re-made from the file (no state in memory)."""
    default_state = meta.get("default_state", DEFAULT_STATE)
    return make_plan(meta["kind"], load_table(token), meta["mapping"], default_state)


@bp.route("/<token>/preview", methods=["GET", "POST"])
@staff_required
def preview(token: str):
    """Show bad rows by row number, matches with a choice each, then import on POST."""
    meta = _upload(token)
    if meta.get("result"):
        return redirect(url_for("imports.summary", token=token))
    if not meta.get("mapping"):
        return redirect(url_for("imports.mapping", token=token))
    try:
        plan = _plan(token, meta)
    except RuleError as exc:  # the file is gone or unreadable
        flash(str(exc), "error")
        return redirect(url_for("imports.index"))
    form = StepForm()
    error = None
    if request.method == "POST":
        choices = {}
        for row in plan.matched:
            value = request.form.get(f"action-{row.row}", row.action)
            if value not in ACTIONS:
                error = _("Ungültige Auswahl für Zeile %(row)s.", row=row.row)
            choices[row.row] = value
        if not form.validate():
            error = _("Das Formular ist abgelaufen; bitte erneut senden.")
        if error is None and plan.ok:
            try:
                result = apply_plan(plan, choices, filename=meta["filename"], user=current_user)
                db.session.commit()
            except RuleError as exc:  # someone changed the same records meanwhile
                db.session.rollback()
                return _render_preview(token, meta, plan, form, str(exc))
            except Exception:
                db.session.rollback()
                raise
            meta["result"] = result.as_dict()
            save_meta(token, meta)
            discard_file(token)
            flash(_("Import abgeschlossen."), "success")
            return redirect(url_for("imports.summary", token=token))
        error = error or _("Die Datei enthält fehlerhafte Zeilen; es wurde nichts importiert.")
    return _render_preview(token, meta, plan, form, error)


def _render_preview(token, meta, plan, form, error):
    return (
        render_template(
            "imports/preview.html",
            meta=meta,
            token=token,
            plan=plan,
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
