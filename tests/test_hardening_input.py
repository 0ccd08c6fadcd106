"""What one user's input can do to the server and to other users: spreadsheet bombs, text Word cannot hold, lost
timetable updates, bad command lines."""
import datetime as dt
import io
import os
import re
import resource
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from sqlalchemy import text
from sqlmodel import select

from planner import config, db
from planner.access import SYSTEM
from planner.accounts import users
from planner.delegations import invitations, reference, spreadsheets
from planner.delegations.participants import COLUMNS, Nomination, add_participant
from planner.documents.agenda import agenda_document
from planner.documents.note_verbale import notes_verbales_zip
from planner.documents.participants_list import participants_list_document
from planner.errors import PlannerError, StaleEdit, ValidationFailed
from planner.meetings import planning, timetable
from planner.models import AgendaItem, Meeting, Participant
from planner.text import multiline_problem
from tests.conftest import invite_and_send

ROOT = Path(__file__).resolve().parent.parent
ANNA = ["Austria", "Ms.", "Anna", "Probe", "", "", "anna.probe@police.example", "female", "no"]


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        invite_and_send(session, organizer, meeting_id, "All participating States")
    return meeting_id


def workbook(far_cell: str | None = None) -> bytes:
    """A header, Anna Probe, and (if given) one more cell far away: a workbook of a few kilobytes."""
    book = Workbook()
    book.active.append(list(COLUMNS))
    book.active.append(ANNA)
    if far_cell:
        book.active[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one part replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.namelist():
            if item != name:
                target.writestr(item, source.read(item))
        target.writestr(name, data)
    return changed.getvalue()


def import_file(meeting_id, actor, content, name="participants.xlsx"):
    with db.transaction() as session:
        return spreadsheets.import_participants(session, actor, meeting_id, content, name)


def stored(meeting_id):
    with db.transaction() as session:
        return session.exec(select(Participant).where(Participant.meeting_id == meeting_id)).all()


# 1. Spreadsheet bombs

@pytest.mark.parametrize("far_cell", ["XFD1048576", "A1048576", "C20003"])
def test_a_sheet_reaching_far_down_is_refused_naming_the_row_limit(meeting_id, organizer, far_cell):
    with pytest.raises(ValidationFailed, match="goes on below row 20,001; import at most 20,000 participants"):
        import_file(meeting_id, organizer, workbook(far_cell))
    assert stored(meeting_id) == []


def test_a_cell_far_to_the_right_is_ignored_and_the_rows_import(meeting_id, organizer):
    assert import_file(meeting_id, organizer, workbook("XFD3")) == 1
    assert [p.last_name for p in stored(meeting_id)] == ["Probe"]


def test_a_wide_sparse_workbook_is_refused_in_little_memory_from_the_command_line(meeting_id, tmp_path):
    """With the address space limited to 1 GB the old reader ran out of memory and called the file damaged."""
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(workbook("XFD1048576"))
    limit = 1024 ** 3

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run([sys.executable, "-m", "planner", "participants", "import", str(meeting_id), str(bomb)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ}, timeout=120,
                            preexec_fn=limited)
    assert result.returncode == 1, result.stderr
    assert "goes on below row 20,001" in result.stderr
    assert "not a readable" not in result.stderr and "Traceback" not in result.stderr


def test_a_sheet_of_empty_formatted_cells_is_refused_before_it_is_read(meeting_id, organizer):
    cells = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="0"/>' for c in "ABCDEFGHIJKLMNOPQRST") + "</row>"
                    for r in range(3, 16_000))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml'
             f'/2006/main"><sheetData>{cells}</sheetData></worksheet>').encode()
    with pytest.raises(ValidationFailed, match="the workbook has 319,940 cells.*at most 300,000"):
        import_file(meeting_id, organizer, with_part(workbook(), "xl/worksheets/sheet1.xml", sheet))
    assert stored(meeting_id) == []


