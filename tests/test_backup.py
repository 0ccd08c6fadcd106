"""Backup and restore: every table, exactly, across SQLite and PostgreSQL; refusals change nothing."""
import json
import os
import re
import uuid
from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel, select

from planner import db
from planner.access import SYSTEM
from planner.accounts import users
from planner.delegations import participants
from planner.delegations.participants import Nomination
from planner.errors import PermissionDenied
from planner.models import Participant, Role, User
from planner.operations import backup, demo
from planner.ui.common import md
from tests.conftest import postgres_schema_of_its_own, sign_in_actor
from tests.test_cli import planner
from tests.test_pages import navigation_of, open_page, open_page_directly


def take_backup(actor) -> bytes:
    with db.transaction() as session:
        return backup.create_backup(session, actor)


def restore(actor, content: bytes, replace: bool = False) -> dict[str, int]:
    with db.transaction() as session:
        return backup.restore_backup(session, actor, content, replace=replace)


def tables_of(content: bytes) -> dict:
    return json.loads(content)["tables"]


def audit_actions(content: bytes) -> list[str]:
    table = tables_of(content)["auditentry"]
    action = table["columns"].index("action")
    return [row[action] for row in table["rows"]]


def without_last_audit_entry(content: bytes) -> dict:
    tables = tables_of(content)
    tables["auditentry"]["rows"] = tables["auditentry"]["rows"][:-1]
    return tables


@pytest.fixture
def empty_database(tmp_path, monkeypatch):
    """Make an empty, migrated database of the given kind (no reference data) and switch the planner to it."""
    with ExitStack() as schemas:
        def make(kind: str) -> str:
            if kind == "sqlite":
                url = f"sqlite:///{tmp_path / f'empty-{uuid.uuid4().hex[:6]}.db'}"
            else:
                url = schemas.enter_context(postgres_schema_of_its_own("planner_restore"))
            db.upgrade(url)
            monkeypatch.setenv("PLANNER_DATABASE_URL", url)
            return url

        yield make


