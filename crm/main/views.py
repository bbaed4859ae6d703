"""Dashboard, global search, health check, accessibility statement and language switch."""

from datetime import date

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from crm.auth.permissions import STAFF_ROLES
from crm.auth.security import public
from crm.extensions import db
from crm.main import bp, queries, todos
from crm.main import search as global_search


@bp.route("/")
def dashboard():
    """Show the role's to-dos (``crm.main.todos``), counts per group kind and state, and the
    next meetings."""
    if current_user.role in STAFF_ROLES:
        todo_list = todos.secretariat_todos()
    elif current_user.role == "group_lead":
        todo_list = todos.lead_todos(current_user)
    else:
        todo_list = []
    return render_template(
        "main/dashboard.html",
        todos=todo_list,
        figures=queries.dashboard_figures(),
        meetings=queries.upcoming_meetings(),
    )


@bp.route("/search")
def search():
    """Show matches for ``?q=`` grouped by kind."""
    q = request.args.get("q", "").strip()
    results = global_search.search_all(q) if q else None
    return render_template("main/search.html", q=q, results=results)


@bp.route("/healthz")
@public
def healthz():
    """Return JSON with status 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any database failure means "not healthy"
        db.session.rollback()
        current_app.logger.warning("health check failed: %s", exc)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/accessibility")
@public
def accessibility():
    """Show the accessibility statement (Erklärung zur Barrierefreiheit, BITV 2.0 § 7)."""
    from email.utils import parseaddr

    contact = (
        current_app.config.get("ACCESSIBILITY_CONTACT")
        or parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    )
    checked_on = date.fromisoformat(current_app.config["ACCESSIBILITY_CHECKED_ON"])
    return render_template("main/accessibility.html", contact=contact, checked_on=checked_on)


@bp.route("/language/<code>")
@public
def language(code: str):
    """Switch the UI language (de or en) and go back to the page the user came from."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    target = request.referrer or ""
    host = request.host_url
    return redirect(target if target.startswith(host) else url_for("main.dashboard"))
