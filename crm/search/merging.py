"""What the duplicates and merge pages of organisations and people share.

A feature describes its own records (how a block and a name key are built, which fields a
merge chooses between, which rows it moves itself); the rest is here once: pairing
candidates, paging them, the merge page and the merge's audit trail. Rows of higher
features follow through the feature's merge signal (``crm.signals``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from crm import pickers
from crm.audit import services as audit
from crm.audit.models import AuditEvent
from crm.extensions import db
from crm.forms import Form
from crm.pagination import Page
from crm.rules import RuleError
from crm.search.copies import recopy_column
from crm.search.records import RecordPages, id_arg
from crm.time import utcnow

#: why two records look like duplicates: code -> German label
REASONS = {
    "email": _l("gleiche E-Mail-Adresse"),
    "same_name_here": _l("gleicher Name bei derselben Organisation"),
    "same_name": _l("gleicher Name"),
    "similar_name": _l("ähnlicher Name"),
}


# --- duplicate pairs ----------------------------------------------------------------------


def page_args(per_page_choices=(25, 50, 100)) -> tuple[int, int]:
    """Return the page number and page size asked for in the request (duplicates pages)."""
    try:
        per_page = int(request.args.get("per_page", per_page_choices[0]))
    except ValueError:
        per_page = per_page_choices[0]
    if per_page not in per_page_choices:
        per_page = per_page_choices[0]
    try:
        number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        number = 1
    return number, per_page


def duplicates_page(kind: str, pairs: Callable[[int, int], Page]):
    """Return the duplicates page of ``kind``; ``pairs(page, per_page)`` reads one page of
    candidate pairs through the stored keys (``crm.search.pairs``)."""
    page = pairs(*page_args())
    return render_template("search/duplicates.html", page=page, kind=kind, reasons=REASONS)


# --- the merge page -----------------------------------------------------------------------


class MergeForm(Form):
    """Merge two records: which one survives, and per field whose value is kept."""

    survivor = SelectField(_l("Bleibt erhalten"), choices=[("a", "A"), ("b", "B")])


class MergeWithForm(Form):
    """The GET form on a record's page that picks the other record of a merge (``?b=``)."""

    class Meta:
        csrf = False

    b = SelectField(_l("Zusammenführen mit"), id="merge-with", choices=[], validate_choice=False)


def merge_with_form(candidates: list[tuple[int, str]], lookup_url: str) -> MergeWithForm:
    """Return the merge-target picker: the likely duplicates without JavaScript, any current
    record by typing with it (``crm.pickers.suggest``)."""
    form = MergeWithForm(formdata=None)
    form.b.choices = [("", _l("— bitte wählen —")), *candidates]
    pickers.suggest(form.b, lookup_url)
    return form


@dataclass
class MergeRow:
    """One field of a merge: both values as shown, and which side is preselected."""

    name: str
    label: str
    a: str
    b: str
    default: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


def field_labels(form, names) -> dict[str, str]:
    """Return the labels of the fields of ``form`` named in ``names`` (the merge page's rows),
    in that order; names the form has no field for are left out."""
    return {name: str(getattr(form, name).label.text) for name in names if hasattr(form, name)}


def merge_rows(a, b, fields: dict[str, str], show) -> list[MergeRow]:
    """Return a row per field; the preselected value is A's unless A's is empty."""
    rows = []
    for name, label in fields.items():
        va, vb = show(a, name), show(b, name)
        rows.append(MergeRow(name, label, va, vb, "b" if (not va and vb) else "a"))
    return rows


def chosen_fields(rows: list[MergeRow], survivor: str) -> set[str]:
    """Return the fields whose value comes from the record that does not survive."""
    other = "b" if survivor == "a" else "a"
    return {r.name for r in rows if request.form.get(f"keep_{r.name}", r.default) == other}


#: the merge page's title, its message after a merge, and its hint when only one record was
#: picked, by kind of record (as on the duplicates page)
MERGE_TEXTS = {
    "contacts": (
        _l("Personen zusammenführen"),
        _l("Personen zusammengeführt."),
        _l("Bitte die Person wählen, mit der zusammengeführt wird."),
    ),
    "organisations": (
        _l("Organisationen zusammenführen"),
        _l("Organisationen zusammengeführt."),
        _l("Bitte die Organisation wählen, mit der zusammengeführt wird."),
    ),
}


def merge_page(pages: RecordPages, load, merge, *, labels: dict[str, str], show):
    """Return the merge page of the records ``?a=`` and ``?b=``, or merge them on POST and go
    to the survivor; ``?a=`` alone (the picker on a record's page, left empty) goes back there.

    ``load(id)`` reads a record (None when there is none); ``merge(survivor, other,
    take_other)`` does the work; ``labels`` and ``show`` give each field's label and shown value.
    """
    title, done, choose_other = MERGE_TEXTS[pages.blueprint]
    a_id, b_id = id_arg("a"), id_arg("b")
    if a_id and not b_id:
        flash(str(choose_other), "warning")
        return redirect(pages.url_of(a_id))
    a, b = load(a_id or 0) or abort(404), load(b_id or 0) or abort(404)
    if a.id == b.id:
        abort(400)
    form = MergeForm()
    rows = merge_rows(a, b, labels, show)
    if form.validate_on_submit():
        survivor, other = (a, b) if form.survivor.data == "a" else (b, a)
        try:
            merge(survivor, other, chosen_fields(rows, form.survivor.data))
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            flash(str(done), "success")
            return redirect(pages.url(survivor))
    a_url, b_url = pages.url(a), pages.url(b)
    a_name, b_name = pages.name_of(a), pages.name_of(b)
    return render_template(
        "search/merge.html",
        form=form,
        rows=rows,
        a=a,
        b=b,
        a_url=a_url,
        b_url=b_url,
        a_name=a_name,
        b_name=b_name,
        back=url_for(f"{pages.blueprint}.duplicates"),
        title=str(title),
    ), 400 if form.errors else 200


