"""Cleaning the cells of one row: text, length limits, e-mail, web address, codes.

``clean_row`` turns a row's cells into checked values by field (codes for kind and state,
normalised e-mail addresses, web addresses with their scheme) and names each problem by
column. The record fields the write step stores are made from these values in
``records.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from crm.contacts.models import Affiliation, Contact
from crm.fields import control_character_problem
from crm.imports.headers import REQUIRED
from crm.organisations.models import KINDS, STATES, Organisation
from crm.search.normalize import normalize
from crm.writers import FORMULA_START


@dataclass(frozen=True)
class RowIssue:
    """One problem of a row: its spreadsheet row number, the column and what is wrong."""

    row: int
    column: str
    message: str


def _column_limits(model) -> dict[str, int]:
    return {
        c.key: c.type.length
        for c in sa.inspect(model).columns
        if isinstance(c.type, sa.String) and c.type.length
    }


_CONTACT_LIMITS = _column_limits(Contact)
_AFFILIATION_LIMITS = _column_limits(Affiliation)
_ORG_LIMITS = _column_limits(Organisation)
#: where each field is stored, for its length limit
_LIMITS = {
    "contacts": {
        "title": _CONTACT_LIMITS["title"],
        "first_name": _CONTACT_LIMITS["first_name"],
        "last_name": _CONTACT_LIMITS["last_name"],
        "name_suffix": _CONTACT_LIMITS["name_suffix"],
        "private_email": _CONTACT_LIMITS["email"],
        "private_phone": _CONTACT_LIMITS["phone"],
        "organisation": _ORG_LIMITS["name"],
        "department": _AFFILIATION_LIMITS["department"],
        "job_title": _AFFILIATION_LIMITS["job_title"],
        "email": _AFFILIATION_LIMITS["email"],
        "phone": _AFFILIATION_LIMITS["phone"],
        "mobile": _AFFILIATION_LIMITS["phone"],
        "street": _ORG_LIMITS["street"],
        "postal_code": _ORG_LIMITS["postal_code"],
        "city": _ORG_LIMITS["city"],
        "notes": 10_000,
    },
    # kind and state are words in the file ("Sachsen-Anhalt"), checked against the codes
    "organisations": {
        k: v for k, v in {**_ORG_LIMITS, "notes": 10_000}.items() if k not in ("kind", "state")
    },
}

#: the fields that may hold line breaks and tabs; every other field is one line
MULTI_LINE = {"notes"}
_GERMANY = {"", "deutschland", "germany", "de", "deu", "brd"}
PLZ = re.compile(r"^\d{5}$")


def _text(value: Any) -> str:
    """Return a cell as stripped text; undo the export's formula neutralisation."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        text = text[1:]
    return text


def _label_lookup(labels: dict) -> dict[str, str]:
    """Return folded German label or code -> code ("Landkreis" and "district" -> district)."""
    lookup = {}
    for code, label in labels.items():
        lookup[re.sub(r"[^a-z0-9]", "", normalize(str(label)))] = code
        lookup[code.lower()] = code
    return lookup


_KIND_WORDS = {
    **_label_lookup(KINDS),
    "ministerium": "ministry",
    "universitat": "university",
    "verband": "association",
    "verein": "association",
    "forschung": "research",
    "kreis": "district",
    "kreisfreiestadt": "city",
    "gemeinde": "city",
}
_STATE_WORDS = {**_label_lookup(STATES), "ausland": "XX"}


def _email(value: str) -> str | None:
    """Return the normalised address, or None when it is not a valid e-mail address."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def clean_row(
    kind: str, headers: list[str], mapping: list[str | None], number: int, cells: list
) -> tuple[dict[str, str], list[RowIssue]]:
    """Return the mapped fields of one row and its problems."""
    values: dict[str, str] = {}
    column_of: dict[str, str] = {}
    for i, field_name in enumerate(mapping):
        if not field_name:
            continue
        value = _text(cells[i]) if i < len(cells) else ""
        if kind == "contacts" and field_name == "postal_code" and isinstance(cells[i], int):
            value = f"{cells[i]:05d}"  # Excel stored the code as a number and dropped the 0
        values[field_name] = value
        column_of[field_name] = headers[i]
    issues = []

    def bad(name: str, message: str) -> None:
        issues.append(RowIssue(number, column_of.get(name, name), message))

    limits = _LIMITS[kind]
    for name, value in values.items():
        problem = control_character_problem(value, multiline=name in MULTI_LINE)
        if problem:
            bad(name, str(problem))
        limit = limits.get(name)
        if limit and len(value) > limit:
            bad(name, _("zu lang (%(n)s Zeichen, höchstens %(limit)s)", n=len(value), limit=limit))
    required = REQUIRED[kind]
    if not values.get(required):
        bad(required, _("fehlt (Pflichtfeld)"))
    for name in ("email", "private_email"):
        if values.get(name):
            normalized = _email(values[name])
            if normalized is None:
                bad(name, _("keine gültige E-Mail-Adresse: %(value)s", value=values[name]))
            else:
                values[name] = normalized
    if values.get("website"):
        # "www.leipzig.de" is common in lists; anything but http(s) (javascript:, data:) is not
        site = values["website"]
        if "://" not in site and not site.lower().startswith(("javascript:", "data:")):
            site = f"https://{site}"
        if not re.match(r"https?://[^\s/$.?#][^\s]*$", site, re.IGNORECASE):
            bad(
                "website",
                _("keine gültige Web-Adresse (http/https): %(value)s", value=values["website"]),
            )
        else:
            values["website"] = site
    country = normalize(values.get("country", ""))
    if values.get("postal_code") and country in _GERMANY and not PLZ.match(values["postal_code"]):
        bad(
            "postal_code",
            _("deutsche Postleitzahlen haben fünf Ziffern: %(value)s", value=values["postal_code"]),
        )
    kind_field = "kind" if kind == "organisations" else "org_kind"
    if values.get(kind_field):
        code = _KIND_WORDS.get(re.sub(r"[^a-z0-9]", "", normalize(values[kind_field])))
        if code is None:
            bad(kind_field, _("unbekannte Art: %(value)s", value=values[kind_field]))
        else:
            values[kind_field] = code
    if values.get("state"):
        code = _STATE_WORDS.get(re.sub(r"[^a-z0-9]", "", normalize(values["state"])))
        if code is None:
            bad("state", _("unbekanntes Bundesland: %(value)s", value=values["state"]))
        else:
            values["state"] = code
    return values, issues
