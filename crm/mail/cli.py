"""``flask mail send``: deliver the outbox now; ``flask mail retry-failed``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from crm.extensions import db

mail_cli = AppGroup("mail", help="E-Mail-Ausgang (Outbox) versenden.")


@mail_cli.command("send")
@click.option("--limit", default=None, type=int, help="Höchstens so viele Mails.")
def send_command(limit: int | None) -> None:
    """Send the due mails of the outbox over SMTP now (the worker does it every minute)."""
    from crm.mail import delivery

    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("Versand nicht eingerichtet: MAIL_SERVER ist nicht gesetzt.")
    result = delivery.send_pending(limit=limit)
    click.echo(
        f"versendet: {result.sent}, später erneut: {result.retry}, fehlgeschlagen: {result.failed}"
    )


@mail_cli.command("retry-failed")
def retry_failed_command() -> None:
    """Queue failed mails again (after fixing the SMTP settings)."""
    from crm.mail import services

    n = services.retry_failed()
    db.session.commit()
    click.echo(f"erneut eingereiht: {n}")
