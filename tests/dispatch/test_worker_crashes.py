"""Issue 13's proof: workers killed with SIGKILL at random moments while 1,000 new items
for 1,000 portal users go through the whole way on PostgreSQL (collected from the
items' marks, routed through the contact register on loopback, sent to a real SMTP
server), and started again. Every item gets exactly one notification, every dispatch
ends with exactly one final status, and the SMTP server has every message, any repeat
carrying the same key."""

from __future__ import annotations

import collections
import random
import signal
import time

import pytest
from sqlalchemy import func, select

from app.dispatch.models import FINAL, Dispatch, DispatchEvent, Status
from bench import dispatch as outbox_bench
from tests import provider_server, smtp_server

N = 1000


@pytest.fixture
def postgresql_app(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("many workers side by side need PostgreSQL (SKIP LOCKED); SQLite runs one worker")
    return app


def test_killed_workers_lose_nothing_and_send_nothing_twice(postgresql_app, database_url, tmp_path):
    engine = postgresql_app.extensions["innboks.db"].kw["bind"]
    chance = random.Random(13)
    kills = 0
    with smtp_server.running() as (received, smtp_url), provider_server.running() as register:
        register.everyone_has_email = True
        env = {"INNBOKS_CONTACT_REGISTER_URL": register.url, "INNBOKS_NOTIFY_GATHER_SECONDS": "0"}

        def start():
            # Short claims, small batches: a killed worker's claims run out soon and others take them.
            return outbox_bench.start_worker(database_url, smtp_url, tmp_path, env, batch=25, lease_seconds=2)

        workers = [start(), start()]
        outbox_bench.wait_until_ready(engine, workers)  # started, with nothing to do yet: the kills hit work
        born = [time.monotonic()] * len(workers)
        patients = outbox_bench.fill(engine, N, marked=True)
        deadline = time.monotonic() + 240
        while outbox_bench.open_count(engine) and time.monotonic() < deadline:
            time.sleep(chance.uniform(0.05, 0.3))
            # Only a worker that has had time to start (import the app) is at work to be killed.
            working = [i for i, t in enumerate(born) if time.monotonic() - t > 1.0]
            if kills < 15 and working:
                victim = chance.choice(working)
                workers[victim].send_signal(signal.SIGKILL)
                workers[victim].wait()
                kills += 1
                workers[victim], born[victim] = start(), time.monotonic()
        for worker in workers:
            worker.terminate()
            worker.wait()
        assert outbox_bench.open_count(engine) == 0, "not every dispatch reached a final status in time"
        message_ids = received.message_ids()

    with engine.connect() as db:
        ids = db.scalars(select(Dispatch.id).where(Dispatch.patient_id.in_(patients))).all()
        assert len(ids) == N, "one notification for each item, no more, no fewer"
        keys = dict(
            db.execute(select(Dispatch.idempotency_key, Dispatch.id).where(Dispatch.id.in_(ids))).all()
        )
        taken_over = db.scalar(select(func.count()).where(Dispatch.id.in_(ids), Dispatch.attempts > 1))
        statuses = collections.Counter(
            db.execute(select(Dispatch.status).where(Dispatch.id.in_(ids))).scalars()
        )
        finals_per_dispatch = db.execute(
            select(DispatchEvent.dispatch_id, func.count())
            .where(DispatchEvent.dispatch_id.in_(ids), DispatchEvent.status.in_([*FINAL, Status.SENT]))
            .group_by(DispatchEvent.dispatch_id)
        ).all()
    assert statuses == {Status.SENT: N}
    assert len(finals_per_dispatch) == N and {count for _, count in finals_per_dispatch} == {1}
    sent = collections.Counter(m.strip("<>").split("@")[0] for m in message_ids)
    assert set(sent) == set(keys), "a message was lost, or one arrived that no dispatch sent"
    repeats = sum(count - 1 for count in sent.values())
    # At least once: a worker killed between the SMTP server's "250" and its commit sends those
    # again, at most a chunk (Worker.record_every) per kill, always with the dispatch's own key.
    assert repeats <= kills * 20, (repeats, kills)
    assert kills >= 5, "the batch ended before the workers were killed often enough to prove anything"
    # The kills did hit work in flight: some claims ran out and another worker took them over.
    assert taken_over > 0
    print(f"{kills} kills, {taken_over} dispatches taken over, {repeats} repeated messages of {N}")
