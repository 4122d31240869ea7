"""The help site's build, run by ``make site`` and ``make preview``: MkDocs once per language.

:func:`build_site` is the way in; the content check stops it on any error.
"""

from app.helpsite.build.site import build_site

__all__ = ["build_site"]
