"""Two texts of a document compared paragraph by paragraph and word by word, each change under the name of whoever
made it: the engine below both the services that show a comparison on screen and the Word builders that write it as
tracked changes (`documents/tracked_changes.py`).

Any document whose paragraphs carry a stable key can use it (the statement, the agenda): give the older and newer
paragraphs, who made each changed paragraph (by key), and the author for everything else. Paragraphs are aligned by
key and words by `difflib`; a paragraph that moved reads as deleted where it was and inserted where it is now.

Square brackets are words of their own, so placing or lifting a bracket is a change of just the bracket; spaces and
punctuation kept between two changes join them, so a reworded phrase reads as one deletion and one insertion."""
from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

WORDS = re.compile(r"[\[\]]|\w+|[^\w\s\[\]]+|\s+")  # a square bracket, a word, punctuation, or spaces
JOINING = re.compile(r"[^\w\[\]]*")  # spaces and punctuation, which join two reworded stretches
Row = TypeVar("Row")


def chairmanship_author(holder: str) -> str:
    """The author of the Chairmanship's own changes as delegations know it, from the holding State as a sentence names
    it ('the Netherlands'): 'Chairmanship of the Netherlands' (never a login or an e-mail address)."""
    return f"Chairmanship of {holder}"


@dataclass(frozen=True)
class KeyedText:
    """One paragraph of one version: its stable key, its text, and how it looks (a style id and, for a numbered
    paragraph, the numbering instance)."""

    key: str
    text: str
    style_id: str = "Normal"
    num_id: int | None = None


class Change(str, Enum):
    same = "same"
    inserted = "inserted"
    deleted = "deleted"
    changed = "changed"


BRACKETS = frozenset("[]")


@dataclass(frozen=True)
class Piece:
    """A run of words kept, inserted or deleted; `author` when someone other than the paragraph's author made it."""

    change: Change
    text: str
    author: str | None = None

    @property
    def only_brackets(self) -> bool:
        return bool(set(self.text.split()) and set("".join(self.text.split())) <= BRACKETS)


@dataclass(frozen=True)
class ComparedParagraph:
    """One paragraph of the comparison, its words in pieces; `paragraph` is the newer one where it exists."""

    paragraph: KeyedText
    change: Change
    pieces: list[Piece]
    author: str

    @property
    def older_text(self) -> str:
        return "".join(p.text for p in self.pieces if p.change in (Change.same, Change.deleted))

    @property
    def newer_text(self) -> str:
        return "".join(p.text for p in self.pieces if p.change in (Change.same, Change.inserted))

    @property
    def authors(self) -> list[str]:
        """Who made the changes of this paragraph, each once, in the order of the text."""
        return list(dict.fromkeys(p.author or self.author for p in self.pieces if p.change != Change.same))


def _between_rewordings(operations: list, index: int, before: list[str], after: list[str]) -> bool:
    """Kept spaces or punctuation with words changed on both sides (not only brackets)."""
    _, i1, i2, _, _ = operations[index]
    if not JOINING.fullmatch("".join(before[i1:i2])) or not 0 < index < len(operations) - 1:
        return False
    return all(any(token not in BRACKETS and token.strip() for token in before[o[1]:o[2]] + after[o[3]:o[4]])
               for o in (operations[index - 1], operations[index + 1]))


def _words(older: str, newer: str, bracket_author: str) -> list[Piece]:
    """Word by word; spaces and punctuation kept between two reworded stretches are reworded with them, and a
    change of brackets alone is `bracket_author`'s."""
    before, after = WORDS.findall(older), WORDS.findall(newer)
    operations = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    for index, (operation, i1, i2, j1, j2) in enumerate(operations):
        if operation == "equal" and not _between_rewordings(operations, index, before, after):
            pieces.append(Piece(Change.same, "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Change.deleted, "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Change.inserted, "".join(after[j1:j2])))
    merged: list[Piece] = []
    for kept, run in itertools.groupby(pieces, key=lambda p: p.change == Change.same):
        run = list(run)
        if kept:
            merged.extend(run)
            continue
        for change in (Change.deleted, Change.inserted):
            text = "".join(p.text for p in run if p.change == change)
            if text:
                merged.append(Piece(change, text))
    return [Piece(p.change, p.text, bracket_author) if p.change != Change.same and p.only_brackets else p
            for p in merged]


def compare(older: Sequence[KeyedText], newer: Sequence[KeyedText], *, authors: Mapping[str, str],
            default_author: str) -> list[ComparedParagraph]:
    """Paragraphs aligned by key, then words within each kept paragraph. `authors` names who made the change of a
    paragraph (by key); any other change, and placing or lifting brackets, is `default_author`'s."""
    result: list[ComparedParagraph] = []
    matcher = difflib.SequenceMatcher(None, [p.key for p in older], [p.key for p in newer], autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for before, after in zip(older[i1:i2], newer[j1:j2]):
                same = before.text == after.text
                pieces = [Piece(Change.same, after.text)] if same else _words(before.text, after.text, default_author)
                result.append(ComparedParagraph(after, Change.same if same else Change.changed, pieces,
                                                authors.get(after.key, default_author)))
            continue
        for before in older[i1:i2]:
            result.append(ComparedParagraph(before, Change.deleted, [Piece(Change.deleted, before.text)],
                                            authors.get(before.key, default_author)))
        for after in newer[j1:j2]:
            result.append(ComparedParagraph(after, Change.inserted, [Piece(Change.inserted, after.text)],
                                            authors.get(after.key, default_author)))
    return result


def compare_rows(older: Iterable[Row], newer: Iterable[Row], paragraph: Callable[[Row], KeyedText], *,
                 authors: Mapping[str, str] | None = None, default_author: str = "") -> list[ComparedParagraph]:
    """Two versions of what a document shows as keyed paragraphs (a statement's paragraphs, the lines of an agenda
    cell, the items of a day), every row of both made a paragraph by the one `paragraph`, then compared."""
    return compare([paragraph(row) for row in older], [paragraph(row) for row in newer], authors=authors or {},
                   default_author=default_author)


@functools.lru_cache(maxsize=1024)
def word_changes(older: str, newer: str) -> tuple[Piece, ...]:
    """One text against another, word by word; remembered, as a page shows the same amendments beside the same
    paragraphs on every click."""
    [compared] = compare([KeyedText("paragraph", older)], [KeyedText("paragraph", newer)], authors={},
                         default_author="")
    return tuple(compared.pieces)
