"""Participants in and out of CSV and XLSX files: import all rows or none, export in the same columns so a file round-trips."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlmodel import Session, select

from planner import audit, config, db
from planner.access import Actor, Capability, signed_in
from planner.delegations import invitations
from planner.delegations.models import Delegation, Participant
from planner.delegations.participants import (
    COLUMNS, OPTIONAL_COLUMNS, DelegationResolver, Nomination, check_nomination, email_taken, emails_in_use,
    list_participants, parse_yes_no, participant_values, require_may_manage,
)
from planner.errors import PermissionDenied, PlannerError, Problem, ValidationFailed
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting
from planner.text import writable
from planner.text.words import plural

FORMULA_STARTS = ("=", "+", "-", "@")
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH = 6, 60  # in characters, as Excel measures columns
# A list of 20,000 participants in ten columns has about 200,000 cells and unpacks to about 15 MB.
MAX_CELLS = 300_000
MAX_UNPACKED_BYTES = 40 * 2**20
COUNTED_TAGS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|si)[\s/>]")
UNREADABLE_WORKBOOK = "the file is not a readable Excel workbook (.xlsx); open it in Excel and save it again"
Progress = Callable[[int, int], None]


@dataclass
class ImportPreview:
    """What an import would do: the rows as read, and every problem by row and column. Empty `problems` means it can go in."""

    columns: list[str]
    rows: list[dict[str, str]]
    row_numbers: list[int]
    problems: list[Problem] = field(default_factory=list)
    ready: list[tuple[Nomination, Delegation]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def bad_cells(self) -> set[tuple[int, str]]:
        return {(p.row, p.column) for p in self.problems if p.row is not None}


def _refuse(reason: str, column: str | None = None) -> None:
    raise ValidationFailed([Problem(None, column, reason)], "The file was not imported:")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _width(header: list[str]) -> int:
    """The header's columns up to its last named one: every row is cut to this width as it is read."""
    return max((i + 1 for i, cell in enumerate(header) if cell.strip()), default=0)


def _count_tags(archive: zipfile.ZipFile, member: zipfile.ZipInfo, counts: Counter) -> None:
    """Count cells and shared strings in one part, unpacked a megabyte at a time (never more than its declared size)."""
    leftover = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1024 * 1024):
            buffer = leftover + chunk
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut == -1 else cut
            counts.update(COUNTED_TAGS.findall(buffer, 0, cut))
            leftover = buffer[cut:]
    counts.update(COUNTED_TAGS.findall(leftover))


def _check_workbook_size(content: bytes) -> None:
    """Refuse, before openpyxl reads anything, a workbook that unpacks to far more than a list of participants needs
    (a zip bomb) or holds far more cells (empty formatted cells, which take as long to read as full ones)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            _refuse(f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB ({unpacked:,} bytes), far more "
                    "than a list of participants needs; save only the participants in a new workbook")
        counts: Counter = Counter()
        for member in members:
            _count_tags(archive, member, counts)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, OSError):
        _refuse(UNREADABLE_WORKBOOK)
    if counts[b"c"] > MAX_CELLS or counts[b"si"] > MAX_CELLS:
        _refuse(f"the workbook has {max(counts[b'c'], counts[b'si']):,} cells, more than a list of {MAX_ROWS:,} "
                f"participants can have (at most {MAX_CELLS:,}); copy only the participants into a new workbook, "
                "or save the list as CSV")


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    """The first sheet's header row, then every row cut to the header's width: read streaming, never padded to the
    sheet's stated size (a single cell at XFD1048576 would otherwise make every row 16,384 cells wide)."""
    _check_workbook_size(content)
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        header = [_cell_text(v) for v in first]
        yield header
        width = _width(header)
        if width:
            for values in sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 2, max_col=width, values_only=True):
                yield [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    """The header row, then every row cut to the header's width."""
    if b"\x00" in content[:4096]:
        _refuse("the file looks binary, not a CSV text file; save it as CSV (UTF-8) or XLSX")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse("the file is not UTF-8 text; in Excel use 'Save as' → 'CSV UTF-8'")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])[:MAX_COLUMNS]
        yield header
        width = _width(header)
        for row in reader:
            yield row[:width]
    except csv.Error as error:
        _refuse(f"the CSV file is malformed ({error})")