# --- the merge itself ---------------------------------------------------------------------


class RecordMerge:
    """Merges one record into another in the caller's transaction, and audits it.

    A feature's subclass names its table, fields, signal and error, and moves the rows it
    owns itself (``move_own_rows``); every higher feature's rows move through ``signal``.
    The merged record is archived (never deleted) with a note where it went, and its
    history moves to the survivor.
    """

    fields: tuple[str, ...] = ()
    signal = None  # a blinker signal: sender the survivor, ``merged`` the other record
    error: type[RuleError] = RuleError
    self_merge_message = ""
    tags_text: Callable[[list], str]

    def __init__(self, survivor, other) -> None:
        self.survivor, self.other = survivor, other
        self.entity = survivor.__tablename__

    def name(self, obj) -> str:
        """Return the name a summary uses for ``obj``."""
        raise NotImplementedError

    def take(self, field: str) -> None:
        """Give the survivor the other record's value of ``field``."""
        setattr(self.survivor, field, getattr(self.other, field))

    def prepare(self) -> dict[str, list]:
        """Adjust the survivor before the flush; return audit changes of its own."""
        return {}

    def move_own_rows(self) -> None:
        """Move the rows of the feature itself (the signal moves the others')."""

    def archive_other(self) -> None:
        """Archive the merged record with a note where it went."""
        other, survivor = self.other, self.survivor
        other.archived_at = utcnow()
        note = f"Zusammengeführt in #{survivor.id} {self.name(survivor)}"
        other.notes = "\n".join(p for p in (other.notes, note) if p)
        # the survivor says where it came from, never "merged into" itself (a note taken
        # over from a record that was merged into it before)
        own = [
            line
            for line in (survivor.notes or "").splitlines()
            if not line.startswith(f"Zusammengeführt in #{survivor.id} ")
        ]
        own.append(f"Zusammengeführt aus #{other.id} {self.name(other)}")
        survivor.notes = "\n".join(p for p in own if p)

    def finish(self) -> None:
        """Run after everything is flushed and expired."""

    def run(self, take_other: set[str]) -> None:
        """Merge, taking the fields in ``take_other`` from the other record."""
        survivor, other = self.survivor, self.other
        if survivor.id == other.id:
            raise self.error(self.self_merge_message)
        before = audit.snapshot(survivor)
        old_tags = self.tags_text(survivor.tags)
        for name in self.fields:
            if name in take_other:
                self.take(name)
        survivor.tags = list({t.id: t for t in [*survivor.tags, *other.tags]}.values())
        own_changes = self.prepare()
        db.session.flush()
        self.move_own_rows()
        self.signal.send(survivor, merged=other)
        self.execute(
            sa.update(AuditEvent)
            .where(AuditEvent.entity_type == self.entity, AuditEvent.entity_id == other.id)
            .values(entity_id=survivor.id)
        )
        changes = audit.diff(before, audit.snapshot(survivor))
        if self.tags_text(survivor.tags) != old_tags:
            changes["tags"] = [old_tags or None, self.tags_text(survivor.tags)]
        changes.update(own_changes)
        changes["merged_from"] = [other.id, survivor.id]
        survivor.updated_at = utcnow()
        audit.record(
            "merge",
            self.entity,
            survivor.id,
            summary=audit.Message(
                audit.N_("%(name)s (#%(id)s) übernommen"), name=self.name(other), id=other.id
            ),
            changes=changes,
        )
        other_before = audit.snapshot(other)
        self.archive_other()
        audit.record(
            "merge",
            self.entity,
            other.id,
            summary=audit.Message(
                audit.N_("zusammengeführt in %(name)s (#%(id)s)"),
                name=self.name(survivor),
                id=survivor.id,
            ),
            changes=audit.diff(other_before, audit.snapshot(other)),
        )
        db.session.flush()
        db.session.expire_all()
        self.finish()

    @staticmethod
    def execute(stmt) -> None:
        """Run a bulk UPDATE of the merge (the session is expired at the end anyway)."""
        db.session.execute(stmt, execution_options={"synchronize_session": False})


def repoint(column, kept_id: int, merged_id: int, *where) -> None:
    """Point every row whose ``column`` is ``merged_id`` at ``kept_id`` (merge receivers)."""
    RecordMerge.execute(
        sa.update(column.class_).where(column == merged_id, *where).values({column.key: kept_id})
    )
    recopy_column(column, kept_id)  # the rows now copy the kept record's sort key
