"""The whole database as one JSON file, and back: generic over every table the models declare.

Tables come from `SQLModel.metadata`, so a table added to the models is backed up without touching this module;
`EXCLUDED_TABLES` names, with the reason, the few left out on purpose. The format is described in
docs/backup-format.md."""
from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from planner import audit, models
from planner.access import Actor, Capability, Role, require
from planner.accounts import users
from planner.accounts.models import User
from planner.delegations import participants
from planner.errors import PlannerError
from planner.register import ArchivedFile, sha256
from planner.text import multiline_problem

FORMAT = "osce-chiefs-of-police-planner-backup"
FORMAT_VERSION = 1

EXCLUDED_TABLES: dict[str, str] = {
    "sign_in_session": "live sign-in sessions: a restored database signs everybody in again",
    "failed_sign_in": "recent failed sign-ins, kept only to slow down password guessing",
}


class BackupRefused(PlannerError):
    """The file is not a backup this planner can restore, or the database is not ready for it; nothing changed."""

    def __init__(self, reason: str):
        super().__init__(f"{reason} Nothing was changed.")


def left_out() -> dict[str, str]:
    """The excluded tables this schema has, with the reason."""
    return {name: reason for name, reason in sorted(EXCLUDED_TABLES.items()) if name in SQLModel.metadata.tables}