def _rows(content: bytes, is_xlsx: bool) -> Iterator[list[str]]:
    """Rows as read, with every way a workbook can fail turned into a message: a damaged file as damaged, a file too
    big for memory as too big (never as damaged)."""
    try:
        yield from (_xlsx_rows(content) if is_xlsx else _csv_rows(content))
    except MemoryError:
        _refuse("the file is too large to read: it needs more memory than an import may take; "
                "save only the participants in a new file, or split it")
    except PlannerError:
        raise
    except Exception:  # noqa: BLE001 - a damaged workbook fails in many ways inside openpyxl; all mean the same to the user
        if not is_xlsx:
            raise
        _refuse(UNREADABLE_WORKBOOK)


def read_table(content: bytes, filename: str) -> tuple[list[str], list[int], list[dict[str, str]]]:
    """Header names (lower-cased), spreadsheet row numbers, and the rows as dicts of the columns we know.

    The size is checked before anything is read, and the number of rows while they are read."""
    if len(content) > config.MAX_UPLOAD_BYTES:
        _refuse(f"the file is larger than {config.MAX_UPLOAD_MB} MB")
    if not content.strip():
        _refuse("the file is empty")
    is_xlsx = Path(filename).suffix.lower() in (".xlsx", ".xlsm") or content[:2] == b"PK"
    table = _rows(content, is_xlsx)
    first = next(table, None)
    if not first or not any(cell.strip() for cell in first):
        _refuse("the file has no header row")
    header = [cell.strip().lower().replace(" ", "_") for cell in first]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        _refuse(f"{'a column is' if len(missing) == 1 else 'columns are'} missing: {', '.join(missing)}. The first row must name the columns: {', '.join(COLUMNS)}",
                missing[0])
    known = [c for c in (*COLUMNS, *OPTIONAL_COLUMNS) if c in header]
    positions = {c: header.index(c) for c in known}
    rows, numbers = [], []
    for number, cells in enumerate(table, start=2):
        if number > MAX_ROWS + 1:
            _refuse(f"the file goes on below row {MAX_ROWS + 1:,}; import at most {MAX_ROWS:,} participants at a time "
                    "(delete the rows below your list, even those that look empty)")
        if not any(cell.strip() for cell in cells):
            continue
        rows.append({c: (cells[i] if i < len(cells) else "") for c, i in positions.items()})
        numbers.append(number)
    if not rows:
        _refuse("the file has a header but no participants")
    return known, numbers, rows


