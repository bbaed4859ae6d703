"""Panels that higher features contribute to lower features' detail pages.

The feature chain points one way (organisations < contacts < groups < meetings): a person's
page lives in ``contacts`` and must not import ``groups`` or ``meetings``, yet it shows the
person's seats and invitations. So the page offers a named slot and the higher feature fills
it (Indico's ``template_hook``)::

    # crm/groups/panels.py (imported by crm/groups/__init__.py)
    @panel("contact", order=20)
    def seats(contact, **ctx):
        return render_template("groups/_contact_seats.html", ...)

    {# templates/contacts/detail.html #}
    {{ render_panels("contact", contact, on=on) }}

A panel returns HTML (or ``None`` to show nothing); panels render in ``order``. Registering
the same function twice (a module imported again) keeps one entry.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

_PANELS: dict[str, dict[str, tuple[int, Callable]]] = {}


def panel(page: str, order: int = 50) -> Callable[[Callable], Callable]:
    """Register the decorated function as a panel of the detail page ``page``."""

    def decorator(func: Callable) -> Callable:
        _PANELS.setdefault(page, {})[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return decorator


def panels(page: str) -> list[Callable]:
    """Return the panel functions of ``page`` in display order."""
    return [func for _order, func in sorted(_PANELS.get(page, {}).values(), key=lambda p: p[0])]


def render_panels(page: str, obj, **context) -> Markup:
    """Return the HTML of every panel registered for ``page``, about ``obj``."""
    parts = (func(obj, **context) for func in panels(page))
    return Markup("\n").join(Markup(part) for part in parts if part)
