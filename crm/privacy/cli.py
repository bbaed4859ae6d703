"""``flask privacy export|erase``: Auskunft and Löschung on the command line (audited)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from crm.contacts.models import Contact
from crm.extensions import db
from crm.files import write_private
from crm.privacy.access import access_zip
from crm.privacy.erase import ErasureError, erase_contact

privacy_cli = AppGroup("privacy", help="Datenschutz: Auskunft (Art. 15) und Löschung (Art. 17).")


def _contact(contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        raise click.ClickException(f"Keine Person mit der Nummer {contact_id}.")
    return contact


@privacy_cli.command("export")
@click.argument("contact_id", type=int)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
def export_command(contact_id: int, output: str) -> None:
    """Write everything about a person (JSON + German report) as one ZIP file."""
    contact = _contact(contact_id)
    # the German report formats dates for a locale: give it a request of its own
    with current_app.test_request_context("/"):
        data = access_zip(contact)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        write_private(output, data)
    db.session.commit()
    click.echo(f"Auskunft über {contact.full_name} geschrieben: {output}", err=output == "-")


@privacy_cli.command("erase")
@click.argument("contact_id", type=int)
@click.option("--yes", is_flag=True, help="Ohne Rückfrage anonymisieren.")
@click.option("--reason", required=True, help="Grund der Löschung (wird protokolliert).")
def erase_command(contact_id: int, yes: bool, reason: str) -> None:
    """Anonymise a person (Art. 17): personal data goes, seats and attendance stay."""
    contact = _contact(contact_id)
    if not yes and not click.confirm(
        f"{contact.full_name} unwiderruflich anonymisieren?", default=False
    ):
        click.echo("Abgebrochen.")
        sys.exit(1)
    with current_app.test_request_context("/"):
        try:
            counts = erase_contact(contact, reason)
        except ErasureError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Person {contact_id} anonymisiert: {counts['audit_events']} Verlaufseinträge, "
        f"{counts['mails']} E-Mails, {counts['uploads']} Importdateien, "
        f"{counts['attachments']} Sitzungsanhänge, {counts['prepared_files']} vorbereitete "
        f"Dateien, {counts['circular_attachments']} Rundschreibenanhänge bereinigt."
    )
