"""List filters that higher features add to a lower feature's list.

The people list can be narrowed to the members of a group, but ``contacts`` must not import
``groups``. So the list offers a registry, the higher feature adds a filter to it (and its
control to the filter form as a panel, ``crm.hooks``)::

    # crm/groups/panels.py
    @CONTACT_FILTERS.register("group", type=db_id)
    def _in_group(group_id, on):
        return Contact.id.in_(...)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import sqlalchemy as sa


class ListFilters:
    """The filters of one list: request argument -> condition on the listed records."""

    def __init__(self) -> None:
        self._filters: dict[str, tuple[Callable, Callable]] = {}

    def register(self, arg: str, type: Callable = str) -> Callable[[Callable], Callable]:
        """Register the decorated ``func(value, on)`` as the condition for ``?arg=value``."""

        def decorator(func: Callable) -> Callable:
            self._filters[arg] = (type, func)
            return func

        return decorator

    def apply(self, stmt: sa.Select, args: Mapping | None, on: date) -> sa.Select:
        """Return ``stmt`` narrowed by every registered filter that ``args`` sets."""
        for arg, (convert, func) in self._filters.items():
            raw = (args or {}).get(arg)
            if not raw:
                continue
            try:
                value = convert(raw)
            except (TypeError, ValueError):
                continue
            if value:
                stmt = stmt.where(func(value, on))
        return stmt