def test_a_zip_bomb_is_refused_by_its_unpacked_size(meeting_id, organizer):
    bomb = with_part(workbook(), "xl/media/padding.xml", b" " * (41 * 2**20))
    assert len(bomb) < 200_000
    with pytest.raises(ValidationFailed, match=r"unpacks to more than 40 MB \(43,0\d\d,\d\d\d bytes\), far more than a list of participants needs"):
        import_file(meeting_id, organizer, bomb)


def test_running_out_of_memory_is_not_called_a_damaged_workbook(meeting_id, organizer, monkeypatch):
    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(spreadsheets, "load_workbook", exhausted)
    with pytest.raises(ValidationFailed) as refused:
        import_file(meeting_id, organizer, workbook())
    assert "too large to read" in str(refused.value)
    assert "not a readable" not in str(refused.value)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(meeting_id, organizer, monkeypatch):
    def never(*_args, **_kwargs):
        raise AssertionError("an over-large file must not be opened")

    monkeypatch.setattr(spreadsheets, "load_workbook", never)
    too_big = with_part(workbook(), "xl/media/photo.png", os.urandom(config.MAX_UPLOAD_BYTES))
    with pytest.raises(ValidationFailed, match=f"larger than {config.MAX_UPLOAD_MB} MB"):
        import_file(meeting_id, organizer, too_big)


def test_the_upload_limit_is_one_setting_for_service_server_and_uploader(database_url, demo_users, make_meeting):
    from tests.conftest import sign_in_actor
    from tests.test_pages import open_for_nominations, open_page

    meeting_id = open_for_nominations(make_meeting)  # a delegate uploads only while registration is open

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["maxUploadSize"] == config.MAX_UPLOAD_MB
    for email in ("delegate.austria@demo.osce", "organizer@demo.osce"):
        page = open_page("participants", sign_in_actor(email), meeting_id)
        uploader = page.get("file_uploader")[0].proto
        assert uploader.max_upload_size_mb == config.MAX_UPLOAD_MB
        assert f"at most {config.MAX_UPLOAD_MB} MB" in uploader.label
        assert "20,000 participants" in uploader.help


# 2. Text Word cannot hold

FOUND = [
    ("\x0b", "control character"),
    ("\x1b", "control character"),
    ("\ufffe", "not a valid letter or symbol (U+FFFE)"),
    ("\U0010ffff", "not a valid letter or symbol (U+10FFFF)"),
    ("\u202e", "right-to-left override character (U+202E)"),
    ("\u200b", "zero-width space (U+200B)"),
]


