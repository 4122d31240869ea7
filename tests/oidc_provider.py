"""A real OpenID Connect provider on 127.0.0.1 for the sign-in tests, built on Authlib's
server side and shaped like ID-porten: discovery, JWKS, the authorization code flow
with PKCE (required) and nonce, client authentication by client secret or
private_key_jwt (audience: the issuer, as ID-porten wants), ID tokens with `pid`,
`acr` and `sid`, and end-session.

Signing in at the provider needs no form: the test says who signs in next
(``provider.person``). To test the client's checks, the provider can misbehave in one
way (``provider.fault``): the ID token it signs then has a wrong issuer, audience or
nonce, has expired, or is signed with a key that is not in its JWKS. The tokens are
always the provider's own, made in the token endpoint of a real flow.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, redirect, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server

FAULTS = ("issuer", "audience", "signature", "nonce", "expired")


@dataclass
class Person:
    pid: str
    name: str = ""
    acr: str = "idporten-loa-high"


@dataclass
class Client(ClientMixin):
    client_id: str
    redirect_uris: list[str]
    auth_method: str
    client_secret: str | None = None
    public_key: RSAKey | None = None
    post_logout_redirect_uris: list[str] = field(default_factory=list)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return self.client_secret is not None and secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        if self.auth_method == "private_key_jwt":
            return method == JWTBearerClientAssertion.CLIENT_AUTH_METHOD
        return method == self.auth_method

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    sid: str
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return self.person.acr

    def get_amr(self):
        return ["BankID"]


class Provider:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "provider-key", "use": "sig"}, private=True)
        # Same kid: a token signed with it fails on the signature alone.
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key"}, private=True)
        self.clients: dict[str, Client] = {}
        self.codes: dict[str, Code] = {}
        self.used_jtis: set[str] = set()
        self.person = Person(pid="15058012359", name="Kari Nordmann")
        self.fault: str | None = None
        self.authorize_requests: list[dict] = []  # what the client asked for, to check
        self.ended_sessions: list[dict] = []
        self.issuer = ""  # set when served

    def add_client(self, client: Client) -> None:
        self.clients[client.client_id] = client

    # ---- the Flask app -----------------------------------------------------------------
    def app(self) -> Flask:
        app = Flask("oidc-test-provider")
        provider = self
        server = AuthorizationServer(app, query_client=self.clients.get, save_token=lambda token, req: None)

        class Assertion(JWTBearerClientAssertion):
            def get_audiences(self):
                return [provider.issuer]

            def resolve_client_public_key(self, client):
                return client.public_key

            def validate_jti(self, claims, jti):
                if jti in provider.used_jtis:
                    return False
                provider.used_jtis.add(jti)
                return True

        class IdToken(OpenIDCode):
            def resolve_client_private_key(self, client):
                return provider.other_key if provider.fault == "signature" else provider.key

            def get_client_claims(self, client):
                return {"iss": provider.issuer, "aud": [client.get_client_id()]}

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": "provider-key"}

            def exists_nonce(self, nonce, req):
                return any(code.nonce == nonce for code in provider.codes.values())

            def generate_user_info(self, user, scope):
                code = provider._current_code
                claims = {"sub": f"pairwise-{user.pid}", "pid": user.pid, "sid": code.sid, "locale": "nb"}
                if user.name and "profile" in scope:
                    claims["name"] = user.name
                # The faults replace what Authlib put in the token (claims added last win).
                now = int(time.time())
                claims.update(
                    {
                        "issuer": {"iss": provider.issuer + "/other"},
                        "audience": {"aud": ["someone-else"]},
                        "nonce": {"nonce": "not-the-clients-nonce"},
                        "expired": {"iat": now - 3600, "exp": now - 600},
                    }.get(provider.fault or "", {})
                )
                return claims

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = [
                "client_secret_basic",
                "client_secret_post",
                JWTBearerClientAssertion.CLIENT_AUTH_METHOD,
            ]

            def save_authorization_code(self, code, req):
                provider.codes[code] = Code(
                    code=code,
                    client_id=req.payload.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    person=req.user,
                    nonce=req.payload.data.get("nonce"),
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                    sid=secrets.token_urlsafe(16),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                if found and found.client_id == client.get_client_id():
                    provider._current_code = found
                    return found
                return None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.person

        server.register_client_auth_method(Assertion.CLIENT_AUTH_METHOD, Assertion(leeway=60))
        server.register_grant(CodeGrant, [IdToken(require_nonce=True), CodeChallenge(required=True)])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=provider.issuer,
                authorization_endpoint=f"{provider.issuer}/authorize",
                token_endpoint=f"{provider.issuer}/token",
                jwks_uri=f"{provider.issuer}/jwks",
                end_session_endpoint=f"{provider.issuer}/endsession",
                frontchannel_logout_supported=True,
                frontchannel_logout_session_supported=True,
                response_types_supported=["code"],
                subject_types_supported=["pairwise"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                acr_values_supported=["idporten-loa-substantial", "idporten-loa-high"],
                ui_locales_supported=["nb", "nn", "en", "se"],
                token_endpoint_auth_methods_supported=[
                    "client_secret_basic",
                    "client_secret_post",
                    "private_key_jwt",
                ],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([provider.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            provider.authorize_requests.append(request.args.to_dict())
            return server.create_authorization_response(grant_user=provider.person)

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/endsession")
        def end_session():
            provider.ended_sessions.append(request.args.to_dict())
            return redirect(request.args["post_logout_redirect_uri"])

        return app

    def front_channel_logout_url(self, client_url: str, sid: str) -> str:
        return f"{client_url}?{urlencode({'iss': self.issuer, 'sid': sid})}"

    @property
    def last_sid(self) -> str:
        return self._current_code.sid


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@contextmanager
def serving() -> Iterator[Provider]:
    """A provider on a free port of 127.0.0.1, for as long as the block lasts."""
    provider = Provider()
    server = make_server("127.0.0.1", 0, provider.app(), threaded=True, request_handler=_QuietHandler)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="oidc-test-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
