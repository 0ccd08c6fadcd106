"""The organizers' working draft: a first draft from the meeting's priorities, then adding, editing, moving and
deleting paragraphs. Text edits are checked against the paragraph's version, changes of order and membership
against the draft's, so an edit made on an out-of-date page is refused rather than written over someone else's."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, func, select

from planner import audit
from planner.access import Actor, Capability, require
from planner.db import ensure_current
from planner.delegations.models import Delegation, Priority
from planner.errors import ImmutableVersion, NotFound, PlannerError
from planner.meetings.models import AgendaItemKind, Meeting
from planner.meetings.planning import chosen_priorities, get_meeting
from planner.meetings.timetable import agenda_items
from planner.model_base import new_key
from planner.statement.clauses import MAX_PARAGRAPH_LENGTH, ClauseKind, library, meeting_values
from planner.statement.models import Paragraph, ParagraphKind, Statement, StatementVersion, VersionStatus
from planner.text import multiline_problem

KIND_ORDER = {ParagraphKind.preamble: 0, ParagraphKind.operative: 1, ParagraphKind.closing: 2}


def statement_of(session: Session, actor: Actor, meeting_id: int) -> Statement | None:
    """The meeting's statement, for whoever may read the meeting."""
    meeting = get_meeting(session, actor, meeting_id)
    return session.exec(select(Statement).where(Statement.meeting_id == meeting.id)).first()


def require_reader(session: Session, actor: Actor, statement_id: int) -> None:
    """Whoever may read the meeting reads its statement's circulated versions."""
    get_meeting(session, actor, session.get(Statement, statement_id).meeting_id)


def working_draft(session: Session, actor: Actor, meeting_id: int) -> StatementVersion | None:
    """The draft organizers edit; nobody else sees it until it is circulated."""
    require(actor, Capability.draft_statement)
    statement = statement_of(session, actor, meeting_id)
    if statement is None:
        return None
    return session.exec(select(StatementVersion).where(
        StatementVersion.statement_id == statement.id, StatementVersion.status == VersionStatus.working)).first()


def paragraphs_of(session: Session, actor: Actor, version: StatementVersion) -> list[Paragraph]:
    """A circulated version's paragraphs for whoever may read the meeting; the working draft's for its editors."""
    if version.status == VersionStatus.working:
        require(actor, Capability.draft_statement)
    require_reader(session, actor, version.statement_id)
    rows = session.exec(select(Paragraph).where(Paragraph.statement_version_id == version.id))
    return sorted(rows, key=lambda p: (KIND_ORDER[p.kind], p.position, p.id))


def numbered(paragraphs: list[Paragraph]) -> list[tuple[int | None, Paragraph]]:
    """Operative and closing paragraphs carry one running number; preamble clauses none."""
    number = 0
    result = []
    for paragraph in paragraphs:
        if paragraph.kind == ParagraphKind.preamble:
            result.append((None, paragraph))
        else:
            number += 1
            result.append((number, paragraph))
    return result


def paragraph_names(paragraphs: list[Paragraph]) -> dict[str, str]:
    """Key → the paragraph as delegations name it: "preambular paragraph 2", "operative paragraph 4" (closing
    paragraphs carry the operative paragraphs' running number)."""
    preamble = 0
    names = {}
    for number, paragraph in numbered(paragraphs):
        if number is None:
            preamble += 1
            names[paragraph.key] = f"preambular paragraph {preamble}"
        else:
            names[paragraph.key] = f"operative paragraph {number}"
    return names


def unchanged_clause(paragraph: Paragraph, values: dict[str, str]) -> str | None:
    """The key of the library clause the paragraph still reads as, filled with the meeting's `values`; None for a
    paragraph written by hand or changed since (edited, or by an accepted amendment), which is no longer the
    library's wording whatever its origin."""
    key = paragraph.source_clause
    clause = next((c for c in library().clauses if c.key == key), None)
    return key if clause is not None and clause.filled(values) == paragraph.text else None


def priorities_in_session_order(session: Session, actor: Actor, meeting: Meeting) -> list[Priority]:
    """The meeting's priorities in the order their sessions come in the timetable; any without a session follow, in
    the order the organizers chose them."""
    first_session: dict[int, int] = {}
    for index, item in enumerate(agenda_items(session, actor, meeting.id)):
        if item.priority_id is not None:
            first_session.setdefault(item.priority_id, index)
    chosen = chosen_priorities(session, actor, meeting.id)
    return sorted(chosen, key=lambda p: first_session.get(p.id, len(first_session) + chosen.index(p)))


def _session_subjects(session: Session, actor: Actor, meeting: Meeting) -> list[str]:
    subjects = []
    for item in agenda_items(session, actor, meeting.id):
        if item.kind == AgendaItemKind.session:
            subject = item.title.split(":", 1)[1].strip() if ":" in item.title else item.title.strip()
            if subject:
                subjects.append(subject[0].lower() + subject[1:] if subject[1:2].islower() else subject)
    return subjects


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + "; and " + items[-1]


