"""Development-only login: pick a demo patient. Never registered in production
(see app.config.check), where patients sign in with OpenID Connect (signin.py).
It signs in with the same session code (app.web_sessions.begin) and signs out with
signin.sign_out; a demo patient needs no acceptance of the terms."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _

from app import db_requests, web_sessions
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES
from app.patient_pages.errors import id_or_none
from app.patients import queries as patient_queries
from app.patients.models import Patient
from app.redirects import safe_local_path

bp = Blueprint(
    "devlogin",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/utvikler-innlogging",
)


def _safe_next(lang: str) -> str:
    return safe_local_path(request.values.get("next"), url_for("inbox.index", lang=lang))


@bp.get("/")
def login(lang: str):
    patients = patient_queries.by_name(db_requests.session())
    return render_site_page(
        "devlogin/login.html",
        title=_("Development login"),
        subpath="utvikler-innlogging/",
        patients=patients,
        next=_safe_next(lang),
    )


@bp.post("/")
def choose(lang: str):
    patient_id = id_or_none(request.form.get("patient_id"))
    patient = db_requests.session().get(Patient, patient_id) if patient_id is not None else None
    if patient is None:
        patients = patient_queries.by_name(db_requests.session())
        return render_site_page(
            "devlogin/login.html",
            title=_("Development login"),
            status=400,
            subpath="utvikler-innlogging/",
            patients=patients,
            next=_safe_next(lang),
            error=_("Choose one of the patients in the list."),
        )
    web_sessions.begin(patient)
    return redirect(_safe_next(lang), code=303)
