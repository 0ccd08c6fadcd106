"""What one user's input can do to the server and to other users: spreadsheet bombs, text Word cannot hold, lost
timetable updates, bad command lines."""
import io
import os
import resource
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from planner import config, db, invitations, spreadsheets
from planner.errors import ValidationFailed
from planner.models import Participant
from planner.participants import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
ANNA = ["Austria", "Ms.", "Anna", "Probe", "", "", "anna.probe@police.example", "female", "no"]


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        invitations.invite_group(session, organizer, meeting_id, "All participating States")
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
    with pytest.raises(ValidationFailed, match="unpacks to 41.0 MB, more than a list of participants needs"):
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


def test_the_upload_limit_is_one_setting_for_service_server_and_uploader(database_url, demo_meeting):
    from tests.conftest import sign_in_actor
    from tests.test_pages import open_page

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["maxUploadSize"] == config.MAX_UPLOAD_MB
    for email in ("delegate.austria@demo.osce", "organizer@demo.osce"):
        page = open_page("participants", sign_in_actor(email), demo_meeting)
        uploader = page.get("file_uploader")[0].proto
        assert uploader.max_upload_size_mb == config.MAX_UPLOAD_MB
        assert f"at most {config.MAX_UPLOAD_MB} MB" in uploader.label
        assert "20,000 participants" in uploader.help
