"""The record fields a checked row sets: person, affiliation, organisation, tags.

These are the FINAL values the import plan carries (``plan.py``), so the write step
(``write.py``) stores them as they are. Empty values are left out: an empty cell never
erases a stored value. What the file leaves open for a new organisation (its kind and
Land) is guessed here from its name and postal code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crm.imports.cleaning import PLZ
from crm.organisations.operations import FIELDS as ORGANISATION_FIELDS
from crm.search.normalize import normalize

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
    if postal_code and PLZ.match(postal_code):
        return _PLZ_STATES.get(postal_code[:2], default)
    return default


def tag_names(value: str | None) -> list[str]:
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


def person_fields(values: dict[str, str]) -> dict[str, str]:
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


def affiliation_fields(values: dict[str, str]) -> dict[str, str]:
    """Return the Affiliation fields a row sets (none without an organisation)."""
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


def address_fields(values: dict[str, str]) -> dict[str, str]:
    """Return the postal address a row gives its organisation."""
    return {k: values[k] for k in ("street", "postal_code", "city") if values.get(k)}


def organisation_fields(values: dict[str, str], default_state: str | None = None) -> dict:
    """Return the Organisation fields a row of an organisation list sets.

    With ``default_state`` the kind and Land the file leaves open are guessed (a new
    organisation needs both); without it only what the file gives.
    """
    # the fields a user edits on the organisation's own form, as far as the file gives them
    result = {k: values[k] for k in ORGANISATION_FIELDS if values.get(k)}
    if default_state is not None:
        result.setdefault("kind", guess_kind(values["name"]))
        result.setdefault("state", guess_state(values.get("postal_code"), default_state))
    return result


@dataclass(frozen=True)
class OrganisationRef:
    """The organisation a person's row names: a stored one (``id``) or one to create."""

    #: the normalised name: rows naming the same organisation share one
    key: str
    name: str
    id: int | None
    #: what a new organisation gets, and what fills a stored one's empty address
    kind: str
    state: str
    address: dict[str, str] = field(default_factory=dict)


def organisation_ref(
    values: dict[str, str], index: dict[str, int], default_state: str
) -> OrganisationRef | None:
    """Return the organisation a person's row names (by normalised name), or None."""
    name = values.get("organisation")
    if not name:
        return None
    key = normalize(name)
    return OrganisationRef(
        key=key,
        name=name,
        id=index.get(key),
        kind=values.get("org_kind") or guess_kind(name),
        state=values.get("state") or guess_state(values.get("postal_code"), default_state),
        address=address_fields(values),
    )
