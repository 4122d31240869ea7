"""The outbox's policy, channels and contact register, from the app's configuration.

A channel is on when its provider's address is configured. Outside production
an unconfigured channel records what it would send in ``instance/dev-outbox/``
instead, so ``make run`` shows the whole path (the page /dev/sendt/); in
production an unconfigured channel is off and routing to it fails for good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from app.dispatch.channels import Channel, Kind
from app.dispatch.channels.dev_outbox import DevOutbox
from app.dispatch.channels.digital_mailbox import DigitalMailbox
from app.dispatch.channels.post import PrintService
from app.dispatch.channels.sms import SmsGateway
from app.dispatch.channels.smtp import Smtp
from app.dispatch.outbox import Policy


def policy(config: Mapping) -> Policy:
    return Policy(
        gather=dt.timedelta(seconds=config["NOTIFY_GATHER_SECONDS"]),
        escalation_after=dt.timedelta(days=config["ESCALATION_DAYS"]),
    )


def dev_outbox_dir(config: Mapping, instance_path: str) -> Path:
    return Path(config.get("DEV_OUTBOX_DIR") or Path(instance_path) / "dev-outbox")


def channels(config: Mapping, instance_path: str) -> dict[Kind, Channel]:
    made: dict[Kind, Channel] = {}
    if config["SMTP_URL"]:
        made[Kind.EMAIL] = Smtp(config["SMTP_URL"], config["MAIL_FROM"])
    if config["SMS_GATEWAY_URL"]:
        made[Kind.SMS] = SmsGateway(config["SMS_GATEWAY_URL"], config["SMS_GATEWAY_KEY"])
    if config["DIGITAL_MAILBOX_URL"]:
        made[Kind.DIGITAL_MAILBOX] = DigitalMailbox(
            config["DIGITAL_MAILBOX_URL"], config["DIGITAL_MAILBOX_KEY"]
        )
    if config["PRINT_SERVICE_URL"]:
        made[Kind.POST] = PrintService(config["PRINT_SERVICE_URL"], config["PRINT_SERVICE_KEY"])
    if config["INNBOKS_ENV"] != "production":
        for kind in Kind:
            made.setdefault(kind, DevOutbox(kind, dev_outbox_dir(config, instance_path)))
    return made


def inbox_url(config: Mapping):
    return lambda language: f"{config['PUBLIC_URL']}/{language}/innboks/"


def contact_register(config: Mapping):
    from app.dispatch import contact_register as krr

    if config["CONTACT_REGISTER_URL"]:
        return krr.HttpContactRegister(config["CONTACT_REGISTER_URL"])
    if config["INNBOKS_ENV"] == "production":
        raise ValueError("production needs INNBOKS_CONTACT_REGISTER_URL to route notifications and letters")
    from app.dispatch.demo_contacts import CONTACTS

    return krr.DemoContactRegister(CONTACTS)