def generated_timetable(meeting_id, organizer):
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["cyber_crime", "terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
    with db.transaction() as session:
        return [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]


@pytest.mark.parametrize("bad, found", FOUND)
def test_timetable_fields_refuse_what_word_cannot_hold_saying_what_was_found(make_meeting, organizer, bad, found):
    meeting_id = make_meeting()
    rows = generated_timetable(meeting_id, organizer)
    rows[1].room = f"Room{bad}B"
    rows[2].description = f"Line one\nLine{bad}two"
    with pytest.raises(ValidationFailed) as refused, db.transaction() as session:
        timetable.save_timetable(session, organizer, meeting_id, rows)
    reasons = {(p.row, p.column): p.reason for p in refused.value.problems}
    assert found in reasons[(2, "room")] and found in reasons[(3, "description")]


def test_timetable_keeps_line_breaks_in_descriptions_and_refuses_overlong_text(make_meeting, organizer):
    meeting_id = make_meeting()
    rows = generated_timetable(meeting_id, organizer)
    rows[2].description = "Line one\n\tLine two"
    with db.transaction() as session:
        timetable.save_timetable(session, organizer, meeting_id, rows)
    rows = generated_timetable(meeting_id, organizer)
    rows[0].moderator = "M" * 201
    with pytest.raises(ValidationFailed, match="moderator is too long \\(201 characters; at most 200\\)"):
        with db.transaction() as session:
            timetable.save_timetable(session, organizer, meeting_id, rows)


@pytest.mark.parametrize("bad, found", FOUND)
def test_user_names_and_emails_refuse_what_word_cannot_hold(database_url, admin, bad, found):
    with pytest.raises(PlannerError, match=re.escape(found)), db.transaction() as session:
        users.add_user(session, admin, "anna@police.example", "organizer", "pass1234-long-enough", f"Anna {bad}Probe")
    with pytest.raises(PlannerError, match=re.escape(found)), db.transaction() as session:
        users.add_user(session, admin, f"anna{bad}@police.example", "organizer", "pass1234-long-enough", "Anna Probe")


@pytest.mark.parametrize("bad, found", FOUND)
def test_meetings_and_participants_refuse_what_word_cannot_hold(make_meeting, meeting_id, organizer, bad, found):
    with pytest.raises(ValidationFailed, match=re.escape(found)):
        make_meeting(venue=f"Hofburg{bad}")
    nomination = Nomination(delegation="Austria", first_name="Anna", last_name=f"Probe{bad}", email="anna@police.example")
    with pytest.raises(ValidationFailed, match=re.escape(found)), db.transaction() as session:
        add_participant(session, organizer, meeting_id, nomination)
    row = [*ANNA[:3], f"Probe{bad}", *ANNA[4:]]
    with pytest.raises(ValidationFailed, match=f"Row 2, column 'last_name': .*{re.escape(found)}"):
        import_file(meeting_id, organizer, ",".join(COLUMNS).encode() + b"\n" + ",".join(row).encode(), "p.csv")
    assert stored(meeting_id) == []


def test_meeting_text_longer_than_its_column_is_refused_before_the_database(make_meeting):
    with pytest.raises(ValidationFailed, match=r"City: is too long \(101 characters; at most 100\)"):
        make_meeting(city="V" * 101)



def test_refusals_count_characters_with_a_thousands_separator(meeting_id, organizer, admin):
    """"4,999 characters; at most 4,000" reads at a glance; "4999 … 4000" has to be counted."""
    assert multiline_problem("x" * 4999, 4000) == "is too long (4,999 characters; at most 4,000)"
    nomination = Nomination(delegation="Austria", first_name="Anna", last_name="P" * 1200, email="anna@police.example")
    with pytest.raises(ValidationFailed, match=re.escape("1,200 characters long; at most 100 are allowed")):
        with db.transaction() as session:
            add_participant(session, organizer, meeting_id, nomination)
    with pytest.raises(PlannerError, match=re.escape("The password may have at most 1,024 characters.")):
        with db.transaction() as session:
            users.add_user(session, admin, "anna@police.example", "organizer", "long enough " * 100, "Anna Probe")

BROKEN = "Anna\x0b\x1b\ufffe\uffff Probe"


def test_exports_never_fail_on_what_is_already_stored(meeting_id, organizer, tmp_path):
    """Rows written before the door was checked, or by other means than the planner, export without those characters."""
    with db.transaction() as session:
        invitations.invite_group(session, organizer, meeting_id, "Partner organizations")  # notes still drafts
        austria = reference.find_delegation(session, "Austria")
        session.add(Participant(meeting_id=meeting_id, delegation_id=austria.id, first_name=BROKEN, last_name="X\x0c",
                                agency="=cmd\x1b", email="anna@police.example"))
        meeting = session.get(Meeting, meeting_id)
        meeting.title = f"Meeting\x0b of the {BROKEN}"
        meeting.venue = "Hofburg\ufffe"
        session.add(AgendaItem(meeting_id=meeting_id, day=dt.date(2027, 5, 10), start=dt.time(9), end=dt.time(10),
                               kind="session", title=f"Opening {BROKEN}", description="a\x1bb\nc", room="R\x0b",
                               speakers=BROKEN))
    with db.transaction() as session:
        table = load_workbook(io.BytesIO(spreadsheets.export_participants(session, organizer, meeting_id, "p.xlsx")))
        text = spreadsheets.export_participants(session, organizer, meeting_id, "p.csv").decode("utf-8-sig")
        list_of_participants = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
        timetable = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id)))
        notes = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id)))
    exported = dict(zip(COLUMNS, [cell.value for cell in table.active[2]]))
    assert exported["first_name"] == "Anna Probe" and exported["last_name"] == "X" and exported["agency"] == "'=cmd"
    assert "Anna Probe,X," in text
    assert any("Anna Probe" in cell.text for table in list_of_participants.tables for row in table.rows
               for cell in row.cells)
    agenda_text = "\n".join(p.text for p in timetable.paragraphs) + "".join(
        cell.text for table in timetable.tables for row in table.rows for cell in row.cells)
    assert "meeting of the anna probe" in agenda_text.lower() and "Opening Anna Probe" in agenda_text
    def note(name: str) -> str:
        return "\n".join(p.text for p in Document(io.BytesIO(notes.read(name))).paragraphs)

    drafts = [name for name in notes.namelist() if name.startswith("DRAFT")]
    issued = [name for name in notes.namelist() if not name.startswith("DRAFT")]
    assert "Meeting of the Anna Probe" in note(drafts[0])  # a draft is built from the data as it stands
    assert "Meeting of the Chiefs of Police" in note(issued[0])  # an issued note is the file that went out
    cli = subprocess.run([sys.executable, "-m", "planner", "participants", "export", str(meeting_id), "--out",
                          str(tmp_path / "p.xlsx")], cwd=ROOT, capture_output=True, text=True, env={**os.environ},
                         timeout=120)
    assert cli.returncode == 0, cli.stderr


