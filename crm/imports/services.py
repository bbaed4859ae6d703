"""Imports of people and organisations: check every row, match, then write all or nothing.

The steps, each re-run from the stored file (the app keeps no state in process memory):

1. ``store_upload``: the file goes to ``UPLOAD_FOLDER/imports/<token>.bin`` with a small JSON
   beside it (kind, file name, owner, mapping); the token travels in the URL.
2. ``recognise`` (headers.py) proposes a mapping; the user confirms or changes it.
3. ``plan_contacts`` / ``plan_organisations`` read every row, name each bad row by its
   spreadsheet row number, column and reason, and match existing records:
   people by e-mail (business or private, case-insensitive), then by normalised first and
   last name at the same organisation; organisations by normalised name.
4. ``apply_plan`` writes everything in the caller's one transaction; with any bad row it
   refuses to write anything. Empty cells never erase stored values.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from crm.audit import services as audit
from crm.contacts.models import Affiliation, Contact
from crm.exports.writers import FORMULA_START
from crm.extensions import db
from crm.imports.headers import FIELDS, REQUIRED
from crm.imports.reader import Table, read_table
from crm.organisations.models import DEFAULT_STATE, KINDS, STATES, Organisation
from crm.search.normalize import normalize
from crm.tags.models import Tag

ACTIONS = ("update", "skip", "create")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
#: uploads older than this are removed when the next file comes in
_KEEP_SECONDS = 24 * 3600


class ImportFailure(ValueError):
    """A problem with the whole import (German message for the user)."""


# --- the stored upload ---------------------------------------------------------------------


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(data: bytes, filename: str, kind: str, user_id: int | None, **options) -> str:
    """Save an uploaded file server-side and return its token."""
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > _KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(18)
    (folder / f"{token}.bin").write_bytes(data)
    meta = {"kind": kind, "filename": filename, "user_id": user_id, "mapping": None, **options}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_meta(token: str) -> dict | None:
    """Return the stored details of an upload, or None for an unknown token."""
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def save_meta(token: str, meta: dict) -> None:
    (_folder() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")


def load_table(token: str) -> Table:
    path = _folder() / f"{token}.bin"
    if not path.exists():
        raise ImportFailure(
            _("Die hochgeladene Datei ist nicht mehr vorhanden; bitte neu hochladen.")
        )
    meta = load_meta(token) or {}
    return read_table(path.read_bytes(), meta.get("filename", ""))


def discard_file(token: str) -> None:
    """Remove the uploaded file once it is imported (the JSON keeps the summary)."""
    (_folder() / f"{token}.bin").unlink(missing_ok=True)


# --- checking values -----------------------------------------------------------------------


@dataclass(frozen=True)
class RowIssue:
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

_SALUTATION_WORDS = {
    "frau": "Frau",
    "fr": "Frau",
    "mrs": "Frau",
    "ms": "Frau",
    "miss": "Frau",
    "herr": "Herr",
    "hr": "Herr",
    "hrn": "Herr",
    "herrn": "Herr",
    "mr": "Herr",
}
_NEUTRAL_WORDS = {"divers", "mx", "keine", "keineangabe"}
_GERMANY = {"", "deutschland", "germany", "de", "deu", "brd"}
_PLZ = re.compile(r"^\d{5}$")


def split_prefix(value: str) -> tuple[str, str | None]:
    """Split an address-book prefix into salutation and title: "Herr Dr. med." -> Herr, Dr. med."""
    salutation = ""
    rest = []
    for word in value.split():
        key = re.sub(r"[^a-z]", "", normalize(word))
        if not salutation and key in _SALUTATION_WORDS:
            salutation = _SALUTATION_WORDS[key]
        elif key in _NEUTRAL_WORDS:
            continue
        else:
            rest.append(word)
    return salutation, " ".join(rest) or None


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
#: leading digits of German postal codes in the region -> Land (a guess for new organisations)
_PLZ_STATES = {
    "01": "SN",
    "02": "SN",
    "04": "SN",
    "08": "SN",
    "09": "SN",
    "06": "ST",
    "39": "ST",
    "38": "ST",
    "07": "TH",
    "98": "TH",
    "99": "TH",
    "03": "BB",
    "10": "BE",
    "12": "BE",
    "13": "BE",
}
_KIND_HINTS = (
    ("ministerium", "ministry"),
    ("kammer", "chamber"),
    ("universitat", "university"),
    ("hochschule", "university"),
    ("fraunhofer", "research"),
    ("institut", "research"),
    ("leibniz", "research"),
    ("helmholtz", "research"),
    ("planungsverband", "planning"),
    ("planungsgemeinschaft", "planning"),
    ("stadtwerke", "public_company"),
    ("verkehrsbetriebe", "public_company"),
    ("nahverkehr", "public_company"),
    ("wasserwerke", "public_company"),
    ("stiftung", "foundation"),
    ("verband", "association"),
    ("verein", "association"),
    ("e.v.", "association"),
    ("landkreis", "district"),
    ("kreis", "district"),
    ("stadt ", "city"),
    ("gemeinde ", "city"),
    ("gmbh", "company"),
    (" ag", "company"),
    (" se", "company"),
    (" kg", "company"),
)


def guess_kind(name: str) -> str:
    """Return a kind for a new organisation from words in its name ("Stadt Jena" -> city)."""
    folded = normalize(name) + " "
    for hint, kind in _KIND_HINTS:
        if hint in folded:
            return kind
    return "other"


def guess_state(postal_code: str | None, default: str) -> str:
    """Return the Land of a German postal code in and around the region, else ``default``."""
    if postal_code and _PLZ.match(postal_code):
        return _PLZ_STATES.get(postal_code[:2], default)
    return default


def _email(value: str) -> str | None:
    """Return the normalised address, or None when it is not a valid e-mail address."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _clean_row(
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
    if values.get("postal_code") and country in _GERMANY and not _PLZ.match(values["postal_code"]):
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


