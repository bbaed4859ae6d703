"""Language and time zone selection for Flask-Babel.

Message ids in the code and templates are German (the product's main language);
``translations/en`` holds the English catalogue. The language comes from the user's choice
(stored in the session and on the user), else German. Clients of the API and of OParl
have no session: they say their language in ``Accept-Language``.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
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