@dataclass(frozen=True)
class Proposal:
    kind: ParagraphKind
    text: str
    source_clause: str | None


def first_draft(session: Session, actor: Actor, meeting: Meeting) -> list[Proposal]:
    """Preamble from the library and the sessions; operative paragraphs grouped by priority in session order, then
    co-operation with partners; the closing paragraphs."""
    lib = library()
    values = meeting_values(meeting, session.get(Delegation, meeting.chairmanship_id))
    drafted = [c for c in lib.clauses if c.draft]
    proposals = [Proposal(ParagraphKind.preamble, c.filled(values), c.key) for c in drafted if c.kind == ClauseKind.preamble]
    subjects = _session_subjects(session, actor, meeting)
    if subjects:
        proposals.append(Proposal(ParagraphKind.preamble,
                                  lib.sessions_clause.format(**values, sessions=_joined(subjects)), None))
    for priority in priorities_in_session_order(session, actor, meeting):
        proposals += [Proposal(ParagraphKind.operative, c.filled(values), c.key)
                      for c in drafted if c.kind == ClauseKind.operative and c.priority == priority.code]
    proposals += [Proposal(ParagraphKind.operative, c.filled(values), c.key) for c in drafted if c.kind == ClauseKind.partners]
    proposals += [Proposal(ParagraphKind.closing, c.filled(values), c.key) for c in drafted if c.kind == ClauseKind.closing]
    return proposals


def mark_changed(draft: StatementVersion) -> None:
    """Any change of the draft's paragraphs moves the draft's version, so a page showing the old order is refused."""
    flag_modified(draft, "status")


def _checked(text: str) -> str:
    problem = multiline_problem(text, MAX_PARAGRAPH_LENGTH)
    if problem:
        raise PlannerError(f"The paragraph {problem}.")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise PlannerError("A paragraph needs some text; to remove it, delete it.")
    return text


def _next_position(session: Session, actor: Actor, draft: StatementVersion, kind: ParagraphKind) -> int:
    positions = [p.position for p in paragraphs_of(session, actor, draft) if p.kind == kind]
    return max(positions, default=0) + 1


def draft_from_priorities(session: Session, actor: Actor, meeting_id: int, *, replace: bool = False,
                          expected_draft_version: int | None = None) -> StatementVersion:
    """Start the working draft from the meeting; with `replace`, the paragraphs already written are dropped."""
    require(actor, Capability.draft_statement)
    meeting = get_meeting(session, actor, meeting_id)
    statement = statement_of(session, actor, meeting.id)
    if statement is None:
        statement = Statement(meeting_id=meeting.id)
        session.add(statement)
        session.flush()
    draft = working_draft(session, actor, meeting.id)
    if draft is None:
        draft = StatementVersion(statement_id=statement.id)
        session.add(draft)
        session.flush()
    else:
        ensure_current(draft, expected_draft_version, "The draft statement")
    existing = paragraphs_of(session, actor, draft)
    if existing and not replace:
        raise PlannerError("The draft already has paragraphs. Choose to replace them to start again from the priorities.")
    for paragraph in existing:
        session.delete(paragraph)
    session.flush()
    positions = {kind: 0 for kind in ParagraphKind}
    for proposal in first_draft(session, actor, meeting):
        positions[proposal.kind] += 1
        session.add(Paragraph(statement_version_id=draft.id, key=new_key(), kind=proposal.kind,
                              position=positions[proposal.kind], text=proposal.text, source_clause=proposal.source_clause))
    mark_changed(draft)
    session.flush()
    audit._record(session, actor, "statement.draft", "statement", statement.id,
                  {"paragraphs": len(existing)}, {"paragraphs": sum(positions.values())}, meeting.id)
    return draft


def _draft_for_change(session: Session, actor: Actor, meeting_id: int, expected_draft_version: int | None) -> StatementVersion:
    draft = working_draft(session, actor, meeting_id)
    if draft is None:
        raise PlannerError("There is no draft yet: start one from the meeting's priorities.")
    ensure_current(draft, expected_draft_version, "The draft statement")
    return draft


def add_paragraph(session: Session, actor: Actor, meeting_id: int, *, kind: ParagraphKind, text: str,
                  expected_draft_version: int | None = None) -> Paragraph:
    """A paragraph the organizer writes, at the end of its part of the statement."""
    draft = _draft_for_change(session, actor, meeting_id, expected_draft_version)
    return _append(session, actor, meeting_id, draft, ParagraphKind(kind), _checked(text), None)


def add_clause(session: Session, actor: Actor, meeting_id: int, clause_key: str,
               expected_draft_version: int | None = None) -> Paragraph:
    """A clause from the library, its placeholders filled from the meeting, at the end of its part."""
    draft = _draft_for_change(session, actor, meeting_id, expected_draft_version)
    clause = library().get(clause_key)
    meeting = get_meeting(session, actor, meeting_id)
    text = clause.filled(meeting_values(meeting, session.get(Delegation, meeting.chairmanship_id)))
    return _append(session, actor, meeting_id, draft, clause.kind.paragraph_kind, text, clause.key)