# --- the plan ------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    row: int
    values: dict[str, str]
    #: id of the matched record, and how it was found ("email" or "name")
    match_id: int | None = None
    match_by: str | None = None
    match_label: str = ""
    action: str = "create"
    #: field -> [stored, imported] for a matched row
    changes: dict[str, list] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        v = self.values
        return " ".join(p for p in (v.get("first_name"), v.get("last_name") or v.get("name")) if p)


@dataclass
class ImportPlan:
    kind: str
    rows: list[PlannedRow] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    #: names of organisations that the import will create
    new_organisations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def matched(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.match_id is not None]

    def counts(self) -> dict[str, int]:
        new = sum(1 for r in self.rows if r.match_id is None)
        changed = sum(1 for r in self.matched if r.changes)
        return {
            "rows": len(self.rows),
            "new": new,
            "matched": len(self.matched),
            "changed": changed,
            "unchanged": len(self.matched) - changed,
            "errors": len({i.row for i in self.issues}),
            "new_organisations": len(self.new_organisations),
        }


def check_mapping(kind: str, mapping: list[str | None]) -> str | None:
    """Return a German message when the mapping cannot work, else None."""
    fields = FIELDS[kind]
    used = [m for m in mapping if m]
    unknown = [m for m in used if m not in fields]
    if unknown:
        return _("Unbekanntes Feld: %(fields)s", fields=", ".join(unknown))
    twice = sorted({m for m in used if used.count(m) > 1})
    if twice:
        labels = ", ".join(str(fields[m]) for m in twice)
        return _("Jedes Feld darf nur einer Spalte zugeordnet sein: %(fields)s", fields=labels)
    if REQUIRED[kind] not in used:
        return _("Bitte eine Spalte dem Feld „%(field)s“ zuordnen.", field=fields[REQUIRED[kind]])
    return None


