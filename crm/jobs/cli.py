"""``flask worker``: the background worker's consumer (``--once``: what is due, then exit)."""

from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--once", is_flag=True, help="Erledigt, was fällig ist, und beendet sich.")
@click.option("--workers", default=2, show_default=True, help="Gleichzeitige Aufgaben.")
@with_appcontext
def worker_command(once: bool, workers: int) -> None:
    """Run the background worker (mail, reminders, imports, retention)."""
    from crm.jobs import huey, run_once

    if once:
        click.echo(f"{run_once()} Aufgaben ausgeführt.")
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # what is due now (mail queued while no worker ran) is not left for the first minute tick
    run_once()
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()
