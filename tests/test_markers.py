"""Every test gets exactly one of the markers unit, http, browser, bench (tests/fixtures/markers.py)."""

import tomllib

import pytest

from tests.fixtures import markers
from tests.fixtures.paths import ROOT

TREE = {
    "tests/conftest.py": """
import pytest

@pytest.fixture
def app():
    return "app"

@pytest.fixture
def client(app):
    return "client"

@pytest.fixture
def database(app):
    return "session"
""",
    "tests/test_rules.py": """
import pytest

def test_plain(): pass
def test_tmp_path(tmp_path): pass
def test_client(client): pass
def test_database(database): pass

@pytest.mark.bench
def test_slow(): pass
""",
    "tests/test_own_app.py": "from json import loads as create_app\n\ndef test_own_app(): pass\n",
    "tests/browser/test_page.py": "def test_page(client): pass\n",
    "tests/bench/test_speed.py": "def test_speed(): pass\n",
    "tests/site/test_bench.py": "def test_build_bench(): pass\n",
    "tests/inbox/test_inbox_bench.py": "def test_inbox_bench(client): pass\n",
    "tests/inbox/test_benches.py": "def test_not_a_bench_module(): pass\n",
}

EXPECTED = {
    "unit": {
        "tests/test_rules.py::test_plain",
        "tests/test_rules.py::test_tmp_path",
        "tests/inbox/test_benches.py::test_not_a_bench_module",
    },
    "http": {
        "tests/test_rules.py::test_client",
        "tests/test_rules.py::test_database",
        "tests/test_own_app.py::test_own_app",
    },
    "browser": {"tests/browser/test_page.py::test_page"},
    "bench": {
        "tests/test_rules.py::test_slow",
        "tests/bench/test_speed.py::test_speed",
        "tests/site/test_bench.py::test_build_bench",
        "tests/inbox/test_inbox_bench.py::test_inbox_bench",
    },
}


@pytest.fixture
def tree(pytester, monkeypatch):
    """A small test tree with this project's marker registration."""
    # The tree needs no installed plugin; loading them again (Hypothesis, Playwright) takes seconds a run.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    lines = "\n".join(f"    {line}" for line in _pytest_options()["markers"])
    pytester.makeini(f"[pytest]\naddopts = --strict-markers -p no:cacheprovider\nmarkers =\n{lines}\n")
    for path, source in TREE.items():
        (pytester.path / path).parent.mkdir(parents=True, exist_ok=True)
        (pytester.path / path).write_text(source)
    return pytester


def selected(pytester, *args) -> set[str]:
    result = pytester.runpytest("--collect-only", "-q", *args, plugins=[markers])
    assert result.ret == 0, result.outlines
    return {line for line in result.outlines if "::" in line}


def _pytest_options() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]


def test_pyproject_registers_the_four_markers():
    registered = _pytest_options()
    assert {line.split(":")[0] for line in registered["markers"]} >= set(markers.KINDS)
    assert "--strict-markers" in registered["addopts"]


@pytest.mark.parametrize("kind", markers.KINDS)
def test_each_test_gets_the_marker_its_place_and_fixtures_give(tree, kind):
    assert selected(tree, "-m", kind) == EXPECTED[kind]


def test_fast_selection_leaves_out_browser_and_bench(tree):
    assert selected(tree, "-m", "not browser and not bench") == EXPECTED["unit"] | EXPECTED["http"]


def test_two_markers_on_one_test_is_an_error(tree):
    tree.makepyfile(
        test_twice="import pytest\n\n@pytest.mark.unit\n@pytest.mark.http\ndef test_twice(): pass\n"
    )
    result = tree.runpytest("--collect-only", "-q", plugins=[markers])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*exactly one of the markers unit, http, browser, bench*", "*test_twice.py::test_twice: http, unit"]
    )
