"""Amendments: a delegation asks, on one paragraph of the latest circulated version (named by its stable key), to
replace it, insert a paragraph after it, or delete it. Organizers accept (as proposed or with changes), which
changes the working draft and records which amendment made which paragraph what it is, so comparisons name the
delegation behind each change; or they reject with a reason. Delegations withdraw their own pending amendments.

Two pending amendments on the same paragraph conflict. Accepting never writes over words the amendment was not
proposed on: when the paragraph in the working draft no longer reads as circulated, the organizers accept a wording
written against the current text, or reject. Once one is accepted, the others on that paragraph are "overtaken by
an accepted amendment" and need a decision against the new text. Nothing is proposed on a superseded version, after the silence on
a version expired, or after adoption; an amendment made while its version is under silence breaks the silence."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from planner import audit
from planner.access import Actor, Capability, Role, require, require_delegation, runs_the_meeting, signed_in
from planner.dates import as_utc
from planner.db import ensure_current
from planner.delegations.invitations import invitation_for, require_invited
from planner.delegations.models import Delegation, InvitationState
from planner.errors import NotFound, PermissionDenied, PlannerError
from planner.mail import events as mail_events
from planner.meetings.planning import get_meeting
from planner.model_base import utc_now
from planner.statement import silence
from planner.statement.clauses import MAX_PARAGRAPH_LENGTH
from planner.statement.drafting import (
    current_round, mark_changed, new_key, paragraph_names, paragraphs_of, require_reader, statement_of, working_draft,
)
from planner.statement.models import (
    Amendment, AmendmentKind, AmendmentState, Paragraph, ParagraphChange, Statement, StatementVersion,
)
from planner.text import multiline_problem

MAX_REASON_LENGTH = 2000


def _text(text: str, what: str, max_length: int) -> str:
    problem = multiline_problem(text, max_length)
    if problem:
        raise PlannerError(f"The {what} {problem}.")
    return text.replace("\r\n", "\n").strip()


def speaking_for(session: Session, actor: Actor, meeting_id: int, delegation_id: int | None = None) -> int:
    """The delegation an amendment is proposed for: a delegate's own, or one an organizer names (a delegation that
    sent its amendments by e-mail), which must be invited to the meeting."""
    signed_in(actor)
    if delegation_id is None or (actor.role == Role.delegate and delegation_id == actor.delegation_id):
        return require_invited(session, actor, meeting_id)
    require(actor, Capability.draft_statement)
    invitation = invitation_for(session, actor, meeting_id, delegation_id)
    if invitation is None or invitation.state == InvitationState.draft:
        raise PlannerError("That delegation has not been invited to this meeting: only invited delegations propose "
                           "amendments.")
    return delegation_id


def opening(session: Session, actor: Actor, meeting_id: int, delegation_id: int | None = None, *,
            paragraph_key: str | None = None, version_number: int | None = None,
            now: dt.datetime | None = None) -> tuple[int, StatementVersion, silence.Silence | None]:
    """The delegation proposing, the version open to its amendments (on `paragraph_key`, when given) and the silence
    running on it, if any. Under silence only the delegation itself proposes: an amendment then breaks the silence,
    which no one does in its name."""
    speaker = speaking_for(session, actor, meeting_id, delegation_id)
    version, running = silence.open_paragraph(session, actor, meeting_id, paragraph_key, version_number=version_number,
                                              now=now)
    if actor.role != Role.delegate and running is not None and running.state == silence.SilenceState.running:
        raise PlannerError(f"{version.symbol} is under silence: an amendment now breaks the silence, which only the "
                           "delegation itself can do. Ask it to propose the amendment.")
    return speaker, version, running


def propose(session: Session, actor: Actor, meeting_id: int, *, paragraph_key: str, kind: AmendmentKind,
            text: str = "", reason: str = "", version_number: int | None = None,
            now: dt.datetime | None = None, for_delegation: int | None = None) -> Amendment:
    """For the delegate's own delegation, or by an organizer `for_delegation`, on the latest circulated version
    (`version_number`, when given, must be it)."""
    delegation_id, version, running = opening(session, actor, meeting_id, for_delegation, paragraph_key=paragraph_key,
                                              version_number=version_number, now=now)
    on_behalf = actor.role != Role.delegate
    kind = AmendmentKind(kind)
    text = _text(text, "amendment", MAX_PARAGRAPH_LENGTH)
    if kind == AmendmentKind.delete:
        text = ""
    elif not text:
        raise PlannerError("Write the paragraph as your delegation proposes it.")
    elif kind == AmendmentKind.replace and text == next(p.text for p in paragraphs_of(session, actor, version)
                                                        if p.key == paragraph_key):
        raise PlannerError(f"The text is the paragraph as circulated in {version.symbol}: change the words your "
                           "delegation proposes.")
    amendment = Amendment(statement_id=version.statement_id, statement_version_id=version.id, paragraph_key=paragraph_key,
                          kind=kind, text=text, reason=_text(reason, "reason", MAX_REASON_LENGTH),
                          delegation_id=delegation_id, proposed_by=actor.email, proposed_at=now or utc_now())
    session.add(amendment)
    session.flush()
    after = audit.snapshot(amendment)
    if on_behalf:
        after["on_behalf_of"] = session.get(Delegation, delegation_id).name
    audit._record(session, actor, "statement.amendment.propose", "amendment", amendment.id, None, after, meeting_id)
    if running is not None and running.state == silence.SilenceState.running:
        silence.record_objection(session, actor, meeting_id, running.procedure, delegation_id,
                                 f"Amendment proposed to {version.symbol}: {kind.label.lower()}. {amendment.reason}".strip(),
                                 now or utc_now())
    return amendment


def _amendment(session: Session, amendment_id: int, expected_version: int | None) -> tuple[Amendment, int]:
    amendment = session.get(Amendment, amendment_id)
    if amendment is None:
        raise NotFound(f"There is no amendment {amendment_id}.")
    ensure_current(amendment, expected_version, "This amendment")
    return amendment, session.get(Statement, amendment.statement_id).meeting_id


def withdraw(session: Session, actor: Actor, amendment_id: int, expected_version: int | None = None) -> Amendment:
    """A delegation takes back its own pending amendment."""
    delegation_id = require_delegation(actor)
    amendment, meeting_id = _amendment(session, amendment_id, expected_version)
    if amendment.delegation_id != delegation_id:
        raise PermissionDenied("You can withdraw only your own delegation's amendments.")
    before = audit.snapshot(amendment)
    amendment.move_to(AmendmentState.withdrawn)
    amendment.decided_by, amendment.decided_at = actor.email, utc_now()
    session.flush()
    audit._record(session, actor, "statement.amendment.withdraw", "amendment", amendment.id, before,
                  audit.snapshot(amendment), meeting_id)
    return amendment


def reject(session: Session, actor: Actor, amendment_id: int, reason: str,
           expected_version: int | None = None) -> Amendment:
    require(actor, Capability.draft_statement)
    amendment, meeting_id = _amendment(session, amendment_id, expected_version)
    reason = _text(reason, "reason", MAX_REASON_LENGTH)
    if not reason:
        raise PlannerError("Say why the amendment is rejected: the delegation reads the reason.")
    before = audit.snapshot(amendment)
    amendment.move_to(AmendmentState.rejected)
    amendment.decided_by, amendment.decided_at, amendment.decision_reason = actor.email, utc_now(), reason
    session.flush()
    name = _proposed_on(session, actor, amendment)[1]
    audit._record(session, actor, "statement.amendment.reject", "amendment", amendment.id, before,
                 {**audit.snapshot(amendment), "paragraph": name}, meeting_id)
    _tell_delegation(session, actor, amendment, meeting_id, name)
    return amendment


class AmendmentOvertaken(PlannerError):
    """Accepting as proposed would write over a paragraph changed since it was circulated; the three texts let the
    organizers write a wording that keeps what should stay."""

    def __init__(self, message: str, *, circulated: str, current: str, proposed: str):
        super().__init__(message)
        self.circulated, self.current, self.proposed = circulated, current, proposed


def _proposed_on(session: Session, actor: Actor, amendment: Amendment) -> tuple[str, str]:
    """The paragraph's text in the version the amendment was proposed on, and its name there."""
    paragraphs = paragraphs_of(session, actor, session.get(StatementVersion, amendment.statement_version_id))
    text = next(p.text for p in paragraphs if p.key == amendment.paragraph_key)
    return text, paragraph_names(paragraphs)[amendment.paragraph_key]


