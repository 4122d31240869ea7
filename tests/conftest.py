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


# ---- database -------------------------------------------------------------------------
# Every test that uses `app` runs on SQLite, and on PostgreSQL too when
# INNBOKS_TEST_DATABASE_URL is set (CI sets it).
import os  # noqa: E402

from sqlalchemy import text  # noqa: E402

from app import migrations  # noqa: E402
from app.db import Base, make_engine  # noqa: E402

DATABASE_PARAMS = ["sqlite"] + (["postgresql"] if os.environ.get("INNBOKS_TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session", params=DATABASE_PARAMS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = os.environ["INNBOKS_TEST_DATABASE_URL"]
        engine = make_engine(url)
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
    migrations.upgrade(url)
    return url


@pytest.fixture
def app(database_url, built_site, tmp_path):
    from app.flask_inbox import create_app

    application = create_app({
        "TESTING": True, "INNBOKS_ENV": "test", "DEV_LOGIN": True, "SECRET_KEY": "test",
        "DATABASE_URL": database_url, "SITE_DIR": str(built_site),
    })
    yield application
    engine = application.extensions["innboks.db"].kw["bind"]
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def database(app):
    """A session of the test's own, apart from the ones requests use."""
    session = app.extensions["innboks.db"]()
    yield session
    session.close()
