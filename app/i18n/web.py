"""Flask-Babel wired to the shared catalogs, with the page language from the URL."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import request
from flask_babel import Babel, Domain, get_locale

from app.clock import NORWAY
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, date_and_time, file_size, translations


class SharedCatalogs(Domain):
    """Flask-Babel's domain, reading locales/ with the se → nb → en fallback per string
    (Flask-Babel by itself would show the English msgid for a string se lacks)."""

    def get_translations(self):
        locale = get_locale()
        return translations(str(locale)) if locale is not None else NullTranslations()


def page_language() -> str:
    lang = (request.view_args or {}).get("lang") if request else None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app) -> None:
    babel = Babel()
    babel.init_app(
        app, default_locale=DEFAULT_LANGUAGE, default_timezone=NORWAY.key, locale_selector=page_language
    )
    babel.domain_instance = SharedCatalogs()
    app.jinja_env.filters["when"] = lambda value, fmt="medium": date_and_time(value, str(get_locale()), fmt)
    app.jinja_env.filters["file_size"] = lambda size: file_size(size, str(get_locale()))
