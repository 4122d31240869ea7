"""Gettext for Jinja templates, shared by the help site's build and the app (kept out of
app.i18n itself, which the domain packages import: they hold no web framework)."""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import pass_context
from markupsafe import Markup


def jinja_gettext(lookup: Callable[[str], str]):
    """``_()`` for templates (the site build's and the app's), as Jinja's new-style gettext
    (autoescaped, always a format string, so %% is % with or without variables) but one call
    deep: Jinja's and Flask-Babel's reach the catalog through several, and a page asks for
    hundreds of strings. ``lookup`` gives a msgid's text."""

    @pass_context
    def gettext(context, message: str, **variables) -> str:
        text = lookup(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext
