"""Signing in with OpenID Connect (shaped for ID-porten), the portal's terms, signing out.

The flow: the authorization code flow with PKCE, state and nonce (Authlib's client;
the state, nonce and code verifier wait in the server-side session). Authlib checks
the ID token's signature against the provider's JWKS, its issuer, audience, expiry
and nonce; app.identity.sign_in then takes the person from ``pid`` and refuses a
level (``acr``) below INNBOKS_OIDC_REQUIRED_ACR. Every refusal is logged, and
nothing is stored for it: no patient, no signed-in session.

On the first sign-in a person accepts the portal's terms and becomes a portal user;
until then the session is signed in but opens no inbox page (TERMS_PENDING).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import Blueprint, Flask, abort, current_app, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from werkzeug.wrappers import Response

from app import clock, db_requests, web_sessions
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES, full_date, marks
from app.identity import sign_in
from app.patients import queries as patient_queries
from app.patients import rules as patient_rules
from app.patients.models import Patient
from app.redirects import safe_local_path

log = logging.getLogger(__name__)

bp = Blueprint(
    "signin",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}",
)
#: The session script, served from our own origin (no inline script: the CSP forbids it).
assets = Blueprint("patient_assets", __name__, static_folder="static", static_url_path="/innboks-static")

_CLIENT = "idporten"
#: Form fields that hold what a patient wrote, shown again when a form is refused.
WRITTEN_FIELDS = {"subject": "Subject", "text": "Message"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(assets)
    app.jinja_env.globals["signed_in_as"] = signed_in_as
    app.jinja_env.globals["session_seconds_left"] = web_sessions.idle_seconds_left
    app.register_error_handler(CSRFError, form_refused)
    if app.config["OIDC_ISSUER"]:
        oauth = OAuth(app)
        oauth.register(_CLIENT, **_client_settings(app.config))
        app.extensions["innboks.oidc"] = oauth


def enabled() -> bool:
    return "innboks.oidc" in current_app.extensions


def start_url(lang: str, next_path: str) -> str:
    return url_for("signin.start", lang=lang, next=next_path)


def _client_settings(config) -> dict:
    issuer = config["OIDC_ISSUER"].rstrip("/")
    method = config["OIDC_CLIENT_AUTH"]
    settings: dict = {
        "client_id": config["OIDC_CLIENT_ID"],
        "server_metadata_url": f"{issuer}/.well-known/openid-configuration",
        "client_kwargs": {
            "scope": "openid profile",
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": method,
        },
    }
    if method == "private_key_jwt":
        key = _client_key(config["OIDC_CLIENT_KEY_FILE"])
        settings["client_secret"] = key
        # ID-porten wants its issuer as the audience of the client's assertion.
        kid = key.kid
        settings["client_auth_methods"] = [
            PrivateKeyJWT(token_endpoint=config["OIDC_ISSUER"], headers={"kid": kid} if kid else None)
        ]
    else:
        settings["client_secret"] = config["OIDC_CLIENT_SECRET"]
    return settings


def _client_key(path: str | None) -> RSAKey:
    if not path:
        raise RuntimeError("INNBOKS_OIDC_CLIENT_KEY_FILE is needed for private_key_jwt")
    text = Path(path).read_text()
    return RSAKey.import_key(json.loads(text) if text.lstrip().startswith("{") else text)


def _client():
    if not enabled():
        abort(404)
    return current_app.extensions["innboks.oidc"].create_client(_CLIENT)


def _next(lang: str) -> str:
    return safe_local_path(request.values.get("next"), url_for("inbox.index", lang=lang))


def signed_in_as() -> str | None:
    """For the templates: how every inbox page names who is signed in. Kept in the session
    from the sign-in on; a session that lacks it (begun before it was kept) reads it once."""
    patient_id = session.get(web_sessions.PATIENT_ID)
    if patient_id is None or session.get(web_sessions.TERMS_PENDING):
        return None
    shown = session.get(web_sessions.SHOWN_AS)
    if shown is None:
        found = patient_queries.name_and_number(db_requests.session(), patient_id)
        if found is None:
            return None
        shown = session[web_sessions.SHOWN_AS] = patient_rules.shown_as(found.name, found.national_id)
    return shown


@bp.get("/logg-inn/")
def start(lang: str):
    session["signin_next"] = _next(lang)
    return _client().authorize_redirect(
        url_for("signin.callback", lang=lang, _external=True),
        ui_locales=lang,
        acr_values=current_app.config["OIDC_REQUIRED_ACR"],
    )


@bp.get("/logg-inn/svar")
def callback(lang: str):
    client = _client()
    try:
        token = client.authorize_access_token()
        if "userinfo" not in token:
            raise sign_in.SignInRefused("no_id_token", "the provider gave no ID token")
        person = sign_in.person_from_claims(token["userinfo"], current_app.config["OIDC_REQUIRED_ACR"])
    except sign_in.SignInRefused as refused:
        log.warning("Sign-in refused: %s", refused)
        return _refused(lang, too_low=refused.reason == sign_in.SignInRefused.ACR_TOO_LOW)
    except (AuthlibBaseError, JoseError) as error:
        log.warning("Sign-in refused: %s: %s", type(error).__name__, error)
        return _refused(lang, too_low=False)
    except requests.RequestException as error:
        log.error("Sign-in service unreachable: %s", error)
        return render_site_page(
            "inbox/error.html",
            title=_("Sign-in is unavailable"),
            status=503,
            message=_("We cannot reach the sign-in service right now. Please try again in a few minutes."),
        )
    next_path = safe_local_path(session.get("signin_next"), url_for("inbox.index", lang=lang))
    patient = patient_queries.signed_in(db_requests.session(), person.national_id, person.name)
    web_sessions.begin(
        patient,
        terms_pending=not patient.is_portal_user,
        id_token=token["id_token"],
        provider_sid=person.provider_sid,
    )
    log.info("Signed in: patient %s", patient.id)
    if not patient.is_portal_user:
        return redirect(url_for("signin.terms", lang=lang, next=next_path), code=303)
    return redirect(next_path, code=303)


def _refused(lang: str, *, too_low: bool) -> Response:
    if too_low:
        return render_site_page(
            "signin/refused.html",
            title=_("Your sign-in level is too low"),
            status=403,
            message=_(
                "The inbox holds health information, so it needs sign-in at the highest level: "
                "BankID, Buypass or Commfides. Sign in again with one of them."
            ),
            retry=start_url(lang, url_for("inbox.index", lang=lang)),
        )
    return render_site_page(
        "signin/refused.html",
        title=_("Sign-in failed"),
        status=400,
        message=_("We could not confirm your sign-in, so nothing was saved. Please sign in again."),
        retry=start_url(lang, url_for("inbox.index", lang=lang)),
    )


@bp.route("/vilkar/", methods=["GET", "POST"])
def terms(lang: str):
    patient_id = session.get(web_sessions.PATIENT_ID)
    if patient_id is None:
        return redirect(start_url(lang, url_for("signin.terms", lang=lang)) if enabled() else "/", code=303)
    db = db_requests.session()
    patient = db.get(Patient, patient_id)
    if patient is None:  # removed while signed in
        web_sessions.end()
        return redirect(url_for("inbox.index", lang=lang), code=303)
    if request.method == "POST":
        patient_queries.accept_terms(db, patient, clock.now())
        session.pop(web_sessions.TERMS_PENDING, None)
        return redirect(_next(lang), code=303)
    return render_site_page(
        "signin/terms.html",
        title=_("Terms of use of the inbox"),
        subpath="vilkar/",
        patient=patient,
        since=_day_in_sentence(patient.portal_user_since, lang) if patient.portal_user_since else None,
        next=_next(lang),
    )


@bp.post("/vilkar/avslutt")
def stop_being_user(lang: str):
    patient_id = session.get(web_sessions.PATIENT_ID)
    if patient_id is not None:
        db = db_requests.session()
        patient = db.get(Patient, patient_id)
        if patient is not None:
            patient_queries.stop_being_portal_user(db, patient)
    return sign_out(lang)


@bp.post("/logg-ut/")
def sign_out(lang: str):
    """Ends our session; after a real sign-in, the provider's session too (end-session)."""
    id_token = session.get(web_sessions.ID_TOKEN)
    web_sessions.end()
    signed_out = url_for("signin.signed_out", lang=lang, _external=True)
    if id_token and enabled():
        end_session = _client().load_server_metadata().get("end_session_endpoint")
        if end_session:
            query = urlencode(
                {"id_token_hint": id_token, "post_logout_redirect_uri": signed_out, "ui_locales": lang}
            )
            return redirect(f"{end_session}?{query}", code=303)
    return redirect(signed_out, code=303)


