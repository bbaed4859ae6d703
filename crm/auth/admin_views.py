"""The administrators' pages for user accounts: list, create, edit, deactivate and reactivate,
set a password, end sessions, reset the second factor. Every change is audited."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.auth import bp, mfa, services, sessions
from crm.auth.forms import PasswordResetForm, UserCreateForm, UserEditForm
from crm.auth.models import User
from crm.auth.permissions import admin_required
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_post
from crm.groups.models import Group
from crm.pagination import apply_sort, paginate


def _group_choices():
    return [(g.id, g.name) for g in db.session.scalars(sa.select(Group).order_by(Group.name))]


def _groups(ids: list[int]) -> list[Group]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Group).where(Group.id.in_(ids))))


def _user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


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


def _saved(form, change: Callable[[], User | None], done: str):
    """Run ``change``, the service call of a valid account form; return the redirect to the
    list with ``done`` (its ``%(email)s``: the account's address) after committing, or None
    with the broken rule shown at its field of ``form`` (else at its first field)."""
    try:
        user = change()
    except services.UserError as exc:
        shown = [f for f in form if f.type not in ("CSRFTokenField", "HiddenField")]
        field = getattr(form, exc.field or "", None) or shown[0]
        field.errors.append(str(exc))
        return None
    db.session.commit()
    flash(done % {"email": user.email}, "success")
    return redirect(url_for("auth.users"))


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def user_create():
    """Create a user account (no role preselected)."""
    form = UserCreateForm()
    form.groups.choices = _group_choices()
    if form.validate_on_submit():
        saved = _saved(
            form,
            lambda: services.create_user(
                form.email.data,
                form.name.data,
                form.role.data,
                form.password.data,
                _groups(form.groups.data),
                form.is_active.data,
            ),
            _l("Konto %(email)s angelegt."),
        )
        if saved:
            return saved
    return render_template("auth/user_form.html", form=form, user=None), 400 if form.errors else 200


def _edit_page(user: User, form=None, reset_form=None, status: int = 200):
    if form is None:
        form = UserEditForm(obj=user, formdata=None)
        form.groups.choices = _group_choices()
        form.groups.data = [g.id for g in user.managed_groups]
    return render_template(
        "auth/user_form.html",
        form=form,
        user=user,
        reset_form=reset_form or PasswordResetForm(prefix="reset", formdata=None),
        confirm_form=ConfirmForm(),
        session_count=len(sessions.active(user)),
    ), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    """Edit a user's name, role and groups."""
    user = _user(user_id)
    form = UserEditForm(obj=user)
    form.groups.choices = _group_choices()
    if request.method == "GET":
        form.groups.data = [g.id for g in user.managed_groups]
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != "admin":
            form.role.errors.append(_("Sie können sich nicht selbst die Administration entziehen."))
        else:
            saved = _saved(
                form,
                lambda: services.update_user(
                    user, form.name.data, form.role.data, _groups(form.groups.data)
                ),
                _l("Konto %(email)s gespeichert."),
            )
            if saved:
                return saved
    return _edit_page(user, form=form, status=400 if form.errors else 200)


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@admin_required
def user_password(user_id: int):
    """Set a new password for a user: their sessions end, tokens and feeds are revoked."""
    user = _user(user_id)
    form = PasswordResetForm(prefix="reset")
    if form.validate_on_submit():
        own = user.id == current_user.id
        keep = sessions.current_record() if own else None
        saved = _saved(
            form,
            lambda: services.set_password(user, form.password.data, by_admin=not own, keep=keep),
            _l("Neues Passwort für %(email)s gesetzt."),
        )
        if saved:
            return saved
    return _edit_page(user, reset_form=form, status=400)


def _confirm(user: User, title: str, message: str, button: str, cls: str):
    """Return the page that asks before this route's POST changes ``user``."""
    return render_template(
        "auth/confirm.html",
        title=title,
        message=message,
        button=button,
        button_class=cls,
        action=url_for(request.endpoint, user_id=user.id),
        confirm_form=ConfirmForm(),
    )


@dataclass(frozen=True)
class _Switch:
    """An account switch (deactivate, reactivate): its confirmation page, change and messages.

    The texts take the account's address as ``%(email)s``."""

    question: str
    explanation: str
    button: str
    button_class: str
    change: Callable[[User], bool]
    done: str
    already: str
    #: why an administrator may not switch their own account this way (None: they may)
    not_own: str | None = None


DEACTIVATE = _Switch(
    _l("Konto %(email)s deaktivieren?"),
    _l(
        "Die Person kann sich nicht mehr anmelden; ihre Sitzungen enden sofort, ihre "
        "API-Tokens und Kalender-Abos werden widerrufen. Das Konto bleibt für das "
        "Änderungsprotokoll erhalten und kann wieder aktiviert werden."
    ),
    _l("Deaktivieren"),
    "btn-danger",
    services.deactivate,
    _l("Konto %(email)s ist jetzt deaktiviert."),
    _l("Konto %(email)s war bereits deaktiviert."),
    _l("Sie können Ihr eigenes Konto nicht deaktivieren."),
)
REACTIVATE = _Switch(
    _l("Konto %(email)s wieder aktivieren?"),
    _l(
        "Die Person kann sich wieder anmelden. Frühere Sitzungen, API-Tokens und "
        "Kalender-Abos bleiben widerrufen."
    ),
    _l("Aktivieren"),
    "btn-primary",
    services.reactivate,
    _l("Konto %(email)s ist wieder aktiv."),
    _l("Konto %(email)s war bereits aktiv."),
)


def _switch(user: User, switch: _Switch):
    """Ask on GET; on a confirmed POST switch the account (a second request changes nothing)."""
    email = {"email": user.email}
    if request.method == "GET":
        return _confirm(
            user,
            switch.question % email,
            str(switch.explanation),
            str(switch.button),
            switch.button_class,
        )
    confirmed_post()
    if switch.not_own and user.id == current_user.id:
        flash(str(switch.not_own), "danger")
    elif switch.change(user):
        db.session.commit()
        flash(switch.done % email, "success")
    else:
        flash(switch.already % email, "info")
    return redirect(url_for("auth.users"))


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@admin_required
def user_deactivate(user_id: int):
    """Deactivate a user account after a confirmation; nobody deactivates their own."""
    return _switch(_user(user_id), DEACTIVATE)


@bp.route("/admin/users/<int:user_id>/reactivate", methods=["GET", "POST"])
@admin_required
def user_reactivate(user_id: int):
    """Reactivate a user account after a confirmation."""
    return _switch(_user(user_id), REACTIVATE)


@bp.route("/admin/users/<int:user_id>/sessions/end", methods=["POST"])
@admin_required
def user_end_sessions(user_id: int):
    """End every session of a user (they must log in again)."""
    user = _user(user_id)
    confirmed_post()
    keep = sessions.current_record() if user.id == current_user.id else None
    count = services.end_sessions(user, "admin", keep=keep)
    db.session.commit()
    flash(_("%(n)d Sitzung(en) von %(email)s beendet.", n=count, email=user.email), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/second-factor/reset", methods=["POST"])
@admin_required
def user_reset_mfa(user_id: int):
    """Remove a user's second factor (lost phone); they enrol again where it is required."""
    user = _user(user_id)
    confirmed_post()
    mfa.reset(user)
    db.session.commit()
    flash(_("Zweiter Faktor von %(email)s zurückgesetzt.", email=user.email), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))
