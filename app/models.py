"""Every table, imported in one place for Alembic and the tests."""

from app.appointments.models import Appointment, AppointmentReply  # noqa: F401
from app.dispatch.models import Dispatch, DispatchEvent, DispatchItem, NotificationSettings  # noqa: F401
from app.inbox.access_log import AccessLogEntry  # noqa: F401
from app.inbox.models import Attachment, Item, Thread  # noqa: F401
from app.municipal.models import ServiceRecipient  # noqa: F401
from app.organisations.models import Organisation  # noqa: F401
from app.patients.models import Patient  # noqa: F401
from app.representation.models import PowerOfAttorney  # noqa: F401
from app.web_sessions.models import WebSession  # noqa: F401
