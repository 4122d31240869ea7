"""The only way a dispatch's status changes: :func:`move`, along :data:`ALLOWED`.

Each move writes a :class:`DispatchEvent`. A move that the table does not allow
changes nothing and returns False, so a late or repeated receipt, or a worker
whose claim ran out while another finished the job, cannot undo a final status.
"""

from __future__ import annotations

import datetime as dt

from app.dispatch.channels import Kind
from app.dispatch.models import FINAL, Dispatch, DispatchEvent, Status

S = Status
ALLOWED: dict[Status, frozenset[Status]] = {
    S.CREATED: frozenset({S.SENDING, S.CANCELLED, S.UNDELIVERABLE}),
    # From SENDING back to CREATED: the channel failed for good and the next one is tried.
    S.SENDING: frozenset(
        {S.SENT, S.TEMPORARY_FAILURE, S.PERMANENT_FAILURE, S.UNDELIVERABLE, S.CANCELLED, S.CREATED, S.SENDING}
    ),
    S.TEMPORARY_FAILURE: frozenset({S.SENDING, S.CANCELLED}),
    # A receipt: delivered, or failed (then the next channel, or the end).
    S.SENT: frozenset({S.DELIVERED, S.PERMANENT_FAILURE, S.CREATED}),
    **{final: frozenset() for final in FINAL},
}


def move(
    dispatch: Dispatch,
    to: Status,
    now: dt.datetime,
    detail: str = "",
    *,
    has_receipts: bool = False,
    channel: Kind | None = None,
) -> bool:
    if dispatch.final or to not in ALLOWED[dispatch.status]:
        return False
    dispatch.status = to
    # A sent e-mail or letter is as far as we can follow it; an SMS waits for its receipt.
    dispatch.final = to in FINAL or (to is Status.SENT and not has_receipts)
    dispatch.updated_at = now
    dispatch.events.add(
        DispatchEvent(at=now, status=to, channel=channel or dispatch.channel, detail=detail[:1000])
    )
    return True
