"""Rate limits (Flask-Limiter): sign-in, what patients send, and the API.

Counts live in memory for ``make run`` (one process) and in Redis when
``RATELIMIT_STORAGE_URI`` (``INNBOKS_RATELIMIT_STORAGE_URL``) names one, as it
must in production, where several workers share the counts. A refused request
gets 429 with Retry-After: a page in the reader's language, or the API's JSON.

The limits are put on views by endpoint (``LIMITED``), so the modules that own
the views need not know about them; a new sign-in or sending view must be added
there (tests/web_front/test_limits.py fails for a POST view that is not).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, session
from flask_babel import gettext as _
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from app.api import views as api_views
from app.helpsite.serving.render import render_site_page

#: Defaults; each can be changed in the app's config under its key.
DEFAULTS = {
    # Sign-in attempts from one address (an office's network is one address for many).
    "RATELIMIT_SIGN_IN": "20 per minute; 200 per hour",
    # A patient's replies and messages: far above what a person writes.
    "RATELIMIT_PATIENT_SENDS": "10 per minute; 100 per day",
    # A sender system's deliveries and reads, per token and per address.
    "RATELIMIT_API_PER_TOKEN": "600 per minute",
    "RATELIMIT_API_PER_ADDRESS": "1200 per minute",
    # Requests refused for a missing or wrong token, per address: guessing tokens.
    "RATELIMIT_API_REFUSED": "20 per minute",
    # Providers' delivery receipts, per address: a gateway sends them in bursts.
    "RATELIMIT_RECEIPTS_PER_ADDRESS": "6000 per minute",
    # Receipts refused for a missing or wrong signature, per address: guessing the secret.
    "RATELIMIT_RECEIPTS_REFUSED": "30 per minute",
}


def _patient_or_address() -> str:
    patient_id = session.get("patient_id")
    return f"patient:{patient_id}" if patient_id is not None else f"address:{get_remote_address()}"


def _api_token_or_address() -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and len(header) > 7:
        # Only a digest of the token reaches the counters' storage.
        return "token:" + hashlib.sha256(header[7:].encode()).hexdigest()
    return f"address:{get_remote_address()}"


@dataclass(frozen=True)
class Limit:
    config_key: str
    key: Callable[[], str] = get_remote_address
    methods: tuple[str, ...] | None = ("POST",)
    only_refused: bool = False  # count only 401 answers


SIGN_IN = (Limit("RATELIMIT_SIGN_IN"),)
# ID-porten's flow: each sign-in is a start and a callback, both GET.
SIGN_IN_FLOW = (Limit("RATELIMIT_SIGN_IN", methods=None),)
PATIENT_SENDS = (Limit("RATELIMIT_PATIENT_SENDS", key=_patient_or_address),)
API = (
    Limit("RATELIMIT_API_PER_TOKEN", key=_api_token_or_address, methods=None),
    Limit("RATELIMIT_API_PER_ADDRESS", methods=None),
    Limit("RATELIMIT_API_REFUSED", methods=None, only_refused=True),
)
RECEIPTS = (
    Limit("RATELIMIT_RECEIPTS_PER_ADDRESS"),
    Limit("RATELIMIT_RECEIPTS_REFUSED", only_refused=True),
)
#: Endpoint → its limits. Endpoints missing from the app (the development login in
#: production) are skipped.
LIMITED: dict[str, tuple[Limit, ...]] = {
    "devlogin.choose": SIGN_IN,
    "signin.start": SIGN_IN_FLOW,
    "signin.callback": SIGN_IN_FLOW,
    "inbox.reply": PATIENT_SENDS,
    "service_messages.new_message": PATIENT_SENDS,
    "appointments.detail": PATIENT_SENDS,
    "representation.powers_page": PATIENT_SENDS,
    "notifications.page": PATIENT_SENDS,
    "api.create_item": API,
    "api.patient_messages": API,
    "receipts.sms": RECEIPTS,
    "receipts.digital_mailbox": RECEIPTS,
}
#: POST views that send nothing to anyone and sign no one in: signing out, staying
#: signed in, accepting the terms or stopping being a portal user, choosing whose inbox
#: to open and withdrawing a power of attorney.
NOT_LIMITED_POSTS = {
    "signin.sign_out",
    "signin.stay_signed_in",
    "signin.terms",
    "signin.stop_being_user",
    "representation.choose",
    "representation.withdraw",
}


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    # Off in tests unless a test turns them on: the suites sign in and send far more
    # than a person does, from one address.
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter = Limiter(get_remote_address, app=app, key_prefix="innboks")
    app.extensions["innboks.limiter"] = limiter  # the limits on views hold it only weakly
    for endpoint, limits in LIMITED.items():
        if endpoint not in app.view_functions:
            continue
        view: Callable[..., Any] = app.view_functions[endpoint]
        for limit in limits:
            view = limiter.limit(
                _from_config(limit.config_key),
                key_func=limit.key,
                methods=list(limit.methods) if limit.methods else None,
                scope=limit.config_key,
                deduct_when=(lambda response: response.status_code == 401) if limit.only_refused else None,
            )(view)
        app.view_functions[endpoint] = view
    for name in ("healthz", "readyz", "metrics"):
        limiter.exempt(app.view_functions[f"health.{name}"])
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def _from_config(key: str) -> Callable[[], str]:
    return lambda: current_app.config[key]


def _too_many_requests(_exc: RateLimitExceeded):
    # Flask-Limiter adds Retry-After to the response after this (RATELIMIT_HEADERS_ENABLED).
    if request.blueprint == api_views.bp.name:
        return api_views.error(429, "too_many_requests", "too many requests; wait and try again")
    return render_site_page(
        "errors/message.html",
        status=429,
        title=_("Too many attempts"),
        message=_("You have tried this too many times in a short while. Wait a few minutes and try again."),
    )
