"""The patient's inbox pages: /<lang>/innboks/…"""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, request, url_for
from flask_babel import gettext as _

from app import clock, db
from app.appointments.rules import ContactMode, contact_mode, reply_deadline, reply_timing
from app.helpsite.shell import APP_PATH
from app.i18n import LANGUAGES
from app.inbox import access, queries, writing
from app.inbox import rules as inbox_rules
from app.inbox.categories import category_label
from app.inbox.models import Category
from app.inbox.refusals import refusal_message
from app.municipal.working_days import expected_answer_date
from app.organisations.models import OrganisationKind
from app.patient_pages import BadAddress, attempt, patient_page
from app.site_page import render_site_page

bp = Blueprint("inbox", __name__, template_folder="templates",
               url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}")


def _filters():
    category = request.args.get("category") or None
    if category is not None:
        try:
            category = Category(category)
        except ValueError:
            raise BadAddress(_("There is no category called %(name)s.", name=category))
    sender = request.args.get("sender") or None
    if sender is not None:
        if not sender.isdigit():
            raise BadAddress(_("The sender in the address is not valid."))
        sender = int(sender)
    cursors = {}
    for name in ("before", "after"):
        if request.args.get(name):
            try:
                cursors[name] = queries.Cursor.decode(request.args[name])
            except queries.BadCursor:
                raise BadAddress(_("The page in the address is not valid. Start again from the first page."))
    return category, sender, cursors


@bp.get("/")
@patient_page
def index(lang: str, reader: access.Reader):
    database = db.session()
    category, sender, cursors = _filters()
    page = queries.inbox_page(database, reader.patient_id, category=category, organisation_id=sender,
                              size=current_app.config["INBOX_PAGE_SIZE"], **cursors)
    keep = {k: v for k, v in (("category", category and category.value), ("sender", sender)) if v}
    return render_site_page(
        "inbox/list.html", title=_("Inbox"), subpath=_query_string(),
        page=page, unread=queries.unread_count(database, reader.patient_id),
        senders=queries.senders(database, reader.patient_id), categories=list(Category),
        category_label=category_label, selected_category=category, selected_sender=sender,
        older_url=page.older and url_for("inbox.index", lang=lang, before=page.older.encode(), **keep),
        newer_url=page.newer and url_for("inbox.index", lang=lang, after=page.newer.encode(), **keep),
        filtered=bool(keep),
    )


def _query_string() -> str:
    query = request.query_string.decode("ascii", "replace")
    return f"?{query}" if query else ""


@bp.get("/<int:item_id>/")
@patient_page
def item(lang: str, reader: access.Reader, item_id: int):
    database = db.session()
    opened = access.readable_item(database, reader, item_id)
    now = clock.now()
    queries.mark_read(database, opened, now)
    thread = access.readable_thread(database, reader, opened)
    return render_site_page(
        "inbox/item.html", title=opened.subject, subpath=f"{item_id}/", item=opened, thread=thread,
        category_label=category_label, read_only=inbox_rules.is_read_only(opened.category),
        reply=writing.reply_state(database, opened, now),
        deadline=opened.appointment and reply_deadline(opened.appointment.starts_at),
        dialogue_mode=opened.appointment is not None and not opened.from_patient and
        contact_mode(opened.appointment.organisation.region) is ContactMode.DIALOGUE,
        expected_answer=_expected_answer(thread),
    )


def _expected_answer(thread):
    """When a patient's message to a municipal service is still unanswered, when to expect it."""
    last = thread[-1]
    if last.from_patient and last.organisation.kind is OrganisationKind.MUNICIPAL_SERVICE:
        return expected_answer_date(last.sent_at)
    return None


@bp.route("/<int:item_id>/svar/", methods=["GET", "POST"])
@patient_page
def reply(lang: str, reader: access.Reader, item_id: int):
    """Helse Sør-Øst: tell the hospital the appointment time does not suit."""
    database = db.session()
    letter = access.readable_item(database, reader, item_id)
    now = clock.now()
    error = writing.refusal_for(database, letter, now)
    if error is None and request.method == "POST":
        sent, error = attempt(database, lambda: writing.reply_to_appointment(
            database, reader, item_id, request.form.get("text"), now,
            late_accepted=request.form.get("accept_fee") == "yes"))
        if sent:
            return redirect(url_for("inbox.item", lang=lang, item_id=item_id), code=303)
    appointment = letter.appointment
    return render_site_page(
        "inbox/reply.html", title=_("Reply to the appointment letter"), subpath=f"{item_id}/svar/",
        status=error.status if error else 200, error=error and refusal_message(error),
        error_code=error and error.code, item=letter,
        appointment=appointment, timing=appointment and reply_timing(now, appointment.starts_at),
        deadline=appointment and reply_deadline(appointment.starts_at),
        text=request.form.get("text", ""), max_text=writing.MAX_REPLY_TEXT,
        # A mistake in the form can be corrected; a refusal of the reply itself cannot.
        can_send=error is None or error.code in writing.FORM_MISTAKES,
    )


@bp.get("/vedlegg/<int:attachment_id>")
@patient_page
def attachment(lang: str, reader: access.Reader, attachment_id: int):
    found = access.readable_attachment(db.session(), reader, attachment_id)
    disposition = "inline" if found.content_type in ("application/pdf", "image/png", "image/jpeg") \
        else "attachment"
    ascii_name = found.filename.encode("ascii", "replace").decode().replace('"', "")
    return Response(found.data, mimetype=found.content_type, headers={
        "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(found.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, no-store",
    })
