"""Flask CLI commands: ``flask seed``, ``flask users create`` …"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from crm.extensions import db
from crm.files import make_private

users_cli = AppGroup("users", help="Benutzerkonten verwalten.")
search_cli = AppGroup("search", help="Gespeicherte Suchtexte pflegen.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "secretariat", "group_lead", "viewer"])
)
@click.option("--name", default=None, help="Anzeigename (Standard: Teil der E-Mail vor dem @).")
@click.option(
    "--group",
    "groups",
    multiple=True,
    help="Name oder Kurzname eines Gremiums, das die Gruppenleitung leitet.",
)
@click.password_option(prompt="Passwort", confirmation_prompt="Passwort wiederholen")
def create_user(
    email: str, role: str, name: str | None, groups: tuple[str, ...], password: str
) -> None:
    """Create a user account (prompts twice for the password)."""
    from crm.auth import services
    from crm.groups.models import Group

    found = []
    for wanted in groups:
        group = db.session.scalar(
            sa.select(Group).where(sa.or_(Group.name == wanted, Group.short_name == wanted))
        )
        if group is None:
            raise click.ClickException(f"Gremium nicht gefunden: {wanted}")
        found.append(group)
    try:
        user = services.create_user(email, name or email.split("@")[0], role, password, found)
    except services.UserError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Konto angelegt: {user.email} ({user.role})")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", required=True, help="Wofür das Token dient.")
def create_token(email: str, name: str) -> None:
    """Create a personal API token and print it once (only its hash is stored)."""
    from crm.api import tokens
    from crm.auth import services
    from crm.rules import RuleError

    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail {email}.")
    try:
        _token, secret = tokens.create_token(user, name)
    except RuleError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(secret)


@click.command("seed")
def seed_command() -> None:
    """Load the demo data (idempotent: run it as often as you like)."""
    import seed_data

    counts = seed_data.seed()
    db.session.commit()
    click.echo("Demo-Daten geladen: " + ", ".join(f"{k}={v}" for k, v in counts.items()))


@click.command("seed-if-empty")
def seed_if_empty_command() -> None:
    """Load the demo data only when the database has no users yet (used by ``make run``)."""
    from crm.auth.models import User

    if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        click.echo("Datenbank enthält bereits Daten; keine Demo-Daten geladen.")
        return
    import seed_data

    counts = seed_data.seed()
    db.session.commit()
    click.echo("Demo-Daten geladen: " + ", ".join(f"{k}={v}" for k, v in counts.items()))


@search_cli.command("reindex")
def reindex_command() -> None:
    """Recompute the stored search texts and sort keys of every organisation and person."""
    from sqlalchemy.orm import selectinload

    from crm.contacts.models import Contact
    from crm.organisations.models import Organisation
    from crm.search import hooks

    changed = 0
    for model, options in (
        (Organisation, ()),
        (Contact, (selectinload(Contact.affiliations),)),
    ):
        last_id = 0
        while True:
            rows = db.session.scalars(
                sa.select(model)
                .options(*options)
                .where(model.id > last_id)
                .order_by(model.id)
                .limit(1000)
            ).all()
            if not rows:
                break
            changed += sum(hooks.refresh(row) for row in rows)
            last_id = rows[-1].id
            db.session.commit()
    click.echo(f"{changed} Suchtexte aktualisiert.")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def backup_command(target: str) -> None:
    """Write a consistent copy of the database to TARGET.

    SQLite: an online copy with SQLite's backup API (the copy is itself a database file).
    PostgreSQL: ``pg_dump --format=custom`` (restore with ``pg_restore``).
    """
    import shutil
    import sqlite3
    import subprocess

    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
        finally:
            source.close()
    elif url.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise click.ClickException("pg_dump wurde nicht gefunden (Paket postgresql-client).")
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run([pg_dump, "--format=custom", "--file", target, plain], check=True)
    else:
        raise click.ClickException(f"Keine Sicherung für {url.get_backend_name()} möglich.")
    make_private(target)
    click.echo(f"Sicherung geschrieben: {target}")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(seed_if_empty_command)
    app.cli.add_command(backup_command)
    from crm.exports.cli import export_cli
    from crm.imports.cli import import_cli
    from crm.jobs.cli import worker_command
    from crm.mail.cli import mail_cli
    from crm.privacy.cli import privacy_cli

    app.cli.add_command(export_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(worker_command)
