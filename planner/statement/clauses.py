"""The clause library (templates/statement_clauses.yaml): checked whole when it loads, so a misspelt placeholder or
priority is found by whoever edits the file, not by an organizer drafting a statement."""
from __future__ import annotations

import csv
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from planner import config
from planner.dates import date_span
from planner.delegations.models import Delegation
from planner.errors import PlannerError
from planner.meetings.models import Meeting
from planner.model_base import Labelled
from planner.statement.models import ParagraphKind
from planner.text import multiline_problem

LIBRARY_FILE = "statement_clauses.yaml"
MEETING_PLACEHOLDERS = ("chairmanship", "city", "dates", "meeting", "year")
MAX_PARAGRAPH_LENGTH = 4000


class ClauseLibraryError(PlannerError):
    """The clause library file is not usable as written; the message names the clause and the fault."""


class ClauseKind(Labelled):
    preamble = "preamble"
    operative = "operative"
    partners = "partners"
    closing = "closing"


    @property
    def paragraph_kind(self) -> ParagraphKind:
        """Partner clauses are numbered with the operative paragraphs."""
        return ParagraphKind.operative if self == ClauseKind.partners else ParagraphKind(self.value)


@dataclass(frozen=True)
class Clause:
    key: str
    kind: ClauseKind
    text: str
    priority: str | None = None
    theme: str | None = None
    draft: bool = False

    def filled(self, values: dict[str, str]) -> str:
        return self.text.format(**values)


@dataclass(frozen=True)
class ClauseLibrary:
    placeholders: dict[str, str]
    chapeau: str
    sessions_clause: str
    themes: dict[str, str]
    clauses: tuple[Clause, ...]

    def get(self, key: str) -> Clause:
        for clause in self.clauses:
            if clause.key == key:
                return clause
        raise PlannerError(f"There is no clause '{key}' in the library.")

    def search(self, *, kind: ClauseKind | None = None, topic: str | None = None, words: str = "",
               values: dict[str, str] | None = None) -> list[Clause]:
        """Clauses of a kind, on a priority or theme (`topic`), containing all the `words` (any case): in the text
        as it reads in a meeting, filled with its `values`, when given."""
        wanted = words.casefold().split()
        return [
            clause for clause in self.clauses
            if (kind is None or clause.kind == kind)
            and (topic is None or topic in (clause.priority, clause.theme))
            and all(word in (clause.filled(values) if values else clause.text).casefold() for word in wanted)
        ]


def _placeholders_in(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ClauseLibraryError(f"unbalanced braces ({error})") from error


def _priority_codes() -> set[str]:
    with open(config.DATA_DIR / "priorities.csv", encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def _check_text(where: str, text: object, placeholders: dict[str, str]) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ClauseLibraryError(f"{where}: the text is missing.")
    problem = multiline_problem(text, MAX_PARAGRAPH_LENGTH)
    if problem:
        raise ClauseLibraryError(f"{where}: the text {problem}.")
    try:
        unknown = _placeholders_in(text) - placeholders.keys()
    except ClauseLibraryError as error:
        raise ClauseLibraryError(f"{where}: {error}") from error
    if unknown:
        raise ClauseLibraryError(
            f"{where}: unknown placeholder {', '.join('{' + name + '}' for name in sorted(unknown))}; "
            f"known: {', '.join('{' + name + '}' for name in placeholders)}."
        )
    return text


def _clause(number: int, raw: dict, placeholders: dict[str, str], themes: dict[str, str], priorities: set[str]) -> Clause:
    where = f"Clause {number} ({raw.get('key', 'without a key')})"
    try:
        kind = ClauseKind(raw.get("kind"))
    except ValueError:
        raise ClauseLibraryError(f"{where}: kind must be one of {', '.join(k.value for k in ClauseKind)}.") from None
    text = _check_text(where, raw.get("text"), placeholders).strip()
    priority, theme = raw.get("priority"), raw.get("theme")
    if priority is not None and priority not in priorities:
        raise ClauseLibraryError(f"{where}: '{priority}' is not a priority in data/priorities.csv.")
    if theme is not None and theme not in themes:
        raise ClauseLibraryError(f"{where}: '{theme}' is not one of the themes listed in the library.")
    if kind == ClauseKind.operative and not (priority or theme):
        raise ClauseLibraryError(f"{where}: an operative clause names the priority or theme it serves.")
    if kind == ClauseKind.preamble and not (text.split()[0].endswith("ing") and text.endswith(";")):
        raise ClauseLibraryError(f"{where}: a preamble clause opens with a participle ('Recalling …') and ends with ';'.")
    return Clause(key=str(raw["key"]), kind=kind, text=text, priority=priority, theme=theme, draft=bool(raw.get("draft")))


def load(path: Path) -> ClauseLibrary:
    """Read and check a library file: kinds, topics, participles, and every placeholder against the declared ones."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ClauseLibraryError(f"The clause library {path.name} cannot be read: {error}") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("clauses"), list):
        raise ClauseLibraryError(f"The clause library {path.name} needs 'placeholders', 'chapeau', 'themes' and 'clauses'.")
    placeholders = dict(raw.get("placeholders") or {})
    unfillable = sorted(placeholders.keys() - set(MEETING_PLACEHOLDERS))
    if unfillable:
        raise ClauseLibraryError(f"The meeting cannot fill the placeholders {', '.join(unfillable)}; "
                                 f"it fills {', '.join(MEETING_PLACEHOLDERS)}.")
    themes = dict(raw.get("themes") or {})
    chapeau = _check_text("The chapeau", raw.get("chapeau"), placeholders)
    sessions_clause = _check_text("The sessions clause", raw.get("sessions_clause"), {**placeholders, "sessions": ""})
    priorities = _priority_codes()
    clauses = []
    for number, entry in enumerate(raw["clauses"], start=1):
        if not isinstance(entry, dict) or not entry.get("key"):
            raise ClauseLibraryError(f"Clause {number}: every clause needs a key.")
        clauses.append(_clause(number, entry, placeholders, themes, priorities))
    keys = [clause.key for clause in clauses]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ClauseLibraryError(f"Clause keys must be unique; repeated: {', '.join(repeated)}.")
    return ClauseLibrary(placeholders=placeholders, chapeau=chapeau, sessions_clause=sessions_clause, themes=themes,
                         clauses=tuple(clauses))


@cache
def library() -> ClauseLibrary:
    return load(config.TEMPLATES_DIR / LIBRARY_FILE)


def meeting_values(meeting: Meeting, chair: Delegation) -> dict[str, str]:
    """What the placeholders stand for in this meeting."""
    return {
        "chairmanship": chair.name,
        "city": meeting.city,
        "dates": date_span(meeting.start_date, meeting.end_date),
        "meeting": meeting.title,
        "year": str(meeting.chairmanship_year),
    }
