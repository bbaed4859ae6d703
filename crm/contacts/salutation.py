"""The one place where a person's Briefanrede and DIN 5008 address block are derived.

The person page, every export, the letters, the labels and the mails call these functions;
they take plain values (or any object with the attributes ``salutation``, ``title``,
``first_name``, ``last_name``, ``name_suffix``), so that a streamed export row and a
``Contact`` give the same text.

Rules (DIN 5008, Duden): academic degrees (Dipl.-Ing., M.A., Mag., B.Sc., MBA, LL.M. …)
never go into the salutation; "Dr." does, once per doctorate ("Dr. Dr."), without its
faculty or honorary suffix ("Dr. med.", "Dr.-Ing.", "Dr. h.c." → "Dr."); "Prof." does.
The address block names the whole title and writes "Herrn" for a man.
"""

from __future__ import annotations

import re

#: a doctorate with or without its faculty joined by a hyphen: "Dr.", "Dr.-Ing.", "Dr.phil."
_DOCTOR = re.compile(r"^Dr\.?(?:[-.]?[\wäöü]+\.?)*$", re.IGNORECASE)
_PROFESSOR = re.compile(r"^Prof(?:\.|essor|essorin)?$", re.IGNORECASE)
#: where the town line says Germany, the address needs no country line
HOME_COUNTRIES = frozenset({"", "de", "deu", "deutschland", "germany"})


def salutation_title(title: str | None) -> str:
    """Return the part of ``title`` that belongs into the salutation: "Prof." and "Dr.".

    "Dipl.-Ing." → "", "Dr. med." → "Dr.", "Dr. h.c." → "Dr.", "Prof. Dr." → "Prof. Dr.",
    "Dr. Dr." → "Dr. Dr.", "Dr.-Ing. Dipl.-Kfm." → "Dr.".
    """
    kept: list[str] = []
    for word in (title or "").replace(",", " ").split():
        if _PROFESSOR.match(word):
            if "Prof." not in kept:
                kept.append("Prof.")
        elif _DOCTOR.match(word) and not word.lower().startswith("dres"):
            kept.append("Dr.")
        # everything else is a degree or a faculty/honorary suffix ("med.", "h.c.")
    return " ".join(kept)


def letter_salutation(
    salutation: str | None, title: str | None, first_name: str | None, last_name: str | None
) -> str:
    """Return the Briefanrede: "Sehr geehrte Frau Dr. Öztürk," / "Sehr geehrter Herr Weiß,".

    Without a known salutation a neutral form names the person in full:
    "Guten Tag Kim Meyer,".
    """
    short = salutation_title(title)
    if salutation == "Frau":
        opening = "Sehr geehrte Frau"
    elif salutation == "Herr":
        opening = "Sehr geehrter Herr"
    else:
        return "Guten Tag " + " ".join(p for p in (short, first_name, last_name) if p) + ","
    return " ".join(p for p in (opening, short, last_name) if p) + ","


def letter_salutation_en(
    salutation: str | None, title: str | None, first_name: str | None, last_name: str | None
) -> str:
    """Return the English salutation: "Dear Dr Öztürk," / "Dear Professor Schulze," /
    "Dear Ms Weiß," / "Dear Kim Meyer," (British usage: a doctor's or professor's title
    replaces Ms / Mr, no full stop after "Dr")."""
    short = salutation_title(title)
    if last_name and "Prof." in short:
        return f"Dear Professor {last_name},"
    if last_name and short.startswith("Dr."):
        return f"Dear Dr {last_name},"
    if last_name and salutation in ("Frau", "Herr"):
        return f"Dear {'Ms' if salutation == 'Frau' else 'Mr'} {last_name},"
    return "Dear " + " ".join(p for p in (first_name, last_name) if p) + ","


def mail_language(person) -> str:
    """Return the language of mails to ``person`` (a Contact or a list row): "en" where the
    person says so, else "de"."""
    return "en" if getattr(person, "language", None) == "en" else "de"


def salutation_of(person, language: str | None = None) -> str:
    """Return the Briefanrede of a ``Contact`` or of a row carrying the same names
    (English for ``language`` "en", German otherwise)."""
    derive = letter_salutation_en if language == "en" else letter_salutation
    return derive(person.salutation, person.title, person.first_name, person.last_name)


def address_lines(
    salutation: str | None,
    title: str | None,
    first_name: str | None,
    last_name: str | None,
    name_suffix: str | None = None,
    organisation: str | None = None,
    department: str | None = None,
    street: str | None = None,
    postal_code: str | None = None,
    city: str | None = None,
    country: str | None = None,
) -> list[str]:
    """Return the lines of the DIN 5008 address block.

    "Herrn" / "Frau", then title, name and suffix, organisation, department, street, postal
    code and town, and the country (in capitals) only when the address is abroad.
    """
    lines = []
    if salutation == "Herr":
        lines.append("Herrn")
    elif salutation == "Frau":
        lines.append("Frau")
    lines.append(" ".join(p for p in (title, first_name, last_name, name_suffix) if p))
    lines += [organisation, department, street]
    lines.append(" ".join(p for p in (postal_code, city) if p))
    if country and country.strip().lower() not in HOME_COUNTRIES:
        lines.append(country.strip().upper())
    return [line for line in lines if line]


def address_block(row) -> str:
    """Return the address block of an export row (or any object with the same attributes)."""
    return "\n".join(
        address_lines(
            row.salutation,
            row.title,
            row.first_name,
            row.last_name,
            getattr(row, "name_suffix", None),
            getattr(row, "organisation", None),
            getattr(row, "department", None),
            getattr(row, "street", None),
            getattr(row, "postal_code", None),
            getattr(row, "city", None),
            getattr(row, "country", None),
        )
    )
