"""Comparisons of two versions of the statement or of the agenda: working files for information, not issued
documents. Each says what it compares ("Comparison of CIO.GAL/1/27/Rev.1 with CIO.GAL/1/27/Rev.2 — for
information") at the top of its first page and in the header of every page, and carries no symbol of its own, in
its text or its properties. Every change is a Word tracked change under the name its readers know: the delegation
whose amendment made it, or the Chairmanship ("Chairmanship of Malta") for its own edits.

The agenda comparison keeps the agenda's tables, day by day, and tracks each change inside the cells. Rows are
aligned as the statement's paragraphs are: an item that moved to another day, or to another place in the day's
order, is a row deleted where it was and inserted where it is, so accepting every change gives exactly the newer
agenda and rejecting every one the older."""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence

from docx.document import Document as DocxDocument
from sqlmodel import Session

from planner.access import Actor
from planner.agenda_review.comparison import Comparison as AgendaComparison
from planner.agenda_review.models import AgendaVersion, AgendaVersionItem
from planner.agenda_review.versions import items_of
from planner.dates import date_range, long_date
from planner.delegations.models import Delegation
from planner.documents.agenda import (
    COLUMNS, agenda_name, cell_lines, column_headings, day_heading, keep_with_note,
)
from planner.documents.layout import bullet_list, new_document, paragraph, restarted_numbering, title, to_bytes
from planner.documents.note_verbale import author
from planner.documents.pages import running_header
from planner.documents.statement import BODY_STYLE, NUMBERED_STYLE
from planner.documents.styles import settings
from planner.documents.tables import add_row, table
from planner.documents.tracked_changes import Revisions, mark_row, write_cell, write_comparison
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting
from planner.model_base import utc_now
from planner.statement.clauses import library, meeting_values
from planner.statement.comparison import Comparison as StatementComparison
from planner.statement.models import ParagraphKind, Statement
from planner.translation.units import agenda_note, draft_title
from planner.text.diff import Change, ComparedParagraph, KeyedText, Piece, chairmanship_author, compare, compare_rows


def heading_line(older: str, newer: str) -> str:
    return f"Comparison of {older} with {newer} — for information"


def _start(session: Session, meeting: Meeting, older: str, newer: str, what: str, *, issued_on: dt.date,
           issued_at: dt.datetime | None) -> tuple[DocxDocument, Delegation]:
    """What is compared, top right and in the header of every page, with the date of the newer version; the
    organization, the issuing body and the meeting's title; no symbol, no 'Original:' line."""
    chair = session.get(Delegation, meeting.chairmanship_id)
    line = heading_line(older, newer)
    document = new_document(title=f"Comparison of {older} with {newer}: {what}", author=author(chair),
                            issued_at=issued_at)
    running_header(document, line)
    paragraph(document, line, "Header Line")
    paragraph(document, long_date(issued_on), "Header Line")
    paragraph(document, settings()["organization"], "Organization")
    paragraph(document, f"Chairmanship: {chair.name}", "Issuing Body")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    return document, chair


def _name(older: str, newer: str) -> str:
    return f"Comparison-of-{older}-with-{newer}.docx".replace("/", "_").replace(" ", "-")


def comparison_document(session: Session, actor: Actor, compared: StatementComparison) -> bytes:
    """The newer version with every change since the older one tracked, brackets included, as Word shows
    revisions."""
    newer, older = compared.newer, compared.older
    meeting = get_meeting(session, actor, newer.meeting.id)
    statement = session.get(Statement, newer.version.statement_id)
    document, chair = _start(session, meeting, older.version.symbol, newer.version.symbol, statement.title,
                             issued_on=newer.version.issued_on, issued_at=newer.version.circulated_at)
    title(document, draft_title(statement.title))
    paragraph(document, f"A working comparison for information, not an issued document: the changes from "
                        f"{older.version.symbol} to {newer.version.symbol} are tracked, each under the name of the "
                        f"delegation whose amendment made it, or of the {compared.chairmanship} for its own edits "
                        f"and for square brackets placed or lifted.", "Note")
    num_id = restarted_numbering(document, NUMBERED_STYLE)
    body_id, numbered_id = (document.styles[name].style_id for name in (BODY_STYLE, NUMBERED_STYLE))
    paragraph(document, library().chapeau.format(**meeting_values(meeting, chair)), BODY_STYLE)
    write_comparison(document, compared.paragraphs(
        lambda p: (body_id, None) if p.kind == ParagraphKind.preamble else (numbered_id, num_id)),
        revisions=Revisions(newer.version.circulated_at or utc_now()))
    return to_bytes(document)


def comparison_file_name(compared: StatementComparison) -> str:
    """'Comparison-of-CIO.GAL_4_27-with-CIO.GAL_4_27_Rev.1.docx': the file says what it compares."""
    return _name(compared.older.version.symbol, compared.newer.version.symbol)


def _version_name(version: AgendaVersion) -> str:
    return version.symbol or f"draft version {version.number}"


def _cell(older: Sequence[tuple[str, str, str | None]], newer: Sequence[tuple[str, str, str | None]],
          style_ids: dict[str | None, str], author: str) -> list[ComparedParagraph]:
    """One cell's lines compared by what they say; a changed time reads as the old time struck on its line and the
    new one inserted under it, not digit by digit."""
    result = []
    for c in compare_rows(older, newer, lambda line: KeyedText(line[0], line[1], style_ids[line[2]]),
                          default_author=author):
        if c.paragraph.key == "time" and c.change == Change.changed:
            result += [ComparedParagraph(c.paragraph, Change.deleted, [Piece(Change.deleted, c.older_text)], author),
                       ComparedParagraph(c.paragraph, Change.inserted, [Piece(Change.inserted, c.newer_text)], author)]
        else:
            result.append(c)
    return result


