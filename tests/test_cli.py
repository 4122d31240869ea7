"""The documented commands: flask db upgrade, demo-data, organisation token."""

import re

from sqlalchemy import func, select

from app.flask_inbox import create_app
from app.inbox.models import Category, Item
from app.organisations.models import Organisation, OrganisationKind, Region
from app.patients.models import Patient


def make_app(tmp_path, **extra):
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3", **extra})


def test_upgrade_demo_data_and_token(tmp_path):
    app = make_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0 and "Loaded 6 patients" in result.output
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    session = app.extensions["innboks.db"]()
    orgs = session.scalars(select(Organisation)).all()
    assert {o.kind for o in orgs} == set(OrganisationKind)
    assert {o.region for o in orgs if o.kind is OrganisationKind.HOSPITAL} == set(Region)
    assert {i.category for i in session.scalars(select(Item))} == set(Category)
    assert session.scalar(select(func.count()).select_from(Patient)) == 6

    token_result = runner.invoke(args=["organisation", "token", str(orgs[0].id)])
    token = re.search(r"(innboks_\S+)", token_result.output).group(1)
    patient = session.scalars(select(Patient)).first()
    response = app.test_client().post(
        "/api/v1/items",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "cli"},
        json={
            "recipient": {"national_id": patient.national_id},
            "category": "letter",
            "subject": "Hei",
            "body": {"format": "text", "content": "Tekst"},
        },
    )
    assert response.status_code == 201
    session.close()


def test_unknown_organisation_token(tmp_path):
    app = make_app(tmp_path)
    runner = app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    result = runner.invoke(args=["organisation", "token", "999"])
    assert result.exit_code == 1 and "No organisation with id 999" in result.output


def test_demo_data_refused_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("INNBOKS_ENV", "production")
    monkeypatch.setenv("INNBOKS_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("INNBOKS_DATABASE_URL", f"sqlite:///{tmp_path}/prod.sqlite3")
    app = create_app()
    runner = app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 1 and "never loaded in production" in result.output
