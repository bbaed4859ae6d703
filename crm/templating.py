"""Template filters and globals: German dates and numbers, permission checks, list URLs,
the panels higher features contribute to detail pages."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from flask_login import current_user

from crm.auth import permissions
from crm.form_errors import refused_form_errors
from crm.hooks import render_panels
from crm.i18n import DATE_PATTERNS, fmt_when
from crm.time import today


def _date_pattern() -> str:
    return DATE_PATTERNS.get(str(get_locale()), DATE_PATTERNS["de"])


def fmt_date(value: date | datetime | None) -> str:
    """25.11.2026 (German) / 25 Nov 2026 (English); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, _date_pattern())
    return format_date(value, _date_pattern())


def fmt_datetime(value: datetime | None) -> str:
    """25.11.2026, 14:00 / 25 Nov 2026, 14:00 in Europe/Berlin; empty for None."""
    if value is None:
        return ""
    return format_datetime(value, _date_pattern() + ", HH:mm")


def fmt_time(value: datetime | None) -> str:
    """14:00 in Europe/Berlin; empty for None."""
    if value is None:
        return ""
    return format_time(value, "HH:mm")


def fmt_number(value) -> str:
    """1.234 (German) / 1,234 (English)."""
    if value is None:
        return ""
    return format_decimal(value)


def url_with(**changes) -> str:
    """Return the current list URL with some query parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = [value]
    if "page" not in changes and any(k != "page" for k in changes):
        args.pop("page", None)
    if "after" not in changes and "before" not in changes:
        # a keyset cursor belongs to the page it was made for (``crm.pagination``)
        args.pop("after", None)
        args.pop("before", None)
    for key in [k for k in args if k.endswith(("_page_after", "_page_before"))]:
        if key not in changes:  # and a sub-list's cursor to the sub-list's page
            args.pop(key)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def sort_url(key: str, current: str) -> str:
    """Return the URL that sorts by ``key``, toggling the direction when already sorted by it."""
    return url_with(sort=f"-{key}" if current == key else key)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        date=fmt_date, datetime=fmt_datetime, time=fmt_time, number=fmt_number, when=fmt_when
    )
    # globals (unlike context processors) are visible inside imported macros too
    app.jinja_env.globals.update(
        url_with=url_with,
        sort_url=sort_url,
        render_panels=render_panels,
        refused_form_errors=refused_form_errors,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def helpers():
        # outside a request (mails rendered by the worker) there is no user at all
        signed_in = bool(getattr(current_user, "is_authenticated", False))
        return {
            "can_manage": lambda obj: permissions.can_manage(current_user, obj),
            "can_manage_group_content": lambda g: permissions.can_manage_group_content(
                current_user, g
            ),
            "is_staff": signed_in and current_user.role in permissions.STAFF_ROLES,
            "is_admin": signed_in and current_user.role == "admin",
            "current_locale": str(get_locale()),
            # the day "as of" pages compare with (Europe/Berlin)
            "today": today(),
        }
