"""Who may write to a municipal health and care service."""

from __future__ import annotations


def may_message_service(receives_service: bool, open_for_digital_contact: bool) -> bool:
    """Only a service the patient receives, and only once it has opened for
    digital contact via the portal."""
    return receives_service and open_for_digital_contact
