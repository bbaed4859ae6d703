"""Serial letters and labels from the builder's list: ask (/exports/pdf), wait, download."""

from __future__ import annotations

from urllib.parse import parse_qsl

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from crm.auth.permissions import can_export_personal_data, require
from crm.exports import bp
from crm.exports import prepared as files
from crm.exports.filters import ContactFilter, ExportError, export_scope
from crm.exports.models import PreparedFile
from crm.exports.queries import count_contacts
from crm.extensions import db
from crm.forms import Form
from crm.letters.labels import SHEETS


class PdfForm(Form):
    """What to prepare from the list: letters (subject and text) or labels (sheet, start)."""

    kind = RadioField(
        _l("Was soll erstellt werden?"),
        choices=[("letters-pdf", _l("Serienbrief")), ("labels-pdf", _l("Adressetiketten"))],
        default="letters-pdf",
    )
    subject = StringField(_l("Betreff"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(
        _l("Brieftext (Markdown)"),
        validators=[Optional(), Length(max=20000)],
        render_kw={"rows": 10},
    )
    label = SelectField(
        _l("Etikettenbogen"),
        choices=[
            ("3474", _l("Zweckform 3474 (3 × 8 Etiketten, 70 × 37 mm)")),
            ("L7163", _l("Zweckform L7163 (2 × 7 Etiketten, 99,1 × 38,1 mm)")),
        ],
    )
    start = IntegerField(
        _l("Erstes freies Etikett"),
        default=1,
        validators=[InputRequired(), NumberRange(min=1)],
    )
    query = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.kind.data == "letters-pdf":
            for field in (self.subject, self.body):
                if not (field.data or "").strip():
                    field.errors.append(_("Für einen Serienbrief bitte ausfüllen."))
        elif self.start.data > SHEETS[self.label.data].per_sheet:
            self.start.errors.append(
                _("Auf diesem Bogen gibt es %(n)s Etiketten.", n=SHEETS[self.label.data].per_sheet)
            )
        return not (self.subject.errors or self.body.errors or self.start.errors)


def _filter(query: str) -> ContactFilter:
    try:
        return ContactFilter.from_args(MultiDict(parse_qsl(query)))
    except ExportError as exc:
        abort(400, description=str(exc))


@bp.route("/pdf", methods=["GET", "POST"])
def pdf():
    """Ask for serial letters or labels of the builder's list; the worker prepares them."""
    require(can_export_personal_data(current_user))
    form = PdfForm()
    if request.method == "GET":
        form.query.data = request.query_string.decode()
    flt = _filter(form.query.data or "")
    count = count_contacts(flt, export_scope(current_user))
    limit = _max_recipients()
    if form.validate_on_submit():
        if count == 0:
            form.form_errors.append(_("Die Liste ist leer: niemand, dem geschrieben werden kann."))
        elif count > limit:
            form.form_errors.append(
                _("Höchstens %(max)s Empfänger je Datei; die Liste hat %(n)s.", max=limit, n=count)
            )
        else:
            return _prepare(form, flt, count)
    recent = db.session.scalars(
        sa.select(PreparedFile)
        .where(PreparedFile.owner_id == current_user.id)
        .order_by(PreparedFile.id.desc())
        .limit(10)
    ).all()
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "exports/pdf.html", form=form, count=count, limit=limit, flt=flt, recent=recent
    ), status


def _max_recipients() -> int:
    return current_app.config["PREPARED_MAX_RECIPIENTS"]


def _prepare(form: PdfForm, flt: ContactFilter, count: int):
    prepared = files.ask(
        current_user,
        form.kind.data,
        flt,
        count,
        query=form.query.data or "",
        subject=form.subject.data,
        body=form.body.data,
        label=form.label.data,
        start=form.start.data,
    )
    return redirect(url_for("exports.prepared", file_id=prepared.id))


def _owned(file_id: int) -> PreparedFile:
    require(can_export_personal_data(current_user))
    return files.owned(current_user, file_id) or abort(404)


@bp.route("/files/<int:file_id>")
def prepared(file_id: int):
    """Show a prepared file: its progress while the worker renders it, then the download."""
    return render_template("exports/prepared.html", file=_owned(file_id))


@bp.route("/files/<int:file_id>/progress")
def progress(file_id: int):
    """The progress of a prepared file, for the page's progress bar."""
    file = _owned(file_id)
    return jsonify(
        status=file.status,
        status_label=file.status_label,
        done=file.done,
        total=file.total,
        percent=file.percent,
    )


@bp.route("/files/<int:file_id>/download")
def download_prepared(file_id: int):
    """Send the finished PDF to the user who asked for it (never cached)."""
    file = _owned(file_id)
    path = files.path_of(file)
    if file.status != "done" or not path.exists():
        abort(404)
    response = send_file(
        path, mimetype="application/pdf", as_attachment=True, download_name=file.filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response
