"""Development only (never in production): what the demo has sent, /<lang>/innboks/utvikler-utsendelser/.
The development outbox (app/dispatch/channels/dev_outbox.py) keeps each SMS, e-mail,
digital-mailbox letter and posted letter the worker sent, so a newcomer running
``make run`` sees the whole way of an item: delivered, routed, sent."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.dispatch import configured
from app.dispatch.channels.dev_outbox import recorded
from app.helpsite.serving.render import render_site_page
from app.helpsite.serving.shell import APP_PATH
from app.i18n import LANGUAGES

bp = Blueprint(
    "dev_outbox",
    __name__,
    template_folder="templates",
    url_prefix=f"/<any({','.join(LANGUAGES)}):lang>/{APP_PATH}/utvikler-utsendelser",
)


@bp.get("/")
def sent(lang: str):
    return render_site_page(
        "devlogin/sent.html",
        title="Development: what the demo has sent",
        subpath="utvikler-utsendelser/",
        records=recorded(configured.dev_outbox_dir(current_app.config, current_app.instance_path)),
    )
