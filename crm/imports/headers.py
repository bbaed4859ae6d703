"""The fields an import can fill, and the column headers we recognise for each.

Headers are compared folded (``normalize`` plus only letters and digits), so "E-Mail-Adresse",
"E-mail Address" and "e mail adresse" meet. Known are: our own export, German Excel lists,
Outlook (German and English), Google Contacts and Thunderbird (German and English).
Address book categories ("Kategorien", "Labels") are deliberately not mapped to tags by
default: they are often personal ("* myContacts"); the mapping step offers it.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from crm.search.normalize import normalize

#: field -> German label (the mapping step's choices)
CONTACT_FIELDS = {
    "prefix": _l("Anrede (auch „Frau Dr.“)"),
    "title": _l("Titel"),
    "first_name": _l("Vorname"),
    "last_name": _l("Nachname"),
    "name_suffix": _l("Namenszusatz"),
    "organisation": _l("Organisation"),
    "org_kind": _l("Art der Organisation"),
    "department": _l("Abteilung"),
    "job_title": _l("Funktion"),
    "email": _l("E-Mail (dienstlich)"),
    "private_email": _l("E-Mail (privat)"),
    "phone": _l("Telefon"),
    "mobile": _l("Mobiltelefon"),
    "private_phone": _l("Telefon (privat)"),
    "street": _l("Straße"),
    "postal_code": _l("PLZ"),
    "city": _l("Ort"),
    "state": _l("Bundesland"),
    "country": _l("Staat"),
    "notes": _l("Notizen"),
    "tags": _l("Schlagwörter"),
}

ORGANISATION_FIELDS = {
    "name": _l("Name"),
    "short_name": _l("Kurzname"),
    "kind": _l("Art"),
    "state": _l("Bundesland"),
    "street": _l("Straße"),
    "postal_code": _l("PLZ"),
    "city": _l("Ort"),
    "country": _l("Staat"),
    "website": _l("Website"),
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "notes": _l("Notizen"),
}

FIELDS = {"contacts": CONTACT_FIELDS, "organisations": ORGANISATION_FIELDS}
#: the field that must be mapped for an import to make sense
REQUIRED = {"contacts": "last_name", "organisations": "name"}

#: marker for "recognised, deliberately not imported" (derived or irrelevant columns)
IGNORE = ""

_CONTACT_ALIASES = {
    "prefix": "anrede salutation title nameprefix prefix",
    "title": "titel akademischertitel akademischergrad academictitle",
    "first_name": "vorname firstname givenname",
    "last_name": "nachname lastname familyname surname",
    "name_suffix": "namenszusatz suffix namesuffix",
    "organisation": "organisation organization firma company organizationname unternehmen "
    "institution organisationsname",
    "org_kind": "artderorganisation organisationsart",
    "department": "abteilung department organizationdepartment",
    "job_title": "funktion position jobtitle organizationtitle arbeitstitel berufsbezeichnung",
    "email": "email emailadresse emailaddress email1value primaryemail primareemailadresse "
    "emaildienstlich emailgeschaftlich",
    "private_email": "email2adresse email2address email2value secondaryemail "
    "sekundareemailadresse emailprivat",
    "phone": "telefon telefongeschaftlich businessphone workphone teldienstlich phone1value "
    "telefonnummer telefondienstlich",
    "mobile": "mobiltelefon mobilephone mobilenumber mobiltelnr handy mobil",
    "private_phone": "telefonprivat homephone telprivat",
    "street": "strasse strassegeschaftlich businessstreet workaddress dienstlichadresse "
    "address1street anschrift",
    "postal_code": "plz postleitzahl postleitzahlgeschaftlich businesspostalcode workzipcode "
    "dienstlichplz address1postalcode zip zipcode",
    "city": "ort ortgeschaftlich businesscity workcity dienstlichort address1city",
    "state": "bundesland regiongeschaftlich businessstate workstate dienstlichbundesland "
    "address1region",
    "country": "land landregiongeschaftlich businesscountryregion workcountry dienstlichland "
    "address1country",
    "notes": "notizen notes bemerkungen bemerkung",
    IGNORE: "briefanrede adressblock zugehorigseit weiterevornamen middlename emailtyp "
    "emailangezeigtername email1label phone1label address1label address1formatted "
    "displayname anzeigename fileas nickname spitzname phoneticfirstname phoneticmiddlename "
    "phoneticlastname",
}

_ORGANISATION_ALIASES = {
    "name": "name organisation organization firma company institution",
    "short_name": "kurzname abkurzung kurzbezeichnung shortname",
    "kind": "art typ artderorganisation organisationsart kind type",
    "state": "bundesland state region",
    "street": "strasse anschrift street address",
    "postal_code": "plz postleitzahl zip zipcode postalcode",
    "city": "ort stadt city",
    "country": "land country",
    "website": "website webseite homepage internet url",
    "email": "email emailadresse emailaddress",
    "phone": "telefon phone telefonnummer",
    "notes": "notizen notes bemerkungen",
}


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _index(aliases: dict[str, str]) -> dict[str, str]:
    # folded like the headers ("value" -> "valu": the normaliser folds "ue")
    return {header_key(a): field for field, words in aliases.items() for a in words.split()}


def header_key(header: str) -> str:
    """Return a header folded for comparison: "E-Mail-Adresse" -> "emailadresse"."""
    return _NOT_ALNUM.sub("", normalize(header))


_KNOWN = {"contacts": _index(_CONTACT_ALIASES), "organisations": _index(_ORGANISATION_ALIASES)}


def recognise(kind: str, headers: list[str]) -> list[str | None]:
    """Return, per column, the field it fills, ``IGNORE`` for known extra columns or None.

    None marks an unknown column, which the mapping step points out. A field is given to
    its first column only (a second "E-Mail" column is left for the user to map).
    """
    known = _KNOWN[kind]
    taken: set[str] = set()
    result: list[str | None] = []
    for header in headers:
        field = known.get(header_key(header))
        if field and field in taken:
            field = None
        if field:
            taken.add(field)
        result.append(field)
    return result
