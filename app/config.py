"""Configuration from the environment (``INNBOKS_*``).

``INNBOKS_ENV`` is ``development`` (the default, for ``make run``), ``test`` or
``production``. Production refuses to start without a secret key and a
database URL, and refuses the development login outright.
"""

from __future__ import annotations

import contextlib
import os
import secrets
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
        # None outside production: create_app takes the instance's own (instance_secret_key).
        "SECRET_KEY": secret_key,
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
        # The web front (app/web_front/): rate-limit counts in memory unless a Redis URL is set
        # (production has several workers, so it needs Redis); reverse proxies in front of us.
        "RATELIMIT_STORAGE_URI": os.environ.get("INNBOKS_RATELIMIT_STORAGE_URL") or "memory://",
        "PROXY_COUNT": int(os.environ.get("INNBOKS_PROXY_COUNT", "1" if env == "production" else "0")),
        # A form's CSRF token is good for as long as the session, not Flask-WTF's hour.
        "WTF_CSRF_TIME_LIMIT": None,
        # Server-side sessions (app.web_sessions): in the database unless a Redis URL is set.
        "SESSION_REDIS_URL": os.environ.get("INNBOKS_SESSION_REDIS_URL") or None,
        "SESSION_IDLE_MINUTES": int(os.environ.get("INNBOKS_SESSION_IDLE_MINUTES", "30")),
        "SESSION_WARNING_MINUTES": int(os.environ.get("INNBOKS_SESSION_WARNING_MINUTES", "5")),
        "SESSION_MAX_HOURS": int(os.environ.get("INNBOKS_SESSION_MAX_HOURS", "8")),
        # Sign-in with OpenID Connect (ID-porten); off while INNBOKS_OIDC_ISSUER is unset.
        "OIDC_ISSUER": os.environ.get("INNBOKS_OIDC_ISSUER") or None,
        "OIDC_CLIENT_ID": os.environ.get("INNBOKS_OIDC_CLIENT_ID") or None,
        "OIDC_CLIENT_AUTH": os.environ.get("INNBOKS_OIDC_CLIENT_AUTH", "private_key_jwt"),
        "OIDC_CLIENT_SECRET": os.environ.get("INNBOKS_OIDC_CLIENT_SECRET") or None,
        "OIDC_CLIENT_KEY_FILE": os.environ.get("INNBOKS_OIDC_CLIENT_KEY_FILE") or None,
        "OIDC_REQUIRED_ACR": os.environ.get("INNBOKS_OIDC_REQUIRED_ACR", "idporten-loa-high"),
        # Who is whose parent (app/representation/population_register.py); without it,
        # the development login has the demo families and otherwise nobody acts as a parent.
        "POPULATION_REGISTER_URL": os.environ.get("INNBOKS_POPULATION_REGISTER_URL") or None,
        # Notifications and delivery (app/dispatch/, README "Notifications and delivery").
        # A channel without its address is off; outside production, an unset channel
        # records what it would send in instance/dev-outbox/ (the page /dev/sendt/).
        "PUBLIC_URL": os.environ.get("INNBOKS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        "NOTIFY_GATHER_SECONDS": int(os.environ.get("INNBOKS_NOTIFY_GATHER_SECONDS", "180")),
        "ESCALATION_DAYS": int(os.environ.get("INNBOKS_ESCALATION_DAYS", "4")),
        "CONTACT_REGISTER_URL": os.environ.get("INNBOKS_CONTACT_REGISTER_URL") or None,
        "SMTP_URL": os.environ.get("INNBOKS_SMTP_URL") or None,
        "MAIL_FROM": os.environ.get("INNBOKS_MAIL_FROM", "ikke-svar@innboks.invalid"),
        "SMS_GATEWAY_URL": os.environ.get("INNBOKS_SMS_GATEWAY_URL") or None,
        "SMS_GATEWAY_KEY": os.environ.get("INNBOKS_SMS_GATEWAY_KEY", ""),
        "SMS_RECEIPT_SECRET": os.environ.get("INNBOKS_SMS_RECEIPT_SECRET", ""),
        "DIGITAL_MAILBOX_URL": os.environ.get("INNBOKS_DIGITAL_MAILBOX_URL") or None,
        "DIGITAL_MAILBOX_KEY": os.environ.get("INNBOKS_DIGITAL_MAILBOX_KEY", ""),
        "DIGITAL_MAILBOX_RECEIPT_SECRET": os.environ.get("INNBOKS_DIGITAL_MAILBOX_RECEIPT_SECRET", ""),
        "PRINT_SERVICE_URL": os.environ.get("INNBOKS_PRINT_SERVICE_URL") or None,
        "PRINT_SERVICE_KEY": os.environ.get("INNBOKS_PRINT_SERVICE_KEY", ""),
    }


def check(config) -> None:
    """Rules that hold whatever the configuration came from, tests included."""
    if config["INNBOKS_ENV"] == "production" and config["DEV_LOGIN"]:
        raise ConfigError("The development login cannot be enabled in production")
    if config["INNBOKS_ENV"] == "production":
        _check_production_secret_key(config["SECRET_KEY"])
    if config["OIDC_CLIENT_AUTH"] not in OIDC_CLIENT_AUTH_METHODS:
        raise ConfigError(f"INNBOKS_OIDC_CLIENT_AUTH must be one of {', '.join(OIDC_CLIENT_AUTH_METHODS)}")


#: Keys that have been public (this project's old development default) or are typical
#: placeholders: a session signed with one of them could be forged by anyone.
KNOWN_SECRET_KEYS = frozenset({"development-only-not-secret", "dev", "secret", "changeme", "test"})
MIN_SECRET_KEY_BYTES = 32
OIDC_CLIENT_AUTH_METHODS = ("private_key_jwt", "client_secret_basic", "client_secret_post")


def _check_production_secret_key(key) -> None:
    if not key:
        raise ConfigError("Production needs INNBOKS_SECRET_KEY set")
    if key in KNOWN_SECRET_KEYS:
        raise ConfigError("INNBOKS_SECRET_KEY is a known, public value; generate a random one")
    if len(key.encode() if isinstance(key, str) else key) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(f"INNBOKS_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes")


def instance_secret_key(instance_path: str) -> str:
    """Outside production, without INNBOKS_SECRET_KEY: a random key made once and kept in
    instance/secret_key, so every installation has its own and restarts keep sessions."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked into place: of two processes
        # starting at once, one key wins and neither reads a half-written file.
        draft = path.with_name(f"secret_key.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(48))
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()
