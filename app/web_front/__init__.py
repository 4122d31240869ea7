"""The web front: what every response carries and what guards every request,
whichever page or API answers it (issue 11, "The web front"; issue 16).

- ``headers``: Content-Security-Policy and the other security headers, and
  Cache-Control (no-store on everything but the help site's files).
- ``limits``: rate limits on sign-in, on what patients send and on the API.
- ``health``: ``/healthz`` and ``/readyz`` for the load balancer.
- ProxyFix, when the app runs behind a reverse proxy (``PROXY_COUNT`` > 0).

``init_app`` runs after every blueprint is registered: the limits are put on
their views by endpoint name.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.web_front import headers, health, limits


def init_app(app: Flask) -> None:
    app.register_blueprint(health.bp)
    headers.init_app(app)
    limits.init_app(app)
    proxies = app.config.get("PROXY_COUNT", 0)
    if proxies:
        # Only as many X-Forwarded-* entries as there are proxies of ours: more would let a
        # client choose its own address (and so its own rate-limit bucket) or scheme.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
