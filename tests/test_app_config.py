"""Configuration rules: production cannot have the development login or a weak secret key;
outside production each installation gets a random key of its own."""

import pytest

from app.config import ConfigError
from app.flask_inbox import create_app

STRONG_KEY = "k" * 32  # long enough; the tests never sign anything that matters with it


@pytest.fixture
def production_env(monkeypatch, tmp_path):
    monkeypatch.setenv("INNBOKS_ENV", "production")
    monkeypatch.setenv("INNBOKS_SECRET_KEY", STRONG_KEY)
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


@pytest.mark.parametrize(
    "key,problem",
    [
        ("s3cret", "at least 32 bytes"),
        ("x" * 31, "at least 32 bytes"),
        ("development-only-not-secret", "known, public value"),
        ("dev", "known, public value"),
    ],
)
def test_production_refuses_a_weak_or_known_secret_key(production_env, monkeypatch, key, problem):
    monkeypatch.setenv("INNBOKS_SECRET_KEY", key)
    with pytest.raises(ConfigError, match=problem):
        create_app()
    monkeypatch.setenv("INNBOKS_SECRET_KEY", STRONG_KEY)
    with pytest.raises(ConfigError, match=problem):
        create_app({"SECRET_KEY": key})


def test_development_makes_its_own_key_once_into_the_instance_folder(monkeypatch, tmp_path, built_site):
    monkeypatch.delenv("INNBOKS_SECRET_KEY", raising=False)
    monkeypatch.setenv("INNBOKS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("INNBOKS_DATABASE_URL", f"sqlite:///{tmp_path}/d.sqlite3")
    first = create_app({"SITE_DIR": str(built_site)}).secret_key
    again = create_app({"SITE_DIR": str(built_site)}).secret_key
    assert first == again == (tmp_path / "instance" / "secret_key").read_text().strip()
    assert len(first) >= 32 and first != "development-only-not-secret"
    monkeypatch.setenv("INNBOKS_INSTANCE_PATH", str(tmp_path / "elsewhere"))
    assert create_app({"SITE_DIR": str(built_site)}).secret_key != first
