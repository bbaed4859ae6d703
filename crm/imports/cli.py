"""``flask import contacts|organisations FILE [--dry-run]``: the import on the command line."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from crm.extensions import db
from crm.imports.headers import FIELDS, IGNORE, recognise
from crm.imports.plan import make_plan
from crm.imports.reader import ReadError, read_table
from crm.imports.rules import ACTIONS, DEFAULT_STATE, ImportFailure, check_mapping
from crm.imports.write import apply_plan
from crm.organisations.models import STATES

import_cli = AppGroup("import", help="Personen- oder Organisationslisten (CSV, XLSX) importieren.")


def _run(kind: str, file: str, dry_run: bool, on_match: str, default_state: str) -> None:
    try:
        table = read_table(Path(file), file)
    except (OSError, ReadError) as exc:
        raise click.ClickException(str(exc)) from exc
    mapping = recognise(kind, table.headers)
    for header, field in zip(table.headers, mapping, strict=True):
        if field is None:
            click.echo(f"Spalte nicht erkannt, wird ausgelassen: {header}", err=True)
        elif field != IGNORE:
            click.echo(f"{header} → {FIELDS[kind][field]}", err=True)
    mapping = [m or IGNORE for m in mapping]
    problem = check_mapping(kind, mapping)
    if problem:
        raise click.ClickException(problem)
    with tempfile.TemporaryDirectory(prefix="crm-import-") as folder:
        try:
            plan = make_plan(kind, table, mapping, default_state, path=Path(folder) / "plan.jsonl")
        except ReadError as exc:
            raise click.ClickException(str(exc)) from exc
        if not plan.ok:
            for issue in plan.issues:
                click.echo(f"Zeile {issue.row}, Spalte „{issue.column}“: {issue.message}", err=True)
            raise click.ClickException(
                f"{plan.error_rows} fehlerhafte Zeilen; es wurde nichts importiert."
            )
        _write(kind, plan, file, dry_run, on_match)


def _write(kind: str, plan, file: str, dry_run: bool, on_match: str) -> None:
    try:
        summary = apply_plan(plan, on_match=on_match, filename=Path(file).name)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except ImportFailure as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    except Exception:
        db.session.rollback()
        raise
    prefix = "Probelauf (nichts gespeichert): " if dry_run else ""
    click.echo(
        f"{prefix}{summary.created} neu, {summary.updated} aktualisiert, "
        f"{summary.unchanged} unverändert, {summary.skipped} übersprungen"
        + (
            f", {len(summary.organisations_created)} neue Organisationen"
            if kind == "contacts"
            else ""
        )
    )


def _command(kind: str):
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Alles prüfen und zählen, nichts speichern.")
    @click.option(
        "--on-match",
        type=click.Choice(ACTIONS),
        default="update",
        show_default=True,
        help="Was mit schon vorhandenen Einträgen geschieht.",
    )
    @click.option(
        "--default-state",
        type=click.Choice(list(STATES)),
        default=DEFAULT_STATE,
        show_default=True,
        help="Bundesland neuer Organisationen, wenn weder Datei noch PLZ eines ergeben.",
    )
    def command(file: str, dry_run: bool, on_match: str, default_state: str) -> None:
        # German labels (lazy strings) need a request context for the locale
        with current_app.test_request_context():
            _run(kind, file, dry_run, on_match, default_state)

    return command


import_cli.command("contacts", help="Personen importieren (alles oder nichts).")(
    _command("contacts")
)
import_cli.command("organisations", help="Organisationen importieren (alles oder nichts).")(
    _command("organisations")
)
