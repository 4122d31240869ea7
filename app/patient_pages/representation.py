"""Acting for others and the access log: /<lang>/innboks/velg/ (whose inbox),
/<lang>/innboks/fullmakter/ (powers of attorney given and held) and /<lang>/innboks/logg/
(who has read the patient's information)."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import clock, db_requests, web_sessions
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES, marks
from app.inbox import access, queries
from app.inbox.access_log import AccessLogEntry, What
from app.patient_pages import form_errors
from app.patient_pages.errors import BadAddress, id_or_none
from app.patient_pages.login import children, login_required, signed_in_person
from app.patients.models import Patient
from app.representation import powers
from app.representation.demo_families import register as demo_register
from app.representation.models import Scope
from app.representation.population_register import HttpRegister, NoRegister

bp = Blueprint(
    "representation",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}",
)

ROLE_NAMES = {
    access.Role.PATIENT: _l("yourself"),
    access.Role.POWER_READ: _l("power of attorney to read"),
    access.Role.POWER_ACT: _l("power of attorney to read and act"),
    access.Role.PARENT: _l("parent"),
    access.Role.PARENT_OF_TEEN: _l(
        "parent of a child aged 12 to 15: you see appointments and that letters exist"
    ),
    access.Role.SENDER_SYSTEM: _l("sender's system"),
}

PROBLEMS = {
    powers.Problem.INVALID_NUMBER: _l("Write the national identity number of the person, 11 digits."),
    powers.Problem.OWN_NUMBER: _l(
        "That is your own number. Write the number of the person you give the power to."
    ),
    powers.Problem.NO_SCOPE: _l("Choose what the person may do: read, or read and act."),
    powers.Problem.NOT_A_DATE: _l("Write the end date as a date, for example 2027-12-31, or leave it empty."),
    powers.Problem.DATE_PASSED: _l(
        "The end date has passed. Choose today or a later day, or leave it empty."
    ),
    powers.Problem.DATE_TOO_FAR: _l(
        "The end date can be at most ten years from today. Leave it empty for no end date."
    ),
    powers.Problem.ALREADY_GIVEN: _l(
        "This person already has a power of attorney from you. Withdraw it first to give another."
    ),
    powers.Problem.NO_SUCH_POWER: _l(
        "There is no such power of attorney to withdraw. It may already be withdrawn."
    ),
}

# The log's sentences: (who looked, what they read) → words. Word order differs between
# languages, so each is a whole sentence for the translators.
_LOG_SENTENCES = {
    ("self", What.ITEM): _l("You read “%(subject)s” on %(when)s."),
    ("self", What.ATTACHMENT): _l("You opened the attachment “%(file)s” of “%(subject)s” on %(when)s."),
    ("self", What.APPOINTMENT): _l("You looked at your appointment at %(place)s on %(when)s."),
    ("power", What.ITEM): _l("Your power-of-attorney holder %(name)s read “%(subject)s” on %(when)s."),
    ("power", What.ATTACHMENT): _l(
        "Your power-of-attorney holder %(name)s opened the attachment “%(file)s” of “%(subject)s” "
        "on %(when)s."
    ),
    ("power", What.APPOINTMENT): _l(
        "Your power-of-attorney holder %(name)s looked at your appointment at %(place)s on %(when)s."
    ),
    ("parent", What.ITEM): _l("Your parent %(name)s read “%(subject)s” on %(when)s."),
    ("parent", What.ATTACHMENT): _l(
        "Your parent %(name)s opened the attachment “%(file)s” of “%(subject)s” on %(when)s."
    ),
    ("parent", What.APPOINTMENT): _l(
        "Your parent %(name)s looked at your appointment at %(place)s on %(when)s."
    ),
    ("system", What.ITEM): _l("The system of %(name)s read your message “%(subject)s” on %(when)s."),
    ("system", What.ATTACHMENT): _l(
        "The system of %(name)s opened the attachment “%(file)s” of “%(subject)s” on %(when)s."
    ),
    ("system", What.APPOINTMENT): _l(
        "The system of %(name)s looked at your appointment at %(place)s on %(when)s."
    ),
}
_WHO = {
    access.Role.PATIENT: "self",
    access.Role.POWER_READ: "power",
    access.Role.POWER_ACT: "power",
    access.Role.PARENT: "parent",
    access.Role.PARENT_OF_TEEN: "parent",
    access.Role.SENDER_SYSTEM: "system",
}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    url = app.config.get("POPULATION_REGISTER_URL")
    # Without a register (production must set one), nobody acts as a parent; the demo has families.
    app.extensions["innboks.population_register"] = (
        HttpRegister(url) if url else demo_register() if app.config["DEV_LOGIN"] else NoRegister()
    )
    app.jinja_env.globals["whose_inbox"] = whose_inbox
    app.jinja_env.globals["may"] = may


def may(action: str) -> bool:
    """For the templates: whether the page's reader may do ``action`` (an access.Action)."""
    reader = g.get("reader")
    return reader is not None and access.allowed(reader.role, access.Action(action))


def whose_inbox() -> dict | None:
    """For every inbox page's banner: whose inbox is open, when it is someone else's."""
    reader = g.get("reader")
    if not isinstance(reader, access.Reader) or not reader.for_someone_else:
        return None
    # Remembered for the request, so a view can read it before it commits (inbox.item):
    # the session's identity map keeps no Patient nobody holds on to.
    remembered = g.get("whose_inbox")
    if remembered is None or remembered[0] != reader:
        patient = db_requests.session().get(Patient, reader.patient_id)
        name = patient.name if patient else ""
        remembered = g.whose_inbox = (reader, {"name": name, "role": str(ROLE_NAMES[reader.role])})
    return remembered[1]