# 4. Lost updates in the timetable

def colleague_moves(meeting_id, organizer, title_start, room):
    """A colleague changes one item's room, in a transaction of their own, after 'I' opened the timetable."""
    with db.transaction() as session:
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        next(r for r in rows if r.title.startswith(title_start)).room = room
        timetable.save_timetable(session, organizer, meeting_id, rows, timetable.timetable_versions(session, SYSTEM, meeting_id))


def rooms(meeting_id):
    with db.transaction() as session:
        return {item.title: item.room for item in timetable.agenda_items(session, SYSTEM, meeting_id)}


def test_removing_an_item_a_colleague_changed_meanwhile_is_refused(make_meeting, organizer):
    meeting_id = make_meeting()
    mine = generated_timetable(meeting_id, organizer)
    opened = {row.id: row.version for row in mine}
    colleague_moves(meeting_id, organizer, "Session 1", "Room B")
    kept = [row for row in mine if not row.title.startswith("Session 1")]
    with pytest.raises(StaleEdit, match="was changed by someone else after you opened the timetable, so it was not "
                                        "removed"), db.transaction() as session:
        timetable.save_timetable(session, organizer, meeting_id, kept, opened)
    assert any(title.startswith("Session 1") and room == "Room B" for title, room in rooms(meeting_id).items())


def test_generating_over_a_timetable_a_colleague_changed_meanwhile_is_refused(make_meeting, organizer):
    meeting_id = make_meeting()
    generated_timetable(meeting_id, organizer)
    with db.transaction() as session:
        opened = timetable.timetable_versions(session, SYSTEM, meeting_id)
        version = session.get(Meeting, meeting_id).version
    colleague_moves(meeting_id, organizer, "Session 1", "Room B")
    with pytest.raises(StaleEdit, match="Someone else changed the timetable after you opened this page. Nothing was "
                                        "replaced"), db.transaction() as session:
        timetable.generate_timetable(session, organizer, meeting_id, "two-day", opened, version)
    assert "Room B" in rooms(meeting_id).values()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
    with pytest.raises(StaleEdit, match="This meeting was changed by someone else"), db.transaction() as session:
        timetable.generate_timetable(session, organizer, meeting_id, "two-day",
                                  timetable.timetable_versions(session, SYSTEM, meeting_id), version)
    with db.transaction() as session:
        timetable.generate_timetable(session, organizer, meeting_id, "two-day",
                                  timetable.timetable_versions(session, SYSTEM, meeting_id), session.get(Meeting, meeting_id).version)
    assert "Room B" not in rooms(meeting_id).values()


