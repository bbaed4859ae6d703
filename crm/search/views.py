"""Search across organisations, people, groups and meetings."""

from flask import render_template, request

from crm.search import bp, services


@bp.route("/search")
def search():
    """Show matches for ``?q=`` grouped by kind."""
    q = request.args.get("q", "").strip()
    results = services.search_all(q) if q else None
    return render_template("search/results.html", q=q, results=results)


@bp.cli.command("reindex")
def reindex() -> None:
    """Recompute the stored search texts and sort keys of every organisation and person."""
    import click
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from crm.contacts.models import Contact
    from crm.extensions import db
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