def accept(session: Session, actor: Actor, amendment_id: int, *, text: str | None = None, reason: str = "",
           expected_version: int | None = None, over: str | None = None) -> Amendment:
    """Apply the amendment to the working draft; `text`, when given, is the wording organizers accept instead.
    When the paragraph in the draft is no longer the circulated text, only a wording written `over` the current
    text (the draft paragraph as the organizer read it) is accepted; otherwise AmendmentOvertaken."""
    require(actor, Capability.draft_statement)
    amendment, meeting_id = _amendment(session, amendment_id, expected_version)
    silence.refuse_if_adopted(session, actor, meeting_id)
    draft = working_draft(session, actor, meeting_id)
    current = {p.key: p for p in paragraphs_of(session, actor, draft)} if draft else {}
    target = current.get(amendment.paragraph_key)
    if target is None:
        raise PlannerError("The paragraph this amendment is on is no longer in the working draft (another amendment "
                           "or an edit removed it): reject it, or ask the delegation to propose it again.")
    circulated, name = _proposed_on(session, actor, amendment)
    if amendment.kind != AmendmentKind.insert_after and target.text != circulated and over != target.text:
        raise AmendmentOvertaken(
            f"{name.capitalize()} has changed in the working draft since the amendment was proposed: accepting it "
            "as proposed would write over the change. Accept it with a wording written against the current text, "
            "or reject it.", circulated=circulated, current=target.text, proposed=amendment.text)
    wording = amendment.text if text is None else _text(text, "amendment", MAX_PARAGRAPH_LENGTH)
    if amendment.kind != AmendmentKind.delete and not wording:
        raise PlannerError("The accepted paragraph needs some text.")
    before = audit.snapshot(amendment)
    amendment.move_to(AmendmentState.accepted)
    amendment.decided_by, amendment.decided_at = actor.email, utc_now()
    amendment.decision_reason = _text(reason, "reason", MAX_REASON_LENGTH)
    if text is not None and wording != amendment.text:
        amendment.applied_text = wording
    changed_key = _apply(session, actor, draft, target, amendment.kind, wording)
    session.add(ParagraphChange(statement_id=amendment.statement_id, paragraph_key=changed_key,
                                round=current_round(session, actor, amendment.statement_id), amendment_id=amendment.id,
                                delegation_id=amendment.delegation_id))
    mark_changed(draft)
    overtaken = [] if amendment.kind == AmendmentKind.insert_after else _overtake(session, amendment)
    session.flush()
    audit._record(session, actor, "statement.amendment.accept", "amendment", amendment.id, before,
                 {**audit.snapshot(amendment), "paragraph": name, "paragraph_changed": changed_key,
                  "overtaken": overtaken}, meeting_id)
    _tell_delegation(session, actor, amendment, meeting_id, name)
    return amendment


