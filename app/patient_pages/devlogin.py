"""Development-only login: pick a demo patient. Never registered in production
(see app.config.check); until real sign-in (OpenID Connect) is built, production has no way in."""

from __future__ import annotations

from flask import Blueprint, redirect, request, session, url_for
from flask_babel import gettext as _

from app import db_requests
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES
from app.patient_pages.errors import id_or_none
from app.patients import queries as patient_queries
from app.patients.models import Patient

bp = Blueprint(
    "devlogin",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/utvikler-innlogging",
)


def _safe_next(lang: str) -> str:
    target = request.values.get("next", "")
    # Only paths on this site: never //host or a scheme, which would redirect elsewhere.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("inbox.index", lang=lang)


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
    session.clear()
    session["patient_id"] = patient.id
    return redirect(_safe_next(lang), code=303)


@bp.post("/logg-ut")
def logout(lang: str):
    session.clear()
    return redirect(url_for("devlogin.login", lang=lang), code=303)
