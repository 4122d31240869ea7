"""The inbox: the list, an item, its attachments and the reply to an appointment letter.
/<lang>/innboks/…"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app import clock, db_requests
from app.dispatch import queries as dispatch_queries
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES
from app.i18n.web import lang_attribute, when_on_page
from app.inbox import access, appointment_replies, queries, service_messages
from app.inbox import rules as inbox_rules
from app.inbox.models import Category
from app.inbox.refusals import Refusal, Refused
from app.patient_pages import form_errors, representation, signin
from app.patient_pages.errors import BadAddress, id_or_none
from app.patient_pages.labels import category_label, trail_line
from app.patient_pages.login import login_required

bp = Blueprint(
    "inbox",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}",
)


def _filters():
    category = request.args.get("category") or None
    if category is not None:
        try:
            category = Category(category)
        except ValueError:
            raise BadAddress(_("There is no category called %(name)s.", name=category)) from None
    raw_sender = request.args.get("sender") or None
    sender = id_or_none(raw_sender)
    if raw_sender is not None and sender is None:
        raise BadAddress(_("The sender in the address is not valid."))
    cursors = {}
    for name in ("before", "after"):
        if request.args.get(name):
            try:
                cursors[name] = queries.Cursor.decode(request.args[name])
            except queries.BadCursor:
                raise BadAddress(
                    _("The page in the address is not valid. Start again from the first page.")
                ) from None
    return category, sender, cursors


@bp.get("/")
@login_required
def index(lang: str, reader: access.Reader):
    database = db_requests.session()
    category, sender, cursors = _filters()
    page = queries.inbox_page(
        database,
        reader,
        category=category,
        organisation_id=sender,
        size=current_app.config["INBOX_PAGE_SIZE"],
        **cursors,
    )
    keep = {k: v for k, v in (("category", category and category.value), ("sender", sender)) if v}
    whole = queries.overview(database, reader)
    return render_site_page(
        "inbox/list.html",
        title=_("Inbox"),
        subpath=_query_string(),
        page=page,
        rows=_rows(page.items, lang),
        unread=whole.unread,
        senders=whole.senders,
        categories=list(Category),
        category_label=category_label,
        selected_category=category,
        selected_sender=sender,
        older_url=page.older and url_for("inbox.index", lang=lang, before=page.older.encode(), **keep),
        newer_url=page.newer and url_for("inbox.index", lang=lang, after=page.newer.encode(), **keep),
        filtered=bool(keep),
    )


class ListRow(NamedTuple):
    """A line of the inbox list, in the page's words: worked out here, where it is a few
    plain calls, rather than in the template, where each call per row is several."""

    href: str
    lang: Markup  # the subject's lang attribute, if not the page's language
    subject: str
    sender: str
    category: str
    sent_at: str  # ISO 8601, for <time datetime>
    when: str
    unread: bool


def _rows(items: list, lang: str) -> list[ListRow]:
    # url_for's address for an item is the list's followed by the item's id (the route
    # "<int:item_id>/" below the list's), so one url_for serves every row.
    base = url_for("inbox.index", lang=lang)
    labels: dict[Category, str] = {}
    languages: dict[str, Markup] = {}
    rows = []
    for item in items:
        label = labels.get(item.category)
        if label is None:
            label = labels[item.category] = category_label(item.category)
        language = languages.get(item.language)
        if language is None:
            language = languages[item.language] = lang_attribute(item.language)
        rows.append(
            ListRow(
                f"{base}{item.id}/",
                language,
                item.subject,
                item.sender_name,
                label,
                item.sent_at.isoformat(),
                when_on_page(lang, item.sent_at),
                item.read_at is None,
            )
        )
    return rows


def _query_string() -> str:
    query = request.query_string.decode("ascii", "replace")
    return f"?{query}" if query else ""


@bp.get("/<int:item_id>/")
@login_required
def item(lang: str, reader: access.Reader, item_id: int):
    database = db_requests.session()
    now = clock.now()
    opened = access.readable_item(database, reader, item_id, load=queries.ITEM_PAGE)
    thread = access.readable_thread(reader, opened)
    offer = appointment_replies.offer(database, opened, now)
    trail = dispatch_queries.trail(database, opened.id)
    # The signed-in block's reads too (the name, for a session that lacks it): everything
    # the page reads comes before open_item's commit, which hands the connection back to the
    # pool, so a read after it would take one again.
    signin.signed_in_as()
    representation.whose_inbox()
    # HEAD (a link checker, a prefetch) changes nothing: only a real GET opens the item.
    # Opening it commits its log entry (and read mark) before the page is made, so no page
    # is shown whose read was not logged.
    if request.method == "GET":
        access.open_item(database, reader, item_id, now)
    return render_site_page(
        "inbox/item.html",
        title=opened.subject,
        subpath=f"{item_id}/",
        item=opened,
        thread=thread,
        category_label=category_label,
        read_only=inbox_rules.is_read_only(opened.category),
        offer=offer,
        expected_answer=service_messages.expected_answer(thread),
        trail=trail,
        trail_line=trail_line,
    )


_REPLY_FIELDS = {Refusal.LATE_NOT_ACCEPTED: "accept-fee", Refusal.MESSAGE_TOO_LONG: "reply-text"}


@bp.route("/<int:item_id>/svar/", methods=["GET", "POST"])
@login_required
def reply(lang: str, reader: access.Reader, item_id: int):
    """Helse Sør-Øst: tell the hospital the appointment time does not suit."""
    access.require(reader, access.Action.REPLY)
    database = db_requests.session()
    offer = appointment_replies.offer(database, access.readable_item(database, reader, item_id), clock.now())
    error = offer.refusal
    if error is None and request.method == "POST":
        try:
            appointment_replies.send(
                database,
                offer,
                request.form.get("text"),
                late_accepted=request.form.get("accept_fee") == "yes",
            )
            return redirect(url_for("inbox.item", lang=lang, item_id=item_id), code=303)
        except Refused as refused:
            error = refused
    errors = form_errors.from_refusal(error, _REPLY_FIELDS)
    heading = _("Reply to the appointment letter")
    return render_site_page(
        "inbox/reply.html",
        title=form_errors.title(heading, errors),
        heading=heading,
        subpath=f"{item_id}/svar/",
        status=error.status if error else 200,
        errors=errors,
        item=offer.letter,
        offer=offer,
        text=request.form.get("text", ""),
        max_text=appointment_replies.MAX_REPLY_TEXT,
        # A mistake in the form can be corrected; a refusal of the reply itself cannot.
        can_send=error is None or error.correctable,
    )


@bp.get("/vedlegg/<int:attachment_id>")
@login_required
def attachment(lang: str, reader: access.Reader, attachment_id: int):
    found = access.open_attachment(db_requests.session(), reader, attachment_id, clock.now())
    disposition = (
        "inline" if found.content_type in ("application/pdf", "image/png", "image/jpeg") else "attachment"
    )
    # Normalised again for names stored before deliveries did it: a header value holds no CR or LF.
    filename = inbox_rules.normalised_filename(found.filename) or "attachment"
    # The quoted fallback for old browsers: printable ASCII without the quote's own specials.
    ascii_name = "".join(c if " " <= c <= "~" and c not in '"\\' else "?" for c in filename)
    return Response(
        found.data,
        mimetype=found.content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "private, no-store",
        },
    )
