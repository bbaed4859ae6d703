"""Login, logout and the user administration pages."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from crm.auth import bp, oidc, services
from crm.auth.forms import LoginForm, PasswordResetForm, UserCreateForm, UserEditForm
from crm.auth.models import User
from crm.auth.permissions import admin_required
from crm.auth.security import public
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_post
from crm.groups.models import Group
from crm.pagination import apply_sort, paginate


def _safe_next(target: str | None) -> str:
    if (
        target
        and urlsplit(target).netloc == ""
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user, error = services.authenticate(
            form.email.data, form.password.data, request.remote_addr or "unknown"
        )
        if user is not None:
            lang = session.get("lang")
            session.clear()
            if lang:
                session["lang"] = lang
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(error, "danger")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (POST with CSRF token, so no other site can log a user out)."""
    confirmed_post()
    # a single sign-on session also ends at the provider (RP-initiated logout), which sends
    # the browser back to the login page
    at_provider = oidc.end_session_url(
        session.get(oidc.ID_TOKEN), url_for("auth.login", _external=True)
    )
    logout_user()
    session.clear()
    # a page of ours leads on to the provider: a redirect after this form to another site
    # would be blocked by our Content-Security-Policy (form-action 'self')
    page = render_template("auth/provider_logout.html", url=at_provider) if at_provider else None
    flash(_("Sie sind abgemeldet."), "info")
    return page or redirect(url_for("auth.login"))


def _group_choices():
    return [(g.id, g.name) for g in db.session.scalars(sa.select(Group).order_by(Group.name))]


def _groups(ids: list[int]) -> list[Group]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Group).where(Group.id.in_(ids))))


@bp.route("/admin/users/")
@admin_required
def users():
    """List user accounts."""
    stmt = sa.select(User).options(sa.orm.selectinload(User.managed_groups))
    q = request.args.get("q", "").strip().lower()
    if q:
        stmt = stmt.where(sa.or_(User.email.contains(q), sa.func.lower(User.name).contains(q)))
    stmt, sort = apply_sort(
        stmt,
        {
            "email": User.email,
            "name": User.name,
            "role": User.role,
            "last_login": User.last_login_at,
        },
        "name",
        User.id,
    )
    page = paginate(db.session, stmt)
    return render_template("auth/users.html", page=page, sort=sort, q=q, form=ConfirmForm())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def user_create():
    """Create a user account."""
    form = UserCreateForm()
    form.groups.choices = _group_choices()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data,
                form.name.data,
                form.role.data,
                form.password.data,
                _groups(form.groups.data),
                form.is_active.data,
            )
        except services.UserError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Konto %(email)s angelegt.", email=user.email), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    """Edit a user's name, role, groups and active flag."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    form.groups.choices = _group_choices()
    if request.method == "GET":
        form.groups.data = [g.id for g in user.managed_groups]
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.is_active.data):
            form.role.errors.append(
                _("Sie können sich nicht selbst die Administration entziehen oder deaktivieren.")
            )
        else:
            try:
                services.update_user(
                    user,
                    form.name.data,
                    form.role.data,
                    _groups(form.groups.data),
                    form.is_active.data,
                )
            except services.UserError as exc:
                form.role.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Konto %(email)s gespeichert.", email=user.email), "success")
                return redirect(url_for("auth.users"))
    return render_template(
        "auth/user_form.html", form=form, user=user, reset_form=PasswordResetForm(prefix="reset")
    ), 400 if form.errors else 200


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@admin_required
def user_password(user_id: int):
    """Set a new password for a user."""
    user = db.session.get(User, user_id) or abort(404)
    form = PasswordResetForm(prefix="reset")
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        flash(_("Neues Passwort für %(email)s gesetzt.", email=user.email), "success")
        return redirect(url_for("auth.users"))
    edit_form = UserEditForm(obj=user)
    edit_form.groups.choices = _group_choices()
    edit_form.groups.data = [g.id for g in user.managed_groups]
    return render_template("auth/user_form.html", form=edit_form, user=user, reset_form=form), 400


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def user_deactivate(user_id: int):
    """Deactivate (or reactivate) a user account."""
    user = db.session.get(User, user_id) or abort(404)
    confirmed_post()
    if user.id == current_user.id:
        flash(_("Sie können Ihr eigenes Konto nicht deaktivieren."), "danger")
        return redirect(url_for("auth.users"))
    services.update_user(user, user.name, user.role, list(user.managed_groups), not user.is_active)
    db.session.commit()
    flash(
        _(
            "Konto %(email)s ist jetzt %(state)s.",
            email=user.email,
            state=_("aktiv") if user.is_active else _("deaktiviert"),
        ),
        "success",
    )
    return redirect(url_for("auth.users"))
