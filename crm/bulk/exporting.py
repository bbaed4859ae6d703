"""A selection's export: the export builder's own streaming files, limited to the chosen ids.

People go through the contact list (``ContactFilter`` with ``ids``): the same columns, the
same consent rule (people who may not get circulars are left out, the step page says how
many) and the exporter's scope (a group lead: only people of their groups); each export is
audited before it streams, as every export is.
"""

from __future__ import annotations

from flask import Response

from crm.audit import services as audit
from crm.auth.permissions import can_export_personal_data, require
from crm.contacts.consent import LEFT_OUT
from crm.exports.downloads import contact_export, organisation_export
from crm.exports.filters import ContactFilter, OrganisationFilter, export_scope
from crm.exports.operations import record_export
from crm.exports.queries import count_contacts, left_out_summary
from crm.time import today
from crm.writers import FORMATS, download

#: formats a selection can be exported in, per list
KIND_FORMATS = {
    "contacts": ("xlsx", "csv-excel", "csv", "vcf"),
    "organisations": ("xlsx", "csv-excel", "csv"),
}


def _contact_filter(rows: list) -> ContactFilter:
    # chosen one by one (or by the list's own filters): archived people too, if chosen
    return ContactFilter(ids=[r.id for r in rows], include_archived=True)


def left_out(kind: str, rows: list, user) -> dict[str, int]:
    """Return ``{reason label: count}`` of chosen people the export leaves out."""
    if kind != "contacts":
        return {}
    counts = left_out_summary(_contact_filter(rows), export_scope(user))
    return {str(LEFT_OUT.get(code, code)): n for code, n in counts.items() if n}


def export(kind: str, rows: list, fmt: str, user) -> Response:
    """Return the download of the selection in ``fmt``, audited first (the caller commits
    before the body streams)."""
    suffix, mimetype = FORMATS[fmt]
    excel = "-excel" if fmt == "csv-excel" else ""
    if kind == "contacts":
        require(can_export_personal_data(user))
        flt = _contact_filter(rows)
        scope = export_scope(user)
        record_export("selection", fmt, flt, count_contacts(flt, scope), user=user)
        stream = contact_export(flt, fmt, scope)
        name = "kontakte-auswahl"
    else:
        flt = OrganisationFilter(ids=[r.id for r in rows], include_archived=True)
        audit.record(
            "export",
            "organisations",
            None,
            summary=audit.Message(
                audit.N_("Export Auswahl Organisationen (%(format)s): %(rows)s Zeilen"),
                format=fmt,
                rows=len(rows),
            ),
            changes={"format": fmt, "rows": len(rows), "ids": flt.ids},
            user=user,
        )
        stream = organisation_export(flt, fmt)
        name = "organisationen-auswahl"
    return download(stream, f"{name}-{today().isoformat()}{excel}.{suffix}", mimetype)