def test_meeting_builder_refuses_to_generate_over_a_colleagues_change(make_meeting, organizer, demo_users):
    from tests.conftest import sign_in_actor
    from tests.test_pages import labelled, open_page

    meeting_id = make_meeting()
    generated_timetable(meeting_id, organizer)
    app = open_page("meeting_builder", sign_in_actor("organizer@demo.osce"), meeting_id)
    colleague_moves(meeting_id, organizer, "Session 1", "Room B")
    app.run()
    assert "changed this meeting or its timetable since you opened it" in app.warning[0].value
    labelled(app.button, "Generate timetable").click().run()
    labelled(app.button, "Yes, generate timetable").click().run()
    assert "Someone else changed the timetable after you opened this page" in app.error[0].value
    assert "Room B" in rooms(meeting_id).values()
    labelled(app.button, "Reload their version").click().run()
    labelled(app.button, "Generate timetable").click().run()
    labelled(app.button, "Yes, generate timetable").click().run()
    assert not app.error
    assert "Room B" not in rooms(meeting_id).values()



# 7. The command line

def planner(*args, stdin: str | None = None, **environment):
    return subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env={**os.environ, **environment}, timeout=120)


def test_an_out_that_is_a_folder_or_cannot_be_written_exits_1_with_a_message(demo_meeting, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for out, message in ((str(tmp_path), "is a folder; give a file name in it"),
                         ("/proc/participants.csv", "Could not write '/proc/participants.csv'"),
                         (str(blocker / "p.csv"), "does not exist")):
        result = planner("participants", "export", str(demo_meeting), "--out", out)
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    result = planner("export", "agenda", str(demo_meeting), "--out", str(tmp_path))
    assert result.returncode == 1 and "is a folder" in result.stderr


@pytest.mark.parametrize("url", ["nonsense", "mysql://planner:secret@db.example/planner", "oracle://x"])
def test_an_invalid_database_address_exits_1_without_repeating_it(url):
    result = planner("meetings", PLANNER_DATABASE_URL=url)
    assert result.returncode == 1
    assert "PLANNER_DATABASE_URL is not a database address the planner can use" in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    ((), "the following arguments are required: command"),
    (("bogus",), "invalid choice: 'bogus'"),
    (("participants", "export", "seven", "--out", "p.csv"), "invalid int value: 'seven'"),
    (("users", "add", "a@b.example"), "the following arguments are required: --role"),
])
def test_usage_errors_exit_1_with_the_usage(args, message):
    result = planner(*args)
    assert result.returncode == 1
    assert result.stderr.startswith("usage: python -m planner") and message in result.stderr


def test_an_overlong_user_name_is_refused_before_the_database_and_nothing_secret_is_printed(database_url):
    result = planner("users", "add", "long.name@police.example", "--role", "organizer", "--name", "N" * 300,
                     stdin="secret-passphrase\n")
    assert result.returncode == 1
    assert "The name is too long (300 characters; at most 200)" in result.stderr
    for leak in ("argon2", "secret-passphrase", "INSERT", "parameters", "Traceback"):
        assert leak not in result.stderr + result.stdout
    with db.transaction() as session:
        assert users.authenticate(session, "long.name@police.example", "secret-passphrase") is None


def test_database_errors_are_reported_without_the_statement_or_its_parameters(database_url, admin, monkeypatch):
    """Should the database still refuse something, neither a page nor the command line shows what was sent."""
    monkeypatch.setattr(users, "one_line_problem", lambda text, max_length=None: None)
    with pytest.raises(PlannerError) as refused, db.transaction() as session:
        users.add_user(session, admin, "x@police.example", "organizer", "secret-passphrase", "N" * 300)
        if db.engine().dialect.name == "sqlite":
            session.exec(text("SELECT json(:hash)"), params={"hash": "$argon2id$secret"})
    message = str(refused.value)
    assert message.startswith("The database ") and "Nothing was saved" in message
    assert "argon2" not in message and "INSERT" not in message and "secret" not in message
