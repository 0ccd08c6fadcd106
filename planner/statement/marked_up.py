"""A delegation's marked-up Word file of the latest circulated version made into its amendments: first a preview in
the page's words ("operative paragraph 4: replace … with …"), in which the delegation unticks what it does not mean,
then one amendment per chosen change, all in one transaction. Organizers upload a file a delegation sent by e-mail
in its name; the audit log records who uploaded it for whom.

The file is read again on confirmation rather than trusting a preview kept in the browser: what is saved is what
the file says."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from planner import audit
from planner.access import Actor
from planner.delegations.models import Delegation
from planner.errors import PlannerError
from planner.statement import amendments, brackets
from planner.statement.amendments import MAX_REASON_LENGTH
from planner.statement.clauses import MAX_PARAGRAPH_LENGTH
from planner.statement.drafting import paragraph_names, paragraphs_of
from planner.statement.models import Amendment, AmendmentKind
from planner.statement.word_amendments import FoundChange, WordFileRefused, read_marked_up
from planner.text import multiline_problem
from planner.text.diff import Change, word_changes
from planner.text.words import plural

QUOTED = 60


def _quoted(words: str) -> str:
    words = " ".join(words.split())
    return f"“{words if len(words) <= QUOTED else words[:QUOTED - 1].rstrip() + '…'}”"


def changed_words(circulated: str, proposed: str) -> str:
    """The changes within a paragraph, each as readers say it: replace “…” with “…”; delete “…”; insert “…”."""
    said, pieces = [], list(word_changes(circulated, proposed))
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if piece.change == Change.deleted and following is not None and following.change == Change.inserted:
            said.append(f"replace {_quoted(piece.text)} with {_quoted(following.text)}")
            index += 1
        elif piece.change == Change.deleted:
            said.append(f"delete {_quoted(piece.text)}")
        elif piece.change == Change.inserted:
            earlier = pieces[index - 1].text.split() if index else []
            said.append(f"insert {_quoted(piece.text)}" + (f" after {_quoted(earlier[-1])}" if earlier else
                                                           " at the start"))
        index += 1
    return "; ".join(said)


@dataclass(frozen=True)
class ProposedChange:
    """One change found in the file, as it would be proposed: `number` is its place in the preview (what is ticked)."""

    number: int
    kind: AmendmentKind
    paragraph_key: str
    paragraph_name: str
    circulated: str
    text: str
    reason: str

    @property
    def summary(self) -> str:
        if self.kind == AmendmentKind.insert_after:
            return f"new paragraph after {self.paragraph_name}"
        if self.kind == AmendmentKind.delete:
            return f"delete {self.paragraph_name}"
        return f"{self.paragraph_name}: {changed_words(self.circulated, self.text)}"


@dataclass(frozen=True)
class UploadPreview:
    symbol: str
    delegation: str
    changes: list[ProposedChange]
    ignored: list[str]
    """What the file changed that is not proposed, each with the reason."""


class NoTrackedChanges(WordFileRefused):
    """The file holds no tracked change; `differences` compares its words with the circulated text, paragraph by
    paragraph (name, as circulated, as in the file), for a delegation that edited with Track Changes off."""

    def __init__(self, message: str, differences: list[tuple[str, str, str]]):
        super().__init__(message)
        self.differences = differences


def _checked(text: str, what: str, where: str, max_length: int) -> str:
    problem = multiline_problem(text, max_length)
    if problem:
        raise WordFileRefused(f"{where.capitalize()}: the {what} {problem}. Nothing was proposed.")
    return text


def preview(session: Session, actor: Actor, meeting_id: int, content: bytes, *,
            delegation_id: int | None = None) -> UploadPreview:
    """The changes the file proposes on the latest circulated version for the delegation (the delegate's own, or
    `delegation_id` chosen by an organizer); WordFileRefused, with nothing saved, for a file that cannot be read as
    one."""
    speaker, version, _ = amendments.opening(session, actor, meeting_id, delegation_id)
    marked_up = read_marked_up(content)
    if marked_up.meeting_id is None or marked_up.version_number is None:
        raise WordFileRefused(f"This file is not a statement circulated by the planner: it does not say which meeting "
                              f"and version it is. Download {version.symbol} from the Statement page, mark it up with "
                              "Track Changes on, and upload that file.")
    if marked_up.meeting_id != meeting_id:
        raise WordFileRefused(f"This file is the statement of another meeting ({marked_up.symbol or 'no symbol'}): "
                              f"upload a marked-up copy of {version.symbol}.")
    if marked_up.version_number != version.number:
        raise WordFileRefused(f"This file is version {marked_up.version_number} ({marked_up.symbol}), which "
                              f"{version.symbol} has superseded: amendments are made on the latest version. Make "
                              f"your changes in a copy of {version.symbol}.")
    paragraphs = paragraphs_of(session, actor, version)
    names = paragraph_names(paragraphs)
    standing = brackets.in_version(session, actor, version)
    shown = {p.key: brackets.shown(p.text, [b for b in standing if b.paragraph_key == p.key]).strip()
             for p in paragraphs}
    if not marked_up.tracked:
        differences = [(names[key], shown[key], words) for key, words in marked_up.paragraphs.items()
                       if key in shown and words != shown[key]]
        raise NoTrackedChanges("The file has no tracked changes: Track Changes was probably off while it was edited "
                               "(in Word: Review, Track Changes; in LibreOffice: Edit, Track Changes, Record). "
                               + ("Its words differ from the circulated text as compared below: mark the changes up "
                                  "again with Track Changes on, or propose them on the page." if differences else
                                  "Its words are those of the circulated text."), differences)
    gone = [change for change in marked_up.changes if change.key not in names]
    if gone:
        raise WordFileRefused(f"The file changes {plural(len(gone), 'paragraph')} that {'is' if len(gone) == 1 else 'are'} "
                              f"not in {version.symbol} (from "
                              f"{_quoted(gone[0].circulated or gone[0].text)}): it was not made from this version's "
                              "file. Nothing was proposed.")
    ignored = [f"{names.get(item.key, 'a paragraph') if item.key else item.where}: {item.reason}"
               for item in marked_up.ignored]
    changes = []
    for change in marked_up.changes:
        if change.kind != AmendmentKind.insert_after and change.circulated != shown[change.key]:
            ignored.append(f"{names[change.key]}: its words differ from {version.symbol} outside the tracked changes "
                           "(edited with Track Changes off?), so the change is not proposed; propose it on the page")
            continue
        changes.append(_proposed(len(changes) + 1, change, names[change.key]))
    return UploadPreview(version.symbol, session.get(Delegation, speaker).name, changes, ignored)


def _proposed(number: int, change: FoundChange, name: str) -> ProposedChange:
    where = f"new paragraph after {name}" if change.kind == AmendmentKind.insert_after else name
    return ProposedChange(number, change.kind, change.key, name, change.circulated,
                          _checked(change.text, "text", where, MAX_PARAGRAPH_LENGTH),
                          _checked(change.reason, "reason (its Word comment)", where, MAX_REASON_LENGTH))


def confirm(session: Session, actor: Actor, meeting_id: int, content: bytes, chosen: Iterable[int], *,
            delegation_id: int | None = None, file_name: str = "") -> list[Amendment]:
    """One amendment per chosen change (by its number in the preview), in the delegation's name; all or none."""
    found = preview(session, actor, meeting_id, content, delegation_id=delegation_id)
    chosen = set(chosen)
    picked = [change for change in found.changes if change.number in chosen]
    if not picked:
        raise PlannerError("Tick at least one change to propose: nothing was proposed.")
    speaker, version, _ = amendments.opening(session, actor, meeting_id, delegation_id)
    made = [amendments.propose(session, actor, meeting_id, paragraph_key=change.paragraph_key, kind=change.kind,
                               text=change.text, reason=change.reason, version_number=version.number,
                               for_delegation=speaker) for change in picked]
    audit._record(session, actor, "statement.amendment.upload", "statement_version", version.id, None,
                  {"file": file_name, "delegation": found.delegation, "uploaded_by": actor.email,
                   "amendments": [a.id for a in made], "left_out": sorted(c.number for c in found.changes
                                                                           if c.number not in chosen)}, meeting_id)
    return made
