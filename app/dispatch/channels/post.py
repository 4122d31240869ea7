"""Letters by post, for citizens with neither the portal nor a digital mailbox, and for
unopened hospital letters (escalation): rendered here to PDF, printed and posted by a
print service.

The letter is A4 with the address where a C5 or DL window envelope shows it (20 mm
from the left, 45 mm from the top), then the sender, the date, the subject and the
text, in Roboto (app/dispatch/channels/fonts/, SIL Open Font License), which has
every letter of Norwegian and Northern Sámi. A PDF attachment goes to the print
service as a document of its own after the letter; a PNG or JPEG attachment is a
page of the letter.

The print service's shape:

    POST {base_url}/v1/print-jobs
    Authorization: Bearer {api_key}
    Idempotency-Key: {the dispatch's key}
    {"reference": "{the key}", "address": {"name", "lines": [...], "postcode", "city", "country"},
     "documents": [{"filename": "brev.pdf", "content_base64": "…"}, …]}
    201 or 202 {"id": "print job id"}

It sends no receipts: a letter taken by the print service is as far as we follow it.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
from pathlib import Path

from babel.dates import format_date
from fpdf import FPDF

from app import clock
from app.dispatch.channels import Kind, Message, Outcome
from app.dispatch.channels.http import Provider

FONTS = Path(__file__).parent / "fonts"
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


class Unprintable(ValueError):
    """The letter holds characters the print font lacks: printed, they would be missing
    from a health letter without anyone seeing it, so it is not printed at all."""


@functools.cache
def _printable() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fpdf2's own dependency

    return frozenset(TTFont(FONTS / "Roboto_400Regular.ttf").getBestCmap())


def missing_characters(*texts: str) -> list[str]:
    printable = _printable()
    return sorted({ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in printable})


def render_letter(message: Message, today: dt.date | None = None) -> bytes:
    address = message.postal_address
    if address is None:
        raise ValueError("a letter by post needs a postal address")
    missing = missing_characters(
        address.name, *address.lines, address.postcode, address.city, message.sender_name or "",
        message.subject, message.text,
    )  # fmt: skip
    if missing:
        raise Unprintable(f"the print font has no {''.join(missing[:20])!r}")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(message.subject)
    pdf.set_lang(message.language)
    pdf.add_font("Roboto", "", str(FONTS / "Roboto_400Regular.ttf"))
    pdf.add_font("Roboto", "B", str(FONTS / "Roboto_700Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Roboto", size=8)
    pdf.set_xy(20, 40)
    pdf.cell(85, 4, "Helsenorge, Postboks 0000, 0000 Oslo")  # the return address above the window
    pdf.set_font("Roboto", size=11)
    pdf.set_xy(20, 45)
    window = [address.name, *address.lines, f"{address.postcode} {address.city}"]
    if address.country not in ("NO", ""):
        window.append(address.country)
    for line in window:
        pdf.set_x(20)
        pdf.cell(85, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(120, 45)
    pdf.multi_cell(70, 5.5, message.sender_name or "Helsenorge", align="R")
    pdf.set_x(120)
    day = today or clock.today()
    pdf.cell(70, 5.5, format_date(day, "long", locale=message.language), align="R")
    pdf.set_xy(20, 100)
    pdf.set_font("Roboto", "B", 14)
    pdf.multi_cell(0, 7, message.subject, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Roboto", size=11)
    pdf.multi_cell(0, 5.5, message.text or " ", new_x="LMARGIN", new_y="NEXT")
    for attachment in message.attachments:
        if attachment.content_type in IMAGE_TYPES:
            pdf.add_page()
            pdf.set_font("Roboto", size=9)
            pdf.cell(0, 5, attachment.filename, new_x="LMARGIN", new_y="NEXT")
            pdf.image(io.BytesIO(attachment.data), x=20, y=30, w=170, keep_aspect_ratio=True, h=240)
    return bytes(pdf.output())


class PrintService:
    kind = Kind.POST
    has_receipts = False

    def __init__(self, base_url: str, api_key: str, *, timeout: float = 30.0) -> None:
        self.provider = Provider(base_url, api_key, timeout=timeout)

    def send(self, message: Message) -> Outcome:
        address = message.postal_address
        if address is None:
            return Outcome.permanent("no postal address")
        try:
            letter = render_letter(message)
        except Exception as error:  # characters the font lacks, an image that is not one
            return Outcome.permanent(f"the letter could not be rendered: {error}")
        documents = [{"filename": "brev.pdf", "content_base64": base64.b64encode(letter).decode("ascii")}]
        documents += [
            {"filename": a.filename, "content_base64": base64.b64encode(a.data).decode("ascii")}
            for a in message.attachments
            if a.content_type == "application/pdf"
        ]
        body = {
            "reference": message.idempotency_key,
            "address": {
                "name": address.name,
                "lines": list(address.lines),
                "postcode": address.postcode,
                "city": address.city,
                "country": address.country,
            },
            "documents": documents,
        }
        return self.provider.post("/v1/print-jobs", body, message.idempotency_key)