def test_every_table_is_in_the_backup_unless_excluded_on_purpose(database_url, demo_meeting, demo_users, admin):
    content = take_backup(admin)
    document = json.loads(content)
    every_table = {table.name for table in SQLModel.metadata.sorted_tables}
    assert set(document["tables"]) == every_table - set(backup.EXCLUDED_TABLES)
    assert document["excluded_tables"] == sorted(every_table & set(backup.EXCLUDED_TABLES))
    with db.transaction() as session:
        for name, table in document["tables"].items():
            stored = session.execute(sa.text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
            the_backup_itself = 1 if name == "auditentry" else 0
            assert len(table["rows"]) == stored - the_backup_itself, name


def test_a_table_added_to_the_models_is_backed_up_and_restored_without_listing_it(database_url, admin, empty_database):
    """A new table, referring to users and to itself (a row may point to a later one), goes through unlisted."""
    added = sa.Table("scratch_note", SQLModel.metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("user_id", sa.ForeignKey("user.id")), sa.Column("reply_to", sa.ForeignKey("scratch_note.id")),
                     sa.Column("text", sa.String(50)))
    try:
        names = [table.name for table in backup.backed_up_tables()]
        assert names.index("user") < names.index("scratch_note")
        with db.transaction() as session:
            added.create(session.connection())
            user = users.add_user(session, admin, "note.writer@example.org", "organizer", "a secret long enough")
            session.execute(added.insert(), [{"id": 2, "user_id": None, "reply_to": None, "text": "Question"},
                                             {"id": 1, "user_id": user.id, "reply_to": 2, "text": "Réponse"}])
        first = take_backup(admin)
        assert tables_of(first)["scratch_note"]["rows"] == [[1, 2, "Réponse", user.id], [2, None, "Question", None]]
        empty_database("sqlite")
        with db.transaction() as session:
            added.create(session.connection())
        restore(admin, first)
        assert without_last_audit_entry(take_backup(admin)) == tables_of(first)
    finally:
        SQLModel.metadata.remove(added)
        for url in {database_url, os.environ["PLANNER_DATABASE_URL"]}:
            with db.engine_for(url).begin() as connection:
                added.drop(connection, checkfirst=True)


def test_the_file_is_versioned_and_sorted_for_stable_diffs(database_url, demo_meeting, admin):
    content = take_backup(admin)
    document = json.loads(content)
    assert document["format"] == backup.FORMAT and document["format_version"] == backup.FORMAT_VERSION
    with db.transaction() as session:
        assert document["schema_revision"] == MigrationContext.configure(session.connection()).get_current_revision()
    assert document["schema_revision"] is not None
    assert list(document["tables"]) == sorted(document["tables"])
    for name, table in document["tables"].items():
        assert table["columns"] == sorted(table["columns"]), name
        ids = [row[table["columns"].index("id")] for row in table["rows"]]
        assert ids == sorted(ids), name
    lines = content.decode().splitlines()
    assert len(lines) > sum(len(t["rows"]) for t in document["tables"].values())
    meeting = document["tables"]["meeting"]
    row = dict(zip(meeting["columns"], meeting["rows"][0]))
    assert row["created_at"].endswith("+00:00") and row["start_date"] == "2026-11-02" and row["status"] == "held"
    assert "database.backup" in audit_actions(take_backup(admin))


@pytest.mark.parametrize("target", ["same", "other"])
def test_restore_into_an_empty_database_gives_back_the_same_backup(database_url, demo_meeting, demo_users, admin,
                                                                   empty_database, target):
    source = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    kind = source if target == "same" else ("sqlite" if source == "postgresql" else "postgresql")
    with db.transaction() as session:
        delegate = users.actor_for(session.exec(select(User).where(User.email == "delegate.austria@demo.osce")).one())
        edited = session.exec(select(Participant).where(Participant.delegation_id == delegate.delegation_id)).first()
    with db.transaction() as session:
        participants.update_participant(session, admin, edited.id, Nomination(
            delegation="Austria", first_name="Élise", last_name="Müller-Łukasik", email="elise@bmi.gv.at",
            rank="General", head_of_delegation=edited.head_of_delegation), edited.version)
    first = take_backup(admin)

    empty_database(kind)
    restored = restore(admin, first)
    assert restored["participant"] == len(tables_of(first)["participant"]["rows"])
    second = take_backup(admin)
    assert without_last_audit_entry(second) == tables_of(first)
    assert audit_actions(second)[-1] == "database.restore"
    assert json.loads(second)["exported_at"] >= json.loads(first)["exported_at"]

    with db.transaction() as session:
        again = session.get(Participant, edited.id)
        assert (again.first_name, again.version) == ("Élise", edited.version + 1)
        hash_of_austria = session.exec(select(User).where(User.email == "delegate.austria@demo.osce")).one().password_hash
        assert hash_of_austria.startswith("$argon2")
        newest_user = session.exec(select(sa.func.max(User.id))).one()
        added = users.add_user(session, admin, "new.organizer@example.org", "organizer", "a secret long enough")
        assert added.id == newest_user + 1
    with db.transaction() as session:
        newest = participants.add_participant(session, admin, demo_meeting, Nomination(
            delegation="Austria", first_name="Karl", last_name="Neu", email="karl.neu@bmi.gv.at"))
    assert newest.id > max(row[tables_of(first)["participant"]["columns"].index("id")]
                           for row in tables_of(first)["participant"]["rows"])
    with pytest.raises(PermissionDenied):
        restore(delegate, first, replace=True)


def test_only_the_administrator_backs_up(database_url, organizer):
    with pytest.raises(PermissionDenied, match="back up and restore"):
        take_backup(organizer)


def test_refused_restores_say_why_and_change_nothing(database_url, demo_meeting, admin):
    text = take_backup(admin).decode()
    document = json.loads(text)
    newer = {**document, "format_version": backup.FORMAT_VERSION + 1}
    meeting, participant = document["tables"]["meeting"], document["tables"]["participant"]
    bad_date = json.loads(text)
    bad_date["tables"]["meeting"]["rows"][0][meeting["columns"].index("start_date")] = "2027-13-45"
    orphan = json.loads(text)
    orphan["tables"]["participant"]["rows"][0][participant["columns"].index("meeting_id")] = 999
    lost_table = json.loads(text)
    del lost_table["tables"]["invitation"]
    cases = [
        (text[: len(text) // 2], "cut short or damaged"),
        (json.dumps(newer), f"format version {backup.FORMAT_VERSION + 1}, written by a newer planner"),
        (json.dumps(bad_date), "Table 'meeting', row 1, column 'start_date' of the backup is damaged"),
        (json.dumps(orphan), "Table 'participant', row 1 of the backup refers in column 'meeting_id' to meeting id 999, "
                             "which the backup does not hold"),
        (json.dumps(lost_table), "do not match this planner's schema"),
        (json.dumps({"format": "something else"}), "not a backup of the planner"),
    ]
    with db.transaction() as session:
        before = backup.contents(session, admin)
    for content, message in cases:
        with pytest.raises(backup.BackupRefused, match=message) as refused:
            restore(admin, content.encode(), replace=True)
        assert "Nothing was changed" in str(refused.value)
    with pytest.raises(backup.BackupRefused, match="The database is not empty .* give --replace"):
        restore(admin, text.encode())
    with db.transaction() as session:
        assert backup.contents(session, admin) == before


def with_account(text: str, **values) -> str:
    """The backup with one more account row, as a hand-edited file would have it."""
    document = json.loads(text)
    table = document["tables"]["user"]
    row = dict(zip(table["columns"], table["rows"][0]))
    row.update(id=max(r[table["columns"].index("id")] for r in table["rows"]) + 1, **values)
    table["rows"].append([row[column] for column in table["columns"]])
    return json.dumps(document)


def test_restore_checks_every_row_as_an_import_does(database_url, demo_meeting, demo_users, admin):
    text = take_backup(admin).decode()
    rows = len(json.loads(text)["tables"]["user"]["rows"])
    participant = json.loads(text)
    columns = participant["tables"]["participant"]["columns"]
    participant["tables"]["participant"]["rows"][1][columns.index("email")] = "not-an-address"
    hidden = json.loads(text)
    hidden["tables"]["meeting"]["rows"][0][hidden["tables"]["meeting"]["columns"].index("title")] = "Agenda\u202e"
    cases = [
        (with_account(text, email="x@example.org", role="king"), f"Table 'user', row {rows + 1}, column 'role'"),
        (with_account(text, email="x@example.org", role="delegate", delegation_id=None),
         f"Table 'user', row {rows + 1} of the backup gives x@example.org the role delegate without a delegation"),
        (with_account(text, email="x@example.org", role="admin", delegation_id=1), "the role admin with a delegation"),
        (with_account(text, email="not an address", role="admin", delegation_id=None),
         "has 'not an address' as an account's e-mail address, which is not one"),
        (with_account(text, email="x@example.org", role="admin", delegation_id=None, password_hash="letmein"),
         "holds a password for x@example.org that is not hashed as the planner hashes them"),
        (with_account(text, email="x@example.org", role="delegate", delegation_id=99999),
         "refers in column 'delegation_id' to delegation id 99999"),
        (json.dumps(participant), "Table 'participant', row 2 of the backup has 'not-an-address' as a participant's"),
        (json.dumps(hidden), "Table 'meeting', row 1 of the backup column 'title' contains an invisible"),
    ]
    with db.transaction() as session:
        before = backup.contents(session, admin)
    for content, message in cases:
        with pytest.raises(backup.BackupRefused, match=re.escape(message)):
            restore(admin, content.encode(), replace=True)
    with db.transaction() as session:
        assert backup.contents(session, admin) == before


def test_restore_tells_the_accounts_by_role_so_an_unexpected_administrator_shows(database_url, demo_meeting, demo_users,
                                                                                 tmp_path):
    good = tmp_path / "good.json"
    assert planner("backup", "--out", str(good)).returncode == 0
    intruder = with_account(good.read_text(), email="intruder@example.org", role="admin", delegation_id=None)
    (tmp_path / "intruder.json").write_text(intruder)
    restored = planner("restore", str(tmp_path / "intruder.json"), "--replace")
    assert restored.returncode == 0, restored.stderr
    assert "Accounts in the restored database:" in restored.stdout
    assert "admin (2): admin@demo.osce, intruder@example.org" in restored.stdout
    assert "organizer (1): organizer@demo.osce" in restored.stdout
    with db.transaction() as session:
        by_role = backup.accounts_by_role(session, SYSTEM)
    assert by_role[Role.admin] == ["admin@demo.osce", "intruder@example.org"]
    assert sorted(email for emails in by_role.values() for email in emails) == sorted(
        [u.email for u in demo.DEMO_USERS] + ["intruder@example.org"])
    page = open_page("backup", sign_in_actor("admin@demo.osce"), demo_meeting)
    shown = " ".join(m.value for m in page.markdown)
    assert f"**admin** (2): {md('admin@demo.osce')}, {md('intruder@example.org')}" in shown


def test_command_line_backs_up_refuses_a_damaged_file_and_replaces(database_url, demo_meeting, tmp_path):
    good, again = tmp_path / "good.json", tmp_path / "again.json"
    assert planner("backup", "--out", str(good)).returncode == 0
    document = json.loads(good.read_bytes())
    meeting = document["tables"]["meeting"]
    corrupt = json.loads(good.read_bytes())
    corrupt["tables"]["meeting"]["rows"][0][meeting["columns"].index("start_date")] = "2027-13-45"
    refusals = {
        "truncated": (good.read_bytes()[:-40], "cut short or damaged"),
        "corrupt": (json.dumps(corrupt).encode(), "column 'start_date' of the backup is damaged"),
        "newer": (json.dumps({**document, "format_version": backup.FORMAT_VERSION + 1}).encode(), "newer planner"),
    }
    with db.transaction() as session:
        before = backup.contents(session, SYSTEM)
    for name, (content, message) in refusals.items():
        (tmp_path / f"{name}.json").write_bytes(content)
        refused = planner("restore", str(tmp_path / f"{name}.json"), "--replace")
        assert refused.returncode == 1 and message in refused.stderr, name
        assert "Nothing was changed" in refused.stderr and "Traceback" not in refused.stderr, name
    not_empty = planner("restore", str(good))
    assert not_empty.returncode == 1 and "give --replace" in not_empty.stderr
    with db.transaction() as session:
        assert backup.contents(session, SYSTEM) == before
    replaced = planner("restore", str(good), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert f"rows in {len(tables_of(good.read_bytes()))} tables" in replaced.stdout
    planner("backup", "--out", str(again))
    assert without_last_audit_entry(again.read_bytes()) == tables_of(good.read_bytes())
    assert audit_actions(again.read_bytes())[-1] == "database.restore"


def test_backup_page_for_the_administrator_only(database_url, demo_users, demo_meeting):
    admin_user, organizer_user = sign_in_actor("admin@demo.osce"), sign_in_actor("organizer@demo.osce")
    assert "backup" in navigation_of(admin_user) and "backup" not in navigation_of(organizer_user)
    app = open_page("backup", admin_user, demo_meeting)
    assert not app.exception
    counts = app.dataframe[0].value
    assert dict(zip(counts["Table"], counts["Rows"]))["invitation"] == 78
    assert [button.label for button in app.get("download_button")] == ["Download a backup"]
    assert "python -m planner restore" in app.code[0].value
    refused = open_page_directly("backup", organizer_user, demo_meeting)
    assert "does not allow you to back up and restore the whole database" in refused.error[0].value
    assert "Please sign in first" in open_page_directly("backup").warning[0].value
