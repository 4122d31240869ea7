"""Letters to a citizen's digital mailbox (such as Digipost), for those who do not use the
portal. Receipts are signed as the SMS gateway's are (app/dispatch/channels/sms.py).

The provider's shape:

    POST {base_url}/v1/letters
    Authorization: Bearer {api_key}
    Idempotency-Key: {the dispatch's key}
    {"mailbox": "{the register's mailbox address}", "sender": "Oslo universitetssykehus",
     "subject": "…", "text": "…", "language": "nb", "reference": "{the key}",
     "attachments": [{"filename": "…", "content_type": "application/pdf", "content_base64": "…"}]}
    201 or 202 {"id": "provider's letter id"}

A receipt says "delivered" when the letter is in the mailbox, "failed" when the
mailbox is closed or refuses it; then the letter goes by post.
"""

from __future__ import annotations

import base64

from app.dispatch.channels import Kind, Message, Outcome
from app.dispatch.channels.http import Provider


class DigitalMailbox:
    kind = Kind.DIGITAL_MAILBOX
    has_receipts = True

    def __init__(self, base_url: str, api_key: str, *, timeout: float = 20.0) -> None:
        self.provider = Provider(base_url, api_key, timeout=timeout)

    def send(self, message: Message) -> Outcome:
        if not message.address:
            return Outcome.permanent("no digital mailbox address")
        body = {
            "mailbox": message.address,
            "sender": message.sender_name or "Helsenorge",
            "subject": message.subject,
            "text": message.text,
            "language": message.language,
            "reference": message.idempotency_key,
            "attachments": [
                {
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "content_base64": base64.b64encode(a.data).decode("ascii"),
                }
                for a in message.attachments
            ],
        }
        return self.provider.post("/v1/letters", body, message.idempotency_key)
