"""The editors' content check: what a help page's source must get right before it is published.

It runs at ``make check`` (``python -m app.helpsite.content_check``) and as the
site build's gate. It reads the pages' Markdown and ``mkdocs.yml``, never the built site.
"""
