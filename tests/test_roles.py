"""Every public service function against every role, from one table: the services enforce the roles themselves.

The test finds the public functions of every module in SERVICE_MODULES by inspection, so a new public function without
an entry in RULES fails `test_every_public_service_function_has_a_rule`. To add a rule:

- a function that reads or changes data for someone: add `"module.function": [Case(call, allowed)]`, where
  `call(session, actor, world)` makes one typical call about Austria's things in the world below (more cases for
  different situations, e.g. a draft and a planned meeting), and `allowed` names the roles that must succeed; every
  other role, and a call without a user, must be refused with PermissionDenied; where some allowed roles must not
  get part of what it returns (the working timetable, another delegation's nominee or objection), mark that data
  with `shows(result, world)` and name those roles in `hidden_from`: they must get the call without it, every other
  allowed role with it;
- a function that touches no data and acts for nobody (neither `session` nor `actor`): add it to PURE;
- a helper that only services may call (it trusts them to have checked the user, as the audit log's writers do):
  give it a leading underscore;
- a function that by nature runs before anyone is signed in, or serves public reference data: add it to OPEN with the
  reason; it must not take an `actor`.

A new service module goes into SERVICE_MODULES."""
from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import io
from collections.abc import Callable
from dataclasses import dataclass

import docx
import pytest
from lxml import etree
from sqlmodel import Session, select

from planner import archive, audit, comment_threads, dates, db, register, text, time_zones
from planner.access import SYSTEM, Actor, Capability
from planner.accounts import sign_in, users
from planner.agenda_review import comments, comparison as agenda_comparison, versions as agenda_versions
from planner.delegations import invitations, participants, reference, replies, spreadsheets
from planner.delegations.participants import Nomination
from planner.documents import (
    agenda as agenda_document, calendar, comparison as comparison_document, language_version as language_document,
    note_verbale, participants_list, report as report_document, statement as statement_document, tracked_changes,
)
from planner.documents import archive as document_archive, issued, mail_attachments
from planner.documents.layout import new_document
from planner.errors import PermissionDenied, ValidationFailed
from planner.meetings import formats, planning, timetable
from planner.models import (
    AgendaComment, AgendaItem, AmendmentKind, CommentAudience, DocumentKind, DocumentSuffix, Invitation,
    InvitationState, IssuedDocument, MeetingStatus, MessageState, OutboxMessage, Paragraph, ParagraphKind, Participant,
    RegistrationStatus, Role, SilenceProcedure, User, utc_now,
)
from planner.operations import audit_log, backup, demo
from planner.statement import (
    amendments, brackets, clauses, comments as statement_comments, comparison as statement_comparison, drafting,
    interpretative, marked_up, news, report as summaries, silence, versions as statement_versions, word_amendments,
)
from planner.statement.report import StatementAnnex
from planner.text import diff, words
from planner.translation import translations, units as translation_units, xliff
from planner import languages
from planner.mail import (
    events as mail_events, notices as mail_notices, outbox as mail_outbox, preferences as mail_preferences,
    sender as mail_sender,
)
from planner.mail.models import Delivery, MailKind
from tests.word_markup import MarkedUp

SERVICE_MODULES = [planning, invitations, participants, timetable, formats, users, audit, audit_log, replies, reference,
                   spreadsheets, sign_in, register, backup, demo, dates, text, time_zones, words, comment_threads,
                   agenda_versions, comments, agenda_comparison,
                   clauses, drafting, statement_versions, amendments, brackets, silence, interpretative, news, summaries,
                   statement_comparison, statement_comments,
                   agenda_document, note_verbale, participants_list, statement_document, report_document, calendar,
                   comparison_document, language_document,
                   tracked_changes, diff, languages, translation_units, translations, xliff, mail_preferences,
                   mail_sender, word_amendments, marked_up, archive, issued, document_archive]
# Modules that write only on behalf of a service that has already checked the user (as the audit log's writers do):
# none of their functions may act for anyone, so none takes an actor.
INTERNAL_MODULES = [mail_outbox, mail_events, mail_notices, mail_attachments]

ORGANIZERS = frozenset({"organizer", "admin"})
MANAGERS = ORGANIZERS | {"secretariat"}
OWN_DELEGATION = MANAGERS | {"delegate of Austria"}
OUTSIDER = frozenset({"delegate of France"})
SIGNED_IN = OWN_DELEGATION | {"delegate of Türkiye"} | OUTSIDER
ADMIN = frozenset({"admin"})
AUSTRIA = frozenset({"delegate of Austria"})
DELEGATES = AUSTRIA | {"delegate of Türkiye"}
OTHER_DELEGATIONS = frozenset({"delegate of Türkiye"}) | OUTSIDER
ALL_DELEGATES = DELEGATES | OUTSIDER
SPEAKERS = ORGANIZERS | DELEGATES
# Every delegate reads the amendments of their own delegation (an uninvited one has none) and their own news.
READERS = ORGANIZERS | ALL_DELEGATES
NOBODY: frozenset[str] = frozenset()
# Türkiye is invited and has not answered; France is not invited to the planned meeting.
ROLES = ["organizer", "secretariat", "admin", "delegate of Austria", "delegate of Türkiye", "delegate of France",
         "no user"]
WORKING_TITLE = "Working title, not circulated"


@dataclass
class World:
    """A planned meeting (Austria, Türkiye and Germany invited; Austria and Germany have nominated one participant
    each, Türkiye has not answered) and a meeting still in draft (inviting Austria planned it; it was taken back to
    draft before the note verbale went out). The planned meeting's agenda has been circulated twice, Austria has
    commented on it; since then the timetable's last item has a working title. Its statement has been circulated
    twice, Austria has proposed an amendment to the second version, and the working draft holds a bracket for
    Austria."""

    planned: int
    draft: int
    austria: int
    germany: int
    turkiye: int
    austria_invitation: int
    germany_invitation: int
    turkiye_invitation: int
    draft_invitation: int
    austrian: int
    german: int
    statement: int
    amendment: int
    bracket: int
    comment: int


@dataclass(frozen=True)
class Case:
    """`call` succeeds for the roles in `allowed`; where `shows` is given, it tells whether what the call returned
    holds the marked data, which the roles in `hidden_from` must not get and every other allowed role does."""

    call: Callable[[Session, Actor | None, World], object]
    allowed: frozenset[str]
    shows: Callable[[object, World], bool] | None = None
    hidden_from: frozenset[str] = NOBODY


def nominee(delegation: str = "Austria", email: str = "new@bmi.example") -> Nomination:
    return Nomination(delegation=delegation, first_name="Eva", last_name="Berger", email=email)


def austrian_row(email: str = "row@bmi.example") -> bytes:
    return (",".join(participants.COLUMNS) + f"\nAustria,Ms.,Lea,Graf,Adviser,Police,{email},female,no\n").encode()


def imported(call: Callable[[], object]) -> object:
    """A file is checked row by row: a row for another delegation is refused as a problem of that row, named like
    the PermissionDenied a form gets; here it counts as that refusal."""
    try:
        result = call()
    except ValidationFailed as refusal:
        denied = [p for p in refusal.problems if "your own delegation" in p.reason]
        if denied:
            raise PermissionDenied(denied[0].reason) from refusal
        raise
    denied = [p for p in getattr(result, "problems", []) if "your own delegation" in p.reason]
    if denied:
        raise PermissionDenied(denied[0].reason)
    return result


def planned_meeting(session: Session, w: World):
    return session.get(planning.Meeting, w.planned)


def two_agenda_versions_compared(session: Session, w: World):
    return agenda_comparison.compare_versions(session, SYSTEM, w.planned, 1, 2)


def draft_agenda(session: Session, w: World):
    """The timetable frozen into a new version of the agenda, not circulated."""
    return agenda_versions.prepare(session, SYSTEM, w.planned)


def latest_agenda(session: Session, w: World):
    return agenda_versions.get_version(session, SYSTEM, w.planned)


def opening_reported_by(session: Session, w: World, rapporteur: str) -> AgendaItem:
    """The planned meeting's opening, with this rapporteur named."""
    rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, w.planned)]
    rows[0].rapporteur = rapporteur
    timetable.save_timetable(session, SYSTEM, w.planned, rows)
    return timetable.agenda_items(session, SYSTEM, w.planned)[0]


def all_translated(session: Session, w: World, document: str) -> list[translations.ImportedUnit]:
    """Every unit of the planned meeting's latest `document`, 'translated' into French as '[fr] …'."""
    return [translations.ImportedUnit(unit.key, unit.original, f"[fr] {unit.original}")
            for unit in translation_units.document_text(session, SYSTEM, w.planned, document).units]


def xliff_returned(session: Session, w: World) -> bytes:
    """The planned meeting's agenda in French as an XLIFF file, every unit translated."""
    units = {unit.key: unit.target for unit in all_translated(session, w, "agenda")}
    root = etree.fromstring(xliff.export_xliff(session, SYSTEM, w.planned, "agenda", "fr"))
    for element in root.iter(f"{{{xliff.NS}}}trans-unit"):
        etree.SubElement(element, f"{{{xliff.NS}}}target", state="translated").text = units[element.get("id")]
    return etree.tostring(root)


def issued_in_french(session: Session, w: World, document: str) -> translations.LanguageVersion:
    """The French version of the planned meeting's latest `document`, every unit translated."""
    translations.import_units(session, SYSTEM, w.planned, document, "fr", all_translated(session, w, document))
    return translations.issued_language_version(session, SYSTEM, w.planned, document, "fr")


UNREACHABLE = mail_sender.MailServer("smtp", "127.0.0.1", 9, "", "", "planner@localhost")  # the discard port: closed


