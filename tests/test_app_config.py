"""Configuration rules: production cannot have the development login."""

import pytest

from app.config import ConfigError
from app.flask_inbox import create_app


@pytest.fixture
def production_env(monkeypatch, tmp_path):
    monkeypatch.setenv("INNBOKS_ENV", "production")
    monkeypatch.setenv("INNBOKS_SECRET_KEY", "s3cret")
    monkeypatch.setenv("INNBOKS_DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    monkeypatch.setenv("INNBOKS_INSTANCE_PATH", str(tmp_path))


def test_production_has_no_development_login(production_env, built_site):
    app = create_app({"SITE_DIR": str(built_site)})
    assert app.config["DEV_LOGIN"] is False
    assert "devlogin" not in app.blueprints
    assert app.test_client().get("/nb/innboks/utvikler-innlogging/").status_code == 404
    response = app.test_client().get("/nb/innboks/")
    assert response.status_code == 401 and "Logg inn for å se innboksen din" in response.text


def test_development_login_cannot_be_enabled_in_production(production_env, monkeypatch):
    monkeypatch.setenv("INNBOKS_DEV_LOGIN", "1")
    with pytest.raises(ConfigError, match="cannot be enabled in production"):
        create_app()
    monkeypatch.delenv("INNBOKS_DEV_LOGIN")
    with pytest.raises(ConfigError, match="cannot be enabled in production"):
        create_app({"DEV_LOGIN": True})


@pytest.mark.parametrize("missing", ["INNBOKS_SECRET_KEY", "INNBOKS_DATABASE_URL"])
def test_production_needs_its_secrets(production_env, monkeypatch, missing):
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigError, match=missing):
        create_app()


def test_unknown_environment(monkeypatch):
    monkeypatch.setenv("INNBOKS_ENV", "staging")
    with pytest.raises(ConfigError, match="INNBOKS_ENV"):
        create_app()
