"""Commands: ``flask --app app.flask_inbox <command>``."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app import db_requests, migrations


def init_app(app) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(demo_data)
    app.cli.add_command(organisation_group)
    app.cli.add_command(deliver_command)
    app.cli.add_command(dispatch_group)


@click.group("db", cls=AppGroup, help="The database schema (Alembic migrations in migrations/).")
def db_group():
    pass


@db_group.command("upgrade", help="Bring the database schema up to date.")
@click.argument("revision", default="head")
def db_upgrade(revision):
    migrations.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at revision {revision}.")


@db_group.command("downgrade", help="Take the schema back to REVISION.")
@click.argument("revision")
def db_downgrade(revision):
    migrations.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at revision {revision}.")


@click.command("demo-data", help="Load demo patients, organisations and items (not in production).")
@click.option("--if-empty", is_flag=True, help="Do nothing when there are patients already.")
@with_appcontext
def demo_data(if_empty):
    from app import demo_data as demo

    if current_app.config["INNBOKS_ENV"] == "production":
        raise click.ClickException("Demo data is never loaded in production.")
    database = db_requests.session()
    if if_empty and demo.has_patients(database):
        click.echo("Patients exist already; demo data not loaded.")
        return
    summary = demo.load(database)
    click.echo(summary)


@click.group("organisation", cls=AppGroup, help="Sender organisations and their API tokens.")
def organisation_group():
    pass


@organisation_group.command(
    "token", help="Issue a new API token for organisation ID (the old one stops working)."
)
@click.argument("organisation_id", type=int)
def organisation_token(organisation_id):
    from app.organisations.models import Organisation
    from app.organisations.tokens import issue_token

    database = db_requests.session()
    organisation = database.get(Organisation, organisation_id)
    if organisation is None:
        raise click.ClickException(f"No organisation with id {organisation_id}.")
    token = issue_token(database, organisation)
    database.commit()
    click.echo(f"API token for {organisation.name} (shown once): {token}")


def make_worker(app, batch: int = 50, lease_seconds: float = 60.0):
    from sqlalchemy.orm import sessionmaker

    from app.dispatch import configured
    from app.dispatch.worker import Worker

    try:
        contacts = configured.contact_register(app.config)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    return Worker(
        session=sessionmaker(db_requests.engine(), expire_on_commit=False),
        channels=configured.channels(app.config, app.instance_path),
        contacts=contacts,
        inbox_url=configured.inbox_url(app.config),
        policy=configured.policy(app.config),
        batch=batch,
        lease=dt.timedelta(seconds=lease_seconds),
    )


@click.command(
    "deliver",
    help="Send what the outbox holds (SMS, e-mail, digital mailbox, post). Run as many as you like "
    "on PostgreSQL; one on SQLite. Stops cleanly on SIGTERM or Ctrl+C.",
)
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--batch", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--lease-seconds",
    default=60.0,
    show_default=True,
    type=click.FloatRange(1, 3600),
    help="How long a claim holds before another worker may take it over.",
)
@click.option("--idle-seconds", default=1.0, show_default=True, type=click.FloatRange(0.01, 60))
@click.option("--quiet", is_flag=True, help="Log only what went wrong.")
@with_appcontext
def deliver_command(once, batch, lease_seconds, idle_seconds, quiet):
    import logging
    import signal

    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    worker = make_worker(current_app, batch, lease_seconds)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop.set())
    if once:
        sent = 0
        while not worker.stop.is_set() and (claimed := worker.run_once()):
            sent += claimed
        click.echo(f"Handled {sent} new items and dispatches; nothing more is due.")
        return
    if not quiet:
        click.echo("Delivering; Ctrl+C stops.")
    worker.run(idle=idle_seconds)


@click.group("dispatch", cls=AppGroup, help="What the outbox has sent, and what reached no one.")
def dispatch_group():
    pass


@dispatch_group.command("status", help="Dispatches by status, and how many reached no one.")
def dispatch_status():
    from app.dispatch import queries

    database = db_requests.session()
    for status, count in sorted(queries.counts_by_status(database).items()):
        click.echo(f"{status.value:20} {count}")
    click.echo(f"undeliverable        {queries.undeliverable(database)}")