def _org_index() -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name).order_by(Organisation.id)
    )
    index: dict[str, int] = {}
    for org_id, name in rows:
        index.setdefault(normalize(name), org_id)
    return index


def _clean_table(kind: str, table: Table, mapping: list[str | None]) -> ImportPlan:
    plan = ImportPlan(kind=kind)
    mapping = list(mapping) + [None] * (len(table.headers) - len(mapping))
    for number, cells in table.rows:
        values, issues = _clean_row(kind, table.headers, mapping, number, cells)
        if issues:
            plan.issues.extend(issues)
        else:
            plan.rows.append(PlannedRow(row=number, values=values))
    return plan


def _person_fields(values: dict[str, str]) -> dict[str, str]:
    """Return the Contact fields a row sets (only non-empty ones: empty never erases)."""
    result = {}
    if values.get("prefix"):
        salutation, title = split_prefix(values["prefix"])
        if salutation:
            result["salutation"] = salutation
        if title:
            result["title"] = title
    for name in ("title", "first_name", "last_name", "name_suffix", "notes"):
        if values.get(name):
            result[name] = values[name]
    if values.get("private_email"):
        result["email"] = values["private_email"]
    if values.get("private_phone"):
        result["phone"] = values["private_phone"]
    if not values.get("organisation"):
        # without an organisation the e-mail and phone can only be the person's own
        if values.get("email") and "email" not in result:
            result["email"] = values["email"]
        phone = values.get("phone") or values.get("mobile")
        if phone and "phone" not in result:
            result["phone"] = phone
    return result


def _affiliation_fields(values: dict[str, str]) -> dict[str, str]:
    if not values.get("organisation"):
        return {}
    result = {}
    for name in ("job_title", "department", "email"):
        if values.get(name):
            result[name] = values[name]
    phone = values.get("phone") or values.get("mobile")
    if phone:
        result["phone"] = phone
    return result


def _address_fields(values: dict[str, str]) -> dict[str, str]:
    return {k: values[k] for k in ("street", "postal_code", "city") if values.get(k)}


def _same(a, b) -> bool:
    return (a or "") == (b or "") if isinstance(b, str) else a == b


def _load_contacts(ids: list[int]) -> dict[int, Contact]:
    found: dict[int, Contact] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = (
            sa.select(Contact)
            .options(selectinload(Contact.affiliations), selectinload(Contact.tags))
            .where(Contact.id.in_(chunk))
        )
        found.update({c.id: c for c in db.session.scalars(stmt)})
    return found


def _affiliation_at(contact: Contact, org_id: int) -> Affiliation | None:
    at_org = [a for a in contact.affiliations if a.organisation_id == org_id]
    current = [a for a in at_org if a.is_current()]
    return (current or at_org or [None])[0]


