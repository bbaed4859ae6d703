"""The audit of exports: every export of personal data is on record.

An export writes its audit event *before* streaming, with the row count from a count query
over the same filters, and commits it. An export that was started is thus always on
record, even when the download is broken off; the count can differ from the streamed rows
only if someone changes the data in the second between the two queries.
"""

from __future__ import annotations

from crm.audit import services as audit
from crm.exports.filters import ContactFilter

#: what was exported, as the audit log says it (``what`` of ``record_export``)
WHAT = {
    "contacts": audit.N_("Export Kontaktliste (%(format)s): %(rows)s Zeilen"),
    "cli": audit.N_("Export Kontaktliste (Kommandozeile) (%(format)s): %(rows)s Zeilen"),
    "bcc": audit.N_("Export Verteiler (%(format)s): %(rows)s Zeilen"),
    "list": audit.N_("Export Verteiler „%(list)s“ (%(format)s): %(rows)s Zeilen"),
    "letters-pdf": audit.N_("Export Serienbrief (%(format)s): %(rows)s Zeilen"),
    "labels-pdf": audit.N_("Export Adressetiketten (%(format)s): %(rows)s Zeilen"),
    "selection": audit.N_("Export Auswahl (%(format)s): %(rows)s Zeilen"),
}


def record_export(what: str, fmt: str, flt: ContactFilter, rows: int, user=None, **params) -> None:
    """Write the audit event of an export of personal data (who, filters, row count);
    ``what`` is a key of ``WHAT``, ``params`` the values its message names (``list``)."""
    what = WHAT[what]
    audit.record(
        "export",
        "contacts",
        None,
        summary=audit.Message(what, format=fmt, rows=rows, **params),
        changes={"format": fmt, "rows": rows, "filters": flt.describe()},
        user=user,
    )
