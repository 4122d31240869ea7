"""Configuration from the environment (``INNBOKS_*``).

``INNBOKS_ENV`` is ``development`` (the default, for ``make run``), ``test`` or
``production``. Production refuses to start without a secret key and a
database URL, and refuses the development login outright.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def from_environment(instance_path: str) -> dict:
    env = os.environ.get("INNBOKS_ENV", "development")
    if env not in ("development", "test", "production"):
        raise ConfigError(f"INNBOKS_ENV must be development, test or production, not {env!r}")
    database_url = os.environ.get("INNBOKS_DATABASE_URL")
    secret_key = os.environ.get("INNBOKS_SECRET_KEY")
    if env == "production":
        missing = [
            name
            for name, value in (("INNBOKS_DATABASE_URL", database_url), ("INNBOKS_SECRET_KEY", secret_key))
            if not value
        ]
        if missing:
            raise ConfigError(f"Production needs {' and '.join(missing)} set")
    return {
        "INNBOKS_ENV": env,
        "SECRET_KEY": secret_key or "development-only-not-secret",
        "DATABASE_URL": database_url or f"sqlite:///{Path(instance_path) / 'innboks.sqlite3'}",
        "SITE_DIR": os.environ.get("INNBOKS_SITE_DIR", str(PROJECT_ROOT / "site")),
        "DEV_LOGIN": os.environ.get("INNBOKS_DEV_LOGIN", "1" if env == "development" else "0") == "1",
        # An API request: a letter with attachments, base64-encoded (x-maxRequestBytes in
        # app/api/openapi.json; tests/api/test_limits.py checks they agree).
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "INBOX_PAGE_SIZE": 25,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
    }


def check(config) -> None:
    """Rules that hold whatever the configuration came from, tests included."""
    if config["INNBOKS_ENV"] == "production" and config["DEV_LOGIN"]:
        raise ConfigError("The development login cannot be enabled in production")
