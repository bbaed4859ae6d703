"""The one error a service raises when a rule is broken: a translated message for the user.

Every feature's error derives from ``RuleError``. The message is a lazy string
(``_l("…")``), so it is rendered in the reader's language when shown; ``field`` names the
form field it belongs beside, when there is one. Views catch ``RuleError`` and show
``str(exc)`` (a flash, a message beside the field, or a problem+json ``detail``).
"""

from __future__ import annotations


class RuleError(ValueError):
    """A rule of the domain refused a change; nothing was written."""

    def __init__(self, message: object = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
