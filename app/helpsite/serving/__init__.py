"""Serving the built help site at run time, and the site's chrome around the app's pages.

Nothing here builds or checks pages: it reads what ``make site`` wrote to ``site/``.
"""