def _rows(older: Sequence[AgendaVersionItem], newer: Sequence[AgendaVersionItem]
          ) -> list[tuple[AgendaVersionItem | None, AgendaVersionItem | None]]:
    """(older, newer) pairs of the same item on the same day, in the agenda's order, day by day; an item only in one
    version, or out of its place in the order, is paired with None. Items that keep their day and times hold their
    place first, so an item that did not move is never a deleted and inserted row: when two sessions swap, they
    change places around the coffee break and the lunch."""
    def keyed(items):
        return {f"{item.day.isoformat()}/{item.key}": item for item in items}
    before, after = keyed(older), keyed(newer)
    kept = [k for k in before if k in after and (before[k].start, before[k].end) == (after[k].start, after[k].end)]
    in_place = set(kept)
    in_newer_order = [k for k in after if k in in_place]
    anchors = [kept[block.a + i] for block in difflib.SequenceMatcher(None, kept, in_newer_order, autojunk=False)
               .get_matching_blocks() for i in range(block.size)]
    old_keys, new_keys = list(before), list(after)
    rows: list[tuple[AgendaVersionItem | None, AgendaVersionItem | None]] = []
    i = j = 0
    for anchor in [*anchors, None]:
        i_end = old_keys.index(anchor) if anchor else len(old_keys)
        j_end = new_keys.index(anchor) if anchor else len(new_keys)
        rows += [(before[c.paragraph.key] if c.change != Change.inserted else None,
                  after[c.paragraph.key] if c.change != Change.deleted else None)
                 for c in compare_rows(old_keys[i:i_end], new_keys[j:j_end], lambda key: KeyedText(key, ""))]
        if anchor:
            rows.append((before[anchor], after[anchor]))
            i, j = i_end + 1, j_end + 1
    return sorted(rows, key=lambda row: (row[1] or row[0]).day)


def _day(document: DocxDocument, meeting: Meeting, zone: str, day: dt.date,
         rows: list[tuple[AgendaVersionItem | None, AgendaVersionItem | None]], *, author: str,
         revisions: Revisions):
    """The day's heading and table, the heading and header row tracked when the day is only in one version."""
    style_ids = {name: document.styles[name].style_id for name in ("Table Text", "Table Item", "Heading 2")}
    style_ids[None] = style_ids["Table Text"]
    in_older, in_newer = any(o for o, _ in rows), any(n for _, n in rows)
    heading = [KeyedText("day", day_heading(day), style_ids["Heading 2"])]
    write_comparison(document, compare(heading if in_older else [], heading if in_newer else [], authors={},
                                       default_author=author), revisions=revisions)
    grid = table(document, day_heading(day), column_headings(meeting, zone), COLUMNS)
    if in_older != in_newer:
        mark_row(grid.rows[0], Change.inserted if in_newer else Change.deleted, author, revisions)
    for before, after in rows:
        add_row(grid, ("", "", ""))
        row = grid.rows[-1]
        for cell, older, newer in zip(row.cells, cell_lines(before) if before else ([], [], []),
                                      cell_lines(after) if after else ([], [], [])):
            write_cell(cell, _cell(older, newer, style_ids, author), revisions=revisions,
                       empty_style_id=style_ids["Table Text"])
        if before is None or after is None:
            mark_row(row, Change.inserted if before is None else Change.deleted, author, revisions)
    return grid


def agenda_comparison_document(session: Session, actor: Actor | None, compared: AgendaComparison) -> bytes:
    """The newer version's agenda, its tables as the agenda lays them out, with every change since the older
    version tracked inside the cells, after a list of what changed item by item."""
    newer, older = compared.newer, compared.older
    meeting = get_meeting(session, actor, newer.meeting_id)
    name = agenda_name(newer)
    document, chair = _start(session, meeting, _version_name(older), _version_name(newer),
                             f"{name} of the {meeting.title}", issued_on=newer.issued_on or newer.prepared_at.date(),
                             issued_at=newer.circulated_at or newer.prepared_at)
    title(document, name)
    paragraph(document, f"A working comparison for information, not an issued document: the changes from "
                        f"{_version_name(older)} to {_version_name(newer)} are listed here and tracked in the "
                        f"agenda below.", "Note")
    bullet_list(document, [f"{item.title}: {', '.join(c.value for c in item.changes)}" for item in compared.changed]
                or ["No item changed."])
    author_name = chairmanship_author(chair.in_sentence)
    revisions = Revisions(newer.circulated_at or newer.prepared_at)
    older_items, newer_items = items_of(session, actor, older), items_of(session, actor, newer)
    rows = _rows(older_items, newer_items)
    grid = None
    for day in sorted({item.day for item in older_items} | {item.day for item in newer_items}):
        grid = _day(document, meeting, newer.time_zone, day, [r for r in rows if (r[1] or r[0]).day == day],
                    author=author_name, revisions=revisions)
    if grid is not None:
        keep_with_note(grid)
    paragraph(document, agenda_note(meeting, newer.time_zone), "Note")
    return to_bytes(document)


def agenda_heading_line(compared: AgendaComparison) -> str:
    return heading_line(_version_name(compared.older), _version_name(compared.newer))


def agenda_comparison_file_name(compared: AgendaComparison) -> str:
    """'Comparison-of-CIO.GAL_3_27-with-CIO.GAL_3_27_Rev.1.docx'."""
    return _name(_version_name(compared.older), _version_name(compared.newer))
