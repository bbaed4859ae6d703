"""Data minimisation: which viewers an admin allowed to export personal contact lists."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.services import N_, Message, record
from crm.auth.models import User
from crm.auth.permissions import admin_required
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_post
from crm.pagination import paginate
from crm.privacy import bp


def set_grant(user: User, granted: bool, by=None) -> None:
    """Grant or revoke a viewer's export of personal contact lists (audited)."""
    if user.role != "viewer":
        abort(400)
    if user.may_export_personal == granted:
        return
    record(
        "update",
        "users",
        user.id,
        summary=Message(
            N_("Export personenbezogener Listen erlaubt")
            if granted
            else N_("Export personenbezogener Listen entzogen")
        ),
        changes={"may_export_personal": [user.may_export_personal, granted]},
        user=by,
    )
    user.may_export_personal = granted


@bp.route("/grants")
@admin_required
def grants():
    """List the viewers and whether each may export personal contact lists."""
    stmt = sa.select(User).where(User.role == "viewer").order_by(User.name, User.id)
    return render_template(
        "privacy/grants.html", page=paginate(db.session, stmt), form=ConfirmForm()
    )


@bp.route("/grants/<int:user_id>/<action>", methods=["POST"])
@admin_required
def grant(user_id: int, action: str):
    """Grant or revoke one viewer's export right."""
    if action not in ("grant", "revoke"):
        abort(404)
    confirmed_post()
    user = db.session.get(User, user_id) or abort(404)
    set_grant(user, action == "grant", by=current_user)
    db.session.commit()
    flash(_("Gespeichert: %(name)s.", name=user.name), "success")
    return redirect(url_for("privacy.grants"))
