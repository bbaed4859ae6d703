"""The one way a change of a circular (its files, test mails, sending, deletion) is written
to its change history."""

from crm.audit import services as audit


def note(circular_id: int, msgid: str, action: str = "update", **params) -> None:
    """Record ``action`` on the circular, said by ``msgid`` (``audit.N_``) and its values."""
    audit.record(action, "circulars", circular_id, summary=audit.Message(msgid, **params))
