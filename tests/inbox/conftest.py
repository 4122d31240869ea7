import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.appointments.models import Appointment
from app.organisations.models import Region
from tests import factories

APPOINTMENT = dt.datetime(2027, 1, 12, 9, 30, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def appointment_letter(database):
    """``appointment_letter(region)``: a hospital's letter with an appointment at APPOINTMENT."""

    def make(region=Region.HELSE_SOR_OST):
        patient = factories.patient(database)
        hospital, _ = factories.organisation(database, region=region, name=f"Sykehus {region.value}")
        letter = factories.item(database, patient, hospital)
        letter.appointment = Appointment(
            patient_id=patient.id,
            organisation_id=hospital.id,
            starts_at=APPOINTMENT,
            department="Ortopedi",
            place="Bygg 37",
        )
        database.commit()
        return letter

    return make