def plan_contacts(table: Table, mapping: list[str | None]) -> ImportPlan:
    """Check every row of a people list and match it against the stored people."""
    plan = _clean_table("contacts", table, mapping)
    seen_emails: dict[str, int] = {}
    for row in list(plan.rows):
        for name in ("email", "private_email"):
            email = row.values.get(name)
            if not email:
                continue
            key = email.casefold()
            if key in seen_emails and seen_emails[key] != row.row:
                column = table.headers[mapping.index(name)]
                plan.issues.append(
                    RowIssue(
                        row.row,
                        column,
                        _(
                            "E-Mail wie in Zeile %(row)s: %(email)s",
                            row=seen_emails[key],
                            email=email,
                        ),
                    )
                )
                plan.rows.remove(row)
                break
            seen_emails[key] = row.row
    plan.issues.sort(key=lambda i: (i.row, i.column))
    if not plan.rows:
        return plan

    orgs = _org_index()
    # Every stored e-mail and name in two queries (no query per row): the lists the
    # secretariat keeps are a few thousand people.
    by_email: dict[str, int] = {}
    by_name: dict[tuple[str, int], int] = {}
    names: dict[int, str] = {}
    for cid, first, last, email in db.session.execute(
        sa.select(Contact.id, Contact.first_name, Contact.last_name, Contact.email)
    ):
        names[cid] = " ".join(p for p in (first, last) if p)
        if email:
            by_email.setdefault(email.casefold(), cid)
    for cid, _org_id, email in db.session.execute(
        sa.select(Affiliation.contact_id, Affiliation.organisation_id, Affiliation.email)
    ):
        if email:
            by_email.setdefault(email.casefold(), cid)
    # names at organisations: normalised first + last
    name_rows = db.session.execute(
        sa.select(
            Contact.id, Contact.first_name, Contact.last_name, Affiliation.organisation_id
        ).join(Affiliation, Affiliation.contact_id == Contact.id)
    )
    for cid, first, last, org_id in name_rows:
        by_name.setdefault((normalize(first) + " " + normalize(last), org_id), cid)

    new_orgs: dict[str, str] = {}
    for row in plan.rows:
        v = row.values
        org_id = None
        if v.get("organisation"):
            key = normalize(v["organisation"])
            org_id = orgs.get(key)
            if org_id is None:
                new_orgs.setdefault(key, v["organisation"])
        for name in ("email", "private_email"):
            if v.get(name) and v[name].casefold() in by_email:
                row.match_id, row.match_by = by_email[v[name].casefold()], "email"
                break
        if row.match_id is None and org_id is not None:
            key = (normalize(v.get("first_name")) + " " + normalize(v.get("last_name")), org_id)
            if key in by_name:
                row.match_id, row.match_by = by_name[key], "name"
        if row.match_id is not None:
            row.action = "update"
            row.match_label = names.get(row.match_id, "")
    plan.new_organisations = sorted(new_orgs.values(), key=normalize)

    matched = _load_contacts([r.match_id for r in plan.matched])
    for row in plan.matched:
        row.changes = _contact_changes(matched[row.match_id], row.values, orgs)
    return plan


def _contact_changes(contact: Contact, values: dict[str, str], orgs: dict[str, int]) -> dict:
    changes = {}
    for name, value in _person_fields(values).items():
        if not _same(getattr(contact, name), value):
            changes[name] = [getattr(contact, name), value]
    org_id = orgs.get(normalize(values.get("organisation")))
    aff_values = _affiliation_fields(values)
    if values.get("organisation"):
        affiliation = _affiliation_at(contact, org_id) if org_id else None
        if affiliation is None:
            changes["organisation"] = [None, values["organisation"]]
        else:
            for name, value in aff_values.items():
                if name in ("email", "phone") and _same(getattr(contact, name), value):
                    continue  # the person's own address, exported in the same column
                if not _same(getattr(affiliation, name), value):
                    changes[f"affiliation.{name}"] = [getattr(affiliation, name), value]
    tags = _tag_names(values.get("tags"))
    have = {t.name.casefold() for t in contact.tags}
    missing = [t for t in tags if t.casefold() not in have]
    if missing:
        changes["tags"] = [None, ", ".join(missing)]
    return changes


def _tag_names(value: str | None) -> list[str]:
    """Return the tags of a cell: "Newsletter; Presse", Google's "* myContacts ::: Presse"."""
    if not value:
        return []
    parts = re.split(r":::|;|,", value)
    names = []
    for part in parts:
        name = part.strip().lstrip("*").strip()
        if name and name.casefold() not in {"mycontacts", "starred"} and name not in names:
            names.append(name[:60])
    return names


