"""Browser tests: the real help site, built once, served by the real Flask app on
127.0.0.1 and opened in Debian's Chromium through Playwright (pytest-playwright)."""
from __future__ import annotations

import os

import pytest

from tests.browser.axe import AxeMissing, axe_source, run_axe
from tests.browser.chromium import LAUNCH_ARGS, chromium_or_reason
from tests.browser.live_server import serving

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

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
    with serving(built_site, INNBOKS_ENV="test", SECRET_KEY="browser-tests",
                 DATABASE_URL=f"sqlite:///{database}") as url:
        yield url


@pytest.fixture(scope="session")
def axe_js() -> str:
    try:
        return axe_source()
    except AxeMissing as error:
        pytest.fail(str(error))


@pytest.fixture
def axe(axe_js):
    """axe(page) -> AxeResult for what the page shows now (WCAG 2.0/2.1 A+AA and best practices)."""
    return lambda page, **kwargs: run_axe(page, axe_js, **kwargs)


@pytest.fixture(scope="session")
def browser_summary():
    """Lines printed at the end of the test run (pages and rules checked)."""
    return _summary


def pytest_terminal_summary(terminalreporter):
    if _summary:
        terminalreporter.section("browser and accessibility checks")
        for line in _summary:
            terminalreporter.write_line(line)
