"""The audit of exports: every export of personal data is on record.

An export writes its audit event *before* streaming, with the row count from a count query
over the same filters, and commits it. An export that was started is thus always on
record, even when the download is broken off; the count can differ from the streamed rows
only if someone changes the data in the second between the two queries.
"""

from __future__ import annotations

from crm.audit import services as audit
from crm.exports.filters import ContactFilter


def record_export(what: str, fmt: str, flt: ContactFilter, rows: int, user=None) -> None:
    """Write the audit event of an export of personal data (who, filters, row count)."""
    audit.record(
        "export",
        "contacts",
        None,
        summary=f"Export {what} ({fmt}): {rows} Zeilen",
        changes={"format": fmt, "rows": rows, "filters": flt.describe()},
        user=user,
    )