def plan_organisations(table: Table, mapping: list[str | None]) -> ImportPlan:
    """Check every row of an organisation list and match it by normalised name."""
    plan = _clean_table("organisations", table, mapping)
    seen: dict[str, int] = {}
    name_column = table.headers[mapping.index("name")]
    for row in list(plan.rows):
        key = normalize(row.values["name"])
        if key in seen:
            plan.issues.append(
                RowIssue(row.row, name_column, _("gleicher Name wie Zeile %(row)s", row=seen[key]))
            )
            plan.rows.remove(row)
        else:
            seen[key] = row.row
    plan.issues.sort(key=lambda i: (i.row, i.column))
    orgs = _org_index()
    stored = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_([orgs[k] for k in seen if k in orgs] or [-1])
            )
        )
    }
    for row in plan.rows:
        org_id = orgs.get(normalize(row.values["name"]))
        if org_id is None:
            continue
        row.match_id, row.match_by, row.action = org_id, "name", "update"
        org = stored[org_id]
        row.match_label = org.name
        for name, value in _org_fields(row.values, None).items():
            if name in ("kind", "state") and name not in row.values:
                continue
            if not _same(getattr(org, name), value):
                row.changes[name] = [getattr(org, name), value]
    return plan


def _org_fields(values: dict[str, str], default_state: str | None) -> dict[str, str]:
    result = {
        k: values[k]
        for k in (
            "name",
            "short_name",
            "street",
            "postal_code",
            "city",
            "website",
            "email",
            "phone",
            "notes",
        )
        if values.get(k)
    }
    if values.get("kind"):
        result["kind"] = values["kind"]
    elif default_state is not None:
        result["kind"] = guess_kind(values["name"])
    if values.get("state"):
        result["state"] = values["state"]
    elif default_state is not None:
        result["state"] = guess_state(values.get("postal_code"), default_state)
    return result


def make_plan(kind: str, table: Table, mapping: list[str | None]) -> ImportPlan:
    if kind == "contacts":
        return plan_contacts(table, mapping)
    return plan_organisations(table, mapping)


# --- writing -------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    kind: str
    filename: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    organisations_created: list[str] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def apply_plan(
    plan: ImportPlan,
    choices: dict[int, str] | None = None,
    *,
    filename: str = "",
    default_state: str = DEFAULT_STATE,
    user=None,
) -> ImportSummary:
    """Write the plan into the session (the caller commits once, or rolls back).

    ``choices`` maps row numbers of matched rows to "update", "skip" or "create"; rows
    not named keep their planned action. Nothing is written when the plan has issues.
    """
    if not plan.ok:
        raise ImportFailure(_("Die Datei enthält fehlerhafte Zeilen; es wurde nichts importiert."))
    choices = choices or {}
    for row in plan.matched:
        action = choices.get(row.row, row.action)
        if action not in ACTIONS:
            raise ImportFailure(
                _("Unbekannte Auswahl für Zeile %(row)s: %(action)s", row=row.row, action=action)
            )
        row.action = action
    summary = ImportSummary(kind=plan.kind, filename=filename)
    if plan.kind == "contacts":
        _apply_contacts(plan, summary, default_state, user)
    else:
        _apply_organisations(plan, summary, default_state, user)
    db.session.flush()
    audit.record(
        "import",
        plan.kind,
        None,
        summary=(
            f"Import {filename}: {summary.created} neu, {summary.updated} geändert, "
            f"{summary.unchanged} unverändert, {summary.skipped} übersprungen"
        ),
        changes=summary.as_dict(),
        user=user,
    )
    return summary


def _apply_organisations(plan: ImportPlan, summary: ImportSummary, default_state, user) -> None:
    stored = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_([r.match_id for r in plan.matched] or [-1])
            )
        )
    }
    created = []
    for row in plan.rows:
        if row.match_id is not None and row.action == "skip":
            summary.skipped += 1
            continue
        if row.match_id is not None and row.action == "update":
            org = stored[row.match_id]
            if not row.changes:
                summary.unchanged += 1
                continue
            before = audit.snapshot(org)
            for name, (_, value) in row.changes.items():
                setattr(org, name, value)
            audit.record_update(org, before, summary="Import", user=user)
            summary.updated += 1
            summary.updated_ids.append(org.id)
            continue
        org = Organisation(**_org_fields(row.values, default_state))
        db.session.add(org)
        created.append(org)
        summary.created += 1
    db.session.flush()
    summary.created_ids = [o.id for o in created]


