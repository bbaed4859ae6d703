"""``flask export contacts|organisations|matrix``: the list builder's exports on the command line."""

from __future__ import annotations

import sys
from datetime import date

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from werkzeug.datastructures import MultiDict

from crm.exports.downloads import (
    PdfOptions,
    contact_export,
    contact_pdf,
    matrix_export,
    organisation_export,
)
from crm.exports.filters import ContactFilter, ExportError, OrganisationFilter
from crm.exports.operations import record_export
from crm.exports.queries import count_contacts, left_out_summary
from crm.extensions import db
from crm.files import make_private
from crm.groups.models import Group
from crm.organisations.models import KINDS, STATES
from crm.rules import RuleError
from crm.tags.models import Tag
from crm.time import today

#: the reasons as the command line prints them (German, like its other messages)
LEFT_OUT_DE = {
    "no_contact": "möchte nicht kontaktiert werden",
    "withdrawn": "Einwilligung widerrufen",
    "no_consent": "keine Einwilligung",
}

export_cli = AppGroup(
    "export", help="Kontaktlisten, Organisationslisten und die Matrix exportieren."
)

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "csv-excel", "xlsx", "vcf", "letters-pdf", "labels-pdf"]),
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
            make_private(output)
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
@click.option("--subject", default="", help="letters-pdf: Betreff.")
@click.option(
    "--body", "body_file", type=click.File(encoding="utf-8"), help="letters-pdf: Text (Markdown)."
)
@click.option(
    "--label", type=click.Choice(["3474", "L7163"]), default="3474", help="labels-pdf: Bogen."
)
@click.option("--start", type=int, default=1, help="labels-pdf: erstes freies Etikett (1 …).")
@_OUTPUT
def export_contacts(fmt: str, output: str | None, subject, body_file, label, start, **opts) -> None:
    """Export a contact list (the same filters as /exports/); writes an audit event.

    ``--format letters-pdf --subject TEXT --body FILE`` writes serial letters,
    ``--format labels-pdf --label 3474|L7163 [--start N]`` address labels.
    """
    try:
        flt = ContactFilter.from_args(_args(opts))
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt in ("letters-pdf", "labels-pdf") and not output:
        raise click.ClickException("PDF bitte mit -o DATEI schreiben.")
    if fmt == "letters-pdf" and (not subject or body_file is None):
        raise click.ClickException("Serienbriefe brauchen --subject und --body.")
    if fmt in ("letters-pdf", "labels-pdf"):
        pdf = PdfOptions(subject, body_file.read() if body_file else "", label, start)
        rows = count_contacts(flt)
        record_export("cli", fmt, flt, rows)
        db.session.commit()
        try:
            _write(contact_pdf(flt, fmt, pdf), output)
        except RuleError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{rows} Personen nach {output} exportiert.", err=True)
        _say_left_out(flt)
        return
    rows = count_contacts(flt)
    record_export("cli", fmt, flt, rows)
    db.session.commit()
    _write(contact_export(flt, fmt), output)
    if output:
        click.echo(f"{rows} Personen nach {output} exportiert.", err=True)
    _say_left_out(flt)


def _say_left_out(flt: ContactFilter) -> None:
    """Tell on stderr how many people the consent rule left out, and why (as the builder)."""
    left_out = left_out_summary(flt)
    if left_out:
        reasons = ", ".join(f"{n} × {LEFT_OUT_DE[code]}" for code, n in left_out.items())
        click.echo(f"{sum(left_out.values())} ausgelassen (Datenschutz): {reasons}", err=True)


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
