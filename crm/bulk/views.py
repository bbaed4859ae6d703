"""The bulk action of a list page: ``POST /bulk/<list>`` (the bar), then its step page.

The bar posts the action and the selection. Tagging runs at once; every other action shows
a step page with the count and the values it needs, and runs when that page is posted
(``step=confirm``). Each run is one operation: all or nothing, audited, committed once.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit import services as audit
from crm.auth.permissions import can_export_personal_data
from crm.bulk import actions, bp, exporting, operations
from crm.bulk.selection import (
    FORMAT_LABELS,
    StepForm,
    back_url,
    chosen_rows,
    ends_on_value,
    posted_filters,
)
from crm.extensions import db
from crm.forms import confirmed_post
from crm.groups.rules import fmt
from crm.lists.operations import get_list, visible_lists
from crm.meetings.models import Meeting
from crm.pagination import db_id
from crm.tags import bulk as tag_bulk
from crm.templating import fmt_datetime
from crm.time import today

#: names listed on the step page before "… und N weitere"
SHOWN = 20


@bp.app_context_processor
def _bulk_helpers():
    return {"bulk_allowed": lambda kind: bool(actions.allowed(current_user, kind))}


@bp.route("/<kind>", methods=["POST"])
def run(kind: str):
    """Run (or, for all but tagging, first show the step of) a bulk action on a list."""
    if kind not in actions.KINDS:
        abort(404)
    allowed = actions.allowed(current_user, kind)
    if not allowed:
        abort(403)
    confirmed_post()
    back = back_url(kind, posted_filters(request.form))
    code = request.form.get("action", "")
    if code not in actions.ACTIONS[kind]:
        flash(_("Bitte eine Sammelaktion wählen."), "error")
        return redirect(back)
    if code not in allowed:
        abort(403)
    try:
        rows = chosen_rows(kind, request.form)
    except tag_bulk.BulkError as exc:
        flash(str(exc), "error")
        return redirect(back)
    action = allowed[code]
    form = StepForm()
    _choices(form, kind, code)
    if not action.step:
        return _tag(kind, code, rows, back)
    if request.form.get("step") != "confirm":
        if code == "end" and form.ends_on.data is None:
            form.ends_on.data = today()
        form.shared.data = True
        return _step(kind, code, rows, form, back)
    form.validate()
    try:
        response = _perform(kind, code, rows, form)
    except tag_bulk.BulkError as exc:
        db.session.rollback()
        return _step(kind, code, rows, form, back, error=str(exc), status=400)
    if response is None:
        return _step(kind, code, rows, form, back, status=400)
    if isinstance(response, str):
        db.session.commit()
        flash(response, "success")
        return redirect(back)
    db.session.commit()  # the export's audit event, before the file streams
    return response


def _tag(kind: str, code: str, rows: list, back: str):
    try:
        changed = tag_bulk.apply(code, rows, request.form.get("tags"))
        _record(kind, code, rows, tags=request.form.get("tags", "").strip())
        db.session.commit()
    except tag_bulk.BulkError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back)
    flash(_changed(kind, changed, len(rows)), "success")
    return redirect(back)


def _changed(kind: str, changed: int, total: int) -> str:
    if kind == "contacts":
        return _("%(n)s von %(total)s Personen geändert.", n=changed, total=total)
    return _("%(n)s von %(total)s Organisationen geändert.", n=changed, total=total)


def _record(kind: str, code: str, rows: list, **details) -> None:
    summary = audit.Message(actions.SUMMARIES[kind][code], n=len(rows))
    operations.record_operation(kind, summary, [r.id for r in rows], action=code, **details)


def _choices(form: StepForm, kind: str, code: str) -> None:
    if code == "invite":
        form.meeting.choices = [
            (str(m.id), _meeting_label(m)) for m in operations.open_meetings(current_user)
        ]
    elif code == "list":
        form.saved_list.choices = [("", _("– neuer Verteiler (Name unten) –"))] + [
            (str(saved.id), saved.name) for saved in visible_lists(current_user)
        ]
    elif code == "export":
        form.format.choices = [(f, str(FORMAT_LABELS[f])) for f in exporting.KIND_FORMATS[kind]]


def _meeting_label(meeting: Meeting) -> str:
    label = f"{meeting.group.short_name or meeting.group.name}: {meeting.title}"
    return f"{label} ({fmt_datetime(meeting.starts_at)})" if meeting.starts_at else label


def _perform(kind: str, code: str, rows: list, form: StepForm):
    """Return the flash message (or the download) after running the action; None when a
    value is missing (the message is beside its field)."""
    if code == "archive":
        changed = tag_bulk.archive(rows)
        _record(kind, code, rows)
        return _changed(kind, changed, len(rows))
    if code == "end":
        on = ends_on_value(form)
        if on is None:
            return None
        if kind == "organisations":
            ended, still = operations.end_memberships(rows, on)
            _record(kind, code, rows, ends_on=on.isoformat(), ended=ended)
            message = _(
                "%(n)s Mitgliedschaften von %(orgs)s Organisationen enden am %(d)s.",
                n=ended,
                orgs=len(rows),
                d=fmt(on),
            )
            if still:
                message += " " + _(
                    "Hinweis: %(n)s Mandate von Personen dieser Organisationen laufen in "
                    "diesen Gremien noch über dieses Ende hinaus.",
                    n=still,
                )
            return message
        ended = operations.end_seats(rows, on)
        _record(kind, code, rows, ends_on=on.isoformat(), ended=ended)
        return _(
            "%(n)s Mandate von %(people)s Personen enden am %(d)s.",
            n=ended,
            people=len(rows),
            d=fmt(on),
        )
    if code == "invite":
        meeting = _meeting(form)
        if meeting is None:
            return None
        new, before = operations.invite(kind, rows, meeting, current_user)
        _record(kind, code, rows, meeting=meeting.id, invited=new)
        return _(
            "%(n)s Personen zu „%(title)s“ eingeladen (%(m)s waren schon eingeladen).",
            n=new,
            title=meeting.title,
            m=before,
        )
    if code == "list":
        saved = None
        if form.saved_list.data:
            saved = _saved_list(form)
            if saved is None:
                return None
        elif not (form.list_name.data or "").strip():
            form.list_name.errors = [_("Bitte einen Verteiler wählen oder einen Namen angeben.")]
            return None
        saved, added, people = operations.add_to_list(
            kind, rows, saved, form.list_name.data, form.shared.data, current_user
        )
        _record(kind, code, rows, saved_list=saved.id, added=added)
        return _(
            "%(n)s von %(total)s Personen zum Verteiler „%(name)s“ hinzugefügt.",
            n=added,
            total=people,
            name=saved.name,
        )
    if code == "export":
        if form.format.data not in exporting.KIND_FORMATS[kind]:
            form.format.errors = [_("Bitte ein Format wählen.")]
            return None
        return exporting.export(kind, rows, form.format.data, current_user)
    raise tag_bulk.BulkError(_("Bitte eine Sammelaktion wählen."))


def _meeting(form: StepForm) -> Meeting | None:
    try:
        meeting = db.session.get(Meeting, db_id(form.meeting.data or ""))
    except ValueError:
        meeting = None
    if meeting is None:
        form.meeting.errors = [_("Bitte eine Sitzung wählen.")]
    return meeting


def _saved_list(form: StepForm):
    try:
        saved = get_list(current_user, db_id(form.saved_list.data))
    except ValueError:
        saved = None
    if saved is None:
        form.saved_list.errors = [_("Bitte einen Verteiler wählen.")]
    return saved


def _step(kind: str, code: str, rows: list, form: StepForm, back: str, error=None, status=200):
    """Render the step page: the count, the first names, the action's values."""
    spec = actions.KINDS[kind]
    ids = [r.id for r in rows]
    counts = None
    on = form.ends_on.data or today()
    if code == "end":
        counts = (
            operations.membership_counts(ids, on)
            if kind == "organisations"
            else operations.seat_counts(ids, on)
        )
    left_out = (
        exporting.left_out(kind, rows, current_user)
        if code == "export" and can_export_personal_data(current_user)
        else {}
    )
    return render_template(
        "bulk/step.html",
        kind=kind,
        code=code,
        action=actions.ACTIONS[kind][code],
        count=spec.count_text(len(rows)),
        names=[spec.name_of(r) for r in rows[:SHOWN]],
        more=max(len(rows) - SHOWN, 0),
        ids=ids,
        form=form,
        back=back,
        error=error,
        counts=counts,
        left_out=left_out,
        filters=posted_filters(request.form),
    ), status