def _apply_contacts(plan: ImportPlan, summary: ImportSummary, default_state, user) -> None:
    orgs = _org_index()
    org_objects: dict[str, Organisation] = {}
    tags = {t.name.casefold(): t for t in db.session.scalars(sa.select(Tag))}
    contacts = _load_contacts([r.match_id for r in plan.matched if r.action == "update"])
    stored_orgs = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_(
                    {
                        orgs[normalize(r.values["organisation"])]
                        for r in plan.rows
                        if r.values.get("organisation")
                        and normalize(r.values["organisation"]) in orgs
                    }
                    or {-1}
                )
            )
        )
    }

    def organisation_for(values: dict[str, str]) -> Organisation | None:
        name = values.get("organisation")
        if not name:
            return None
        key = normalize(name)
        if key in org_objects:
            return org_objects[key]
        address = _address_fields(values)
        if key in orgs:
            org = stored_orgs[orgs[key]]
            empty = {k: v for k, v in address.items() if not getattr(org, k)}
            if empty:
                before = audit.snapshot(org)
                for k, v in empty.items():
                    setattr(org, k, v)
                audit.record_update(org, before, summary="Import: Adresse ergänzt", user=user)
        else:
            org = Organisation(
                name=name,
                kind=values.get("org_kind") or guess_kind(name),
                state=values.get("state") or guess_state(values.get("postal_code"), default_state),
                **address,
            )
            db.session.add(org)
            summary.organisations_created.append(name)
        org_objects[key] = org
        return org

    def add_tags(contact: Contact, values: dict[str, str]) -> None:
        have = {t.name.casefold() for t in contact.tags}
        for name in _tag_names(values.get("tags")):
            if name.casefold() in have:
                continue
            tag = tags.get(name.casefold())
            if tag is None:
                tag = tags[name.casefold()] = Tag(name=name)
                db.session.add(tag)
            contact.tags.append(tag)
            have.add(name.casefold())

    created: list[Contact] = []
    for row in plan.rows:
        v = row.values
        if row.match_id is not None and row.action == "skip":
            summary.skipped += 1
            continue
        org = organisation_for(v)
        if row.match_id is not None and row.action == "update":
            if not row.changes:
                summary.unchanged += 1
                continue
            contact = contacts[row.match_id]
            before = audit.snapshot(contact)
            for name, value in _person_fields(v).items():
                if not _same(getattr(contact, name), value):
                    setattr(contact, name, value)
            if org is not None:
                affiliation = _affiliation_at(contact, org.id) if org.id else None
                if affiliation is None:
                    has_primary = any(a.is_primary and a.is_current() for a in contact.affiliations)
                    affiliation = Affiliation(organisation=org, is_primary=not has_primary)
                    contact.affiliations.append(affiliation)
                for name, value in _affiliation_fields(v).items():
                    if name in ("email", "phone") and _same(getattr(contact, name), value):
                        continue
                    if not _same(getattr(affiliation, name), value):
                        setattr(affiliation, name, value)
            add_tags(contact, v)
            audit.record_update(contact, before, summary="Import", user=user)
            summary.updated += 1
            summary.updated_ids.append(contact.id)
            continue
        fields = _person_fields(v)
        fields.setdefault("salutation", "")
        contact = Contact(**fields)
        if org is not None:
            contact.affiliations.append(
                Affiliation(organisation=org, is_primary=True, **_affiliation_fields(v))
            )
        add_tags(contact, v)
        db.session.add(contact)
        created.append(contact)
        summary.created += 1
    db.session.flush()
    summary.created_ids = [c.id for c in created]
