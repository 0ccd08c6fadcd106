"""Two circulated versions compared: paragraphs by their stable key, words within them, each change under the name
of the delegation whose accepted amendment made it, or of the Chairmanship ("Chairmanship of Malta") for its own
edits and for placing or lifting square brackets, which both texts show as circulated.

The authors come from the amendment records, not from the two texts: comparing two files (as redline libraries do)
can only say *what* changed, never on whose behalf. Brackets are the Chairmanship's changes because a circulated
version never names the delegation that holds one."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from planner.access import Actor
from planner.delegations.models import Delegation
from planner.errors import PlannerError
from planner.statement import brackets
from planner.statement.amendments import authors_between
from planner.statement.models import Bracket, Paragraph
from planner.statement.versions import StatementText, circulated_text
from planner.text.diff import ComparedParagraph, KeyedText, chairmanship_author, compare_rows


@dataclass(frozen=True)
class Comparison:
    older: StatementText
    newer: StatementText
    authors: dict[str, str]
    chairmanship: str
    older_brackets: list[Bracket]
    newer_brackets: list[Bracket]

    def paragraphs(self, style_of=lambda paragraph: ("Normal", None)) -> list[ComparedParagraph]:
        """The comparison of the two texts as circulated, brackets included; `style_of(paragraph)` gives the Word
        style id and numbering of a paragraph."""
        standing = {self.older.version.id: self.older_brackets, self.newer.version.id: self.newer_brackets}

        def keyed(paragraph: Paragraph) -> KeyedText:
            held = [b for b in standing[paragraph.statement_version_id] if b.paragraph_key == paragraph.key]
            return KeyedText(paragraph.key, brackets.shown(paragraph.text, held), *style_of(paragraph))
        return compare_rows(self.older.paragraphs, self.newer.paragraphs, keyed, authors=self.authors,
                            default_author=self.chairmanship)


def comparison(session: Session, actor: Actor, meeting_id: int, older: int, newer: int | None = None) -> Comparison:
    """Version `older` against version `newer` (the latest circulated one by default)."""
    newer_text = circulated_text(session, actor, meeting_id, newer)
    older_text = circulated_text(session, actor, meeting_id, older)
    if older_text.version.number >= newer_text.version.number:
        raise PlannerError(f"Compare an earlier version with a later one: version {older_text.version.number} is not "
                           f"earlier than version {newer_text.version.number}.")
    by_key = authors_between(session, actor, newer_text.version.statement_id, older_text.version.number,
                             newer_text.version.number)
    names = {d.id: d.name for d in session.exec(select(Delegation).where(col(Delegation.id).in_(set(by_key.values()))))}
    chair = session.get(Delegation, newer_text.meeting.chairmanship_id)
    return Comparison(older_text, newer_text, {key: names[delegation] for key, delegation in by_key.items()},
                      chairmanship_author(chair.in_sentence), brackets.in_version(session, actor, older_text.version),
                      brackets.in_version(session, actor, newer_text.version))
