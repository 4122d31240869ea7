"""Flask-Babel wired to the shared catalogs, with the page language from the URL."""

from __future__ import annotations

import functools

from babel.support import NullTranslations
from flask import has_request_context, request
from flask_babel import Babel, Domain, get_locale
from jinja2 import pass_context
from markupsafe import Markup

from app.clock import NORWAY
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, date_and_time, file_size, marks, translations
from app.i18n.templates import jinja_gettext


class SharedCatalogs(Domain):
    """Flask-Babel's domain, reading locales/ with the se → nb → en fallback per string
    (Flask-Babel by itself would show the English msgid for a string se lacks)."""

    def get_translations(self):
        locale = get_locale()
        return _catalogs(str(locale)) if locale is not None else NullTranslations()

    def gettext(self, string, **variables):
        # In a request the page's language is the locale; this way skips Flask-Babel's
        # lookups of it (labels are asked for on every row of a list).
        if not has_request_context():
            return super().gettext(string, **variables)
        text = _gettext(page_language(), string)
        return text % variables if variables else text


@functools.cache
def _catalogs(lang: str) -> NullTranslations:
    # A page whose strings can fall back marks each with its language (app/i18n/marks.py).
    return marks.MarkingTranslations(lang) if marks.needs_marks(lang) else translations(lang)


@functools.cache
def _gettext(lang: str, message: str) -> str:
    return _catalogs(lang).gettext(message)


_template_gettext = jinja_gettext(lambda message: _gettext(page_language(), message))


@pass_context
def _template_ngettext(context, singular: str, plural: str, n: int, **variables) -> str:
    text = _catalogs(page_language()).ngettext(singular, plural, n)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % {"num": n, **variables}


def when(value, fmt="medium") -> str:
    """A point in time in the page's language, or, where the page mixes languages, in the
    language of the sentence it is in."""
    return when_on_page(str(get_locale()), value, fmt)


def when_on_page(page_lang: str, value, fmt="medium") -> str:
    """:func:`when` where the page's language is known (the inbox list's 25 dates)."""
    return marks.in_every_language(page_lang, lambda lang: date_and_time(value, lang, fmt))


def lang_attribute(language: str) -> Markup:
    """` lang="…"` for text in ``language`` (a BCP 47 tag) on this page, if that is not the page's."""
    if language.split("-")[0].lower() == page_language():
        return Markup("")
    return Markup(' lang="%s"') % language


def _language_marks(response):
    """The marks made into lang attributes on pages, and dropped from anything else."""
    # Only what the app wrote itself: files (attachments) are the sender's bytes, as they are.
    if response.mimetype not in ("text/html", "application/json") or not response.is_sequence:
        return response
    body = response.get_data(as_text=True)
    if not marks.has_marks(body):
        return response
    html = response.mimetype == "text/html"
    response.set_data(marks.apply(body, page_language()) if html else marks.strip(body))
    return response


def page_language() -> str:
    lang = (request.view_args or {}).get("lang") if request else None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app) -> None:
    babel = Babel()
    babel.init_app(
        app, default_locale=DEFAULT_LANGUAGE, default_timezone=NORWAY.key, locale_selector=page_language
    )
    babel.domain_instance = SharedCatalogs()
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
    app.jinja_env.filters["when"] = when
    app.jinja_env.globals["lang_attribute"] = lang_attribute
    app.after_request(_language_marks)
    app.jinja_env.filters["file_size"] = lambda size: file_size(size, str(get_locale()))