def backed_up_tables() -> list[sa.Table]:
    """Every table of the models but the excluded ones, parents before children (the order restore inserts in)."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in EXCLUDED_TABLES]


def _base_type(column: sa.Column) -> sa.types.TypeEngine:
    """The type under any decorator (SQLModel's AutoString is a String)."""
    kind = column.type
    while isinstance(kind, sa.types.TypeDecorator):
        kind = kind.impl_instance
    return kind


def _encoder(column: sa.Column) -> Callable[[Any], Any]:
    kind = _base_type(column)
    if isinstance(kind, sa.DateTime):
        if kind.timezone:
            # SQLite hands back the UTC time without its offset; PostgreSQL in the session's zone. Both become UTC.
            return lambda v: (v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat()
        return lambda v: v.isoformat()
    if isinstance(kind, (sa.Date, sa.Time)):
        return lambda v: v.isoformat()
    if isinstance(kind, sa.Enum):
        return lambda v: v.value if isinstance(v, enum.Enum) else v
    if isinstance(kind, sa.Numeric) and kind.asdecimal:
        return str
    if isinstance(kind, sa.LargeBinary):
        return lambda v: base64.b64encode(v).decode("ascii")
    if isinstance(kind, (sa.JSON, sa.Boolean, sa.Integer, sa.String, sa.Float)):
        return lambda v: v
    raise PlannerError(f"Column {column.table.name}.{column.name} has a type the backup cannot write ({kind!r}).")


def _decoder(column: sa.Column) -> Callable[[Any], Any]:
    """The reverse of `_encoder`, refusing a value of the wrong kind (a damaged or hand-edited file)."""
    kind = _base_type(column)

    def expect(types: tuple[type, ...], convert: Callable[[Any], Any] = lambda v: v):
        def decode(value):
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                raise ValueError(f"expected {' or '.join(t.__name__ for t in types)}, found {json.dumps(value)[:40]}")
            return convert(value)
        return decode

    if isinstance(kind, sa.DateTime):
        return expect((str,), dt.datetime.fromisoformat)
    if isinstance(kind, sa.Date):
        return expect((str,), dt.date.fromisoformat)
    if isinstance(kind, sa.Time):
        return expect((str,), dt.time.fromisoformat)
    if isinstance(kind, sa.Enum):
        return expect((str,), kind.enum_class if kind.enum_class else (lambda v: v))
    if isinstance(kind, sa.Numeric) and kind.asdecimal:
        return expect((str,), decimal.Decimal)
    if isinstance(kind, sa.LargeBinary):
        return expect((str,), base64.b64decode)
    if isinstance(kind, sa.Boolean):
        return expect((bool,))
    if isinstance(kind, sa.Integer):
        return expect((int,))
    if isinstance(kind, sa.Float):
        return expect((int, float), float)
    if isinstance(kind, sa.String):
        return expect((str,))
    return lambda v: v


def _ordered_columns(table: sa.Table) -> list[sa.Column]:
    return sorted(table.columns, key=lambda c: c.name)


def _schema_revision(session: Session) -> str | None:
    return MigrationContext.configure(session.connection()).get_current_revision()


def create_backup(session: Session, actor: Actor, now: dt.datetime | None = None) -> bytes:
    """Every row of every backed-up table, tables by name, rows by primary key, columns by name; one row a line."""
    require(actor, Capability.back_up_and_restore)
    tables = {}
    for table in sorted(backed_up_tables(), key=lambda t: t.name):
        columns = _ordered_columns(table)
        encoders = [_encoder(c) for c in columns]
        query = sa.select(*columns).order_by(*table.primary_key.columns)
        rows = [
            [None if value is None else encode(value) for encode, value in zip(encoders, row)]
            for row in session.execute(query)
        ]
        tables[table.name] = {"columns": [c.name for c in columns], "rows": rows}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": _schema_revision(session),
        "exported_at": (now or models.utc_now()).astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        "excluded_tables": list(left_out()),
    }
    audit._record(session, actor, "database.backup", "database",
                  after={"tables": len(tables), "rows": sum(len(t["rows"]) for t in tables.values())})
    return _serialise(header, tables).encode("utf-8")


def _serialise(header: dict, tables: dict) -> str:
    """JSON with the header keys and table names sorted, and each row on a line of its own, for stable diffs."""
    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    lines = ["{"]
    for key in sorted(header):
        lines.append(f" {line(key)}: {line(header[key])},")
    lines.append(' "tables": {')
    for number, name in enumerate(sorted(tables)):
        table = tables[name]
        lines.append(f"  {line(name)}: {{")
        lines.append(f'   "columns": {line(table["columns"])},')
        rows = table["rows"]
        lines.append('   "rows": [' + ("" if rows else "]"))
        lines.extend(f"    {line(row)}{',' if index < len(rows) - 1 else ''}" for index, row in enumerate(rows))
        if rows:
            lines.append("   ]")
        lines.append("  }" + ("," if number < len(tables) - 1 else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def read_backup(content: bytes) -> dict[str, list[dict]]:
    """Check the whole file before anything is written; the rows of each table, decoded, by table name."""
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupRefused(f"The file is not a complete backup: it is cut short or damaged ({error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupRefused("The file is not a backup of the planner (its 'format' is missing or different).")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BackupRefused("The file does not say which version of the backup format it is in.")
    if version > FORMAT_VERSION:
        raise BackupRefused(
            f"The backup is in format version {version}, written by a newer planner; this planner reads up to version "
            f"{FORMAT_VERSION}. Restore it with the newer planner.")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise BackupRefused("The file holds no tables.")
    expected = {table.name: table for table in backed_up_tables()}
    missing, unknown = sorted(set(expected) - set(tables)), sorted(set(tables) - set(expected))
    differences = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown {', '.join(unknown)}"] if unknown else [])
    if differences:
        raise BackupRefused(
            f"The backup's tables do not match this planner's schema (the backup is of schema revision "
            f"{document.get('schema_revision')}): {'; '.join(differences)}.")
    decoded = {name: _decoded_rows(expected[name], tables[name]) for name in expected}
    for table in backed_up_tables():
        for number, row in enumerate(decoded[table.name], start=1):
            problem = _row_problem(table, row, decoded)
            if problem:
                raise BackupRefused(f"Table '{table.name}', row {number} of the backup {problem}.")
    return decoded


def _row_problem(table: sa.Table, row: dict, tables: dict[str, list[dict]]) -> str | None:
    """What an import or a page would refuse in this row, as they would refuse it: text the planner cannot hold,
    an e-mail address that is not one, a role without its delegation (or a delegation without its role), a password
    not hashed as the planner hashes them, a reference to a row the backup does not hold, an issued document's kept
    file whose bytes do not match its SHA-256. (Roles and states outside their lists are refused while decoding.)"""
    for column in table.columns:
        value = row[column.name]
        if isinstance(value, str) and isinstance(_base_type(column), sa.String) and not isinstance(column.type, sa.Enum):
            reason = multiline_problem(value, max_length=getattr(_base_type(column), "length", None))
            if reason:
                return f"column '{column.name}' {reason}"
    for fk in table.foreign_keys:
        value = row[fk.parent.name]
        if value is not None and value not in {other[fk.column.name] for other in tables[fk.column.table.name]}:
            return (f"refers in column '{fk.parent.name}' to {fk.column.table.name} {fk.column.name} {value}, which the "
                    "backup does not hold")
    if table.name == User.__tablename__:
        return _account_problem(row)
    if table.name == ArchivedFile.__tablename__ and (sha256(row["content"]) != row["sha256"] or
                                                     len(row["content"]) != row["size"]):
        return (f"holds a kept file (of issued document {row['document_id']}) whose bytes do not match its SHA-256 "
                f"{row['sha256']}: the backup was altered or damaged")
    if table.name == models.Participant.__tablename__ and row["email"] and not participants.EMAIL_PATTERN.match(row["email"]):
        return f"has '{row['email']}' as a participant's e-mail address, which is not one"
    return None


def _account_problem(row: dict) -> str | None:
    email = row["email"]
    if not users.EMAIL_PATTERN.match(email) or email != email.strip().lower():
        return f"has '{email}' as an account's e-mail address, which is not one (in lower case)"
    if (row["role"] == Role.delegate) != (row["delegation_id"] is not None):
        return (f"gives {email} the role {row['role'].value} "
                f"{'without a delegation' if row['role'] == Role.delegate else 'with a delegation'}: only a delegate "
                "speaks for one, and always for one")
    if not row["password_hash"].startswith("$argon2"):
        return f"holds a password for {email} that is not hashed as the planner hashes them"
    return None


def _decoded_rows(table: sa.Table, stored: Any) -> list[dict]:
    if not isinstance(stored, dict) or not isinstance(stored.get("columns"), list) or not isinstance(stored.get("rows"), list):
        raise BackupRefused(f"Table '{table.name}' in the backup is damaged (no columns or rows).")
    names = stored["columns"]
    if sorted(map(str, names)) != sorted(table.columns.keys()):
        raise BackupRefused(
            f"Table '{table.name}' in the backup has the columns {', '.join(map(str, names))}; this planner's schema has "
            f"{', '.join(sorted(table.columns.keys()))}.")
    decoders = [(name, _decoder(table.columns[name])) for name in names]
    decoded = []
    for number, row in enumerate(stored["rows"], start=1):
        if not isinstance(row, list) or len(row) != len(names):
            raise BackupRefused(f"Table '{table.name}', row {number} of the backup is damaged.")
        values = {}
        for (name, decode), value in zip(decoders, row):
            try:
                values[name] = None if value is None else decode(value)
            except (ValueError, TypeError) as error:
                raise BackupRefused(
                    f"Table '{table.name}', row {number}, column '{name}' of the backup is damaged ({error}).") from None
        decoded.append(values)
    return decoded


def _row_counts(session: Session) -> dict[str, int]:
    """Rows in each backed-up table that holds any."""
    counts = {table.name: session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
              for table in backed_up_tables()}
    return {name: count for name, count in counts.items() if count}


def contents(session: Session, actor: Actor) -> dict[str, int]:
    """What a backup taken now would hold: rows by table, every backed-up table listed."""
    require(actor, Capability.back_up_and_restore)
    present = _row_counts(session)
    return {table.name: present.get(table.name, 0) for table in sorted(backed_up_tables(), key=lambda t: t.name)}


def accounts_by_role(session: Session, actor: Actor) -> dict[Role, list[str]]:
    """The addresses of the accounts this database holds, by role (deactivated ones marked so): after a restore the
    administrator sees whether the backup brought an account, an administrator above all, nobody expected."""
    require(actor, Capability.back_up_and_restore)
    found: dict[Role, list[str]] = {role: [] for role in Role}
    for user in session.exec(select(User).order_by(User.email)).all():
        found[user.role].append(user.email if user.active else f"{user.email} (deactivated)")
    return {role: emails for role, emails in found.items() if emails}


def restore_backup(session: Session, actor: Actor, content: bytes, replace: bool = False) -> dict[str, int]:
    """Make the database hold exactly the backup's rows (plus the audit entry of the restore); rows restored by table.

    Runs in the caller's transaction: a refusal or failure at any point leaves the database as it was."""
    require(actor, Capability.back_up_and_restore)
    rows = read_backup(content)
    present = _row_counts(session)
    if present and not replace:
        summary = ", ".join(f"{count} in {name}" for name, count in sorted(present.items()))
        raise BackupRefused(
            f"The database is not empty ({summary}). Restore into an empty database, or give --replace to delete "
            "everything in it first.")
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    for table in backed_up_tables():
        try:
            _insert(session, table, rows[table.name])
        except sa.exc.IntegrityError as error:
            raise BackupRefused(
                f"The rows of table '{table.name}' in the backup do not fit together ({error.orig})."
            ) from None
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
    restored = {name: len(table_rows) for name, table_rows in rows.items()}
    audit._record(session, actor, "database.restore", "database",
                  after={"replaced": dict(sorted(present.items())), "restored": sum(restored.values())})
    return restored


def _insert(session: Session, table: sa.Table, table_rows: list[dict]) -> None:
    """Rows in primary-key order; a column referring to its own table is filled in afterwards, once every row exists."""
    if not table_rows:
        return
    own = [fk.parent for fk in table.foreign_keys if fk.column.table is table and fk.parent.nullable]
    first = [{**row, **{c.name: None for c in own}} for row in table_rows] if own else table_rows
    session.execute(table.insert(), first)
    if own:
        key = list(table.primary_key.columns)
        for row in table_rows:
            if any(row[c.name] is not None for c in own):
                session.execute(table.update()
                                .where(*[k == row[k.name] for k in key])
                                .values({c.name: row[c.name] for c in own}))


def _reset_sequences(session: Session) -> None:
    """PostgreSQL keeps its own counter per serial column: move it past the restored ids."""
    quote = session.get_bind().dialect.identifier_preparer.quote
    for table in backed_up_tables():
        for column in table.primary_key.columns:
            if isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto"):
                name, key = quote(table.name), quote(column.name)
                session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({key}), 1), "
                    f"MAX({key}) IS NOT NULL) FROM {name}"
                ), {"table": name, "column": column.name})