def _tell_delegation(session: Session, actor: Actor, amendment: Amendment, meeting_id: int, paragraph: str) -> None:
    mail_events.amendment_decided(
        session, get_meeting(session, actor, meeting_id), delegation_id=amendment.delegation_id,
        accepted=amendment.state == AmendmentState.accepted, paragraph=paragraph,
        symbol=session.get(StatementVersion, amendment.statement_version_id).symbol, reason=amendment.decision_reason)


def _overtake(session: Session, accepted: Amendment) -> list[int]:
    """The other undecided amendments on the paragraph an accepted one changed: decided against the new text."""
    others = session.exec(select(Amendment).where(
        Amendment.statement_id == accepted.statement_id, Amendment.paragraph_key == accepted.paragraph_key,
        Amendment.state == AmendmentState.proposed, Amendment.id != accepted.id))
    ids = []
    for other in others:
        other.move_to(AmendmentState.overtaken)
        ids.append(other.id)
    return ids


def _apply(session: Session, actor: Actor, draft: StatementVersion, target: Paragraph, kind: AmendmentKind,
           wording: str) -> str:
    """The draft paragraph replaced, deleted, or followed by a new one; returns the key of the paragraph changed."""
    if kind == AmendmentKind.replace:
        target.text = wording
        return target.key
    if kind == AmendmentKind.delete:
        session.delete(target)
        return target.key
    for later in paragraphs_of(session, actor, draft):
        if later.kind == target.kind and later.position > target.position:
            later.position += 1
    inserted = Paragraph(statement_version_id=draft.id, key=new_key(), kind=target.kind, position=target.position + 1,
                         text=wording)
    session.add(inserted)
    return inserted.key


UNDECIDED = (AmendmentState.proposed, AmendmentState.overtaken)


@dataclass(frozen=True)
class AmendmentView:
    amendment: Amendment
    delegation: str
    version_symbol: str
    conflicts_with: list[int]
    paragraph_name: str
    circulated: str
    current: str | None
    """The paragraph as circulated in the amendment's version; as it now reads in the working draft (for organizers
    only; None when the draft no longer has it)."""

    @property
    def needs_decision(self) -> bool:
        return self.amendment.state in UNDECIDED

    @property
    def paragraph(self) -> str:
        """What the amendment is on, as readers name it: "operative paragraph 4", "new paragraph after …"."""
        if self.amendment.kind == AmendmentKind.insert_after:
            return f"new paragraph after {self.paragraph_name}"
        return self.paragraph_name

    @property
    def what(self) -> str:
        return {AmendmentKind.replace: f"Replace {self.paragraph_name}", AmendmentKind.delete: f"Delete "
                f"{self.paragraph_name}", AmendmentKind.insert_after: f"New paragraph after {self.paragraph_name}"
                }[self.amendment.kind]

    @property
    def changed_in_draft(self) -> bool:
        """Accepting it as proposed would write over words changed since it was proposed."""
        return (self.needs_decision and self.amendment.kind != AmendmentKind.insert_after
                and self.current is not None and self.current != self.circulated)


