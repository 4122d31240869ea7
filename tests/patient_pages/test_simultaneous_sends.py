"""Issue 10: fifty simultaneous replies to one appointment letter, and fifty simultaneous starts
of one dialogue (two tabs, a double click, a script): one is stored, every other is the page's
409 refusal, none a server error. On SQLite and, where it matters most, PostgreSQL."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from app.appointments.models import Appointment, AppointmentReply
from app.inbox.models import Thread
from app.organisations.models import Region
from tests import factories
from tests.html import csrf_token
from tests.patient_pages.test_appointments_and_dialogues import APPOINTMENT, deliver_letter

SENDERS = 50
#: Requests one server handles at once: gunicorn.conf.py's 2 workers of 4 threads. The rest wait
#: for a thread, as behind the real server; more at once than that would wait for the database
#: pool instead (each request may hold two connections: its own and the session store's).
SERVER_THREADS = 8


def send_at_once(app, patient, url: str) -> list[int]:
    """POST ``url`` from SENDERS signed-in clients of ``patient`` at the same moment; their statuses."""
    clients = []
    for _ in range(SENDERS):
        client = app.test_client()
        factories.login(client, patient)
        clients.append((client, csrf_token(client.get(url).text)))
    start, server = threading.Barrier(SENDERS), threading.Semaphore(SERVER_THREADS)

    def send(client_and_token):
        client, token = client_and_token
        start.wait()
        with server:
            return client.post(url, data={"csrf_token": token, "text": "Tiden passer ikke."}).status_code

    with ThreadPoolExecutor(SENDERS) as pool:
        return list(pool.map(send, clients))


@pytest.fixture
def before_the_appointment(set_time):
    set_time(APPOINTMENT - dt.timedelta(days=3))


def count(database, query) -> int:
    database.expire_all()
    return database.scalar(query)


def test_fifty_replies_to_one_letter(app, client, database, kari, before_the_appointment):
    letter_id, _ = deliver_letter(client, database, kari, Region.HELSE_SOR_OST)
    statuses = send_at_once(app, kari, f"/nb/innboks/{letter_id}/svar/")
    assert sorted(statuses) == [303] + [409] * (SENDERS - 1)
    assert count(database, select(func.count()).select_from(AppointmentReply)) == 1


def test_fifty_starts_of_one_dialogue(app, client, database, kari, before_the_appointment):
    deliver_letter(client, database, kari, Region.HELSE_VEST)
    appointment_id = database.scalars(select(Appointment.id)).one()
    statuses = send_at_once(app, kari, f"/nb/innboks/timeavtaler/{appointment_id}/")
    assert sorted(statuses) == [303] + [409] * (SENDERS - 1)
    dialogues = select(func.count()).select_from(Thread).where(Thread.appointment_id == appointment_id)
    assert count(database, dialogues) == 1
