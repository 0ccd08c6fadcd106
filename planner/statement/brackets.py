"""Square brackets: text of the working draft that a delegation does not yet accept. Organizers place them on behalf
of the delegation; the organizers or the delegation lift them. Every version circulated while a bracket stands shows
the words in brackets, without the delegation's name; a version with brackets cannot go to silence."""
from __future__ import annotations

from sqlmodel import Session, col, select

from planner import audit
from planner.access import Actor, Capability, Role, require, require_delegation, signed_in
from planner.delegations.models import Delegation
from planner.errors import NotFound, PermissionDenied, PlannerError
from planner.statement.drafting import current_round, paragraphs_of, require_reader, statement_of, working_draft
from planner.statement.models import Bracket, Statement, StatementVersion
from planner.text import multiline_problem


def place(session: Session, actor: Actor, meeting_id: int, paragraph_key: str, delegation_id: int,
          span: str = "") -> Bracket:
    """Brackets around `span` of a draft paragraph (the whole paragraph when empty), held by one delegation."""
    draft = working_draft(session, actor, meeting_id)
    paragraphs = paragraphs_of(session, actor, draft) if draft else []
    paragraph = next((p for p in paragraphs if p.key == paragraph_key), None)
    if paragraph is None:
        raise NotFound("This paragraph is no longer in the working draft. Reload the page.")
    if session.get(Delegation, delegation_id) is None:
        raise NotFound("There is no such delegation.")
    problem = multiline_problem(span, 4000)
    if problem:
        raise PlannerError(f"The bracketed words {problem}.")
    span = span.strip()
    if span and span not in paragraph.text:
        raise PlannerError("The bracketed words must be words of the paragraph as it now reads.")
    bracket = Bracket(statement_id=draft.statement_id, paragraph_key=paragraph_key, span=span,
                      delegation_id=delegation_id, placed_by=actor.email,
                      placed_round=current_round(session, actor, draft.statement_id))
    session.add(bracket)
    session.flush()
    audit._record(session, actor, "statement.bracket.place", "bracket", bracket.id, None, audit.snapshot(bracket), meeting_id)
    return bracket


def lift(session: Session, actor: Actor, bracket_id: int) -> Bracket:
    """The holding delegation accepts the text, or the organizers record that it has."""
    bracket = session.get(Bracket, bracket_id)
    if bracket is None or bracket.lifted_round is not None:
        raise NotFound("This bracket has already been lifted. Reload the page.")
    own = signed_in(actor).role == Role.delegate and actor.delegation_id == bracket.delegation_id
    if not own:
        if actor.role == Role.delegate:
            raise PermissionDenied("Only the delegation holding a bracket, or the organizers, can lift it.")
        require(actor, Capability.draft_statement)
    before = audit.snapshot(bracket)
    bracket.lifted_round = current_round(session, actor, bracket.statement_id)
    bracket.lifted_by = actor.email
    session.flush()
    meeting_id = session.get(Statement, bracket.statement_id).meeting_id
    audit._record(session, actor, "statement.bracket.lift", "bracket", bracket.id, before, audit.snapshot(bracket), meeting_id)
    return bracket


def standing(session: Session, actor: Actor, statement_id: int, number: int | None) -> list[Bracket]:
    """Brackets in version `number`, for whoever reads it, or in the working draft (None, or the number it will
    carry), for its editors. A delegate learns which delegation holds a bracket only for their own."""
    require_reader(session, actor, statement_id)
    round_ = number if number is not None else current_round(session, actor, statement_id)
    if round_ >= current_round(session, actor, statement_id):
        require(actor, Capability.draft_statement)
    rows = session.exec(select(Bracket).where(Bracket.statement_id == statement_id, Bracket.placed_round <= round_)
                        .order_by(col(Bracket.id)))
    found = [b for b in rows if b.lifted_round is None or b.lifted_round > round_]
    if actor.role != Role.delegate:
        return found
    return [b if b.delegation_id == actor.delegation_id else _without_holder(b) for b in found]


def _without_holder(bracket: Bracket) -> Bracket:
    """A copy, never stored, that does not name the delegation holding the bracket nor who placed it."""
    return Bracket(**{**bracket.model_dump(), "delegation_id": None, "placed_by": "", "lifted_by": None})


def in_version(session: Session, actor: Actor, version: StatementVersion) -> list[Bracket]:
    """The brackets that stand in this version on paragraphs it has."""
    keys = {p.key for p in paragraphs_of(session, actor, version)}
    return [b for b in standing(session, actor, version.statement_id, version.number) if b.paragraph_key in keys]


def shown(text: str, brackets: list[Bracket]) -> str:
    """The paragraph as circulated: its bracketed words (or all of it) in square brackets, without names."""
    if any(not b.span for b in brackets):
        return f"[{text}]"
    for span in dict.fromkeys(b.span for b in brackets):
        if span in text:
            text = text.replace(span, f"[{span}]", 1)
    return text


def held_by_own_delegation(session: Session, actor: Actor, meeting_id: int) -> list[Bracket]:
    """The brackets the delegate's own delegation holds in the working draft: theirs to lift."""
    delegation_id = require_delegation(actor)
    statement = statement_of(session, actor, meeting_id)
    if statement is None:
        return []
    return list(session.exec(select(Bracket).where(
        Bracket.statement_id == statement.id, Bracket.delegation_id == delegation_id,
        col(Bracket.lifted_round).is_(None)).order_by(col(Bracket.id))))


def lifted_since_circulation(session: Session, actor: Actor, meeting_id: int) -> list[Bracket]:
    """The brackets lifted since the latest version was circulated, by whoever lifted them (organizers only): a
    delegation lifting its own bracket is seen at once."""
    require(actor, Capability.draft_statement)
    statement = statement_of(session, actor, meeting_id)
    if statement is None:
        return []
    return list(session.exec(select(Bracket).where(
        Bracket.statement_id == statement.id,
        Bracket.lifted_round == current_round(session, actor, statement.id)).order_by(col(Bracket.id))))


def in_draft(session: Session, actor: Actor, meeting_id: int) -> list[Bracket]:
    """The brackets standing in the working draft, with who holds them (organizers only)."""
    require(actor, Capability.draft_statement)
    statement = statement_of(session, actor, meeting_id)
    return standing(session, actor, statement.id, None) if statement else []
