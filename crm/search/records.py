"""What the pages of organisations and people share: one way for each of their jobs.

Both kinds of record have a sorted, searchable list; a create page that shows likely
duplicates before anything is saved; an edit page under the optimistic lock
(``crm.audit.conflicts``); archive and restore buttons; and a merge page reached from the
duplicates list or from a record's own page (``crm.search.merging``). A feature's views keep
what is their own (the query, the form, resolving a typed organisation, the messages) and
leave the rest to its ``RecordPages``::

    PEOPLE = RecordPages("contacts", "contact_id", "full_name")

    return PEOPLE.done(contact, _("%(name)s angelegt.", name=contact.full_name))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from crm.audit.conflicts import form_status
from crm.extensions import db
from crm.forms import confirmed_change
from crm.pagination import db_id, sorted_page


def id_arg(name: str) -> int | None:
    """Return the id in ``?name=``, None when it is missing or no id."""
    return request.args.get(name, type=db_id)


@dataclass(frozen=True)
class RecordPages:
    """The pages of one kind of record: a blueprint whose templates are ``index.html`` and
    ``form.html`` in a folder of its name, and whose endpoint ``detail`` shows one record."""

    #: the blueprint's name: "contacts", "organisations"
    blueprint: str
    #: the name of the record's id in its addresses: "contact_id", "org_id"
    id_arg: str
    #: the attribute that names a record in messages: "full_name", "name"
    name: str

    def url(self, record) -> str:
        """Return the address of ``record``'s page."""
        return self.url_of(record.id)

    def url_of(self, record_id: int) -> str:
        """Return the address of the page of the record with ``record_id``."""
        return url_for(f"{self.blueprint}.detail", **{self.id_arg: record_id})

    def name_of(self, record) -> str:
        """Return the name of ``record``."""
        return getattr(record, self.name)

    def list_page(self, stmt, columns: dict, id_column, **context):
        """Return the list page of ``stmt``: sorted by ``?sort=`` among ``columns`` and paged
        by keyset, or by relevance when it is a search (``?q=``)."""
        searching = bool(request.args.get("q"))
        page, sort = sorted_page(db.session, stmt, columns, id_column, searching=searching)
        return render_template(f"{self.blueprint}/index.html", page=page, sort=sort, **context)

    def form_page(self, form, **context):
        """Return the create or edit page with ``form``: 409 after a stale save, 400 when the
        form was refused, else 200."""
        page = render_template(f"{self.blueprint}/form.html", form=form, **context)
        return page, form_status(form)

    def done(self, record, message: str):
        """Commit, flash ``message`` and go to ``record``'s page."""
        db.session.commit()
        flash(message, "success")
        return redirect(self.url(record))

    def change(self, record, change: Callable[[], object], message: str):
        """Run ``change()`` for a confirmed POST (a button with nothing but its CSRF token),
        commit, flash ``message`` and go back to ``record``'s page."""
        return confirmed_change(change, message, self.url(record))

    def add_archive_routes(self, bp, model, archive, restore, messages, guard) -> None:
        """Add ``POST /<id>/archive`` and ``POST /<id>/restore`` to ``bp`` (endpoints
        ``archive`` and ``restore``, behind the view decorator ``guard``): a confirmed POST
        (``confirmed_change``) that runs ``archive(record)`` or ``restore(record)`` on the row of
        ``model``, flashes the first or the second of ``messages`` (lazy texts with
        ``%(name)s``) and goes back to the record's page."""

        def view(archived: bool):
            @guard
            def set_archived(**path):
                """Archive the record, or restore it (``add_archive_routes``)."""
                record = db.session.get(model, path[self.id_arg]) or abort(404)
                operation, message = (archive, messages[0]) if archived else (restore, messages[1])
                done = message % {"name": self.name_of(record)}
                return self.change(record, lambda: operation(record), done)

            return set_archived

        for action, archived in (("archive", True), ("restore", False)):
            bp.add_url_rule(
                f"/<int:{self.id_arg}>/{action}", action, view(archived), methods=["POST"]
            )

    def lookup_url(self) -> str:
        """Return the address of the JSON lookup that pickers of this kind type into."""
        return url_for(f"{self.blueprint}.lookup")
