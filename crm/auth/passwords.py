"""The password rule (NIST SP 800-63B): long enough, not a common password, no other rules.

At least ``MIN_LENGTH`` characters (spaces and every character allowed, no composition
rules), at most ``MAX_LENGTH``; refused when the password, in lower case and also without its
leading and trailing digits and punctuation, is on the list shipped in
``data/common-passwords.txt.gz`` (zxcvbn's 30,000 most common leaked passwords and its word
lists, plus German passwords and the network's own words; built by
``scripts/build_common_passwords.py``), or when it is the account's e-mail address or name.
No network call is made.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 200
LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
_EDGE = "0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~§°´"


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of refused passwords (lower case), read once per process."""
    with gzip.open(LIST_PATH, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def _candidates(password: str) -> set[str]:
    lower = password.lower()
    return {lower, lower.strip(_EDGE), lower.replace(" ", "")}


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return why ``password`` is refused (a German message), or None when it is fine."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return str(_l("Das Passwort braucht mindestens %(min)d Zeichen.", min=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Das Passwort darf höchstens %(max)d Zeichen haben.", max=MAX_LENGTH))
    candidates = _candidates(password)
    personal = {v.strip().lower() for v in (email, email.split("@")[0], name) if v and v.strip()}
    if candidates & personal:
        return str(_l("Das Passwort darf nicht die E-Mail-Adresse oder der Name sein."))
    if candidates & common_passwords():
        return str(
            _l(
                "Dieses Passwort ist zu verbreitet (es steht auf einer Liste häufig "
                "verwendeter oder gestohlener Passwörter). Bitte ein anderes wählen, "
                "z. B. einen Satz aus mehreren Wörtern."
            )
        )
    return None
