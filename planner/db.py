"""Engine, transactions and migrations. One engine per database URL per process."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, create_engine

from planner import config
from planner.errors import PlannerError, StaleEdit

if TYPE_CHECKING:
    from alembic.config import Config

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


def insert_many(session: Session, model: type[SQLModel], rows: list[dict], *, new_ids: bool = True) -> list[dict]:
    """New rows of `model` written in bulk inside the session's transaction, without building an object per row: COPY on
    PostgreSQL, one executemany on SQLite. Returns every column of each row as stored (model defaults filled in, and
    the new id unless `new_ids` is false), in the order given; a default is computed once for the whole batch.
    Constraints refuse the rows as SQLAlchemy's IntegrityError, which `transaction` turns into a message."""
    table = model.__table__
    (key,) = table.primary_key.columns.keys()
    defaults = {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if name != key and not info.is_required()
    }
    stored = [{**defaults, **row} for row in rows]
    if not stored:
        return stored
    if not new_ids:
        _write(session, table, stored)
    elif session.get_bind().dialect.name == "postgresql":
        ids = session.execute(
            sa.text("SELECT nextval(pg_get_serial_sequence(:table, :key)) FROM generate_series(1, :count)"),
            {"table": table.name, "key": key, "count": len(stored)},
        ).scalars()
        for row, new_id in zip(stored, sorted(ids)):
            row[key] = new_id
        _write(session, table, stored)
    else:
        # Inserting the first row takes SQLite's one write lock: until commit nobody else takes the ids that follow it.
        first = session.execute(table.insert().returning(table.c[key]), stored[0]).scalar_one()
        for offset, row in enumerate(stored):
            row[key] = first + offset
        _write(session, table, stored[1:])
    return stored


def _write(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """Rows straight to the driver, each value converted as SQLAlchemy would convert it."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    columns = [c for c in table.columns if c.name in rows[0]]
    processors = [(c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in columns]
    values = ([process(row[name]) if process else row[name] for name, process in processors] for row in rows)
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        if dialect.name == "postgresql":
            statement = f"COPY {quote(table.name)} ({names}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            statement = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join('?' for _ in columns)})"
            cursor.executemany(statement, values)
    except dialect.loaded_dbapi.Error as error:
        raise sa.exc.DBAPIError.instance(statement, None, error, dialect.loaded_dbapi.Error) from error
    finally:
        cursor.close()


def reason(error: DBAPIError) -> str:
    """What the database said, without the statement and its parameters: these may hold anything, a password hash too."""
    said = str(error.orig).strip().splitlines()
    return said[0] if said else type(error.orig).__name__


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def newest_migration() -> str:
    """The newest migration's revision: each file in migrations/versions is named after its revision, `NNNN_what.py`
    (tests/test_cli.py checks)."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _is_newest(url: str) -> bool:
    try:
        with engine_for(url).connect() as connection:
            found = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return False
    return found == [newest_migration()]


def upgrade(url: str | None = None) -> None:
    """Bring the schema to the newest migration; safe to run again. A database already there is told by one query,
    without loading Alembic and every migration (a second or so of a command that only lists something)."""
    url = url or config.database_url()
    if _is_newest(url):
        return
    from alembic import command

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