def log_sentence(entry: AccessLogEntry, when: str) -> str:
    who = _WHO[access.Role(entry.role)]
    name = entry.organisation.name if entry.organisation else (entry.actor.name if entry.actor else "")
    return str(_LOG_SENTENCES[(who, entry.what)]) % {
        "name": name,
        # What the sender wrote is in the letter's language, whatever the sentence's.
        "subject": marks.mark(entry.item.subject, entry.item.language) if entry.item else "",
        # An attachment's entry names its item too (access.open_attachment), which the log's
        # query loads already: the attachment's own item would be a query per line.
        "file": marks.mark(entry.attachment.filename, (entry.item or entry.attachment.item).language)
        if entry.attachment
        else "",
        "place": marks.mark(entry.appointment.department, entry.appointment.language)
        if entry.appointment
        else "",
        "when": when,
    }


@bp.route("/velg/", methods=["GET", "POST"])
@login_required
def choose(lang: str, reader: access.Reader):
    """Whose inbox to open: one's own, or that of someone one represents."""
    person = signed_in_person()
    assert person is not None  # login_required
    database = db_requests.session()
    options = access.represented(database, person, children(person), clock.today())
    error = None
    if request.method == "POST":
        wanted = id_or_none(request.form.get("patient"))
        if wanted == person.id:
            session.pop(web_sessions.ACTING_FOR, None)
            return redirect(url_for("inbox.index", lang=lang), code=303)
        if wanted in {option.patient.id for option in options}:
            session[web_sessions.ACTING_FOR] = wanted
            return redirect(url_for("inbox.index", lang=lang), code=303)
        error = _("Choose one of the people in the list.")
    errors = [form_errors.FormError(f"whose-{person.id}", error)] if error else []
    heading = _("Whose inbox do you want to open?")
    return render_site_page(
        "representation/choose.html",
        title=form_errors.title(heading, errors),
        heading=heading,
        subpath="velg/",
        status=422 if error else 200,
        errors=errors,
        person=person,
        options=options,
        role_names=ROLE_NAMES,
        current=reader.patient_id,
        register_unavailable=g.get("register_unavailable", False),
    )


@bp.route("/fullmakter/", methods=["GET", "POST"])
@login_required
def powers_page(lang: str, reader: access.Reader):
    access.require(reader, access.Action.MANAGE_POWERS)
    database = db_requests.session()
    person = signed_in_person()
    assert person is not None
    problem = None
    if request.method == "POST":
        try:
            powers.give(
                database,
                person,
                request.form.get("national_id"),
                request.form.get("scope"),
                request.form.get("valid_until"),
                clock.today(),
                clock.now(),
            )
            return redirect(url_for("representation.powers_page", lang=lang), code=303)
        except powers.PowerRefused as refused:
            problem = refused.problem
    given = powers.given_by(database, person)
    names = powers.holders(database, [p.holder_national_id for p in given])
    last = queries.last_acted(database, reader, [p.id for p in names.values()])
    held = access.represented(database, person, [], clock.today())
    errors = [form_errors.FormError(_PROBLEM_FIELD.get(problem), str(PROBLEMS[problem]))] if problem else []
    heading = _("Powers of attorney")
    return render_site_page(
        "representation/powers.html",
        title=form_errors.title(heading, errors),
        heading=heading,
        subpath="fullmakter/",
        status=(409 if problem is powers.Problem.ALREADY_GIVEN else 422) if problem else 200,
        errors=errors,
        form=request.form,
        given=given,
        names=names,
        last=last,
        held=held,
        today=clock.today(),
        scopes=list(Scope),
    )


_PROBLEM_FIELD = {
    powers.Problem.INVALID_NUMBER: "power-national-id",
    powers.Problem.OWN_NUMBER: "power-national-id",
    powers.Problem.ALREADY_GIVEN: "power-national-id",
    powers.Problem.NO_SCOPE: "power-scope-read",
    powers.Problem.NOT_A_DATE: "power-valid-until",
    powers.Problem.DATE_PASSED: "power-valid-until",
    powers.Problem.DATE_TOO_FAR: "power-valid-until",
}


@bp.post("/fullmakter/<int:power_id>/trekk-tilbake")
@login_required
def withdraw(lang: str, reader: access.Reader, power_id: int):
    access.require(reader, access.Action.MANAGE_POWERS)
    person = signed_in_person()
    assert person is not None
    try:
        powers.withdraw(db_requests.session(), person, id_or_none(str(power_id)), clock.now())
    except powers.PowerRefused as refused:
        return render_site_page(
            "inbox/error.html",
            title=_("Powers of attorney"),
            status=404,
            message=str(PROBLEMS[refused.problem]),
        )
    return redirect(url_for("representation.powers_page", lang=lang), code=303)


@bp.get("/logg/")
@login_required
def access_log(lang: str, reader: access.Reader):
    database = db_requests.session()
    people = queries.who_looked(database, reader)
    who = request.args.get("who") or None
    if who is not None and who not in people:
        raise BadAddress(_("The person in the address is not in your log."))
    raw_before = request.args.get("before") or None
    before = id_or_none(raw_before)
    if raw_before is not None and before is None:
        raise BadAddress(_("The page in the address is not valid. Start again from the first page."))
    page = queries.access_log_page(
        database, reader, who=who, before=before, size=current_app.config["INBOX_PAGE_SIZE"]
    )
    return render_site_page(
        "representation/log.html",
        title=_("Who has read your information"),
        subpath="logg/",
        page=page,
        people=people,
        selected=who,
        sentence=log_sentence,
        # url_for leaves out a who of None.
        older_url=page.older and url_for("representation.access_log", lang=lang, before=page.older, who=who),
    )
