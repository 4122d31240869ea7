"""Imports run one way (the contracts in pyproject.toml's [tool.importlinter]),
and the check that says so can fail."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "module,planted,broken",
    [
        (
            "app/inbox/models.py",
            "from app.patient_pages import inbox",
            "app.inbox.models -> app.patient_pages",
        ),
        ("app/appointments/rules.py", "from app.inbox import models", "app.appointments.rules -> app.inbox"),
        ("app/municipal/rules.py", "import flask", "app.municipal is not allowed to import flask"),
        (
            "app/helpsite/content_check/check.py",
            "from app.helpsite.build import site",
            "app.helpsite.content_check.check -> app.helpsite.build",
        ),
        (
            "app/helpsite/serving/views.py",
            "from app.helpsite.content_check import check",
            "app.helpsite.serving.views -> app.helpsite.content_check",
        ),
    ],
)
def test_an_import_the_wrong_way_breaks_a_contract(tmp_path, module, planted, broken):
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / module
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n{planted}  # planted by the test\n", encoding="utf-8"
    )
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert broken in " ".join(result.stdout.split()), result.stdout
