"""Every UI string (German msgid) has an English translation in translations/en."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    # audit summaries: German msgids marked for the catalogue, translated when shown
    "N_": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}


def _extracted() -> set[tuple[str | None, str]]:
    found = set()
    for directory, method in (("crm", "python"), ("templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT / directory), [(pattern, method)], keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.add((context, msgid))
    return found


def test_every_ui_string_is_translated_to_english():
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f)
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and m.string and (m.string if isinstance(m.string, str) else all(m.string))
    }
    missing = sorted(msgid for ctx, msgid in _extracted() - translated)
    assert missing == [], f"run `make messages` and translate: {missing[:20]}"
