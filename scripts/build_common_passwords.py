"""Build ``crm/auth/data/common-passwords.txt.gz``, the list of refused passwords.

Run once by hand when the list should change (``pip install zxcvbn`` first); the app itself
only reads the shipped file and never makes a network call. Sources:

- zxcvbn's frequency lists (MIT licence): the 30,000 most common passwords of leaked
  password sets, and its English words, names and film/TV words;
- common German passwords and words of this network (below), which no English list holds.

Entries are stored in lower case, one a line; ``crm.auth.passwords`` compares in lower case
and also without leading and trailing digits and punctuation ("Passwort123!" → "passwort").
"""

from __future__ import annotations

import gzip
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

TARGET = Path(__file__).resolve().parents[1] / "crm" / "auth" / "data" / "common-passwords.txt.gz"

GERMAN = """
passwort passwort1 passwort123 passwort1234 passwort12345 kennwort geheim geheimnis hallo
hallo123 hallihallo schatz schatzi liebe ichliebedich sommer winter frühling fruehling herbst
sonne sonnenschein mausi hase hasi schnucki bärchen baerchen fussball fußball bayern
borussia schalke werder hertha dynamo lokleipzig rbleipzig hallescherfc rotweiss
deutschland germany berlin hamburg muenchen münchen koeln köln frankfurt stuttgart
dresden leipzig halle magdeburg erfurt jena weimar gera chemnitz zwickau plauen dessau
merseburg naumburg altenburg weissenfels weißenfels sachsen sachsenanhalt thueringen
thüringen mitteldeutschland metropolregion metropolregionmitteldeutschland
metropolregion2026 geschaeftsstelle geschäftsstelle sekretariat verwaltung arbeitsgruppe
projektgruppe gremium vorstand mitglied mitglieder willkommen willkommen1 anmelden
einloggen benutzer benutzername administrator admin root test tester qwertz qwertzuiop
asdfghjkl yxcvbnm 1q2w3e4r qay123 wsx123 schokolade blume blumen katze hund pferd
prinzessin engel teufel drache tiger adler falke wolf baer bär fuchs kaninchen
schmetterling feuerwehr polizei computer internet sicherheit sicher sicheres
sicherespasswort neuespasswort meinpasswort dasistgeheim startstart start123 abc123
crm crmpasswort kontakt kontakte einladung sitzung
"""


def main() -> None:
    words: set[str] = set()
    for name in (
        "passwords",
        "english_wikipedia",
        "us_tv_and_film",
        "female_names",
        "male_names",
        "surnames",
    ):
        words.update(w.lower() for w in FREQUENCY_LISTS[name])
    words.update(GERMAN.split())
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    data = "\n".join(sorted(words)).encode() + b"\n"
    TARGET.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(words)} entries, {TARGET.stat().st_size} bytes: {TARGET}")


if __name__ == "__main__":
    main()
