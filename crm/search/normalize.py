"""The one search normaliser: every search and the duplicate check use ``normalize``."""

from __future__ import annotations

import re
import unicodedata

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Both German spellings of an umlaut ("ü" and "ue") fold to the plain vowel, so that
# "Müller", "Mueller" and "muller" all become "muller".
_DIGRAPHS = re.compile(r"(?<=[a-z])(ae|oe|ue)|^(ae|oe|ue)")
_SPACES = re.compile(r"\s+")


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
    text = _DIGRAPHS.sub(lambda m: (m.group(1) or m.group(2))[0], text)
    return _SPACES.sub(" ", text).strip()


def search_terms(query: str | None) -> list[str]:
    """Return the normalised words of a search query (empty words dropped)."""
    return [t for t in normalize(query).split(" ") if t]


def search_key(*parts: str | None) -> str:
    """Return the stored search text for a row built from several fields."""
    return " ".join(p for p in (normalize(x) for x in parts) if p)