def failed_message(session: Session) -> int:
    """The newest message in the outbox, refused for good by the server."""
    message = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    message.state, message.last_error = MessageState.failed, "550 5.1.1 No such user"
    session.add(message)
    session.flush()
    return message.id


def circulated(session: Session, w: World, number: int | None = None) -> statement_versions.StatementText:
    return statement_versions.circulated_text(session, SYSTEM, w.planned, number)


def marked_up_file(session: Session, w: World) -> bytes:
    """The planned meeting's latest circulated version with its first operative paragraph deleted, tracked."""
    text = circulated(session, w)
    file = MarkedUp(statement_document.statement_document(session, SYSTEM, text))
    file.delete_paragraph(next(p.key for p in text.paragraphs if p.kind == ParagraphKind.operative))
    return file.save()


def working_draft(session: Session, w: World) -> statement_versions.StatementText:
    return statement_versions.draft_text(session, SYSTEM, w.planned)


def draft_paragraph(session: Session, w: World) -> Paragraph:
    """The working draft's last paragraph: the one Austria's amendment and bracket are on."""
    return working_draft(session, w).paragraphs[-1]


def first_statement_document(session: Session, w: World) -> IssuedDocument:
    return session.get(IssuedDocument, circulated(session, w, 1).version.document_id)


def under_silence(session: Session, w: World, *, expired: bool = False) -> SilenceProcedure:
    """The latest version put under silence a day ago until tomorrow, or (`expired`) until an hour ago."""
    now = utc_now()
    return silence.start(session, SYSTEM, w.planned, now=now - dt.timedelta(days=1),
                         expires_at=now - dt.timedelta(hours=1) if expired else now + dt.timedelta(days=1))


def issued_report(session: Session, w: World) -> int:
    """The planned meeting, its report issued on its first day without the statement."""
    summaries.issue_report(session, SYSTEM, w.planned, issued_on=planned_meeting(session, w).start_date,
                           annex=StatementAnnex.none)
    return w.planned


def austrian_note(session: Session, w: World) -> IssuedDocument:
    return session.get(IssuedDocument, session.get(Invitation, w.austria_invitation).note_id)


def adopted_statement(session: Session, w: World) -> silence.Silence:
    under_silence(session, w, expired=True)
    return silence.adopted(session, SYSTEM, w.planned)


def circulated_paragraph(session: Session, w: World) -> str:
    """The key of the first operative paragraph of the planned meeting's latest circulated statement."""
    return next(p.key for p in circulated(session, w).paragraphs if p.kind == ParagraphKind.operative)


def austrian_statement_comment(session: Session, w: World) -> int:
    """A comment of Austria's for the organizers only, on the planned meeting's circulated statement."""
    austria = Actor(email="delegate.austria@demo.osce", role=Role.delegate, delegation_id=w.austria)
    return statement_comments.add_comment(session, austria, w.planned, circulated_paragraph(session, w),
                                          "Could the paragraph name INTERPOL?", CommentAudience.organizers).id


