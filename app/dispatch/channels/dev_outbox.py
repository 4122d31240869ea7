"""Development only: a channel that keeps what it would send as a JSON file, for the
page /dev/sendt/ that shows a newcomer the whole path (never used in production)."""

from __future__ import annotations

import json
from pathlib import Path

from app import clock
from app.dispatch.channels import Kind, Message, Outcome


class DevOutbox:
    has_receipts = False

    def __init__(self, kind: Kind, directory: Path) -> None:
        self.kind = kind
        self.directory = directory

    def send(self, message: Message) -> Outcome:
        now = clock.now()
        record = {
            "channel": self.kind.value,
            "at": now.isoformat(),
            "dispatch_id": message.dispatch_id,
            "idempotency_key": message.idempotency_key,
            "to": message.address,
            "postal_address": message.postal_address
            and {
                "name": message.postal_address.name,
                "lines": list(message.postal_address.lines),
                "postcode": message.postal_address.postcode,
                "city": message.postal_address.city,
            },
            "language": message.language,
            "from": message.sender_name,
            "subject": message.subject,
            "text": message.text,
            "attachments": [a.filename for a in message.attachments],
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # The idempotency key in the name: a repeat overwrites, as a provider would drop it.
            path = self.directory / f"{message.idempotency_key}-{self.kind.value}.json"
            path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as error:
            return Outcome.temporary(f"could not write {self.directory}: {error}")
        return Outcome.sent(path.name, "kept in the development outbox")


def recorded(directory: Path, limit: int = 200) -> list[dict]:
    """What the development outbox holds, newest first."""
    if not directory.is_dir():
        return []
    records = []
    for path in directory.glob("*.json"):
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    records.sort(key=lambda r: r.get("at", ""), reverse=True)
    return records[:limit]
