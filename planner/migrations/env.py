"""Alembic environment: uses the connection `planner.db.upgrade` hands over, or the configured URL."""
from alembic import context
from sqlmodel import SQLModel

from planner import models  # noqa: F401 - registers the tables on SQLModel.metadata
from planner.db import engine_for

target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    with engine_for(context.config.get_main_option("sqlalchemy.url")).begin() as new_connection:
        run_migrations(new_connection)