@bp.get("/logget-ut/")
def signed_out(lang: str):
    return render_site_page(
        "signin/signed_out.html",
        title=_("You are signed out"),
        subpath="logget-ut/",
        again=url_for("inbox.index", lang=lang),
    )


@bp.get("/logg-ut/frontkanal")
def front_channel_logout(lang: str):
    """The provider ends its session (the patient signed out elsewhere): ours ends too.
    It is loaded in a frame on the provider's page, where the browser may not send our
    cookie, so the session is found by the provider's session id."""
    if not enabled() or request.args.get("iss") != current_app.config["OIDC_ISSUER"]:
        abort(400)
    sid = request.args.get("sid", "")
    ended = web_sessions.end_provider_session(sid) if sid else 0
    if session.get(web_sessions.PATIENT_ID) is not None and session.get("provider_sid") == sid:
        web_sessions.end()
        ended += 1
    log.info("Front-channel sign-out: %d session(s) ended", ended)
    response = Response("", status=200)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/okt/")
def stay_signed_in(lang: str):
    """The session warning's button: the idle timeout starts again."""
    if session.get(web_sessions.PATIENT_ID) is None:
        return jsonify(signed_in=False), 401
    web_sessions.renew()
    return jsonify(signed_in=True, seconds_left=web_sessions.idle_seconds_left())


def form_refused(_error: CSRFError) -> Response:
    """A form refused for its CSRF token (the session ended, or it came from elsewhere):
    the page shows what the patient wrote, so that nothing is lost."""
    lang = request.view_args.get("lang") if request.view_args else None
    lang = lang if lang in LANGUAGES else None
    signed_out_now = web_sessions.timed_out()
    written = [
        (_(label), request.form.get(name, ""))
        for name, label in WRITTEN_FIELDS.items()
        if request.form.get(name, "").strip()
    ]
    return render_site_page(
        "signin/form_refused.html",
        title=_("You were signed out") if signed_out_now else _("The form has expired"),
        status=400,
        message=(
            _(
                "For your safety you are signed out after %(minutes)d minutes without activity.",
                minutes=current_app.config["SESSION_IDLE_MINUTES"],
            )
            if signed_out_now
            else _("Go back, reload the page and send the form again.")
        ),
        written=written,
        sign_in=url_for("inbox.index", lang=lang) if lang else None,
    )


def _day_in_sentence(moment, lang: str) -> str:
    """The day of ``moment``, written in the language of the sentence it is put in."""
    day = moment.astimezone(clock.NORWAY).date()
    return marks.in_every_language(lang, lambda code: full_date(day, code))
