"""Signing in through the test provider (tests/oidc_provider.py), as a browser would."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests
from joserfc.jwk import RSAKey

from app.i18n import LANGUAGES
from tests import oidc_provider

CLIENT_ID = "innboks-test"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"


def register(provider: oidc_provider.Provider, base_url: str, auth_method: str, key_dir) -> dict:
    """Registers the app at the provider; returns the app's OIDC settings."""
    settings = {
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": f"{CLIENT_ID}-{auth_method}",
        "OIDC_CLIENT_AUTH": auth_method,
        "DEV_LOGIN": False,
    }
    client = oidc_provider.Client(
        client_id=settings["OIDC_CLIENT_ID"],
        redirect_uris=[f"{base_url}/{lang}/innboks/logg-inn/svar" for lang in LANGUAGES],
        auth_method=auth_method,
    )
    if auth_method == "private_key_jwt":
        key = RSAKey.generate_key(2048, parameters={"kid": "innboks-client"}, private=True)
        key_file = key_dir / "client-key.json"
        key_file.write_text(json.dumps(key.as_dict(private=True)))
        client.public_key = RSAKey.import_key(key.as_dict(private=False))
        settings["OIDC_CLIENT_KEY_FILE"] = str(key_file)
    else:
        client.client_secret = CLIENT_SECRET
        settings["OIDC_CLIENT_SECRET"] = CLIENT_SECRET
    provider.add_client(client)
    return settings


def sign_in(client, lang: str = "nb", next_path: str | None = None):
    """Start, the provider's answer, and the app's callback; returns the callback's response."""
    next_path = next_path or f"/{lang}/innboks/"
    start = client.get(f"/{lang}/innboks/logg-inn/", query_string={"next": next_path})
    assert start.status_code == 302, start.text
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")
