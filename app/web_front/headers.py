"""Security and caching headers on every response, help pages included.

Flask-Talisman sets the Content-Security-Policy, X-Frame-Options, nosniff,
Referrer-Policy, Permissions-Policy and (in production, over HTTPS) HSTS. The
policy allows our own origin only: the help site's fonts are ours (issue 16) and
Material's inline scripts are files (overrides/partials/javascripts/), so there
is no 'unsafe-inline' anywhere. App pages also get a fresh nonce per response,
``csp_nonce()`` in templates, for a script that must be inline.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_talisman import Talisman

SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "font-src": SELF,
    # data: for the icons Material's own stylesheet embeds (mask-image: url("data:image/svg+xml,…")):
    # they are part of our stylesheet and make no request.
    "img-src": [SELF, "data:"],
    "connect-src": SELF,  # the search index
    "worker-src": SELF,  # the search worker
    "manifest-src": SELF,
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": SELF,
    "frame-ancestors": "'none'",
}
# Nothing on the site uses these; a page that is somehow made to ask gets no.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
HSTS_MAX_AGE = 2 * 365 * 24 * 3600
#: Our font files change only with the pinned package; fetching them once a month is plenty.
FONT_CACHE = "public, max-age=2592000"


#: The view the sign-in provider loads in a frame to sign a patient out (front-channel).
FRONT_CHANNEL_LOGOUT = "signin.front_channel_logout"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def init_app(app: Flask) -> None:
    policy = dict(CONTENT_SECURITY_POLICY)
    issuer = app.config.get("OIDC_ISSUER")
    if issuer:
        # Sign-in and sign-out are form posts that end at the provider (ID-porten).
        policy["form-action"] = [SELF, _origin(issuer)]
    talisman = Talisman(
        app,
        # The reverse proxy answers plain HTTP with a redirect; the app only says "HTTPS
        # from now on" (HSTS) when it was reached over HTTPS, which ProxyFix tells it.
        force_https=False,
        strict_transport_security=app.config["INNBOKS_ENV"] == "production",
        strict_transport_security_max_age=HSTS_MAX_AGE,
        strict_transport_security_include_subdomains=False,
        frame_options="DENY",
        content_security_policy=policy,
        content_security_policy_nonce_in=["script-src"],
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # The session cookie is configured in app/config.py; Talisman must not change it.
        session_cookie_secure=False,
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
    front_channel = app.view_functions.get(FRONT_CHANNEL_LOGOUT)
    if issuer and front_channel is not None:
        # The provider shows this view in a frame of its own page; nobody else may frame it.
        # Talisman keeps per-view options on the function: a wrapper of this app's own, so
        # another app (another issuer, or none) keeps its own policy.
        @functools.wraps(front_channel)
        def framed_by_provider(*args, **kwargs):
            return front_channel(*args, **kwargs)

        talisman(frame_options=None, content_security_policy={**policy, "frame-ancestors": _origin(issuer)})(
            framed_by_provider
        )
        app.view_functions[FRONT_CHANNEL_LOGOUT] = framed_by_provider
    app.after_request(_isolation_and_caching)


def _isolation_and_caching(response: Response) -> Response:
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.blueprint == "helpsite":
        # The help site's files: the same for every reader, no patient data.
        if request.path.endswith(".woff2"):
            response.headers["Cache-Control"] = FONT_CACHE
        return response
    # Everything else may hold patient data (the inbox, its errors, the API) or is about
    # this server's state (health): never stored by a browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Expires", None)
    return response
