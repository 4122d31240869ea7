"""Browser tests: the real help site, built once, served by the real Flask app on
127.0.0.1 and opened in Debian's Chromium through Playwright (pytest-playwright)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tests.browser.axe import AxeMissing, axe_source, run_axe
from tests.browser.chromium import DESKTOP, LAUNCH_ARGS, chromium_or_reason
from tests.browser.ibm import IbmCheckerMissing, ace_source
from tests.browser.inbox_data import demo_inbox_database
from tests.browser.inbox_pages import INBOX, NO_DATABASE, NO_LOGIN
from tests.browser.live_server import serving
from tests.browser.own_origin import build_for_its_address
from tests.browser.page_checks import PageChecks, check_every_page

_summary: list[str] = []


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium, reason = chromium_or_reason()
    if chromium is None:
        # `make test` installs Chromium first, so in CI a missing browser is a failure.
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(chromium), "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "service_workers": "block"}


@pytest.fixture(scope="session")
def site_url(built_site, tmp_path_factory):
    """Base URL of the app serving the site built for this test session. The help
    pages need no database; the app gets an empty one of its own, never instance/."""
    database = tmp_path_factory.mktemp("browser-db") / "innboks.sqlite3"
    with serving(
        built_site, INNBOKS_ENV="test", SECRET_KEY="browser-tests", DATABASE_URL=f"sqlite:///{database}"
    ) as url:
        yield url


@pytest.fixture(scope="session")
def inbox_database_url(tmp_path_factory) -> str:
    """The demo data and the states it lacks (tests/browser/inbox_data.py), in a fresh SQLite file."""
    url = f"sqlite:///{tmp_path_factory.mktemp('inbox-db') / 'innboks.sqlite3'}"
    demo_inbox_database(url)
    return url


@pytest.fixture(scope="session")
def inbox_server_configs(inbox_database_url, tmp_path_factory) -> dict[str, dict]:
    """The configuration of each app the inbox pages are opened on (tests/browser/inbox_pages.py).

    Browsers send a host's cookies to every port of it, so the session cookie decides
    who is logged in where: the app without a database reads the inbox's (a logged-in
    reader finds the database gone), the one without the development login, on the
    same database, has a cookie name of its own (its reader is not logged in)."""
    unreachable = tmp_path_factory.mktemp("no-db") / "no-such-folder" / "innboks.sqlite3"
    inbox = {"INNBOKS_ENV": "test", "SECRET_KEY": "browser-tests-inbox", "DEV_LOGIN": True}
    return {
        # A small page size, so the demo items already give the paging links.
        INBOX: {"DATABASE_URL": inbox_database_url, "INBOX_PAGE_SIZE": 5, **inbox},
        NO_DATABASE: {"DATABASE_URL": f"sqlite:///{unreachable}", **inbox},
        NO_LOGIN: {
            "DATABASE_URL": inbox_database_url,
            "INNBOKS_ENV": "test",
            "SECRET_KEY": "browser-tests-no-login",
            "SESSION_COOKIE_NAME": "innboks-no-login",
            "DEV_LOGIN": False,
        },
    }


@pytest.fixture(scope="session")
def inbox_servers(built_site, inbox_server_configs):
    """Base URL of each app the inbox pages are opened on, all serving at once."""
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(serving(built_site, **config))
            for name, config in inbox_server_configs.items()
        }


@pytest.fixture(scope="session")
def inbox_url(inbox_servers) -> str:
    return inbox_servers[INBOX]


@pytest.fixture(scope="session")
def axe_js() -> str:
    try:
        return axe_source()
    except AxeMissing as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def ace_js() -> str:
    try:
        return ace_source()
    except IbmCheckerMissing as error:
        pytest.fail(str(error))


@pytest.fixture
def axe(axe_js):
    """axe(page) -> AxeResult for what the page shows now (WCAG 2.0/2.1 A+AA and best practices)."""
    return lambda page, **kwargs: run_axe(page, axe_js, **kwargs)


@pytest.fixture(scope="session")
def site_at_its_address(tmp_path_factory) -> tuple[Path, int]:
    """The help site and the port it was built for (own_origin.py)."""
    return build_for_its_address(tmp_path_factory.mktemp("own-origin"))


@pytest.fixture(scope="session")
def every_page_checked(
    browser,
    browser_context_args,
    site_at_its_address,
    inbox_server_configs,
    inbox_database_url,
    axe_js,
    ace_js,
) -> PageChecks:
    """Every page visited once, with axe, the second engine, the sideways check and the
    own-origin recorder on it (page_checks.py); each check's test reads its own findings."""
    site, port = site_at_its_address
    context = browser.new_context(**browser_context_args)
    try:
        return check_every_page(
            context.new_page(), site, port, inbox_server_configs, inbox_database_url, axe_js, ace_js
        )
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser_summary():
    """Lines printed at the end of the test run (pages and rules checked)."""
    return _summary


def pytest_terminal_summary(terminalreporter):
    if _summary:
        terminalreporter.section("browser and accessibility checks")
        for line in _summary:
            terminalreporter.write_line(line)
