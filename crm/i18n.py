"""Language and time zone selection for Flask-Babel.

Message ids in the code and templates are German (the product's main language);
``translations/en`` holds the English catalogue. The language comes from the choice stored
in the session, else the language of the person a page is for (the invitee's page:
``g.reader_language``), else the user's own, else German. Clients of the API and of OParl
have no session: they say their language in ``Accept-Language``.

``fmt_when`` writes a meeting's slot (weekday, date, times in Europe/Berlin) for pages and
mails alike, in the reader's language.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user

from crm.time import local_date, to_local

#: URL prefixes whose clients choose the language by ``Accept-Language`` alone
MACHINE_PREFIXES = ("/api/", "/oparl/")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line speaks the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith(MACHINE_PREFIXES):
        best = request.accept_languages.best_match(languages)
        return best or current_app.config["BABEL_DEFAULT_LOCALE"]
    lang = session.get("lang")
    if lang in languages:
        return lang
    # a page about one reader (the invitee's page) speaks that reader's language
    if g.get("reader_language") in languages:
        return g.reader_language
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


#: the short date of lists and fields per UI language (CLDR via Babel): 25.11.2026 / 25 Nov 2026
DATE_PATTERNS = {"de": "dd.MM.yyyy", "en": "d MMM yyyy"}
#: the date of a meeting's slot, written out (after its weekday): 22.12.2026 / 22 December 2026
SLOT_PATTERNS = {"de": "dd.MM.yyyy", "en": "d MMMM yyyy"}
#: after a time of day: German writes "10:00 Uhr", English just "10:00"
CLOCK_SUFFIX = {"de": " Uhr", "en": ""}


def ui_language(lang: str | None = None) -> str:
    """Return ``lang`` if it is English, else the current UI language as "de" or "en"."""
    if lang is None:
        lang = str(get_locale() or "de")
    return "en" if lang == "en" else "de"


def fmt_when(
    start: datetime | None,
    end: datetime | None = None,
    weekday: bool = True,
    lang: str | None = None,
) -> str:
    """Return a meeting's slot in Europe/Berlin, the one way pages and mails write it:
    "Dienstag, 22.12.2026, 10:00–12:30 Uhr" / "Tuesday, 22 December 2026, 10:00–12:30".

    ``lang`` is the reader's language (a mail's invitee), else the UI's; ``weekday=False``
    gives the short form of lists ("22.12.2026, 10:00 Uhr" / "22 Dec 2026, 10:00"). An end on
    another day is written with its date. Empty for no start.
    """
    if start is None:
        return ""
    lang = ui_language(lang)
    day = SLOT_PATTERNS[lang] if weekday else DATE_PATTERNS[lang]
    text = format_datetime(
        to_local(start), ("EEEE, " if weekday else "") + day + ", HH:mm", locale=lang
    )
    if end is not None and local_date(end) == local_date(start):
        text += "–" + format_datetime(to_local(end), "HH:mm", locale=lang)
    elif end is not None:
        text += " – " + format_datetime(to_local(end), day + ", HH:mm", locale=lang)
    return text + CLOCK_SUFFIX[lang]


def fmt_slot_day(start: datetime | None, lang: str | None = None) -> str:
    """Return the day of a slot as ``fmt_when`` writes it: "22.12.2026" / "22 December 2026"."""
    if start is None:
        return ""
    lang = ui_language(lang)
    return format_datetime(to_local(start), SLOT_PATTERNS[lang], locale=lang)


def _translations():
    """Return the catalogue of the current language, looked up once per language and request.

    Flask-Babel finds it anew for every string of a template (three lookups through
    ``flask.g`` each), a third of the CPU time of a page of 50 rows. The catalogue is kept
    beside the locale object it belongs to, so ``force_locale`` (a mail in the recipient's
    language) gets its own.
    """
    ctx = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:  # nothing chosen yet in this context: Flask-Babel chooses
        return get_translations()
    kept = getattr(ctx, "crm_translations", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    found = get_translations()
    ctx.crm_translations = (locale, found)
    return found


def install_template_gettext(app) -> None:
    """Let templates translate through ``_translations`` (same catalogues, same results)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
