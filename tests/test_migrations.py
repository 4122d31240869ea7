"""The migrations run up and down on each test database."""
from sqlalchemy import inspect

from app import migrations
from app.db import Base, make_engine


def test_schema_matches_models_and_downgrades(database_url):
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    migrations.downgrade(database_url, "0001")
    assert "appointment" not in set(inspect(engine).get_table_names())
    migrations.upgrade(database_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
