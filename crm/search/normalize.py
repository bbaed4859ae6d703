"""The one search normaliser: every search and the duplicate check use ``normalize``."""

from __future__ import annotations

import re
import unicodedata

import cologne_phonetics

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
# Both German spellings of an umlaut ("ü" and "ue") fold to the plain vowel, so that
# "Müller", "Mueller" and "muller" all become "muller". The digraph is folded wherever it
# stands (also at the start of a later word: "Bad Ueckermünde"), so that a stored text and
# a query made of any of its words always fold the same way.
_DIGRAPHS = re.compile(r"(ae|oe|ue)")
_SPACES = re.compile(r"\s+")
# a query word made only of digits and the usual phone punctuation is searched as digits
_PHONE_LIKE = re.compile(r"^\+?[\d()/.\-]*\d[\d()/.\-]*$")
_NON_DIGITS = re.compile(r"\D")


def normalize(text: str | None) -> str:
    """Return ``text`` folded for searching: lower case, umlauts and ß folded, accents removed.

    "Müller", "Mueller" and "MULLER" give "muller"; "Straße" and "strasse" give "strasse";
    "Jörg" and "Joerg" give "jorg".
    """
    if not text:
        return ""
    text = text.casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DIGRAPHS.sub(lambda m: m.group(1)[0], text)
    return _SPACES.sub(" ", text).strip()


def phone_key(phone: str | None) -> str:
    """Return the digits of a phone number, plus its national form for +49 numbers.

    "+49 341 123-456" gives "49341123456 0341123456", so that "0341 123456", "341123"
    and "+49341…" all find it.
    """
    digits = _NON_DIGITS.sub("", phone or "")
    if not digits:
        return ""
    if (phone or "").strip().startswith("+49") or digits.startswith("0049"):
        national = "0" + digits.removeprefix("00").removeprefix("49")
        return f"{digits} {national}"
    return digits


def search_terms(query: str | None) -> list[str]:
    """Return the normalised words of a search query (empty words dropped).

    A phone-like word ("0341/123-456") is reduced to its digits, as phone numbers are
    stored that way in ``search_text`` (see ``phone_key``).
    """
    terms = []
    for term in normalize(query).split(" "):
        if term and _PHONE_LIKE.match(term):
            term = _NON_DIGITS.sub("", term)
        if term:
            terms.append(term)
    return terms


def search_key(*parts: str | None) -> str:
    """Return the stored search text for a row built from several fields."""
    return " ".join(p for p in (normalize(x) for x in parts) if p)


#: a query word is looked up by its sound only from this length on ("Ma" sounds like too much)
MIN_SOUND_LENGTH = 3


def phonetic(*parts: str | None) -> str:
    """Return the Kölner Phonetik codes of the words in ``parts``, space-separated.

    "Meier", "Meyer" and "Maier" give "67"; "Schmidt" and "Schmitt" give "862";
    "Meißner" and "Meisner" give "6867". Words without a code (numbers) are left out.
    """
    codes = []
    for part in parts:
        folded = normalize(part)
        if folded:
            codes.extend(code for _word, code in cologne_phonetics.encode(folded) if code)
    return " ".join(codes)


def sound_terms(query: str | None) -> list[str | None]:
    """Return, per word of ``search_terms(query)``, its phonetic code, or None for words that
    are not searched by sound (digits, short words)."""
    return [
        phonetic(term) or None
        if len(term) >= MIN_SOUND_LENGTH and not term.isdigit() and " " not in phonetic(term)
        else None
        for term in search_terms(query)
    ]


#: DIN 5007-2 ("Namensliste", telephone books): umlauts sort as their digraphs, ö as oe
_DIN_5007_2 = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
#: name particles that do not decide the order: "von der Heydt" sorts under H
NAME_PARTICLES = frozenset(
    [
        "von",
        "van",
        "vom",
        "zu",
        "zum",
        "zur",
        "und",
        "der",
        "den",
        "dem",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "des",
        "la",
        "le",
        "ten",
        "ter",
        "vander",
    ]
)


def sort_text(text: str | None) -> str:
    """Return ``text`` folded for sorting by DIN 5007-2: lower case, "Öztürk" as "oeztuerk".

    Accents are removed ("Éluard" as "eluard"); the key is plain ASCII letters, digits and
    single spaces, so any database collation orders it the same way.
    """
    if not text:
        return ""
    text = text.casefold().translate(_DIN_5007_2)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip()


def name_sort_key(last_name: str | None, first_name: str | None) -> str:
    """Return the sort key of a person: last name without leading particles, first name.

    "von der Heydt", "Petra" gives "heydt petra von der" (DIN 5007-2: the particles follow
    the name); "Öztürk" sorts before "Ostermann".
    """
    words = sort_text(last_name).split(" ")
    particles = []
    while len(words) > 1 and words[0] in NAME_PARTICLES:
        particles.append(words.pop(0))
    return " ".join(p for p in (" ".join(words), sort_text(first_name), " ".join(particles)) if p)
