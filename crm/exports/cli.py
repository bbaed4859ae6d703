"""``flask export contacts|organisations|matrix``: the list builder's exports on the command line."""

from __future__ import annotations

import sys
from datetime import date

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from werkzeug.datastructures import MultiDict

from crm.exports.downloads import contact_export, matrix_export, organisation_export
from crm.exports.filters import ContactFilter, ExportError, OrganisationFilter
from crm.exports.operations import record_export
from crm.exports.queries import count_contacts
from crm.extensions import db
from crm.groups.models import Group
from crm.organisations.models import KINDS, STATES
from crm.tags.models import Tag
from crm.time import today

export_cli = AppGroup(
    "export", help="Kontaktlisten, Organisationslisten und die Matrix exportieren."
)

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "csv-excel", "xlsx", "vcf"]),
    default="csv",
    show_default=True,
)
_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Datei (Standard: stdout).",
)


def _filters(func):
    options = [
        click.option("--group", "groups", multiple=True, help="Gremium: Name, Kurzname oder Id."),
        click.option(
            "--group-kind",
            "group_kinds",
            multiple=True,
            help="working_group, project_group, committee",
        ),
        click.option("--role", "roles", multiple=True, help="Rolle im Gremium, z. B. delegate."),
        click.option("--kind", "kinds", multiple=True, help="Art der Organisation, z. B. city."),
        click.option("--state", "states", multiple=True, help="Bundesland, z. B. ST."),
        click.option("--tag", "tags", multiple=True, help="Schlagwort (Name)."),
        click.option("--on", "on", default=None, help="Stichtag JJJJ-MM-TT (Standard: heute)."),
        click.option("--no-deputies", is_flag=True, help="Stellvertretungen auslassen."),
        click.option("--include-archived", is_flag=True, help="Archivierte Personen einschließen."),
        click.option(
            "--include-blocked",
            is_flag=True,
            help="Personen mit Kontaktsperre oder widerrufener Einwilligung einschließen.",
        ),
        click.option("--columns", default=None, help="Spalten, durch Komma getrennt."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _args(opts: dict) -> MultiDict:
    args = MultiDict()
    for wanted in opts["groups"]:
        cond = sa.or_(Group.name == wanted, Group.short_name == wanted)
        if wanted.isdigit():
            cond = sa.or_(cond, Group.id == int(wanted))
        group_id = db.session.scalar(sa.select(Group.id).where(cond))
        if group_id is None:
            raise click.ClickException(f"Gremium nicht gefunden: {wanted}")
        args.add("group", str(group_id))
    for wanted in opts["tags"]:
        tag_id = db.session.scalar(sa.select(Tag.id).where(Tag.name == wanted))
        if tag_id is None:
            raise click.ClickException(f"Schlagwort nicht gefunden: {wanted}")
        args.add("tag", str(tag_id))
    for key, name in (
        ("group_kinds", "group_kind"),
        ("roles", "role"),
        ("kinds", "kind"),
        ("states", "state"),
    ):
        for value in opts[key]:
            args.add(name, value)
    if opts["on"]:
        args["on"] = opts["on"]
    if opts["no_deputies"]:
        args["deputies"] = "out"
    if opts["include_archived"]:
        args["archived"] = "in"
    if opts["include_blocked"]:
        args["blocked"] = "in"
    for column in (opts["columns"] or "").split(","):
        if column.strip():
            args.add("columns", column.strip())
    return args


def _write(stream, output: str | None) -> None:
    # German labels (lazy strings) in the rows need a request context for the locale
    with current_app.test_request_context():
        _write_chunks(stream, output)


def _write_chunks(stream, output: str | None) -> None:
    if output:
        with open(output, "wb") as fh:
            for chunk in stream:
                fh.write(chunk)
    else:
        out = sys.stdout.buffer
        for chunk in stream:
            out.write(chunk)
        out.flush()


@export_cli.command("contacts")
@_FORMAT
@_filters
@_OUTPUT
def export_contacts(fmt: str, output: str | None, **opts) -> None:
    """Export a contact list (the same filters as /exports/); writes an audit event."""
    try:
        flt = ContactFilter.from_args(_args(opts))
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = count_contacts(flt)
    record_export("Kontaktliste (Kommandozeile)", fmt, flt, rows)
    db.session.commit()
    _write(contact_export(flt, fmt), output)
    if output:
        click.echo(f"{rows} Personen nach {output} exportiert.", err=True)


@export_cli.command("organisations")
@click.option("--format", "fmt", type=click.Choice(["csv", "csv-excel", "xlsx"]), default="csv")
@click.option("--kind", "kinds", multiple=True)
@click.option("--state", "states", multiple=True)
@click.option("--include-archived", is_flag=True)
@_OUTPUT
def export_organisations(fmt, kinds, states, include_archived, output) -> None:
    """Export the organisation list."""
    if bad := [k for k in kinds if k not in KINDS] + [s for s in states if s not in STATES]:
        raise click.ClickException(f"Unbekannte Werte: {', '.join(bad)}")
    flt = OrganisationFilter(
        kinds=list(kinds), states=list(states), include_archived=include_archived
    )
    _write(organisation_export(flt, fmt), output)


@export_cli.command("matrix")
@click.option("--format", "fmt", type=click.Choice(["csv", "csv-excel", "xlsx"]), default="csv")
@click.option("--on", "on", default=None, help="Stichtag JJJJ-MM-TT (Standard: heute).")
@_OUTPUT
def export_matrix(fmt, on, output) -> None:
    """Export the membership matrix (organisations × groups) as of a date."""
    try:
        as_of = date.fromisoformat(on) if on else today()
    except ValueError as exc:
        raise click.ClickException("Ungültiges Datum (JJJJ-MM-TT).") from exc
    _write(matrix_export(as_of, fmt), output)
