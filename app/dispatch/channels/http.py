"""One way to hand a document to a provider's HTTP API and read its answer, for the SMS
gateway, the digital mailbox and the print service: the same status mapping for all.

- 200, 201, 202 with a JSON object holding ``id``: sent, with the provider's reference;
- 408, 425, 429 and 5xx, a timeout, a refused or reset connection, a 2xx of another
  shape: temporary (the provider may take it later; the idempotency key keeps a retry
  from being a second message);
- any other 4xx: permanent (this request will never be taken as it is).
"""

from __future__ import annotations

import requests

from app.dispatch.channels import Outcome

TEMPORARY_STATUSES = frozenset({408, 425, 429})


class Provider:
    def __init__(self, base_url: str, api_key: str, *, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # One connection kept alive per worker and provider.
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def post(self, path: str, body: dict, idempotency_key: str) -> Outcome:
        try:
            response = self.session.post(
                f"{self.base_url}{path}",
                json=body,
                headers={"Idempotency-Key": idempotency_key},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            return Outcome.temporary(f"{path}: {type(error).__name__}: {error}")
        said = response.text[:300]
        if response.status_code in TEMPORARY_STATUSES or response.status_code >= 500:
            return Outcome.temporary(f"{path}: {response.status_code} {said}")
        if response.status_code >= 400:
            return Outcome.permanent(f"{path}: {response.status_code} {said}")
        try:
            reference = response.json()["id"]
        except (ValueError, KeyError, TypeError):
            return Outcome.temporary(
                f"{path}: {response.status_code} with an answer of another shape: {said}"
            )
        if not isinstance(reference, str | int) or not str(reference).strip():
            return Outcome.temporary(f"{path}: {response.status_code} without an id: {said}")
        return Outcome.sent(str(reference)[:200], f"{path}: {response.status_code}")
