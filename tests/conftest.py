"""The whole suite's fixtures and hooks, kept by subject in tests/fixtures/."""

pytest_plugins = [
    "pytester",  # tests/test_markers.py runs pytest on a tree of its own
    "tests.fixtures.markers",  # unit, http, browser, bench: one for every test
    "tests.fixtures.site",  # built_site, project_copy
    "tests.fixtures.database",  # database_url, app, client, database
]