def _unescape(text: str) -> str:
    """Undo the export's protection against formula injection, so an exported file imports as it was."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def _refusal(actor: Actor, meeting: Meeting, delegation_id: int) -> str | None:
    """Why the actor may not import for this delegation, or None; asked once per delegation in a file."""
    try:
        require_may_manage(actor, meeting, delegation_id)
    except PermissionDenied as refusal:
        return str(refusal)
    return None


def preview_import(session: Session, actor: Actor, meeting_id: int, content: bytes, filename: str) -> ImportPreview:
    """Read and check the whole file against the meeting; changes nothing."""
    if not (signed_in(actor).can(Capability.manage_all_participants) or actor.can(Capability.manage_own_participants)):
        raise PermissionDenied("Your role does not allow you to import participants.")
    meeting = get_meeting(session, actor, meeting_id)
    columns, numbers, rows = read_table(content, filename)
    preview = ImportPreview(columns, rows, numbers)
    taken = emails_in_use(session, actor, meeting.id)
    heads = {d for d in session.exec(
        select(Participant.delegation_id).where(Participant.meeting_id == meeting.id, Participant.head_of_delegation)
    )}
    first_seen: dict[str, int] = {}
    head_rows: dict[int, int] = {}
    refusals: dict[int, str | None] = {}
    resolver = DelegationResolver(session, actor, meeting.id)
    for number, row in zip(numbers, rows):
        nomination = Nomination(**{k: _unescape(v) for k, v in row.items()})
        found = check_nomination(nomination)
        problems = [Problem(number, c, reason) for c, reason in found]
        bad_columns = {c for c, _ in found}
        delegation = None
        if "delegation" not in bad_columns:
            delegation, reason = resolver.resolve(row["delegation"])
            if reason:
                problems.append(Problem(number, "delegation", reason))
            else:
                if delegation.id not in refusals:
                    refusals[delegation.id] = _refusal(actor, meeting, delegation.id)
                if refusals[delegation.id]:
                    problems.append(Problem(number, "delegation", refusals[delegation.id]))
                if "head_of_delegation" not in bad_columns and parse_yes_no(nomination.head_of_delegation):
                    if delegation.id in heads:
                        problems.append(Problem(number, "head_of_delegation",
                                                f"{delegation.name} already has a head of delegation in this meeting"))
                    elif delegation.id in head_rows:
                        problems.append(Problem(number, "head_of_delegation",
                                                f"row {head_rows[delegation.id]} already names the head of {delegation.name}"))
                    else:
                        head_rows[delegation.id] = number
        email = row["email"].strip().lower()
        if "email" not in bad_columns and email:
            if email in taken:
                problems.append(Problem(number, "email", email_taken(actor, email)))
            elif email in first_seen:
                problems.append(Problem(number, "email", f"{email} appears already in row {first_seen[email]}"))
            else:
                first_seen[email] = number
        if problems:
            preview.problems.extend(problems)
        else:
            preview.ready.append((nomination, delegation))
    return preview


def import_participants(session: Session, actor: Actor, meeting_id: int, content: bytes, filename: str,
                        progress: Progress | None = None) -> int:
    """Add every participant in the file, or none: any problem refuses the whole file, naming row and column."""
    preview = preview_import(session, actor, meeting_id, content, filename)
    if preview.problems:
        raise ValidationFailed(preview.problems,
                               f"The file was not imported: {plural(len(preview.problems), 'problem')}. Nothing was saved.")
    rows = []
    for index, (nomination, delegation) in enumerate(preview.ready, start=1):
        rows.append({"meeting_id": meeting_id, **participant_values(nomination, delegation)})
        if progress and index % 200 == 0:
            progress(index, len(preview.ready))
    audit._record(session, actor, "participant.import", "meeting", meeting_id, None,
                  {"file": filename, "participants": len(rows)}, meeting_id)
    session.flush()
    added = db.insert_many(session, Participant, rows)
    audit._record_many(session, actor, "participant.add", "participant",
                       ((row["id"], None, audit.snapshot_of(Participant, row)) for row in added), meeting_id)
    invitations.note_nominations(session, actor, meeting_id, {row["delegation_id"] for row in added})
    return len(added)


def neutralise(value: str) -> str:
    """A cell as an export writes it: kept as text where Excel would read a formula, without what a file cannot hold."""
    value = writable(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_rows(session: Session, actor: Actor, meeting_id: int) -> tuple[list[str], list[list[str]]]:
    views = list_participants(session, actor, meeting_id)
    if not actor.can(Capability.see_contact_data):
        views = [v for v in views if v.email]
    header = [*COLUMNS, *OPTIONAL_COLUMNS]
    rows = [
        [
            neutralise(value)
            for value in (
                v.delegation, v.salutation, v.first_name, v.last_name, v.function, v.agency, v.email, v.gender,
                "yes" if v.head_of_delegation else "no", v.rank,
            )
        ]
        for v in views
    ]
    return header, rows


def chairmanship(chair: Delegation) -> str:
    """Who made the list, as people name the Chairmanship: 'Chairmanship of the Netherlands'."""
    return f"Chairmanship of {chair.in_sentence}"


def _column_width(values: Iterator[str]) -> float:
    """Wide enough for the longest line in the column (Excel counts characters), within reason."""
    longest = max((len(line) for value in values for line in value.split("\n")), default=0)
    return min(max(longest, MIN_COLUMN_WIDTH) + 2, MAX_COLUMN_WIDTH)


def _workbook(header: list[str], rows: list[list[str]], *, title: str, creator: str, progress: Progress | None) -> bytes:
    """A sheet that reads like a list a person made: bold heading row kept in view, columns as wide as their
    content, a filter on every column, and properties that say what it is and who made it."""
    workbook = Workbook(write_only=True)
    properties = workbook.properties
    properties.title, properties.creator, properties.lastModifiedBy = writable(title), writable(creator), writable(creator)
    sheet = workbook.create_sheet("Participants")
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header):
        sheet.column_dimensions[get_column_letter(index + 1)].width = _column_width(
            [name, *(row[index] for row in rows)])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    for index, row in enumerate(rows, start=1):
        sheet.append(row)
        if progress and index % 200 == 0:
            progress(index, len(rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_participants(session: Session, actor: Actor, meeting_id: int, filename: str,
                        progress: Progress | None = None) -> bytes:
    """CSV (UTF-8 with BOM, so Excel shows diacritics) or XLSX, by the file name's ending."""
    header, rows = export_rows(session, actor, meeting_id)
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(header)
        for index, row in enumerate(rows, start=1):
            writer.writerow(row)
            if progress and index % 200 == 0:
                progress(index, len(rows))
        return buffer.getvalue().encode("utf-8-sig")
    if suffix == ".xlsx":
        meeting = get_meeting(session, actor, meeting_id)
        return _workbook(header, rows, title=f"List of participants of the {meeting.title}",
                         creator=chairmanship(session.get(Delegation, meeting.chairmanship_id)), progress=progress)
    raise PlannerError(f"Export to '{suffix or filename}' is not possible: name the file .csv or .xlsx.")
