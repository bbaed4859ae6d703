"""Search across organisations, people, groups and meetings."""

from flask import render_template, request

from crm.search import bp, services


@bp.route("/search")
def search():
    """Show matches for ``?q=`` grouped by kind."""
    q = request.args.get("q", "").strip()
    results = services.search_all(q) if q else None
    return render_template("search/results.html", q=q, results=results)