def _readable(session: Session, actor: Actor, meeting_id: int, to_decide: bool):
    """The query for the amendments the actor may read (only those to decide, if asked), or None without a statement.
    The role is checked before anything is read, so that a refusal does not depend on whether a statement exists."""
    statement = statement_of(session, actor, meeting_id)
    own = None if runs_the_meeting(actor) else require_delegation(actor)
    if statement is None:
        return None
    query = select(Amendment).where(Amendment.statement_id == statement.id)
    if own is not None:
        query = query.where(Amendment.delegation_id == own)
    if to_decide:
        query = query.where(col(Amendment.state).in_(UNDECIDED))
    return query


def amendments(session: Session, actor: Actor, meeting_id: int, *, to_decide: bool = False,
               newest_first: bool = False, window: slice | None = None) -> list[AmendmentView]:
    """Organizers and the Secretariat see every delegation's amendments, a delegate their own delegation's; in the order proposed (or
    newest first), only those still to decide if asked, only the `window` of them if given (a page of a long list).
    `conflicts_with` lists the other amendments on the same paragraph that are pending, or were accepted after this
    one was proposed."""
    query = _readable(session, actor, meeting_id, to_decide)
    if query is None:
        return []
    order = (col(Amendment.proposed_at).desc(), col(Amendment.id).desc()) if newest_first else (
        col(Amendment.proposed_at), col(Amendment.id))
    query = query.order_by(*order)
    if window is not None:
        query = query.offset(window.start).limit(window.stop - window.start)
    rows = list(session.exec(query))
    if not rows:
        return []
    statement_id = rows[0].statement_id
    by_key: dict[str, list[Amendment]] = defaultdict(list)
    for row in session.exec(select(Amendment).where(
            Amendment.statement_id == statement_id, col(Amendment.paragraph_key).in_({r.paragraph_key for r in rows}))):
        by_key[row.paragraph_key].append(row)
    names = {d.id: d.name for d in session.exec(select(Delegation).where(
        col(Delegation.id).in_({r.delegation_id for r in rows})))}
    versions = {v.id: v for v in session.exec(select(StatementVersion).where(
        StatementVersion.statement_id == statement_id))}
    circulated = {}
    for version_id in {r.statement_version_id for r in rows}:
        paragraphs = paragraphs_of(session, actor, versions[version_id])
        names_there = paragraph_names(paragraphs)
        circulated[version_id] = {p.key: (names_there[p.key], p.text) for p in paragraphs}
    draft = working_draft(session, actor, meeting_id) if actor.can(Capability.draft_statement) else None
    current = {p.key: p.text for p in paragraphs_of(session, actor, draft)} if draft else {}
    return [AmendmentView(row, names[row.delegation_id], versions[row.statement_version_id].symbol,
                          _conflicts(row, by_key[row.paragraph_key]), *circulated[row.statement_version_id][
                              row.paragraph_key], current.get(row.paragraph_key)) for row in rows]


def count_amendments(session: Session, actor: Actor, meeting_id: int, *, to_decide: bool = False) -> int:
    """How many amendments `amendments` lists with the same choice."""
    query = _readable(session, actor, meeting_id, to_decide)
    return 0 if query is None else session.exec(select(sa.func.count()).select_from(query.subquery())).one()


def _conflicts(row: Amendment, same_paragraph: list[Amendment]) -> list[int]:
    if row.state not in UNDECIDED:
        return []
    return [other.id for other in same_paragraph if other.id != row.id and (
        other.state in UNDECIDED
        or (other.state == AmendmentState.accepted and other.decided_at is not None
            and _after(other.decided_at, row.proposed_at)))]


def _after(first: dt.datetime, second: dt.datetime) -> bool:
    return as_utc(first) >= as_utc(second)


def authors_between(session: Session, actor: Actor, statement_id: int, older: int, newer: int) -> dict[str, int]:
    """Paragraph key → the delegation whose accepted amendment last changed it after version `older` and up to
    version `newer`: whoever reads the versions reads who asked for their changes. Those who do not edit the working
    draft learn only of the changes in versions circulated to them."""
    require_reader(session, actor, statement_id)
    if not actor.can(Capability.draft_statement):
        newer = min(newer, current_round(session, actor, statement_id) - 1)
    rows = session.exec(select(ParagraphChange).where(
        ParagraphChange.statement_id == statement_id, ParagraphChange.round > older, ParagraphChange.round <= newer)
        .order_by(col(ParagraphChange.round), col(ParagraphChange.id)))
    return {row.paragraph_key: row.delegation_id for row in rows}
