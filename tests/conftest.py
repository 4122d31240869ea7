import shutil
from pathlib import Path

import pytest

from app.helpsite.build import build_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real help site, built once into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    build_site(ROOT / "mkdocs.yml", site)
    return site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A scratch copy of the site's sources, for tests that break them."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path