def words_of(document: bytes) -> str:
    """Every word of a Word file: its paragraphs and its tables' cells."""
    opened = docx.Document(io.BytesIO(document))
    cells = [cell.text for grid in opened.tables for row in grid.rows for cell in row.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def with_working_title(document: bytes, w: World) -> bool:
    return WORKING_TITLE in words_of(document)


def draft_round(session: Session, w: World) -> int:
    return drafting.current_round(session, SYSTEM, w.statement)


def bracket_circulated(session: Session, w: World) -> int:
    """The working draft, with Austria's bracket, circulated as version 3."""
    return statement_versions.circulate(session, SYSTEM, w.planned).number


def holds_austrias_bracket(found: list, w: World) -> bool:
    return any(b.delegation_id == w.austria for b in found)


def austrian_amendment_accepted(session: Session, w: World) -> None:
    """Austria's amendment accepted into the working draft, which has not been circulated since."""
    amendments.accept(session, SYSTEM, w.amendment)


def austria_objects(session: Session, w: World) -> None:
    """Austria breaks the silence on the latest version with a written objection."""
    austria = Actor(email="delegate.austria@demo.osce", role=Role.delegate, delegation_id=w.austria)
    silence.break_silence(session, austria, w.planned, "We cannot join the consensus.")


def with_objection_text(found, w: World) -> bool:
    procedures = found if isinstance(found, list) else [found]
    return any("cannot join" in objection.text for procedure in procedures for objection in procedure.objections)


def austria_declined(session: Session, w: World) -> int:
    return invitations.decline(session, SYSTEM, w.austria_invitation).id


def turkiye_reminded(session: Session, w: World) -> None:
    invitations.record_reminders(session, SYSTEM, [w.turkiye_invitation])


def list_issued(session: Session, w: World) -> None:
    participants_list.issue_participants_list(session, SYSTEM, w.planned)


def names_germans(views: list, w: World) -> bool:
    return any(v.delegation == "Germany" for v in views)


def agenda_comment(session: Session, w: World, delegation_id: int):
    """A comment not yet stored, by this delegation, on the first item of the latest circulated agenda."""
    version = latest_agenda(session, w)
    return AgendaComment(meeting_id=w.planned, agenda_version_id=version.id,
                         item_key=agenda_versions.items_of(session, SYSTEM, version)[0].key, delegation_id=delegation_id,
                         author_email="delegate.austria@demo.osce", text="A word.",
                         audience=CommentAudience.all_delegations)


def answered_by_anyone(session: Session, w: World):
    """The agenda's thread, rewritten so that whoever may comment could answer: the thread's own capabilities are
    not what stands between a delegate and an organizer's answer."""
    return dataclasses.replace(comments.THREAD, answerers=Capability.comment_on_agenda)


def secretariat_account(session: Session) -> int:
    return session.exec(select(User.id).where(User.email == "secretariat@demo.osce")).one()


PURE = {
    "meetings.planning.known_time_zones", "meetings.planning.time_zones", "meetings.planning.today_at",
    "delegations.invitations.eligible", "delegations.invitations.title_of",
    "delegations.participants.check_nomination", "comment_threads.checked", "comment_threads.answered_since", "delegations.participants.nomination_of", "delegations.participants.parse_yes_no",
    "delegations.participants.participant_values", "delegations.participants.registration_open", "delegations.participants.nomination_refusal",
    "meetings.timetable.check_timetable", "meetings.timetable.clashes", "meetings.timetable.clashing_rows", "meetings.timetable.people", "meetings.timetable.clock_time",
    "meetings.formats.meeting_formats", "meetings.formats.session_outlines",
    "accounts.users.actor_for", "accounts.users.revision", "accounts.users.failed_sign_in_key", "accounts.sign_in.client_address",
    "audit.changed_only", "operations.audit_log.changes", "operations.audit_log.record_name", "operations.audit_log.action_phrase", "audit.snapshot", "audit.snapshot_of",
    "delegations.reference.kind_rank", "delegations.reference.name_index", "delegations.reference.normalize_name", "delegations.reference.delegation_order",
    "delegations.reference.sort_key",
    "delegations.spreadsheets.neutralise", "delegations.spreadsheets.read_table", "delegations.spreadsheets.chairmanship",
    "documents.note_verbale.author", "documents.note_verbale.note_verbale", "documents.note_verbale.wording",
    "documents.note_verbale.cited", "documents.participants_list.group_of", "translation.units.draft_title", "translation.units.attachments_sentence", "translation.units.made_by",
    "translation.units.agenda_note",
    "documents.participants_list.person", "documents.participants_list.role", "documents.participants_list.list_order",
    "documents.participants_list.standing", "documents.agenda.agenda_file_name",
    "documents.agenda.cell_lines", "documents.agenda.agenda_name", "documents.agenda.day_heading",
    "documents.agenda.column_headings", "documents.agenda.keep_with_note", "documents.agenda.write_days",
    "documents.statement.write_paragraphs", "documents.statement.write_attachment",
    "documents.language_version.language_file_name",
    "documents.comparison.heading_line", "documents.comparison.agenda_heading_line",
    "documents.comparison.comparison_file_name",
    "documents.comparison.agenda_comparison_file_name",
    "operations.backup.left_out", "operations.backup.backed_up_tables", "operations.backup.read_backup", "operations.demo.ascii_email",
    "languages.languages", "languages.by_code", "languages.by_name", "languages.names",
    "translation.translations.original_language", "translation.translations.target_languages",
    "translation.translations.checked_translation", "translation.xliff.read_xliff",
    "documents.calendar.meeting_request", "mail.sender.mail_server", "mail.sender.as_html", "mail.sender.email_message",
    "dates.long_date", "dates.date_range", "dates.date_span", "dates.as_utc", "dates.short_date", "dates.weekday",
    "dates.time_span", "dates.day_and_time",
    "text.is_noncharacter", "text.problem", "text.one_line_problem", "text.multiline_problem", "text.writable",
    "text.words.plural", "text.words.and_list", "text.words.number_word",
    "time_zones.describe", "time_zones.describe_days", "time_zones.abbreviations", "time_zones.local_moment",
    "agenda_review.comparison.compare_items",
    "statement.clauses.load", "statement.clauses.library", "statement.clauses.meeting_values",
    "statement.drafting.numbered", "statement.drafting.paragraph_names", "statement.drafting.mark_changed",
    "statement.drafting.unchanged_clause", "statement.brackets.shown",
    "statement.silence.state_at", "statement.report.report_title",
    "documents.statement.file_name", "documents.statement.adopted_file_name",
    "documents.calendar.uid", "documents.calendar.attends", "documents.calendar.calendar_file_name",
    "text.diff.compare", "text.diff.compare_rows", "text.diff.word_changes", "text.diff.chairmanship_author",
    "documents.tracked_changes.run_content",
    "documents.tracked_changes.revision_date", "documents.tracked_changes.write_comparison",
    "documents.tracked_changes.write_cell", "documents.tracked_changes.mark_row",
    "statement.word_amendments.read_marked_up", "statement.word_amendments.bookmark_name",
    "statement.marked_up.changed_words",
    "register.sha256", "register.archived", "register.add_builder", "register.builder_for",
    "register.load_builders_when_needed", "documents.archive.register_builders", "documents.issued.rebuilt_name",
    "documents.issued.marked_rebuilt",
}
OPEN = {
    "accounts.users.authenticate": "checks a password: nobody is signed in yet",
    "accounts.sign_in.sign_in": "signs in: nobody is signed in yet",
    "accounts.sign_in.actor_for_token": "finds who a browser's token signs in",
    "accounts.sign_in.sign_out": "ends the session its token names",
    "accounts.sign_in.ended_tokens": "tells which tokens sign nobody in any more, so their pages' files go",
    "delegations.reference.delegations": "the OSCE's participating States, Partners and organizations are public",
    "meetings.planning.chairmanship_holder": "which State holds the OSCE Chairmanship in a year is public",
    "delegations.reference.find_delegation": "the OSCE's participating States, Partners and organizations are public",
    "delegations.reference.priorities": "the Strategic Framework's priorities are public",
    "delegations.reference.normative_documents": "the normative basis is public",
}
RULES: dict[str, list[Case]] = {
    "meetings.planning.sees_drafts": [Case(lambda s, a, w: planning.sees_drafts(a), SIGNED_IN)],
    "meetings.planning.list_meetings": [Case(lambda s, a, w: planning.list_meetings(s, a), SIGNED_IN)],
    "meetings.planning.get_meeting": [Case(lambda s, a, w: planning.get_meeting(s, a, w.planned), SIGNED_IN),
                             Case(lambda s, a, w: planning.get_meeting(s, a, w.draft), MANAGERS)],
    "meetings.planning.details_of": [Case(lambda s, a, w: planning.details_of(s, a, w.planned), SIGNED_IN),
                            Case(lambda s, a, w: planning.details_of(s, a, w.draft), MANAGERS)],
    "meetings.planning.chosen_priorities": [Case(lambda s, a, w: planning.chosen_priorities(s, a, w.planned), SIGNED_IN),
                                   Case(lambda s, a, w: planning.chosen_priorities(s, a, w.draft), MANAGERS)],
    "meetings.planning.create_meeting": [Case(lambda s, a, w: planning.create_meeting(
        s, a, planning.details_of(s, SYSTEM, w.planned)), ORGANIZERS)],
    "meetings.planning.update_meeting": [Case(lambda s, a, w: planning.update_meeting(
        s, a, w.planned, planning.details_of(s, SYSTEM, w.planned), None), ORGANIZERS)],
    "meetings.planning.change_status": [Case(lambda s, a, w: planning.change_status(s, a, w.draft, MeetingStatus.planned),
                                    ORGANIZERS)],
    "meetings.planning.set_priorities": [Case(lambda s, a, w: planning.set_priorities(s, a, w.draft, ["terrorism"]), ORGANIZERS)],

    "delegations.invitations.visible_to": [Case(lambda s, a, w: s.exec(select(Invitation).where(
        Invitation.meeting_id == w.planned, invitations.visible_to(a))).all(), SIGNED_IN,
        shows=lambda found, w: any(i.delegation_id == w.germany for i in found), hidden_from=ALL_DELEGATES)],
    "delegations.invitations.list_invitations": [Case(lambda s, a, w: invitations.list_invitations(s, a, w.planned), SIGNED_IN),
                                     Case(lambda s, a, w: invitations.list_invitations(s, a, w.draft), MANAGERS)],
    "delegations.invitations.invited_count": [Case(lambda s, a, w: invitations.invited_count(s, a, w.planned), MANAGERS)],
    "delegations.invitations.invite": [Case(lambda s, a, w: invitations.invite(
        s, a, w.planned, [reference.find_delegation(s, "Belgium").id]), MANAGERS),
                           Case(lambda s, a, w: invitations.invite(
        s, a, w.draft, [reference.find_delegation(s, "Belgium").id]), ORGANIZERS)],
    "delegations.invitations.invite_group": [Case(lambda s, a, w: invitations.invite_group(
        s, a, w.planned, "Asian Partners for Co-operation"), MANAGERS)],
    "delegations.invitations.get_invitation": [Case(lambda s, a, w: invitations.get_invitation(s, a, w.austria_invitation),
                                        OWN_DELEGATION),
                                   Case(lambda s, a, w: invitations.get_invitation(s, a, w.draft_invitation), MANAGERS)],
    "delegations.invitations.invitation_for": [Case(lambda s, a, w: invitations.invitation_for(s, a, w.planned, w.austria),
                                        OWN_DELEGATION),
                                   Case(lambda s, a, w: invitations.invitation_for(s, a, w.draft, w.austria), MANAGERS)],
    "delegations.invitations.send": [Case(lambda s, a, w: invitations.send(s, a, invitations.invite(
        s, SYSTEM, w.planned, [reference.find_delegation(s, "Belgium").id])[0].id), MANAGERS)],
    "delegations.invitations.acknowledge": [Case(lambda s, a, w: invitations.acknowledge(s, a, w.turkiye_invitation), MANAGERS)],
    "delegations.invitations.record_nomination": [Case(lambda s, a, w: invitations.record_nomination(s, a, w.turkiye_invitation),
                                           MANAGERS)],
    "delegations.invitations.confirm": [Case(lambda s, a, w: invitations.confirm(s, a, w.germany_invitation), MANAGERS)],
    "delegations.invitations.decline": [Case(lambda s, a, w: invitations.decline(s, a, w.austria_invitation), MANAGERS)],
    "delegations.invitations.mark_no_reply": [Case(lambda s, a, w: invitations.mark_no_reply(s, a, w.turkiye_invitation), MANAGERS)],
    "delegations.invitations.reopen": [Case(lambda s, a, w: invitations.reopen(
        s, a, austria_declined(s, w), "Austria's note of today: it will attend after all."), MANAGERS)],
    "delegations.invitations.apply_to_many": [Case(lambda s, a, w: invitations.apply_to_many(
        s, a, [w.turkiye_invitation], InvitationState.acknowledged), MANAGERS),
                                  Case(lambda s, a, w: invitations.apply_to_many(s, a, [], InvitationState.declined),
                                       MANAGERS)],
    "delegations.invitations.note_nomination": [Case(lambda s, a, w: invitations.note_nomination(s, a, w.planned, w.austria),
                                         OWN_DELEGATION),
                                    Case(lambda s, a, w: invitations.note_nomination(s, a, w.draft, w.austria),
                                         MANAGERS)],
    "delegations.invitations.note_nominations": [
        Case(lambda s, a, w: invitations.note_nominations(s, a, w.planned, {w.austria}), OWN_DELEGATION),
        Case(lambda s, a, w: invitations.note_nominations(s, a, w.planned, {w.austria, w.germany}), MANAGERS),
        Case(lambda s, a, w: invitations.note_nominations(s, a, w.draft, {w.austria}), MANAGERS)],
    "delegations.invitations.require_invited": [Case(lambda s, a, w: invitations.require_invited(s, a, w.planned), DELEGATES),
                                    Case(lambda s, a, w: invitations.require_invited(s, a, w.draft), NOBODY)],
    "delegations.invitations.reminders_due": [Case(lambda s, a, w: invitations.reminders_due(s, a, w.planned, 60), MANAGERS)],
    "delegations.invitations.record_reminders": [Case(lambda s, a, w: invitations.record_reminders(s, a, [w.turkiye_invitation]),
                                          MANAGERS)],

    "delegations.participants.email_taken": [Case(lambda s, a, w: participants.email_taken(a, "x@bmi.example"), SIGNED_IN)],
    "delegations.participants.require_may_manage": [Case(lambda s, a, w: participants.require_may_manage(
        a, planned_meeting(s, w), w.austria), OWN_DELEGATION)],
    "delegations.participants.invited_delegations": [
        Case(lambda s, a, w: participants.invited_delegations(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: participants.invited_delegations(s, a, w.draft), MANAGERS)],
    "delegations.participants.list_participants": [
        Case(lambda s, a, w: participants.list_participants(s, a, w.planned), SIGNED_IN, shows=names_germans,
             hidden_from=ALL_DELEGATES),
        Case(lambda s, a, w: participants.list_participants(s, a, w.planned), SIGNED_IN,
             shows=lambda views, w: any(v.delegation == "Austria" for v in views), hidden_from=OTHER_DELEGATIONS),
        Case(lambda s, a, w: (list_issued(s, w), participants.list_participants(s, a, w.planned))[1], SIGNED_IN,
             shows=lambda views, w: any(v.last_name == "Berger" and v.function == "" and v.delegation == "Germany"
                                        for v in views)),
        Case(lambda s, a, w: (list_issued(s, w), participants.list_participants(s, a, w.planned))[1], SIGNED_IN,
             shows=lambda views, w: any(v.email == "jonas@bka.example" for v in views), hidden_from=ALL_DELEGATES),
        Case(lambda s, a, w: participants.list_participants(s, a, w.draft), MANAGERS)],
    "delegations.participants.emails_in_use": [Case(lambda s, a, w: participants.emails_in_use(s, a, w.planned), SIGNED_IN),
                                   Case(lambda s, a, w: participants.emails_in_use(s, a, w.draft), MANAGERS)],
    "delegations.participants.add_participant": [Case(lambda s, a, w: participants.add_participant(s, a, w.planned, nominee()),
                                          OWN_DELEGATION)],
    "delegations.participants.get_participant": [Case(lambda s, a, w: participants.get_participant(s, a, w.austrian),
                                          OWN_DELEGATION),
                                     Case(lambda s, a, w: participants.get_participant(s, a, w.german), MANAGERS)],
    "delegations.participants.update_participant": [Case(lambda s, a, w: participants.update_participant(
        s, a, w.austrian, nominee(email="changed@bmi.example"), None), OWN_DELEGATION)],
    "delegations.participants.set_registration": [Case(lambda s, a, w: participants.set_registration(
        s, a, w.austrian, RegistrationStatus.registered, True, None), MANAGERS)],
    "delegations.participants.remove_participant": [Case(lambda s, a, w: participants.remove_participant(s, a, w.austrian, None),
                                             OWN_DELEGATION)],

    "meetings.timetable.agenda_items": [Case(lambda s, a, w: timetable.agenda_items(s, a, w.planned), MANAGERS),
                            Case(lambda s, a, w: timetable.agenda_items(s, a, w.draft), MANAGERS)],
    "meetings.timetable.timetable_problems": [Case(lambda s, a, w: timetable.timetable_problems(s, a, w.planned), MANAGERS),
                                  Case(lambda s, a, w: timetable.timetable_problems(s, a, w.draft), MANAGERS)],
    "meetings.timetable.timetable_versions": [Case(lambda s, a, w: timetable.timetable_versions(s, a, w.planned), MANAGERS),
                                  Case(lambda s, a, w: timetable.timetable_versions(s, a, w.draft), MANAGERS)],
    "meetings.timetable.generate_timetable": [Case(lambda s, a, w: timetable.generate_timetable(s, a, w.planned, "brussels-2006"),
                                       ORGANIZERS)],
    "meetings.timetable.save_timetable": [Case(lambda s, a, w: timetable.save_timetable(s, a, w.planned, []), ORGANIZERS)],

    "accounts.users.add_user": [Case(lambda s, a, w: users.add_user(s, a, "new@test.osce", Role.secretariat, "a secret long enough"), ADMIN)],
    "accounts.users.list_accounts": [Case(lambda s, a, w: users.list_accounts(s, a), ADMIN)],
    "accounts.users.find_account": [Case(lambda s, a, w: users.find_account(s, a, "secretariat@demo.osce"), ADMIN)],
    "accounts.users.change_role": [Case(lambda s, a, w: users.change_role(
        s, a, secretariat_account(s), Role.delegate, "Austria", None), ADMIN)],
    "accounts.users.set_active": [Case(lambda s, a, w: users.set_active(s, a, secretariat_account(s), False, None), ADMIN)],
    "accounts.users.reset_password": [Case(lambda s, a, w: users.reset_password(s, a, secretariat_account(s), "new-passphrase", None),
                                  ADMIN)],
    "comment_threads.post": [
        Case(lambda s, a, w: comment_threads.post(s, a, comments.THREAD, agenda_comment(s, w, w.germany), w.planned),
             NOBODY),
        Case(lambda s, a, w: comment_threads.post(s, a, comments.THREAD, agenda_comment(s, w, w.austria), w.planned),
             AUSTRIA)],
    "comment_threads.answer": [
        Case(lambda s, a, w: comment_threads.answer(s, a, comments.THREAD, w.comment, "Yes.", resolve=True,
                                                    expected_version=None), ORGANIZERS),
        Case(lambda s, a, w: comment_threads.answer(s, a, answered_by_anyone(s, w), w.comment, "Yes.", resolve=True,
                                                    expected_version=None), ADMIN)],
    "comment_threads.resolve": [
        Case(lambda s, a, w: comment_threads.resolve(s, a, comments.THREAD, w.comment, None), ORGANIZERS),
        Case(lambda s, a, w: comment_threads.resolve(s, a, answered_by_anyone(s, w), w.comment, None), ADMIN)],
    "comment_threads.readable": [Case(
        lambda s, a, w: s.exec(comment_threads.readable(select(AgendaComment), comments.THREAD, a)).all(), SIGNED_IN,
        shows=lambda found, w: any(c.id == w.comment for c in found), hidden_from=OTHER_DELEGATIONS)],
    "operations.audit_log.entries": [Case(lambda s, a, w: audit_log.entries(s, a), MANAGERS)],
    "operations.audit_log.readable_entries": [Case(lambda s, a, w: audit_log.readable_entries(s, a, who="command line"), MANAGERS)],
    "operations.audit_log.described": [Case(lambda s, a, w: audit_log.described(s, a, audit_log.entries(s, SYSTEM)), MANAGERS)],
    "delegations.replies.reply_summary": [Case(lambda s, a, w: replies.reply_summary(s, a, w.planned), MANAGERS)],
    "delegations.reference.load_reference_data": [Case(lambda s, a, w: reference.load_reference_data(s, a), ADMIN)],

    "delegations.spreadsheets.preview_import": [Case(lambda s, a, w: imported(lambda: spreadsheets.preview_import(
        s, a, w.planned, austrian_row(), "p.csv")), OWN_DELEGATION)],
    "delegations.spreadsheets.import_participants": [Case(lambda s, a, w: imported(lambda: spreadsheets.import_participants(
        s, a, w.planned, austrian_row(), "p.csv")), OWN_DELEGATION)],
    "delegations.spreadsheets.export_rows": [Case(lambda s, a, w: spreadsheets.export_rows(s, a, w.planned), SIGNED_IN)],
    "delegations.spreadsheets.export_participants": [Case(lambda s, a, w: spreadsheets.export_participants(
        s, a, w.planned, "p.xlsx"), SIGNED_IN),
                                         Case(lambda s, a, w: spreadsheets.export_participants(
        s, a, w.draft, "p.csv"), MANAGERS)],

    "documents.agenda.agenda_document": [
        Case(lambda s, a, w: agenda_document.agenda_document(s, a, w.planned), MANAGERS, shows=with_working_title),
        Case(lambda s, a, w: agenda_document.agenda_document(s, a, w.planned, latest_agenda(s, w)), SIGNED_IN,
             shows=with_working_title, hidden_from=SIGNED_IN),
        Case(lambda s, a, w: agenda_document.agenda_document(s, a, w.draft), MANAGERS)],
    "documents.comparison.agenda_comparison_document": [Case(lambda s, a, w: comparison_document.agenda_comparison_document(
        s, a, two_agenda_versions_compared(s, w)), SIGNED_IN)],
    "documents.participants_list.issue_participants_list": [
        Case(lambda s, a, w: participants_list.issue_participants_list(s, a, w.planned), MANAGERS)],
    "documents.participants_list.participants_list_file_name": [
        Case(lambda s, a, w: participants_list.participants_list_file_name(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: participants_list.participants_list_file_name(s, a, w.draft), MANAGERS)],
    "documents.note_verbale.notes_verbales_zip": [Case(lambda s, a, w: note_verbale.notes_verbales_zip(s, a, w.planned), MANAGERS)],
    "statement.comments.add_comment": [Case(lambda s, a, w: statement_comments.add_comment(
        s, a, w.planned, circulated_paragraph(s, w), "Please add INTERPOL.", CommentAudience.all_delegations),
        DELEGATES)],
    "statement.comments.answer": [Case(lambda s, a, w: statement_comments.answer(
        s, a, austrian_statement_comment(s, w), "It will."), ORGANIZERS)],
    "statement.comments.resolve": [Case(lambda s, a, w: statement_comments.resolve(
        s, a, austrian_statement_comment(s, w)), ORGANIZERS)],
    "statement.comments.comments": [
        Case(lambda s, a, w: statement_comments.comments(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: statement_comments.comments(s, a, w.draft), MANAGERS)],
    "documents.note_verbale.delegation_note": [
        Case(lambda s, a, w: note_verbale.delegation_note(s, a, w.austria_invitation), OWN_DELEGATION),
        Case(lambda s, a, w: note_verbale.delegation_note(s, a, w.draft_invitation), MANAGERS)],
    "documents.participants_list.participants_list_document": [
        Case(lambda s, a, w: participants_list.participants_list_document(s, a, w.planned), MANAGERS)],
    "documents.statement.write_statement": [
        Case(lambda s, a, w: statement_document.write_statement(new_document(title="Statement", author="Chairmanship"),
                                                                s, a, circulated(s, w), issued_on=dt.date.today()),
             SIGNED_IN),
        Case(lambda s, a, w: statement_document.write_statement(new_document(title="Statement", author="Chairmanship"),
                                                                s, a, working_draft(s, w), issued_on=dt.date.today()),
             ORGANIZERS)],
    "documents.statement.statement_document": [
        Case(lambda s, a, w: statement_document.statement_document(s, a, circulated(s, w)), SIGNED_IN),
        Case(lambda s, a, w: statement_document.statement_document(s, a, working_draft(s, w)), ORGANIZERS)],
    "documents.comparison.comparison_document": [Case(lambda s, a, w: comparison_document.comparison_document(
        s, a, statement_comparison.comparison(s, SYSTEM, w.planned, 1, 2)), SIGNED_IN)],
    "documents.statement.adopted_document": [
        Case(lambda s, a, w: statement_document.adopted_document(s, a, adopted_statement(s, w), []), SIGNED_IN)],
    "documents.statement.adopted_text": [
        Case(lambda s, a, w: statement_document.adopted_text(s, a, adopted_statement(s, w)), SIGNED_IN)],
    "documents.statement.write_adopted": [
        Case(lambda s, a, w: statement_document.write_adopted(new_document(title="Statement", author="Chairmanship"),
                                                              s, a, adopted_statement(s, w), []), SIGNED_IN)],
    "documents.report.report_document": [
        Case(lambda s, a, w: report_document.report_document(s, a, w.planned, annex=StatementAnnex.latest_version),
             MANAGERS),
        Case(lambda s, a, w: report_document.report_document(s, a, issued_report(s, w)), SIGNED_IN),
        Case(lambda s, a, w: report_document.report_document(s, a, w.draft), MANAGERS)],
    "documents.report.report_file_name": [
        Case(lambda s, a, w: report_document.report_file_name(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: report_document.report_file_name(s, a, w.draft), MANAGERS)],
    "documents.calendar.calendar_file": [
        Case(lambda s, a, w: calendar.calendar_file(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: calendar.calendar_file(s, a, w.planned, delegation="Austria"), SIGNED_IN)],

    "register.issue_document": [Case(lambda s, a, w: register.issue_document(
        s, a, meeting=planned_meeting(s, w), kind=DocumentKind.report, title="Report"), MANAGERS)],
    "register.issue_suffix": [Case(lambda s, a, w: register.issue_suffix(
        s, a, base=first_statement_document(s, w), suffix=DocumentSuffix.corrigendum, title="Corrigendum"), MANAGERS)],
    "register.issue_revisable": [Case(lambda s, a, w: register.issue_revisable(
        s, a, meeting=planned_meeting(s, w), kind=DocumentKind.statement, title="Statement"), MANAGERS)],
    "register.next_revisable_symbol": [
        Case(lambda s, a, w: register.next_revisable_symbol(
            s, a, meeting=planned_meeting(s, w), kind=DocumentKind.agenda), MANAGERS),
        Case(lambda s, a, w: register.next_revisable_symbol(
            s, a, meeting=planned_meeting(s, w), kind=DocumentKind.statement), MANAGERS)],
    "register.documents": [Case(lambda s, a, w: register.documents(s, a, w.planned), MANAGERS),
                           Case(lambda s, a, w: register.documents(s, a), MANAGERS)],
    "register.latest": [Case(lambda s, a, w: register.latest(s, a, w.planned, DocumentKind.statement), SIGNED_IN),
                        Case(lambda s, a, w: (turkiye_reminded(s, w), register.latest(
                            s, a, w.planned, DocumentKind.reminder))[1], SIGNED_IN,
                             shows=lambda found, w: found is not None, hidden_from=AUSTRIA | OUTSIDER),
                        Case(lambda s, a, w: register.latest(s, a, w.planned, DocumentKind.note_verbale), SIGNED_IN,
                             shows=lambda found, w: found is not None and "Germany" in found.title,
                             hidden_from=ALL_DELEGATES),
                        Case(lambda s, a, w: register.latest(s, a, w.draft, DocumentKind.agenda), MANAGERS)],
    "register.suffixes_of": [Case(lambda s, a, w: register.suffixes_of(
        s, a, first_statement_document(s, w), DocumentSuffix.revision), MANAGERS)],

    "archive.entries": [Case(lambda s, a, w: archive.entries(s, a, meeting_id=w.planned), SIGNED_IN,
                             shows=lambda found, w: any("Germany" in e.document.title for e in found),
                             hidden_from=ALL_DELEGATES),
                        Case(lambda s, a, w: archive.entries(s, a, meeting_id=w.draft), MANAGERS)],
    "archive.years": [Case(lambda s, a, w: archive.years(s, a), SIGNED_IN)],
    "archive.readable_document": [
        Case(lambda s, a, w: archive.readable_document(s, a, first_statement_document(s, w).id), SIGNED_IN),
        Case(lambda s, a, w: archive.readable_document(s, a, austrian_note(s, w).id), OWN_DELEGATION)],
    "archive.find": [Case(lambda s, a, w: archive.find(s, a, austrian_note(s, w).symbol), OWN_DELEGATION)],
    "archive.stored_file": [Case(lambda s, a, w: archive.stored_file(s, a, austrian_note(s, w)), OWN_DELEGATION)],
    "archive.keep_language_version": [Case(lambda s, a, w: archive.keep_language_version(
        s, a, first_statement_document(s, w), "fr", "CIO.GAL_1_fr.docx", b"PK"), SIGNED_IN)],
    "archive.latest_addendum": [Case(lambda s, a, w: archive.latest_addendum(
        s, a, first_statement_document(s, w), DocumentKind.interpretative_statement), SIGNED_IN)],
    "archive.verify": [Case(lambda s, a, w: archive.verify(s, a), MANAGERS)],
    "archive.kept_hashes": [Case(lambda s, a, w: archive.kept_hashes(s, a), MANAGERS)],
    "documents.issued.issued_file": [
        Case(lambda s, a, w: issued.issued_file(s, a, austrian_note(s, w)), OWN_DELEGATION)],
    "documents.issued.document_file": [
        Case(lambda s, a, w: issued.document_file(s, a, first_statement_document(s, w).id), SIGNED_IN)],
    "documents.issued.issued_files_zip": [
        Case(lambda s, a, w: issued.issued_files_zip(s, a, [austrian_note(s, w).id]), OWN_DELEGATION)],
    "documents.agenda.build_agenda": [
        Case(lambda s, a, w: agenda_document.build_agenda(s, a, w.planned), MANAGERS, shows=with_working_title),
        Case(lambda s, a, w: agenda_document.build_agenda(s, a, w.planned, latest_agenda(s, w)), SIGNED_IN)],
    "documents.statement.build_statement": [
        Case(lambda s, a, w: statement_document.build_statement(s, a, circulated(s, w)), SIGNED_IN),
        Case(lambda s, a, w: statement_document.build_statement(s, a, working_draft(s, w)), ORGANIZERS)],
    "documents.statement.adopted_file": [
        Case(lambda s, a, w: statement_document.adopted_file(s, a, adopted_statement(s, w)), SIGNED_IN)],
    "documents.report.build_report": [
        Case(lambda s, a, w: report_document.build_report(s, a, planned_meeting(s, w), None,
                                                          annex=StatementAnnex.latest_version), MANAGERS)],
    "documents.participants_list.build_participants_list": [
        Case(lambda s, a, w: participants_list.build_participants_list(s, a, planned_meeting(s, w), None), MANAGERS)],

    "operations.backup.create_backup": [Case(lambda s, a, w: backup.create_backup(s, a), ADMIN)],
    "operations.backup.contents": [Case(lambda s, a, w: backup.contents(s, a), ADMIN)],
    "operations.backup.accounts_by_role": [Case(lambda s, a, w: backup.accounts_by_role(s, a), ADMIN)],
    "operations.backup.restore_backup": [Case(lambda s, a, w: backup.restore_backup(
        s, a, backup.create_backup(s, SYSTEM), replace=True), ADMIN)],
    "operations.demo.ensure_demo_users": [Case(lambda s, a, w: demo.ensure_demo_users(s, a), ADMIN)],
    "operations.demo.create_demo_meeting": [Case(lambda s, a, w: demo.create_demo_meeting(s, a), ADMIN)],

    "agenda_review.versions.sees_work_in_progress": [
        Case(lambda s, a, w: agenda_versions.sees_work_in_progress(a), SIGNED_IN)],
    "agenda_review.versions.versions": [Case(lambda s, a, w: agenda_versions.versions(s, a, w.planned), SIGNED_IN),
                                        Case(lambda s, a, w: agenda_versions.versions(s, a, w.draft), MANAGERS)],
    "agenda_review.versions.issued_versions": [
        Case(lambda s, a, w: agenda_versions.issued_versions(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: agenda_versions.issued_versions(s, a, w.draft), MANAGERS)],
    "agenda_review.versions.get_version": [Case(lambda s, a, w: agenda_versions.get_version(s, a, w.planned), SIGNED_IN),
                                           Case(lambda s, a, w: agenda_versions.get_version(s, a, w.planned, 1), SIGNED_IN)],
    "agenda_review.versions.items_of": [
        Case(lambda s, a, w: agenda_versions.items_of(s, a, latest_agenda(s, w)), SIGNED_IN),
        Case(lambda s, a, w: agenda_versions.items_of(s, a, draft_agenda(s, w)), MANAGERS)],
    "agenda_review.versions.draft_version": [Case(lambda s, a, w: agenda_versions.draft_version(s, a, w.planned),
                                                  ORGANIZERS)],
    "agenda_review.versions.prepare": [Case(lambda s, a, w: agenda_versions.prepare(s, a, w.planned), ORGANIZERS)],
    "agenda_review.versions.discard": [Case(lambda s, a, w: (draft_agenda(s, w), agenda_versions.discard(
        s, a, w.planned)), ORGANIZERS)],
    "agenda_review.versions.circulate": [Case(lambda s, a, w: agenda_versions.circulate(s, a, w.planned), ORGANIZERS)],
    "agenda_review.versions.make_final": [Case(lambda s, a, w: agenda_versions.make_final(s, a, w.planned), ORGANIZERS)],
    "agenda_review.versions.record_opening": [
        Case(lambda s, a, w: agenda_versions.record_opening(s, a, latest_agenda(s, w)), SIGNED_IN)],
    "agenda_review.versions.openings": [Case(lambda s, a, w: agenda_versions.openings(s, a, w.planned, 1), MANAGERS)],
    "agenda_review.versions.last_seen": [
        Case(lambda s, a, w: agenda_versions.last_seen(s, a, w.planned, latest_agenda(s, w)), SIGNED_IN)],
    "agenda_review.comments.add_comment": [Case(lambda s, a, w: comments.add_comment(
        s, a, w.planned, agenda_versions.items_of(s, SYSTEM, latest_agenda(s, w))[1].key, "Could we break later?",
        CommentAudience.all_delegations), DELEGATES)],
    "agenda_review.comments.answer": [Case(lambda s, a, w: comments.answer(s, a, w.comment, "Yes."), ORGANIZERS)],
    "agenda_review.comments.resolve": [Case(lambda s, a, w: comments.resolve(s, a, w.comment), ORGANIZERS)],
    "agenda_review.comments.comments": [Case(lambda s, a, w: comments.comments(s, a, w.planned), SIGNED_IN,
                                             shows=lambda views, w: any(v.comment.id == w.comment for v in views),
                                             hidden_from=OTHER_DELEGATIONS),
                                        Case(lambda s, a, w: comments.comments(s, a, w.draft), MANAGERS)],
    "agenda_review.comments.answered_since": [
        Case(lambda s, a, w: comments.answered_since(s, a, w.planned, None), SIGNED_IN),
        Case(lambda s, a, w: comments.answered_since(s, a, w.draft, None), MANAGERS)],
    "agenda_review.comparison.compare_versions": [
        Case(lambda s, a, w: agenda_comparison.compare_versions(s, a, w.planned, 1, 2), SIGNED_IN)],

    "statement.drafting.statement_of": [Case(lambda s, a, w: drafting.statement_of(s, a, w.planned), SIGNED_IN),
                                        Case(lambda s, a, w: drafting.statement_of(s, a, w.draft), MANAGERS)],
    "statement.drafting.require_reader": [Case(lambda s, a, w: drafting.require_reader(s, a, w.statement), SIGNED_IN)],
    "statement.drafting.working_draft": [Case(lambda s, a, w: drafting.working_draft(s, a, w.planned), ORGANIZERS)],
    "statement.drafting.paragraphs_of": [
        Case(lambda s, a, w: drafting.paragraphs_of(s, a, circulated(s, w).version), SIGNED_IN),
        Case(lambda s, a, w: drafting.paragraphs_of(s, a, working_draft(s, w).version), ORGANIZERS)],
    "statement.drafting.priorities_in_session_order": [
        Case(lambda s, a, w: drafting.priorities_in_session_order(s, a, planned_meeting(s, w)), MANAGERS),
        Case(lambda s, a, w: drafting.priorities_in_session_order(s, a, s.get(planning.Meeting, w.draft)), MANAGERS)],
    "statement.drafting.first_draft": [
        Case(lambda s, a, w: drafting.first_draft(s, a, planned_meeting(s, w)), MANAGERS),
        Case(lambda s, a, w: drafting.first_draft(s, a, s.get(planning.Meeting, w.draft)), MANAGERS)],
    "statement.drafting.draft_from_priorities": [
        Case(lambda s, a, w: drafting.draft_from_priorities(s, a, w.planned, replace=True), ORGANIZERS)],
    "statement.drafting.add_paragraph": [Case(lambda s, a, w: drafting.add_paragraph(
        s, a, w.planned, kind=ParagraphKind.operative, text="Agree to meet again;"), ORGANIZERS)],
    "statement.drafting.add_clause": [Case(lambda s, a, w: drafting.add_clause(s, a, w.planned, "closing-polis"),
                                           ORGANIZERS)],
    "statement.drafting.edit_paragraph": [Case(lambda s, a, w: drafting.edit_paragraph(
        s, a, draft_paragraph(s, w).id, "Agree to meet again;"), ORGANIZERS)],
    "statement.drafting.delete_paragraph": [Case(lambda s, a, w: drafting.delete_paragraph(
        s, a, draft_paragraph(s, w).id), ORGANIZERS)],
    "statement.drafting.move_paragraph": [Case(lambda s, a, w: drafting.move_paragraph(
        s, a, draft_paragraph(s, w).id, -1), ORGANIZERS)],
    "statement.drafting.reorder": [Case(lambda s, a, w: drafting.reorder(
        s, a, w.planned, [p.key for p in working_draft(s, w).paragraphs]), ORGANIZERS)],
    "statement.drafting.current_round": [Case(lambda s, a, w: drafting.current_round(s, a, w.statement), SIGNED_IN)],
    "statement.drafting.latest_circulated": [Case(lambda s, a, w: drafting.latest_circulated(s, a, w.statement),
                                                  SIGNED_IN)],

    "statement.versions.circulated_versions": [
        Case(lambda s, a, w: statement_versions.circulated_versions(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: statement_versions.circulated_versions(s, a, w.draft), MANAGERS)],
    "statement.versions.circulated_text": [
        Case(lambda s, a, w: statement_versions.circulated_text(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: statement_versions.circulated_text(s, a, w.planned, 1), SIGNED_IN)],
    "statement.versions.draft_text": [Case(lambda s, a, w: statement_versions.draft_text(s, a, w.planned), ORGANIZERS)],
    "statement.versions.circulate": [Case(lambda s, a, w: statement_versions.circulate(s, a, w.planned), ORGANIZERS)],
    "statement.versions.circulation_preview": [
        Case(lambda s, a, w: statement_versions.circulation_preview(s, a, w.planned), ORGANIZERS)],

    "statement.amendments.propose": [Case(lambda s, a, w: amendments.propose(
        s, a, w.planned, paragraph_key=circulated(s, w).paragraphs[0].key, kind=AmendmentKind.delete), DELEGATES),
        Case(lambda s, a, w: amendments.propose(s, a, w.planned, paragraph_key=circulated(s, w).paragraphs[0].key,
                                                kind=AmendmentKind.delete, for_delegation=w.austria),
             ORGANIZERS | AUSTRIA)],
    "statement.amendments.speaking_for": [
        Case(lambda s, a, w: amendments.speaking_for(s, a, w.planned), DELEGATES),
        Case(lambda s, a, w: amendments.speaking_for(s, a, w.planned, w.austria), ORGANIZERS | AUSTRIA)],
    "statement.amendments.opening": [
        Case(lambda s, a, w: amendments.opening(s, a, w.planned), DELEGATES),
        Case(lambda s, a, w: amendments.opening(s, a, w.planned, w.austria), ORGANIZERS | AUSTRIA)],
    "statement.marked_up.preview": [
        Case(lambda s, a, w: marked_up.preview(s, a, w.planned, marked_up_file(s, w)), DELEGATES),
        Case(lambda s, a, w: marked_up.preview(s, a, w.planned, marked_up_file(s, w), delegation_id=w.austria),
             ORGANIZERS | AUSTRIA)],
    "statement.marked_up.confirm": [
        Case(lambda s, a, w: marked_up.confirm(s, a, w.planned, marked_up_file(s, w), [1]), DELEGATES),
        Case(lambda s, a, w: marked_up.confirm(s, a, w.planned, marked_up_file(s, w), [1], delegation_id=w.austria),
             ORGANIZERS | AUSTRIA)],
    "statement.amendments.withdraw": [Case(lambda s, a, w: amendments.withdraw(s, a, w.amendment), AUSTRIA)],
    "statement.amendments.reject": [Case(lambda s, a, w: amendments.reject(s, a, w.amendment, "Not agreed."),
                                         ORGANIZERS)],
    "statement.amendments.accept": [Case(lambda s, a, w: amendments.accept(s, a, w.amendment), ORGANIZERS)],
    "statement.amendments.amendments": [Case(lambda s, a, w: amendments.amendments(s, a, w.planned),
                                             MANAGERS | ALL_DELEGATES),
                                        Case(lambda s, a, w: amendments.amendments(s, a, w.draft), MANAGERS)],
    "statement.amendments.count_amendments": [
        Case(lambda s, a, w: amendments.count_amendments(s, a, w.planned), MANAGERS | ALL_DELEGATES),
        Case(lambda s, a, w: amendments.count_amendments(s, a, w.draft, to_decide=True), MANAGERS)],
    "statement.amendments.authors_between": [
        Case(lambda s, a, w: amendments.authors_between(s, a, w.statement, 1, 2), SIGNED_IN),
        Case(lambda s, a, w: (austrian_amendment_accepted(s, w), amendments.authors_between(
            s, a, w.statement, 1, 2))[1], SIGNED_IN, shows=lambda found, w: w.austria in found.values(),
             hidden_from=SIGNED_IN),
        Case(lambda s, a, w: (austrian_amendment_accepted(s, w), amendments.authors_between(
            s, a, w.statement, 1, draft_round(s, w)))[1], SIGNED_IN, shows=lambda found, w: w.austria in found.values(),
             hidden_from=ALL_DELEGATES | {"secretariat"})],

    "statement.brackets.place": [Case(lambda s, a, w: brackets.place(
        s, a, w.planned, draft_paragraph(s, w).key, w.germany), ORGANIZERS)],
    "statement.brackets.lift": [Case(lambda s, a, w: brackets.lift(s, a, w.bracket), ORGANIZERS | AUSTRIA)],
    "statement.brackets.standing": [
        Case(lambda s, a, w: brackets.standing(s, a, w.statement, 2), SIGNED_IN),
        Case(lambda s, a, w: brackets.standing(s, a, w.statement, None), ORGANIZERS, shows=holds_austrias_bracket),
        Case(lambda s, a, w: brackets.standing(s, a, w.statement, draft_round(s, w)), ORGANIZERS),
        Case(lambda s, a, w: brackets.standing(s, a, w.statement, bracket_circulated(s, w)), SIGNED_IN,
             shows=holds_austrias_bracket, hidden_from=OTHER_DELEGATIONS)],
    "statement.brackets.in_version": [
        Case(lambda s, a, w: brackets.in_version(s, a, circulated(s, w).version), SIGNED_IN),
        Case(lambda s, a, w: (bracket_circulated(s, w), brackets.in_version(s, a, circulated(s, w).version))[1],
             SIGNED_IN, shows=holds_austrias_bracket, hidden_from=OTHER_DELEGATIONS)],
    "statement.brackets.in_draft": [Case(lambda s, a, w: brackets.in_draft(s, a, w.planned), ORGANIZERS)],
    "statement.brackets.held_by_own_delegation": [
        Case(lambda s, a, w: brackets.held_by_own_delegation(s, a, w.planned), ALL_DELEGATES)],
    "statement.brackets.lifted_since_circulation": [
        Case(lambda s, a, w: brackets.lifted_since_circulation(s, a, w.planned), ORGANIZERS)],

    "statement.silence.procedures": [Case(lambda s, a, w: silence.procedures(s, a, w.planned), SIGNED_IN),
                                     Case(lambda s, a, w: (under_silence(s, w), austria_objects(s, w),
                                                           silence.procedures(s, a, w.planned))[-1], SIGNED_IN,
                                          shows=with_objection_text, hidden_from=OTHER_DELEGATIONS),
                                     Case(lambda s, a, w: silence.procedures(s, a, w.draft), MANAGERS)],
    "statement.silence.current": [Case(lambda s, a, w: (under_silence(s, w), silence.current(s, a, w.planned)),
                                       SIGNED_IN),
                                  Case(lambda s, a, w: (under_silence(s, w), austria_objects(s, w),
                                                        silence.current(s, a, w.planned))[-1], SIGNED_IN,
                                       shows=with_objection_text, hidden_from=OTHER_DELEGATIONS),
                                  Case(lambda s, a, w: silence.current(s, a, w.draft), MANAGERS)],
    "statement.silence.adopted": [Case(lambda s, a, w: (under_silence(s, w, expired=True),
                                                        silence.adopted(s, a, w.planned)), SIGNED_IN),
                                  Case(lambda s, a, w: silence.adopted(s, a, w.draft), MANAGERS)],
    "statement.silence.refuse_if_adopted": [
        Case(lambda s, a, w: silence.refuse_if_adopted(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: silence.refuse_if_adopted(s, a, w.draft), MANAGERS)],
    "statement.silence.refuse_when_closed": [Case(lambda s, a, w: silence.refuse_when_closed(
        s, a, w.planned, circulated(s, w).version), SIGNED_IN)],
    "statement.silence.open_paragraph": [Case(lambda s, a, w: silence.open_paragraph(
        s, a, w.planned, circulated_paragraph(s, w)), SIGNED_IN)],
    "statement.silence.start": [Case(lambda s, a, w: silence.start(
        s, a, w.planned, expires_at=utc_now() + dt.timedelta(days=1)), ORGANIZERS)],
    "statement.silence.break_silence": [Case(lambda s, a, w: (under_silence(s, w), silence.break_silence(
        s, a, w.planned, "We cannot join the consensus.")), DELEGATES)],
    "statement.silence.record_objection": [Case(lambda s, a, w: silence.record_objection(
        s, a, w.planned, under_silence(s, w), w.austria, "We cannot join the consensus.", utc_now()), AUSTRIA)],

    "statement.interpretative.submit": [Case(lambda s, a, w: (adopted_statement(s, w), interpretative.submit(
        s, a, w.planned, "We join the consensus on our understanding of paragraph 1.")), DELEGATES)],
    "translation.units.statement_text": [Case(lambda s, a, w: translation_units.statement_text(s, a, w.planned), SIGNED_IN)],
    "translation.units.agenda_text": [Case(lambda s, a, w: translation_units.agenda_text(s, a, w.planned), SIGNED_IN)],
    "translation.units.document_text": [
        Case(lambda s, a, w: translation_units.document_text(s, a, w.planned, "agenda", 1), SIGNED_IN)],
    "translation.translations.language_version": [
        Case(lambda s, a, w: translations.language_version(s, a, w.planned, "statement", "fr"), MANAGERS)],
    "translation.translations.progress": [Case(lambda s, a, w: translations.progress(s, a, w.planned, "agenda"), MANAGERS)],
    "translation.translations.translate": [Case(lambda s, a, w: translations.translate(
        s, a, w.planned, "statement", "fr", "title", "Projet de déclaration"), MANAGERS)],
    "translation.translations.import_units": [Case(lambda s, a, w: translations.import_units(
        s, a, w.planned, "agenda", "fr", all_translated(s, w, "agenda")), MANAGERS)],
    "translation.xliff.export_xliff": [
        Case(lambda s, a, w: xliff.export_xliff(s, a, w.planned, "statement", "fr"), MANAGERS)],
    "translation.xliff.import_xliff": [Case(lambda s, a, w: xliff.import_xliff(s, a, w.planned, xliff_returned(s, w)),
                                            MANAGERS)],
    "translation.translations.issued_language_version": [Case(lambda s, a, w: (
        translations.import_units(s, SYSTEM, w.planned, "agenda", "fr", all_translated(s, w, "agenda")),
        translations.issued_language_version(s, a, w.planned, "agenda", "fr")), SIGNED_IN)],
    "documents.language_version.language_statement_document": [
        Case(lambda s, a, w: language_document.language_statement_document(
            s, a, translations.language_version(s, SYSTEM, w.planned, "statement", "fr"), draft=True), MANAGERS),
        Case(lambda s, a, w: language_document.language_statement_document(s, a, issued_in_french(s, w, "statement"),
                                                                           draft=False), SIGNED_IN)],
    "documents.language_version.language_agenda_document": [
        Case(lambda s, a, w: language_document.language_agenda_document(
            s, a, translations.language_version(s, SYSTEM, w.planned, "agenda", "fr"), draft=True), MANAGERS),
        Case(lambda s, a, w: language_document.language_agenda_document(s, a, issued_in_french(s, w, "agenda"),
                                                                        draft=False), SIGNED_IN)],
    "documents.language_version.language_export": [
        Case(lambda s, a, w: language_document.language_export(s, a, w.planned, "statement", "fr", draft=True),
             MANAGERS),
        Case(lambda s, a, w: (issued_in_french(s, w, "agenda"), language_document.language_export(
            s, a, w.planned, "agenda", "fr", draft=False)), SIGNED_IN)],
    "mail.preferences.choices": [Case(lambda s, a, w: mail_preferences.choices(s, a), SIGNED_IN - OUTSIDER)],
    "mail.preferences.choose": [Case(lambda s, a, w: mail_preferences.choose(
        s, a, MailKind.statement_circulated, Delivery.digest), SIGNED_IN - OUTSIDER)],
    "mail.preferences.choose_time_zone": [Case(lambda s, a, w: mail_preferences.choose_time_zone(
        s, a, "Europe/Istanbul"), SIGNED_IN - OUTSIDER)],
    "mail.preferences.set_official_address": [Case(lambda s, a, w: mail_preferences.set_official_address(
        s, a, w.austria, "mission@example.org"), MANAGERS)],
    "mail.preferences.outbox": [Case(lambda s, a, w: mail_preferences.outbox(s, a), ADMIN)],
    "mail.preferences.counts": [Case(lambda s, a, w: mail_preferences.counts(s, a), ADMIN)],
    "mail.preferences.retry": [Case(lambda s, a, w: mail_preferences.retry(s, a, failed_message(s)), ADMIN)],
    "mail.sender.find_due": [Case(lambda s, a, w: mail_sender.find_due(a), ADMIN)],
    "mail.sender.waiting": [Case(lambda s, a, w: mail_sender.waiting(a), ADMIN)],
    "mail.sender.send_due": [Case(lambda s, a, w: mail_sender.send_due(a, UNREACHABLE, lambda *_: []), ADMIN)],
    "statement.interpretative.attached": [
        Case(lambda s, a, w: (adopted_statement(s, w), interpretative.attached(s, a, w.planned)), SIGNED_IN),
        Case(lambda s, a, w: interpretative.attached(s, a, w.draft), MANAGERS)],

    "statement.news.last_visit": [Case(lambda s, a, w: news.last_visit(s, a, w.planned), ALL_DELEGATES),
                                  Case(lambda s, a, w: news.last_visit(s, a, w.draft), NOBODY)],
    "statement.news.since_last_visit": [Case(lambda s, a, w: news.since_last_visit(s, a, w.planned), ALL_DELEGATES),
                                        Case(lambda s, a, w: news.since_last_visit(s, a, w.draft), NOBODY)],
    "statement.news.mark_read": [Case(lambda s, a, w: news.mark_read(s, a, w.planned), ALL_DELEGATES)],

    "statement.report.is_rapporteur": [Case(lambda s, a, w: summaries.is_rapporteur(
        a, opening_reported_by(s, w, "Anna Huber")), SIGNED_IN)],
    "statement.report.may_write": [Case(lambda s, a, w: summaries.may_write(
        a, opening_reported_by(s, w, "Anna Huber")), SIGNED_IN)],
    "statement.report.reported_items": [Case(lambda s, a, w: summaries.reported_items(s, a, w.planned), SIGNED_IN,
                                             shows=lambda found, w: any(r.item.title == WORKING_TITLE for r in found),
                                             hidden_from=ALL_DELEGATES),
                                        Case(lambda s, a, w: (opening_reported_by(s, w, "Anna Huber"),
                                                              summaries.reported_items(s, a, w.planned))[1], SIGNED_IN,
                                             shows=lambda found, w: bool(found), hidden_from=OTHER_DELEGATIONS),
                                        Case(lambda s, a, w: summaries.reported_items(s, a, w.draft), MANAGERS)],
    "statement.report.record_summary": [
        Case(lambda s, a, w: summaries.record_summary(s, a, opening_reported_by(s, w, "").id, summary="Opened.",
                                                      recommendations="", today=planned_meeting(s, w).start_date),
             ORGANIZERS),
        Case(lambda s, a, w: summaries.record_summary(s, a, opening_reported_by(s, w, "Anna Huber").id,
                                                      summary="Opened.", recommendations="",
                                                      today=planned_meeting(s, w).start_date), ORGANIZERS | AUSTRIA)],
    "statement.report.issue_report": [Case(lambda s, a, w: summaries.issue_report(
        s, a, w.planned, issued_on=planned_meeting(s, w).start_date, annex=StatementAnnex.none), MANAGERS)],
    "statement.report.issued_report": [
        Case(lambda s, a, w: summaries.issued_report(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: summaries.issued_report(s, a, w.draft), MANAGERS)],

    "statement.comparison.comparison": [
        Case(lambda s, a, w: statement_comparison.comparison(s, a, w.planned, 1, 2), SIGNED_IN)],
}


def short_name(module) -> str:
    return module.__name__.removeprefix("planner.")


def public_functions() -> dict[str, Callable]:
    """Every function a service module defines for others to call (cached functions included)."""
    found = {}
    for module in SERVICE_MODULES:
        for name, member in vars(module).items():
            if (not name.startswith("_") and callable(member) and not inspect.isclass(member)
                    and getattr(member, "__module__", None) == module.__name__):
                found[f"{short_name(module)}.{name}"] = member
    return found


def test_every_public_service_function_has_a_rule():
    functions = public_functions()
    without_rule = sorted(set(functions) - set(RULES) - PURE - set(OPEN))
    assert not without_rule, f"Add a rule to tests/test_roles.py for: {', '.join(without_rule)}"
    assert not sorted((set(RULES) | PURE | set(OPEN)) - set(functions)), "rules for functions that no longer exist"
    for name in PURE:
        parameters = inspect.signature(functions[name]).parameters
        assert "session" not in parameters, f"{name} reads data: give it a rule"
        assert "actor" not in parameters, f"{name} acts for a user: give it a rule"
    for name in OPEN:
        assert "actor" not in inspect.signature(functions[name]).parameters, f"{name} acts for a user: give it a rule"


@pytest.mark.parametrize("module", INTERNAL_MODULES, ids=lambda module: module.__name__)
def test_the_mail_plumbing_acts_for_nobody(module):
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ == module.__name__:
            assert "actor" not in inspect.signature(function).parameters, f"{module.__name__}.{name} acts for a user"


@pytest.fixture
def world(database_url, demo_users, organizer) -> World:
    today = dt.date.today()
    with db.transaction() as session:
        def meeting(title: str) -> int:
            """In a year after the demo meeting's, whose Chairmanship is another State's."""
            return planning.create_meeting(session, organizer, planning.MeetingDetails(
                title=title, chairmanship="Slovakia", chairmanship_year=today.year + 2, city="Vienna",
                start_date=today + dt.timedelta(days=60), end_date=today + dt.timedelta(days=60),
                registration_deadline=today + dt.timedelta(days=30), languages=["English", "French"])).id

        planned, draft = meeting("Planned meeting"), meeting("Draft meeting")
        planning.set_priorities(session, organizer, planned, ["organized_crime", "terrorism"])
        timetable.generate_timetable(session, organizer, planned, "brussels-2006")
        planning.change_status(session, organizer, planned, MeetingStatus.planned)
        austria, turkiye, germany = (reference.find_delegation(session, n).id for n in ("Austria", "Türkiye", "Germany"))
        made = {i.delegation_id: i.id for i in invitations.invite(session, organizer, planned, [austria, turkiye, germany])}
        for invitation_id in made.values():
            invitations.send(session, organizer, invitation_id)
        draft_invitation = invitations.invite(session, organizer, draft, [austria])[0].id
        planning.change_status(session, organizer, draft, MeetingStatus.draft)
        austrian = participants.add_participant(session, organizer, planned, nominee(email="anna@bmi.example")).id
        german = participants.add_participant(session, organizer, planned, nominee("Germany", "jonas@bka.example")).id

        agenda_versions.circulate(session, organizer, planned)
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, organizer, planned)]
        rows[-1].title = "Closing of the meeting"
        timetable.save_timetable(session, organizer, planned, rows)
        second = agenda_versions.circulate(session, organizer, planned)
        delegate = actor_in(session, "delegate of Austria")
        comment = comments.add_comment(session, delegate, planned, agenda_versions.items_of(session, organizer, second)[0].key,
                                       "Could the meeting open later?", CommentAudience.organizers).id
        working = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, organizer, planned)]
        working[-1].title = WORKING_TITLE
        timetable.save_timetable(session, organizer, planned, working)

        drafting.draft_from_priorities(session, organizer, planned)
        statement_versions.circulate(session, organizer, planned)
        drafting.add_clause(session, organizer, planned, "closing-polis")
        statement_versions.circulate(session, organizer, planned)
        key = statement_versions.circulated_text(session, organizer, planned).paragraphs[-1].key
        amendment = amendments.propose(session, delegate, planned, paragraph_key=key, kind=AmendmentKind.replace,
                                       text="Agree to meet again;").id
        bracket = brackets.place(session, organizer, planned, key, austria).id
        return World(planned, draft, austria, germany, turkiye, made[austria], made[germany], made[turkiye], draft_invitation,
                     austrian, german, drafting.statement_of(session, organizer, planned).id, amendment, bracket,
                     comment)


EMAILS = {"organizer": "organizer@demo.osce", "secretariat": "secretariat@demo.osce", "admin": "admin@demo.osce",
          "delegate of Austria": "delegate.austria@demo.osce", "delegate of Türkiye": "delegate.turkiye@demo.osce"}


def actor_in(session: Session, role: str) -> Actor:
    if role in OUTSIDER:
        france = reference.find_delegation(session, "France")
        return Actor(email="delegate.france@test.osce", role=Role.delegate, name="Delegate of France",
                     delegation_id=france.id)
    return users.actor_for(session.exec(select(User).where(User.email == EMAILS[role])).one())


def actor_of(role: str) -> Actor | None:
    if role == "no user":
        return None
    with db.transaction() as session:
        return actor_in(session, role)


def outcome_of(case: Case, role: str, actor: Actor | None, world: World) -> str:
    """'allowed', 'refused', or what went wrong; for an allowed call that marks data, whether the data is in what it
    returned. Every call is rolled back, so every role meets the same world."""
    with Session(db.engine(), expire_on_commit=False) as session:
        try:
            result = case.call(session, actor, world)
        except PermissionDenied:
            return "refused"
        except Exception as error:  # noqa: BLE001 - any other failure is reported with the others
            return f"{type(error).__name__}: {error}"
        else:
            if case.shows is None:
                return "allowed"
            return "allowed, showing the marked data" if case.shows(result, world) else "allowed, without it"
        finally:
            session.rollback()


def expected_outcome(case: Case, role: str) -> str:
    if role not in case.allowed:
        return "refused"
    if case.shows is None:
        return "allowed"
    return "allowed, without it" if role in case.hidden_from else "allowed, showing the marked data"


def test_every_service_function_allows_exactly_the_roles_in_its_rule_and_shows_each_only_its_data(world):
    """One world per database, every role in turn."""
    wrong = []
    for role in ROLES:
        actor = actor_of(role)
        for name, cases in RULES.items():
            for number, case in enumerate(cases, start=1):
                outcome, expected = outcome_of(case, role, actor, world), expected_outcome(case, role)
                if outcome != expected:
                    wrong.append(f"As {role}, {name} (case {number}): expected {expected}, got {outcome}")
    assert not wrong, "\n".join(wrong)


def test_the_reported_holes_are_closed(world):
    """The calls a delegate of Austria could make directly before the services checked roles themselves."""
    austria, turkiye = actor_of("delegate of Austria"), actor_of("delegate of Türkiye")
    with db.transaction() as session:
        turkiye_id = reference.find_delegation(session, "Türkiye").id
        for refused in (
            lambda: planning.get_meeting(session, austria, world.draft),
            lambda: timetable.agenda_items(session, austria, world.draft),
            lambda: participants.list_participants(session, austria, world.draft),
            lambda: invitations.list_invitations(session, austria, world.draft),
            lambda: participants.add_participant(session, austria, world.draft, nominee()),
            lambda: invitations.invitation_for(session, austria, world.planned, world.germany),
            lambda: invitations.note_nomination(session, austria, world.planned, turkiye_id),
            lambda: participants.get_participant(session, austria, world.german),
            lambda: planning.list_meetings(session, None),
            lambda: participants.list_participants(session, None, world.planned),
        ):
            with pytest.raises(PermissionDenied):
                refused()
        seen = participants.invited_delegations(session, austria, world.planned)
        assert set(seen) == {world.austria}, "a delegate learns only their own delegation's invitation state"
        assert participants.emails_in_use(session, austria, world.planned) == {"anna@bmi.example"}
    with db.transaction() as session:
        participants.add_participant(session, austria, world.planned, nominee(email="jonas@bka.example"))
    with db.transaction() as session:
        addresses = session.exec(select(Participant.email).where(Participant.meeting_id == world.planned)).all()
        assert sorted(addresses).count("jonas@bka.example") == 2, "Germany's address tells Austria nothing"
        assert invitations.invitation_for(session, turkiye, world.planned, turkiye_id).state == InvitationState.sent
