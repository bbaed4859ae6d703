"""Language and time zone selection for Flask-Babel.

Message ids in the code and templates are German (the product's main language);
``translations/en`` holds the English catalogue. The language comes from the user's choice
(stored in the session and on the user), else German. Clients of the API and of OParl
have no session: they say their language in ``Accept-Language``.
"""

from __future__ import annotations

from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import get_translations
from flask_login import current_user

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
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


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
