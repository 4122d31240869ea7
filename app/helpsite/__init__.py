"""The trilingual help site: MkDocs with Material, one build per language.

Its code is split by when it runs: ``build`` at ``make site`` and ``make
preview``; ``content_check`` at ``make check`` and as the build's gate;
``serving`` in the app, reading what the build wrote. Imports go from build
to content_check, never back, and serving imports neither.
"""
