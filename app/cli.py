"""Commands: ``flask --app app.flask_inbox <command>``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app import db_requests, migrations


def init_app(app) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(demo_data)
    app.cli.add_command(organisation_group)


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
