"""The contact register and the channels over HTTP, against providers on loopback
(tests/provider_server.py): each answer a provider can give becomes the right outcome,
and the letter by post reads back from its PDF."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.dispatch.channels import Attachment, Message, PostalAddress, Result
from app.dispatch.channels.digital_mailbox import DigitalMailbox
from app.dispatch.channels.post import PrintService, Unprintable, missing_characters, render_letter
from app.dispatch.channels.sms import BadReceipt, SmsGateway, parse_receipt
from app.dispatch.contact_register import Contact, ContactRegisterUnavailable, HttpContactRegister
from tests import provider_server
from tests.factories import national_id
from tests.smtp_server import free_port

HOME = PostalAddress("Áile Somby", ("Čáhppesjávri 3",), "9520", "Guovdageaidnu")


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 160)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def behave(providers):
    providers.misbehave.clear()
    providers.received.clear()


def message(address="+4791234567", **changes):
    fields = dict(
        dispatch_id=7,
        idempotency_key="key-7",
        address=address,
        language="nb",
        subject="Nytt i helseinnboksen din",
        text="Du har 1 nytt brev.",
    )
    return Message(**{**fields, **changes})


# ---- the contact register ---------------------------------------------------------------


def test_the_register_gives_contact_details_address_and_reservation(providers):
    kari = national_id()
    providers.person(
        kari,
        mobile="+4791234567",
        email="kari@example.org",
        mailbox="kari#1",
        reserved=True,
        address={
            "navn": "Kari Nordmann",
            "adresselinjer": ["Storgata 1"],
            "postnummer": "0155",
            "poststed": "OSLO",
        },
        protected="STRENGT_FORTROLIG",
    )
    found = HttpContactRegister(providers.url).lookup(kari)
    assert found == Contact(
        kari,
        reserved=True,
        email="kari@example.org",
        mobile="+4791234567",
        mailbox="kari#1",
        mailbox_provider="digipost.no",
        postal_address=PostalAddress("Kari Nordmann", ("Storgata 1",), "0155", "OSLO"),
        confidential_address=True,
    )


@pytest.mark.parametrize("status", ["SLETTET", "IKKE_REGISTRERT"])
def test_a_person_the_register_does_not_know_has_no_contact_details(providers, status):
    ola = national_id()
    providers.person(ola, mobile="+4791234567", status=status)
    assert HttpContactRegister(providers.url).lookup(ola) == Contact(ola)
    stranger = national_id()  # not in the register at all
    assert HttpContactRegister(providers.url).lookup(stranger) == Contact(stranger)


@pytest.mark.parametrize("trouble", ["500", "429", "garbage", "hang"])
def test_a_register_in_trouble_is_unavailable(providers, trouble):
    providers.misbehave["/rest/v2/personer"] = trouble
    with pytest.raises(ContactRegisterUnavailable):
        HttpContactRegister(providers.url, timeout=0.5).lookup(national_id())


def test_a_register_that_is_not_there_is_unavailable():
    with pytest.raises(ContactRegisterUnavailable):
        HttpContactRegister(f"http://127.0.0.1:{free_port()}").lookup(national_id())


# ---- SMS ---------------------------------------------------------------------------------


def test_an_sms_carries_the_key_and_a_repeat_is_the_same_message(providers):
    gateway = SmsGateway(providers.url, "secret-key")
    first = gateway.send(message())
    again = gateway.send(message())
    assert first.result is Result.SENT and again.provider_reference == first.provider_reference
    sent = providers.sent_to("/v1/messages")[0]
    assert sent.headers["Idempotency-Key"] == "key-7" and sent.headers["Authorization"] == "Bearer secret-key"
    assert sent.body == {
        "to": "+4791234567",
        "from": "Helsenorge",
        "text": "Du har 1 nytt brev.",
        "reference": "key-7",
    }


@pytest.mark.parametrize(
    "trouble, result",
    [
        ("500", Result.TEMPORARY_FAILURE),
        ("429", Result.TEMPORARY_FAILURE),
        ("hang", Result.TEMPORARY_FAILURE),
        ("garbage", Result.TEMPORARY_FAILURE),
        ("no-id", Result.TEMPORARY_FAILURE),
        ("400", Result.PERMANENT_FAILURE),
    ],
)
def test_what_the_gateway_answers_decides_the_outcome(providers, trouble, result):
    providers.misbehave["/v1/messages"] = trouble
    assert SmsGateway(providers.url, "k", timeout=0.5).send(message()).result is result


@pytest.mark.parametrize("number", ["", None, "91234567", "+4712345678", "+47 9123 4567x", "+47912345678"])
def test_a_number_that_is_no_mobile_number_is_refused_before_sending(providers, number):
    assert SmsGateway(providers.url, "k").send(message(number)).result is Result.PERMANENT_FAILURE
    assert providers.received == []


def test_a_closed_gateway_is_temporary():
    assert (
        SmsGateway(f"http://127.0.0.1:{free_port()}", "k").send(message()).result is Result.TEMPORARY_FAILURE
    )


# ---- receipts ------------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
SECRET = b"shared-secret"


def test_a_signed_receipt_is_read():
    body, headers = provider_server.signed(SECRET, {"id": "p-1", "status": "delivered"}, NOW.timestamp())
    receipt = parse_receipt(body, headers["X-Signature"], SECRET, NOW)
    assert (receipt.provider_reference, receipt.delivered) == ("p-1", True)


@pytest.mark.parametrize(
    "case",
    [
        "unsigned",
        "wrong secret",
        "old",
        "future",
        "not json",
        "no status",
        "unknown status",
        "garbled header",
    ],
)
def test_a_bad_receipt_is_refused(case):
    content = {"id": "p-1", "status": "delivered"}
    secret, at = SECRET, NOW.timestamp()
    if case == "wrong secret":
        secret = b"guess"
    if case == "old":
        at -= 301
    if case == "future":
        at += 301
    raw: dict | bytes = content
    if case == "not json":
        raw = b"{not json"
    if case == "no status":
        raw = {"id": "p-1"}
    if case == "unknown status":
        raw = {"id": "p-1", "status": "read"}
    body, headers = provider_server.signed(secret, raw, at)
    header = {"unsigned": None, "garbled header": "t=abc,v1="}.get(case, headers["X-Signature"])
    with pytest.raises(BadReceipt):
        parse_receipt(body, header, SECRET, NOW)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(body=st.binary(max_size=200), header=st.one_of(st.none(), st.text(max_size=80)), sign=st.booleans())
def test_any_receipt_is_read_or_refused_never_an_error(body, header, sign):
    if sign:
        header = provider_server.signed(SECRET, body, NOW.timestamp())[1]["X-Signature"]
    with contextlib.suppress(BadReceipt):
        parse_receipt(body, header, SECRET, NOW)


# ---- the digital mailbox ---------------------------------------------------------------------


def test_a_letter_goes_to_the_mailbox_with_its_attachments(providers):
    letter = message(
        "aile#1",
        subject="Innkalling",
        text="Du har fått time.",
        sender_name="UNN",
        attachments=(Attachment("innkalling.pdf", "application/pdf", b"%PDF-1.4 x"),),
    )
    outcome = DigitalMailbox(providers.url, "k").send(letter)
    assert outcome.result is Result.SENT
    sent = providers.sent_to("/v1/letters")[0]
    assert sent.body["mailbox"] == "aile#1" and sent.body["sender"] == "UNN"
    assert sent.body["attachments"] == [
        {
            "filename": "innkalling.pdf",
            "content_type": "application/pdf",
            "content_base64": "JVBERi0xLjQgeA==",
        }
    ]
    assert sent.headers["Idempotency-Key"] == "key-7"


def test_no_mailbox_address_is_permanent(providers):
    assert DigitalMailbox(providers.url, "k").send(message(None)).result is Result.PERMANENT_FAILURE


# ---- post ---------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_letter_by_post_reads_back_with_its_address_in_the_window(providers):
    letter = message(
        None,
        postal_address=HOME,
        sender_name="Universitetssykehuset Nord-Norge",
        subject="Innkalling til time",
        text="Don leat ožžon áiggi.\nGiitu: ŋ ŧ đ š ž č æ ø å",
        attachments=(
            Attachment("innkalling.pdf", "application/pdf", b"%PDF-1.4 x"),
            Attachment("kart.png", "image/png", png()),
        ),
    )
    outcome = PrintService(providers.url, "k").send(letter)
    assert outcome.result is Result.SENT
    job = providers.sent_to("/v1/print-jobs")[0]
    assert job.body["address"]["city"] == "Guovdageaidnu"
    letter_pdf, attached = job.body["documents"]
    import base64

    text = pdf_text(base64.b64decode(letter_pdf["content_base64"]))
    for expected in (
        "Áile Somby",
        "Čáhppesjávri 3",
        "9520 Guovdageaidnu",
        "Innkalling til time",
        "Don leat ožžon áiggi.",
        "ŋ ŧ đ š ž č æ ø å",
        "Universitetssykehuset Nord-Norge",
        "kart.png",
    ):
        assert expected in text, (expected, text)
    assert (
        len(PdfReader(io.BytesIO(base64.b64decode(letter_pdf["content_base64"]))).pages) == 2
    )  # the image's page
    assert attached == {"filename": "innkalling.pdf", "content_base64": "JVBERi0xLjQgeA=="}
    # The address sits where a window envelope shows it: 20 mm from the left, 45 mm from the top.
    page = PdfReader(io.BytesIO(base64.b64decode(letter_pdf["content_base64"]))).pages[0]
    positions = []
    page.extract_text(
        visitor_text=lambda t, cm, tm, *_: positions.append((t, tm[4], tm[5])) if "Áile" in t else None
    )
    [(_, x, y)] = positions
    mm = 72 / 25.4
    assert abs(x - 20 * mm) < 2 * mm and abs((842 - y) - 45 * mm) < 8 * mm


def test_a_letter_the_font_cannot_print_is_refused_not_printed_without_its_words(providers):
    letter = message(None, postal_address=HOME, text="Пациент: 王")
    outcome = PrintService(providers.url, "k").send(letter)
    assert outcome.result is Result.PERMANENT_FAILURE and "print font has no" in outcome.detail
    assert providers.received == []


def test_post_without_an_address_is_permanent(providers):
    assert PrintService(providers.url, "k").send(message(None)).result is Result.PERMANENT_FAILURE
    assert providers.received == []


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=60).filter(str.strip),
    text=st.text(st.characters(categories=["L", "N", "P", "Zs"], include_characters="\n"), max_size=400),
    language=st.sampled_from(["nb", "en", "se"]),
)
def test_any_name_and_text_render_to_a_letter_that_reads_back_or_is_refused(name, text, language):
    address = PostalAddress(name, ("Storgata 1",), "0155", "Oslo")
    letter = message(None, postal_address=address, text=text, language=language)
    try:
        data = render_letter(letter, dt.date(2026, 11, 24))
    except Unprintable:
        # Refused only for a character the font cannot print: never silently left out.
        assert missing_characters(name, text)
        return
    read = " ".join(pdf_text(data).split())
    assert " ".join(name.split()) in read
    assert " ".join(text.split()) in read
