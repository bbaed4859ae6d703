"""German labels for audit actions, record types, field names and stored codes in histories.

Features whose codes appear as values in audit events (consent statuses, legal bases …)
register their labels here with ``register_values``, so this module imports no feature.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "create": _l("angelegt"),
    "update": _l("geändert"),
    "archive": _l("archiviert"),
    "restore": _l("wiederhergestellt"),
    "merge": _l("zusammengeführt"),
    "delete": _l("gelöscht"),
    "export": _l("exportiert"),
    "import": _l("importiert"),
    "login": _l("angemeldet"),
    "login.success": _l("Anmeldung erfolgreich"),
    "login.failure": _l("Anmeldung fehlgeschlagen"),
    "mfa.enable": _l("zweiten Faktor eingerichtet"),
    "mfa.reset": _l("zweiten Faktor zurückgesetzt"),
    "mfa.codes": _l("Wiederherstellungscodes erneuert"),
    "logout": _l("abgemeldet"),
    "erase": _l("gelöscht (Datenschutz)"),
    "send": _l("versendet"),
    "cancel": _l("storniert"),
    "resend": _l("erneut versendet"),
}

ENTITY_LABELS = {
    "organisations": _l("Organisation"),
    "contacts": _l("Person"),
    "affiliations": _l("Zugehörigkeit"),
    "groups": _l("Gremium"),
    "memberships": _l("Mitgliedschaft"),
    "seats": _l("Mandat"),
    "meetings": _l("Sitzung"),
    "invitations": _l("Einladung"),
    "users": _l("Benutzerkonto"),
    "circulars": _l("Rundschreiben"),
    "outbox_mails": _l("E-Mail"),
    "api_tokens": _l("API-Token"),
    "calendar_feeds": _l("Kalender-Abo"),
    "saved_lists": _l("Verteiler"),
    "bulk_actions": _l("Sammelaktion"),
}

FIELD_LABELS = {
    "name": _l("Name"),
    "short_name": _l("Kurzname"),
    "kind": _l("Art"),
    "state": _l("Bundesland"),
    "parent_id": _l("Übergeordnet"),
    "street": _l("Straße"),
    "postal_code": _l("PLZ"),
    "city": _l("Ort"),
    "website": _l("Website"),
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "notes": _l("Notizen"),
    "tags": _l("Schlagworte"),
    "archived_at": _l("Archiviert am"),
    "salutation": _l("Anrede"),
    "title": _l("Titel"),
    "first_name": _l("Vorname"),
    "last_name": _l("Nachname"),
    "name_suffix": _l("Namenszusatz"),
    "legal_basis": _l("Rechtsgrundlage"),
    "consent_given_at": _l("Einwilligung am"),
    "consent_source": _l("Quelle der Einwilligung"),
    "consent_withdrawn_at": _l("Einwilligung widerrufen am"),
    "is_no_contact": _l("Keine Kontaktaufnahme"),
    "organisation_id": _l("Organisation"),
    "contact_id": _l("Person"),
    "group_id": _l("Gremium"),
    "job_title": _l("Funktion"),
    "department": _l("Abteilung"),
    "is_primary": _l("Primär"),
    "starts_on": _l("Beginn"),
    "ends_on": _l("Ende"),
    "role": _l("Rolle"),
    "description": _l("Beschreibung"),
    "founded_on": _l("Gegründet am"),
    "dissolved_on": _l("Aufgelöst am"),
    "status": _l("Status"),
    "starts_at": _l("Beginn"),
    "ends_at": _l("Ende"),
    "location": _l("Ort"),
    "online_url": _l("Online-Link"),
    "minutes": _l("Protokoll"),
    "minutes_status": _l("Protokollstatus"),
    "rsvp": _l("Rückmeldung"),
    "attended": _l("Teilnahme"),
    "is_active": _l("Aktiv"),
    "managed_groups": _l("Geleitete Gremien"),
    "password": _l("Passwort"),
    "totp": _l("Zweiter Faktor"),
    "sessions": _l("Sitzungen"),
    "address": _l("Adresse"),
    "user_agent": _l("Browser"),
    "method": _l("Verfahren"),
    "second_factor": _l("Zweiter Faktor"),
    "merged_from": _l("Zusammengeführt aus"),
    "undeliverable_since": _l("Unzustellbar seit"),
    "undeliverable_address": _l("Unzustellbare Adresse"),
    "erased_at": _l("Gelöscht am"),
    "meeting_id": _l("Sitzung"),
    "substitute_for_id": _l("Vertretung für"),
    "responded_at": _l("Rückmeldung am"),
    "sent_at": _l("Versendet am"),
    "reminded_at": _l("Erinnert am"),
    "comment": _l("Kommentar"),
    "created_by_id": _l("Angelegt von"),
    "merged_into": _l("Zusammengeführt in"),
    "consent_invitations": _l("Einwilligung: Einladungen"),
    "consent_circulars": _l("Einwilligung: Rundschreiben"),
    "consent_publication": _l("Einwilligung: Veröffentlichung"),
    "retention_kept": _l("Aufbewahrt, weil"),
    "reason": _l("Grund"),
    "counts": _l("Umfang"),
    "sections": _l("Inhalt"),
    # what an export or an import did (their events' structured details)
    "format": _l("Format"),
    "rows": _l("Zeilen"),
    "filters": _l("Filter"),
    "filename": _l("Datei"),
    # an export's filters (``ContactFilter.describe``)
    "groups": _l("Gremien"),
    "group_kinds": _l("Gremienarten"),
    "seat_roles": _l("Mandatsrollen"),
    "kinds": _l("Organisationsarten"),
    "states": _l("Bundesländer"),
    "as_of": _l("Stichtag"),
    "deputies": _l("Stellvertretungen einbeziehen"),
    "include_archived": _l("Archivierte einbeziehen"),
    "include_blocked": _l("Gesperrte einbeziehen"),
    "columns": _l("Spalten"),
    "created": _l("neu angelegt"),
    "updated": _l("aktualisiert"),
    "unchanged": _l("unverändert"),
    "skipped": _l("übersprungen"),
    "organisations_created": _l("Neue Organisationen"),
    # what an erasure touched and what an Auskunft contains (keys of "counts", "sections")
    "audit_events": _l("Verlaufseinträge"),
    "mails": _l("E-Mails"),
    "uploads": _l("Importdateien"),
    "attachments": _l("Sitzungsanhänge"),
    "attachment_meetings": _l("Sitzungen der Anhänge"),
    "circular_attachments": _l("Rundschreibenanhänge"),
    "prepared_files": _l("Vorbereitete Dateien"),
    "texts": _l("Texte"),
    "affiliations": _l("Zugehörigkeiten"),
    "invitations": _l("Einladungen"),
    "seats": _l("Mandate"),
    "person": _l("Person"),
    "memberships_of_their_organisations": _l("Mitgliedschaften ihrer Organisationen"),
    "consent_records": _l("Einwilligungen"),
    "history": _l("Änderungsverlauf"),
    "created_at": _l("Erstellt am"),
}


#: field name -> {stored code: label}, filled by the features (``register_values``)
VALUE_LABELS: dict[str, dict] = {}
_YES_NO = {True: _l("ja"), False: _l("nein")}
for _flag in ("is_no_contact", "is_primary", "is_active"):
    VALUE_LABELS[_flag] = _YES_NO


def register_values(mapping: dict, *fields: str) -> None:
    """Show the stored codes of ``fields`` in histories with the labels of ``mapping``."""
    for name in fields:
        VALUE_LABELS.setdefault(name, {}).update(mapping)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def entity_label(entity_type: str) -> str:
    return str(ENTITY_LABELS.get(entity_type, entity_type))


#: the record a dotted field name ("affiliation.job_title", as the import preview shows) is of
FIELD_PREFIXES = {"affiliation": _l("Zugehörigkeit"), "organisation": _l("Organisation")}


def field_label(field: str) -> str:
    """Return the label of a field; ``affiliation.job_title`` is "Zugehörigkeit: Funktion"."""
    prefix, dot, rest = field.partition(".")
    if dot and prefix in FIELD_PREFIXES:
        return f"{FIELD_PREFIXES[prefix]}: {field_label(rest)}"
    return str(FIELD_LABELS.get(field, field))
