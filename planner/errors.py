"""Errors a person can act on. Pages and the CLI show their message; nothing else should reach a user."""
from __future__ import annotations

from dataclasses import dataclass

from planner.text.words import plural


class PlannerError(Exception):
    """Base of every error the planner raises on purpose; `str(error)` is the message for the user."""


class PermissionDenied(PlannerError):
    """The signed-in user's role (or delegation) does not allow this action."""


class NotFound(PlannerError):
    """A meeting, delegation, invitation … that does not exist (any more)."""


class StaleEdit(PlannerError):
    """Someone else saved this record after you opened it; reload and apply your change again."""


class InvalidTransition(PlannerError):
    """A state change that makes no sense from the current state (e.g. confirming a declined invitation)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input row: where (row, column) and why; `subject` names the row for people."""

    row: int | None
    column: str | None
    reason: str
    subject: str | None = None

    def __str__(self) -> str:
        """'Row 5, column 'email': …' for a spreadsheet; "'Session 2' (Tue 30 Mar, 11:45–13:15): …" for a table whose
        rows people know by name rather than number; 'City: …' for a form."""
        if self.subject:
            return f"{self.subject}: {self.reason}"
        if self.row is None:
            return f"{self.column.replace('_', ' ').capitalize()}: {self.reason}" if self.column else self.reason
        return f"Row {self.row}, column '{self.column}': {self.reason}" if self.column else f"Row {self.row}: {self.reason}"


class ValidationFailed(PlannerError):
    """Input was refused as a whole; `problems` lists every row and column at fault."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = list(problems)
        head = summary or f"{plural(len(self.problems), 'problem')} found; nothing was saved."
        super().__init__(head + "\n" + "\n".join(f"- {p}" for p in self.problems))
        self.summary = head


class ImmutableVersion(PlannerError):
    """A circulated (frozen) version of a document was about to change; circulated texts are kept as they went out."""
