"""A document as translation units: every piece of its text that is not fixed wording (templates/languages.yaml), in
the order the document prints it, keyed by what stays the same across versions (a paragraph's stable key, an agenda
item's key), so that a translation follows its unit from version to version."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from planner.access import Actor
from planner.agenda_review.models import AgendaVersion, AgendaVersionStatus
from planner.agenda_review.versions import get_version, issued_versions, items_of
from planner.delegations.models import Delegation
from planner.errors import NotFound
from planner.meetings.models import AgendaItemKind, Meeting
from planner.meetings.planning import get_meeting
from planner.statement import interpretative, silence
from planner.statement.clauses import library, meeting_values
from planner.statement.drafting import numbered, paragraph_names
from planner.statement.models import InterpretativeStatement, Statement, StatementVersion
from planner.statement.versions import circulated_text
from planner.time_zones import describe_days
from planner.text.words import and_list
from planner.translation.models import TranslatedDocument

PAUSES = (AgendaItemKind.break_, AgendaItemKind.lunch)


@dataclass(frozen=True)
class Unit:
    """`label` names the unit as the translator and the refusal to issue read it: 'operative paragraph 4'."""

    key: str
    label: str
    original: str


@dataclass(frozen=True)
class DocumentText:
    """The text a language version translates: the adopted statement, a circulated version of the statement or of
    the agenda, under its symbol and date. `statement_version` or `agenda_version` is the version it prints."""

    meeting: Meeting
    document: TranslatedDocument
    name: str
    symbol: str
    issued_on: dt.date
    units: list[Unit]
    adopted: bool = False
    statement_version: StatementVersion | None = None
    agenda_version: AgendaVersion | None = None
    attachments: list[tuple[Delegation, InterpretativeStatement]] = field(default_factory=list)

    def original(self, key: str) -> str:
        return next(unit.original for unit in self.units if unit.key == key)


def draft_title(statement_title: str) -> str:
    """'Draft statement': the title of every text of the statement before it is adopted."""
    return f"Draft {statement_title.lower()}"


def attachments_sentence(attachments: list[tuple[Delegation, InterpretativeStatement]]) -> str:
    """The adopted statement's last lines: which interpretative statements accompany it."""
    listed = "; ".join(f"by the delegation of {delegation.in_sentence} (attachment {number})"
                       for number, (delegation, _) in enumerate(attachments, 1))
    return (f"The statement is accompanied by {len(attachments)} interpretative "
            f"{'statement' if len(attachments) == 1 else 'statements'}: {listed}.")


def made_by(delegation: Delegation) -> str:
    return f"By the delegation of {delegation.in_sentence}:"


def agenda_note(meeting: Meeting, zone: str) -> str:
    """The agenda's last line: its working languages and the time its times are in."""
    languages = meeting.language_names
    return (f"Working {'language' if len(languages) == 1 else 'languages'}: {and_list(languages)}. "
            f"All times are {describe_days(zone, meeting.days)}.")


def _meeting_units(session: Session, meeting: Meeting) -> list[Unit]:
    chair = session.get(Delegation, meeting.chairmanship_id)
    return [Unit("meeting", "meeting title", meeting.title), Unit("city", "place of the meeting", meeting.city),
            Unit("chairmanship", "name of the Chairmanship", chair.name)]


def statement_text(session: Session, actor: Actor, meeting_id: int, version_number: int | None = None) -> DocumentText:
    """The adopted statement with its interpretative statements, once there is one; else the latest circulated
    version; or version `version_number`."""
    meeting = get_meeting(session, actor, meeting_id)
    adopted = silence.adopted(session, actor, meeting_id) if version_number is None else None
    version = adopted.version if adopted else circulated_text(session, actor, meeting_id, version_number).version
    text = circulated_text(session, actor, meeting_id, version.number)
    statement = session.get(Statement, version.statement_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    title = statement.title if adopted else draft_title(statement.title)
    units = _meeting_units(session, meeting) + [
        Unit("title", "title", title),
        Unit("chapeau", "chapeau", library().chapeau.format(**meeting_values(meeting, chair)))]
    names = paragraph_names(text.paragraphs)
    units += [Unit(f"p:{paragraph.key}", names[paragraph.key], paragraph.text) for _, paragraph in numbered(text.paragraphs)]
    attachments = interpretative.attached(session, actor, meeting_id) if adopted else []
    if attachments:
        units.append(Unit("attachments", "list of interpretative statements", attachments_sentence(attachments)))
        for number, (delegation, made) in enumerate(attachments, 1):
            units += [Unit(f"by:{delegation.id}", f"attachment {number}: its author", made_by(delegation)),
                      Unit(f"interpretative:{delegation.id}", f"attachment {number}: interpretative statement",
                           made.text)]
    symbol = adopted.adopted_document.symbol if adopted else version.symbol
    issued_on = adopted.adopted_document.issued_on if adopted else version.issued_on
    return DocumentText(meeting, TranslatedDocument.statement, "Adopted statement" if adopted else
                        f"Statement, version {version.number}", symbol, issued_on, units, adopted=bool(adopted),
                        statement_version=version, attachments=attachments)


def agenda_text(session: Session, actor: Actor, meeting_id: int, version_number: int | None = None) -> DocumentText:
    """The latest circulated (or final) agenda version, or version `version_number`."""
    meeting = get_meeting(session, actor, meeting_id)
    if version_number is None:
        issued = issued_versions(session, actor, meeting_id)
        if not issued:
            raise NotFound("The agenda of this meeting has not been circulated yet.")
        version = issued[-1]
    else:
        version = get_version(session, actor, meeting_id, version_number)
    if version.symbol is None:
        raise NotFound(f"Agenda version {version.number} has not been circulated: only a circulated agenda is "
                       "issued in other languages.")
    units = _meeting_units(session, meeting)
    for number, item in enumerate(items_of(session, actor, version), 1):
        when = f"item {number} ({item.day:%a} {item.start:%H:%M})"
        units.append(Unit(f"item:{item.key}:title", f"{when}: title", item.title))
        if item.description and item.kind not in PAUSES:
            units.append(Unit(f"item:{item.key}:description", f"{when}: description", item.description))
        if item.room and item.kind not in PAUSES:
            units.append(Unit(f"item:{item.key}:room", f"{when}: room", item.room))
    units.append(Unit("note", "note on languages and times", agenda_note(meeting, version.time_zone)))
    name = "Final agenda" if version.status == AgendaVersionStatus.final else f"Agenda, version {version.number}"
    return DocumentText(meeting, TranslatedDocument.agenda, name, version.symbol, version.issued_on, units,
                        agenda_version=version)


def document_text(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument,
                  version_number: int | None = None) -> DocumentText:
    reader = statement_text if TranslatedDocument(document) == TranslatedDocument.statement else agenda_text
    return reader(session, actor, meeting_id, version_number)