def _append(session: Session, actor: Actor, meeting_id: int, draft: StatementVersion, kind: ParagraphKind, text: str,
            source: str | None) -> Paragraph:
    paragraph = Paragraph(statement_version_id=draft.id, key=new_key(), kind=kind,
                          position=_next_position(session, actor, draft, kind), text=text, source_clause=source)
    session.add(paragraph)
    mark_changed(draft)
    session.flush()
    audit._record(session, actor, "statement.paragraph.add", "paragraph", paragraph.id, None, audit.snapshot(paragraph), meeting_id)
    return paragraph


def _editable(session: Session, actor: Actor, paragraph_id: int, expected_version: int | None) -> tuple[Paragraph, StatementVersion, int]:
    require(actor, Capability.draft_statement)
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None:
        raise NotFound("This paragraph was deleted by someone else. Reload the page.")
    version = session.get(StatementVersion, paragraph.statement_version_id)
    if paragraph.frozen or version.status != VersionStatus.working:
        raise ImmutableVersion(f"Version {version.number} was circulated as {version.symbol} and cannot change; "
                               "edit the working draft instead.")
    ensure_current(paragraph, expected_version, "This paragraph")
    meeting_id = session.get(Statement, version.statement_id).meeting_id
    return paragraph, version, meeting_id


def edit_paragraph(session: Session, actor: Actor, paragraph_id: int, text: str,
                   expected_version: int | None = None) -> Paragraph:
    paragraph, _, meeting_id = _editable(session, actor, paragraph_id, expected_version)
    before = audit.snapshot(paragraph)
    paragraph.text = _checked(text)
    session.flush()
    audit._record(session, actor, "statement.paragraph.edit", "paragraph", paragraph.id, before, audit.snapshot(paragraph), meeting_id)
    return paragraph


def delete_paragraph(session: Session, actor: Actor, paragraph_id: int, expected_version: int | None = None) -> None:
    paragraph, draft, meeting_id = _editable(session, actor, paragraph_id, expected_version)
    before = audit.snapshot(paragraph)
    session.delete(paragraph)
    mark_changed(draft)
    session.flush()
    audit._record(session, actor, "statement.paragraph.delete", "paragraph", paragraph_id, before, None, meeting_id)


def move_paragraph(session: Session, actor: Actor, paragraph_id: int, steps: int,
                   expected_draft_version: int | None = None) -> None:
    """Move up (negative) or down within its part of the statement (preamble, operative, closing)."""
    paragraph, draft, meeting_id = _editable(session, actor, paragraph_id, None)
    ensure_current(draft, expected_draft_version, "The draft statement")
    same_part = [p.key for p in paragraphs_of(session, actor, draft) if p.kind == paragraph.kind]
    index = same_part.index(paragraph.key)
    target = max(0, min(len(same_part) - 1, index + steps))
    same_part.insert(target, same_part.pop(index))
    _set_order(session, actor, meeting_id, draft, same_part)


def reorder(session: Session, actor: Actor, meeting_id: int, keys: list[str],
            expected_draft_version: int | None = None) -> None:
    """Put the draft's paragraphs in the order of `keys` (all of them); each keeps to its own part of the statement."""
    draft = _draft_for_change(session, actor, meeting_id, expected_draft_version)
    present = [p.key for p in paragraphs_of(session, actor, draft)]
    if sorted(keys) != sorted(present):
        raise PlannerError("The draft has changed since you opened it: reload the page and order the paragraphs again.")
    _set_order(session, actor, meeting_id, draft, keys)


def _set_order(session: Session, actor: Actor, meeting_id: int, draft: StatementVersion, keys: list[str]) -> None:
    by_key = {p.key: p for p in paragraphs_of(session, actor, draft)}
    before = {key: by_key[key].position for key in keys}
    counters = {kind: 0 for kind in ParagraphKind}
    for key in keys:
        paragraph = by_key[key]
        counters[paragraph.kind] += 1
        if paragraph.position != counters[paragraph.kind]:
            paragraph.position = counters[paragraph.kind]
    mark_changed(draft)
    session.flush()
    audit._record(session, actor, "statement.reorder", "statement", draft.statement_id, before,
                  {key: by_key[key].position for key in keys}, meeting_id)


def current_round(session: Session, actor: Actor, statement_id: int) -> int:
    """The number the working draft will carry when it is circulated."""
    require_reader(session, actor, statement_id)
    return (session.exec(select(func.max(StatementVersion.number)).where(
        StatementVersion.statement_id == statement_id)).one() or 0) + 1


def latest_circulated(session: Session, actor: Actor, statement_id: int) -> StatementVersion | None:
    require_reader(session, actor, statement_id)
    return session.exec(select(StatementVersion).where(
        StatementVersion.statement_id == statement_id, StatementVersion.status == VersionStatus.circulated)
        .order_by(col(StatementVersion.number).desc())).first()
