"""The one permission mechanism: ``role_required`` for views plus ``can_manage(user, obj)``.

- ``admin``: everything, plus user accounts and settings;
- ``secretariat``: changes organisations, people, groups, memberships, seats and meetings;
- ``group_lead``: reads everything; manages seats and meetings of the groups they manage;
- ``viewer``: reads everything; exports no personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

STAFF_ROLES = ("admin", "secretariat")


def role_required(*roles: str) -> Callable:
    """Refuse the view with 403 unless the current user has one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


#: views that change organisations, people or groups themselves
staff_required = role_required(*STAFF_ROLES)
admin_required = role_required("admin")
#: the type-ahead lookups of people and organisations: for the roles whose forms pick them
picker_required = role_required(*STAFF_ROLES, "group_lead")


def managed_group_ids(user) -> set[int]:
    """Return the ids of the groups a group lead manages (empty for other roles)."""
    if user is None or not user.is_authenticated or user.role != "group_lead":
        return set()
    return {g.id for g in user.managed_groups}


def is_active_user(user) -> bool:
    """Return whether ``user`` is logged in with an active account."""
    return bool(user is not None and user.is_authenticated and user.is_active)


class GroupProtected:
    """Mixin for records a group lead may change in the groups they manage (Indico's grain).

    A model names the group that protects it in ``protecting_group`` (a seat its group, an
    invitation its meeting's group); ``can_manage`` then needs no knowledge of the model.
    """

    @property
    def protecting_group(self):  # pragma: no cover - each model overrides it
        raise NotImplementedError

    def can_manage(self, user) -> bool:
        """Return whether ``user``, a group lead, manages the protecting group."""
        group = self.protecting_group
        return group is not None and group.id in managed_group_ids(user)


def can_manage(user, obj) -> bool:
    """Return whether ``user`` may change ``obj`` (a model instance).

    Staff may change everything. A group lead may change what protects itself through a
    group they manage (``GroupProtected``: seats and meetings with their agenda,
    attachments, polls and invitations), but not the group's own data, its memberships,
    organisations or people. Viewers change nothing.
    """
    if not is_active_user(user):
        return False
    if user.role in STAFF_ROLES:
        return True
    if user.role != "group_lead":
        return False
    check = getattr(obj, "can_manage", None)
    return bool(check is not None and check(user))


def can_manage_group_content(user, group) -> bool:
    """Return whether ``user`` may add seats and meetings to ``group``."""
    if not is_active_user(user):
        return False
    if user.role in STAFF_ROLES:
        return True
    return user.role == "group_lead" and group.id in managed_group_ids(user)


def can_export_personal_data(user) -> bool:
    """Viewers may not export personal data unless an admin granted it
    (``may_export_personal``); group leads only their groups' people."""
    if not (user and user.is_authenticated):
        return False
    if user.role in ("admin", "secretariat", "group_lead"):
        return True
    return user.role == "viewer" and bool(getattr(user, "may_export_personal", False))


def require(allowed: bool) -> None:
    """Abort with 403 unless ``allowed``: ``require(can_manage(current_user, seat))``."""
    if not allowed:
        abort(403)
