"""Two circulated versions compared: paragraphs by their stable key, words within them, each change under the name
of the delegation whose accepted amendment made it, or of the Chairmanship for its own edits.

The authors come from the amendment records, not from the two texts: comparing two files (as redline libraries do)
can only say *what* changed, never on whose behalf."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from planner.access import Actor
from planner.errors import PlannerError
from planner.models import Delegation
from planner.documents.tracked_changes import ComparedParagraph, KeyedText, compare
from planner.statement.amendments import authors_between
from planner.statement.versions import StatementText, circulated_text

CHAIRMANSHIP = "Chairmanship"


@dataclass(frozen=True)
class Comparison:
    older: StatementText
    newer: StatementText
    authors: dict[str, str]

    def paragraphs(self, style_of=lambda paragraph: ("Normal", None)) -> list[ComparedParagraph]:
        """The comparison; `style_of(paragraph)` gives the Word style id and numbering of a paragraph."""
        def keyed(text: StatementText) -> list[KeyedText]:
            return [KeyedText(p.key, p.text, *style_of(p)) for p in text.paragraphs]
        return compare(keyed(self.older), keyed(self.newer), authors=self.authors, default_author=CHAIRMANSHIP)


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
    return Comparison(older_text, newer_text, {key: names[delegation] for key, delegation in by_key.items()})
