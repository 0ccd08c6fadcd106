"""Participants in and out of CSV and XLSX files: import all rows or none, export in the same columns so a file round-trips."""
from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from planner import audit, invitations
from planner.access import Actor, Capability
from planner.errors import PermissionDenied, PlannerError, Problem, ValidationFailed
from planner.meetings import get_meeting
from planner.models import Delegation, Participant
from planner.participants import (
    COLUMNS, OPTIONAL_COLUMNS, Nomination, participant_values, DelegationResolver, check_nomination,
    email_taken, list_participants, parse_yes_no, require_may_manage,
)
from planner.words import plural

FORMULA_STARTS = ("=", "+", "-", "@")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
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


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return [[_cell_text(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - a damaged workbook fails in many ways inside openpyxl; all mean the same to the user
        _refuse("the file is not a readable Excel workbook (.xlsx); open it in Excel and save it again")


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content[:4096]:
        _refuse("the file looks binary, not a CSV text file; save it as CSV (UTF-8) or XLSX")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse("the file is not UTF-8 text; in Excel use 'Save as' → 'CSV UTF-8'")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        _refuse(f"the CSV file is malformed ({error})")


def read_table(content: bytes, filename: str) -> tuple[list[str], list[int], list[dict[str, str]]]:
    """Header names (lower-cased), spreadsheet row numbers, and the rows as dicts of the columns we know."""
    if not content.strip():
        _refuse("the file is empty")
    if len(content) > MAX_FILE_BYTES:
        _refuse(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    is_xlsx = Path(filename).suffix.lower() in (".xlsx", ".xlsm") or content[:2] == b"PK"
    table = _read_xlsx(content) if is_xlsx else _read_csv(content)
    if not table or not any(cell.strip() for cell in table[0]):
        _refuse("the file has no header row")
    header = [cell.strip().lower().replace(" ", "_") for cell in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        _refuse(f"{'a column is' if len(missing) == 1 else 'columns are'} missing: {', '.join(missing)}. The first row must name the columns: {', '.join(COLUMNS)}",
                missing[0])
    known = [c for c in (*COLUMNS, *OPTIONAL_COLUMNS) if c in header]
    positions = {c: header.index(c) for c in known}
    rows, numbers = [], []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        rows.append({c: (cells[i] if i < len(cells) else "") for c, i in positions.items()})
        numbers.append(number)
    if not rows:
        _refuse("the file has a header but no participants")
    if len(rows) > MAX_ROWS:
        _refuse(f"the file has {len(rows)} rows; import at most {MAX_ROWS} at a time")
    return known, numbers, rows


def _unescape(text: str) -> str:
    """Undo the export's protection against formula injection, so an exported file imports as it was."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def preview_import(session: Session, actor: Actor, meeting_id: int, content: bytes, filename: str) -> ImportPreview:
    """Read and check the whole file against the meeting; changes nothing."""
    meeting = get_meeting(session, meeting_id)
    if not (actor.can(Capability.manage_all_participants) or actor.can(Capability.manage_own_participants)):
        raise PermissionDenied("Your role does not allow you to import participants.")
    columns, numbers, rows = read_table(content, filename)
    preview = ImportPreview(columns, rows, numbers)
    taken = set(session.exec(select(Participant.email).where(Participant.meeting_id == meeting.id)))
    heads = {d for d in session.exec(
        select(Participant.delegation_id).where(Participant.meeting_id == meeting.id, Participant.head_of_delegation)
    )}
    emails_in_file = Counter(row["email"].strip().lower() for row in rows)
    first_seen: dict[str, int] = {}
    head_rows: dict[int, int] = {}
    resolver = DelegationResolver(session, meeting.id)
    for number, row in zip(numbers, rows):
        nomination = Nomination(**{k: _unescape(v) for k, v in row.items()})
        problems = [Problem(number, c, reason) for c, reason in check_nomination(nomination)]
        bad_columns = {p.column for p in problems}
        delegation = None
        if "delegation" not in bad_columns:
            delegation, reason = resolver.resolve(row["delegation"])
            if reason:
                problems.append(Problem(number, "delegation", reason))
            else:
                try:
                    require_may_manage(actor, meeting, delegation.id)
                except PermissionDenied as refusal:
                    problems.append(Problem(number, "delegation", str(refusal)))
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
            elif emails_in_file[email] > 1 and email in first_seen:
                problems.append(Problem(number, "email", f"{email} appears already in row {first_seen[email]}"))
            first_seen.setdefault(email, number)
        preview.problems.extend(problems)
        if not problems:
            preview.ready.append((nomination, delegation))
    return preview


def import_participants(session: Session, actor: Actor, meeting_id: int, content: bytes, filename: str,
                        progress: Progress | None = None) -> int:
    """Add every participant in the file, or none: any problem refuses the whole file, naming row and column."""
    preview = preview_import(session, actor, meeting_id, content, filename)
    if preview.problems:
        raise ValidationFailed(preview.problems,
                               f"The file was not imported: {plural(len(preview.problems), 'problem')}. Nothing was saved.")
    delegation_ids = set()
    added = []
    for index, (nomination, delegation) in enumerate(preview.ready, start=1):
        delegation_ids.add(delegation.id)
        added.append(Participant(meeting_id=meeting_id, **participant_values(nomination, delegation)))
        if progress and index % 200 == 0:
            progress(index, len(preview.ready))
    session.add_all(added)
    session.flush()
    audit.record(session, actor, "participant.import", "meeting", meeting_id, None,
                 {"file": filename, "participants": len(added)}, meeting_id)
    for participant in added:
        audit.record(session, actor, "participant.add", "participant", participant.id, None, audit.snapshot(participant),
                     meeting_id)
    for delegation_id in delegation_ids:
        invitations.note_nomination(session, actor, meeting_id, delegation_id)
    return len(added)


def neutralise(value: str) -> str:
    """A cell that Excel would read as a formula is kept as text."""
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
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Participants")
        sheet.append(header)
        for index, row in enumerate(rows, start=1):
            sheet.append(row)
            if progress and index % 200 == 0:
                progress(index, len(rows))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    raise PlannerError(f"Export to '{suffix or filename}' is not possible: name the file .csv or .xlsx.")
