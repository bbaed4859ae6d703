"""The rules organisations obey, shared by their operations and pickers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.organisations.models import Organisation
from crm.rules import RuleError


class OrganisationError(RuleError):
    """A rule about organisations was broken; ``choices`` lists candidates when a name was
    ambiguous."""

    def __init__(self, message: object, field: str | None = None, choices: list | None = None):
        super().__init__(message, field)
        self.choices = choices or []


def check_parent(org: Organisation, parent: Organisation | None) -> None:
    """Raise ``OrganisationError`` when ``parent`` is ``org`` itself or one of its children."""
    seen = set()
    node = parent
    while node is not None:
        if node.id is not None and node.id == org.id:
            raise OrganisationError(
                _l("Eine Organisation kann nicht unter sich selbst stehen."), field="parent"
            )
        if node.id in seen:
            break
        seen.add(node.id)
        node = node.parent
