"""Engine, transactions and migrations. One engine per database URL per process."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, create_engine

from planner import config
from planner.errors import PlannerError, StaleEdit

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def engine_for(url: str) -> Engine:
    """The engine for a database address; an address that names no usable database is refused with a message that
    does not repeat it (it may hold a password)."""
    try:
        return _engine_for(url)
    except (ArgumentError, ImportError):
        raise PlannerError("PLANNER_DATABASE_URL is not a database address the planner can use. Examples: "
                           "sqlite:///var/planner.db, postgresql+psycopg://USER@HOST:5432/DB") from None


@functools.cache
def _engine_for(url: str) -> Engine:
    """SQLite gets foreign keys and WAL (readers never block the writer); PostgreSQL a small pool."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def engine() -> Engine:
    return engine_for(config.database_url())


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work: everything inside commits together or not at all."""
    with Session(engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except StaleDataError as error:
            session.rollback()
            raise StaleEdit(
                "Someone else changed this record after you opened it. Reload the page and make your change again."
            ) from error
        except IntegrityError as error:
            session.rollback()
            raise StaleEdit(
                "Someone else saved a conflicting record at the same moment (for example the same email address or a "
                "second head of delegation). Nothing was saved; reload the page and check."
            ) from error
        except OperationalError as error:
            session.rollback()
            raise PlannerError(f"The database could not complete the change ({reason(error)}). Nothing was saved; "
                               "try again.") from error
        except DBAPIError as error:
            session.rollback()
            raise PlannerError(f"The database refused the change ({reason(error)}). Nothing was saved.") from error
        except BaseException:
            session.rollback()
            raise


def reason(error: DBAPIError) -> str:
    """What the database said, without the statement and its parameters: these may hold anything, a password hash too."""
    said = str(error.orig).strip().splitlines()
    return said[0] if said else type(error.orig).__name__


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None) -> None:
    """Bring the schema to the newest migration; safe to run again."""
    url = url or config.database_url()
    cfg = alembic_config(url)
    with engine_for(url).begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def ensure_current(row, expected_version: int | None, what: str) -> None:
    """Refuse an edit made on an out-of-date copy of `row` (the page shows when it loaded it)."""
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit(
            f"{what} was changed by someone else after you opened it. Reload to see their change, then make yours again."
        )
