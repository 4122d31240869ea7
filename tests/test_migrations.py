"""The migrations build exactly the schema the models describe, and run down and up again,
on each test database (SQLite, and PostgreSQL when INNBOKS_TEST_DATABASE_URL is set).

The comparison is Alembic's autogenerate (what `alembic revision --autogenerate` would
write): tables, columns, types, nullability, server defaults, indexes, unique and
foreign-key constraints. Primary keys, which it leaves out, are compared here.
No difference is filtered out: neither database reports one that is not real.
UTCDateTime is compared by the type it stores (DATETIME on SQLite, TIMESTAMP WITH
TIME ZONE on PostgreSQL), and the enums are stored as VARCHAR(32), which both reflect
as such.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    inspect,
)

from app import migrations, models  # noqa: F401  (app.models puts every table on Base.metadata)
from app.db import Base, make_engine


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _columns(constraint) -> str:
    return ", ".join(column.name for column in constraint.columns)


def _describe_object(thing) -> str:
    if isinstance(thing, Index):
        unique = "unique " if thing.unique else ""
        return f"{unique}index {thing.name} on {thing.table.name}({_columns(thing)})"
    if isinstance(thing, UniqueConstraint):
        return f"unique constraint {thing.name or '(unnamed)'} on {thing.table.name}({_columns(thing)})"
    if isinstance(thing, ForeignKeyConstraint):
        targets = ", ".join(element.target_fullname for element in thing.elements)
        return f"foreign key {thing.name or '(unnamed)'} {thing.table.name}({_columns(thing)}) -> {targets}"
    return f"table {thing.name}"


def describe(difference) -> str:
    """One line of Alembic's comparison, database against models, as a person reads it."""
    if isinstance(difference, list):  # one column's changes: modify_type, modify_nullable, ...
        return "; ".join(describe(change) for change in difference)
    operation = difference[0]
    if "comment" in operation:  # no table or column has a comment yet
        return f"{operation}: {difference[1:]}"
    if operation.startswith("modify_"):
        _, _, table, column, _, in_database, in_models = difference
        what = operation.removeprefix("modify_")
        if what == "default":
            in_database = getattr(in_database, "arg", in_database)
            in_models = getattr(getattr(in_models, "arg", in_models), "text", in_models)
        return f"{table}.{column} {what}: database {in_database!s}, models {in_models!s}"
    if operation in ("add_column", "remove_column"):
        _, _, table, column = difference
        thing = f"column {table}.{column.name} {column.type}"
    else:
        thing = _describe_object(difference[1])
    if operation.startswith("add_"):
        return f"{thing}: in the models, not in the migrated database"
    if operation.startswith("remove_"):
        return f"{thing}: in the migrated database, not in the models"
    return repr(difference)


def schema_differences(engine, metadata: MetaData = Base.metadata) -> list[str]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        found = [describe(difference) for difference in compare_metadata(context, metadata)]
        database = inspect(connection)
        for table in metadata.sorted_tables:
            if not database.has_table(table.name):
                continue  # compare_metadata reports it
            in_database = database.get_pk_constraint(table.name)["constrained_columns"]
            in_models = [column.name for column in table.primary_key]
            if in_database != in_models:
                found.append(f"{table.name} primary key: database {in_database}, models {in_models}")
    return found


def assert_same_schema(engine) -> None:
    differences = schema_differences(engine)
    assert not differences, (
        f"the migrated {engine.dialect.name} database differs from the models "
        "(a new migration in migrations/versions/, or a fix of the models):\n  " + "\n  ".join(differences)
    )


def test_migrated_schema_is_the_models_schema(engine):
    assert set(Base.metadata.tables) >= {
        "patient",
        "organisation",
        "thread",
        "item",
        "attachment",
        "appointment",
        "appointment_reply",
        "service_recipient",
    }
    assert_same_schema(engine)


def test_the_comparison_finds_each_kind_of_difference(engine):
    """So that an empty comparison means an equal schema, not a comparison that looks at little."""
    changed = MetaData()
    for table in Base.metadata.sorted_tables:
        if table.name != "patient":
            table.to_metadata(changed)
    # national_id joins the primary key; name is shorter.
    patient = Table(
        "patient",
        changed,
        Column("id", Integer, primary_key=True),
        Column("national_id", String(11), primary_key=True),
        Column("name", String(100)),
    )
    item, thread = changed.tables["item"], changed.tables["thread"]
    item.c.from_patient.type = String(5)
    item.c.read_at.nullable = False
    changed.tables["organisation"].c.digital_contact.server_default = None
    thread.indexes.clear()
    Index("ix_patient_name", patient.c.name)
    UniqueConstraint(item.c.subject, name="uq_item_subject")
    item.append_constraint(
        ForeignKeyConstraint(["thread_id", "patient_id"], ["thread.id", "thread.patient_id"])
    )

    found = "\n".join(schema_differences(engine, changed))

    for expected in (
        "patient.name type: database VARCHAR(200), models VARCHAR(100)",
        "item.from_patient type: database ",
        "item.read_at nullable: database True, models False",
        "organisation.digital_contact default: database ",
        "index ix_thread_patient_id on thread(patient_id): in the migrated database, not in the models",
        "index ix_patient_name on patient(name): in the models, not in the migrated database",
        "unique constraint uq_item_subject on item(subject): in the models",
        "foreign key (unnamed) item(thread_id, patient_id) -> thread.id, thread.patient_id: in the models",
        "patient primary key: database ['id'], models ['id', 'national_id']",
    ):
        assert expected in found, f"{expected!r} not in:\n{found}"
    # The copy was changed, not the models.
    assert isinstance(Base.metadata.tables["item"].c.from_patient.type, Boolean)


def test_every_migration_runs_down_and_up_again(database_url, engine):
    script = ScriptDirectory.from_config(migrations.alembic_config(database_url))
    assert len(script.get_heads()) == 1, f"more than one head: {script.get_heads()}"
    oldest_first = list(reversed(list(script.walk_revisions())))
    try:
        migrations.downgrade(database_url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        # Each step up, down and up again: a downgrade that leaves something behind
        # makes the second upgrade fail.
        for revision in oldest_first:
            migrations.upgrade(database_url, revision.revision)
            migrations.downgrade(database_url, revision.down_revision or "base")
            migrations.upgrade(database_url, revision.revision)
    finally:
        migrations.upgrade(database_url)  # the other tests share this database
    assert_same_schema(engine)
