"""How the patient hears of new items: /<lang>/innboks/varsler/ (SMS, e-mail or both,
and in which language). Only the patient themself: it is their phone and their e-mail."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import db_requests
from app.dispatch import settings
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES, native_name
from app.inbox import access
from app.patient_pages import form_errors
from app.patient_pages.login import login_required

bp = Blueprint(
    "notifications",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}",
)

PROBLEMS = {
    settings.Problem.NO_CHANNEL: (
        "notify-sms",
        _l("Choose SMS, e-mail or both: the portal tells you of every new letter or message."),
    ),
    settings.Problem.UNKNOWN_LANGUAGE: (
        "notify-language-nb",
        _l("Choose the language of the notifications."),
    ),
}


@bp.route("/varsler/", methods=["GET", "POST"])
@login_required
def page(lang: str, reader: access.Reader):
    access.require(reader, access.Action.NOTIFICATIONS)
    database = db_requests.session()
    errors: list[form_errors.FormError] = []
    saved = request.args.get("lagret") == "1"
    choice = settings.current(database, reader.patient_id)
    if request.method == "POST":
        wanted = settings.Choice(
            sms=request.form.get("sms") == "on",
            email=request.form.get("email") == "on",
            language=request.form.get("language", ""),
        )
        try:
            settings.save(database, reader.patient_id, wanted.sms, wanted.email, wanted.language)
            return redirect(url_for("notifications.page", lang=lang, lagret=1), code=303)
        except settings.SettingsRefused as refused:
            field, message = PROBLEMS[refused.problem]
            errors = [form_errors.FormError(field, str(message))]
            choice = wanted
    heading = _("Notifications")
    return render_site_page(
        "notifications/settings.html",
        title=form_errors.title(heading, errors),
        heading=heading,
        subpath="varsler/",
        status=422 if errors else 200,
        errors=errors,
        choice=choice,
        saved=saved,
        languages=[(code, native_name(code)) for code in LANGUAGES],
    )
