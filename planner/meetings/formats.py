"""Meeting formats (agendas/formats/*.yaml), the timetable a format drafts day by day, and the session outlines
(agendas/priorities.yaml) that give each priority's session its title and description."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from planner import config
from planner.meetings.models import AgendaItemKind
from planner.text.words import number_word


@dataclass(frozen=True)
class Slot:
    start: dt.time
    end: dt.time
    kind: AgendaItemKind
    title: str = ""
    description: str = ""
    room: str = ""
    fill: str | None = None
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingFormat:
    key: str
    name: str
    description: str
    days: tuple[tuple[Slot, ...], ...]

    @property
    def priority_slots(self) -> int:
        return sum(1 for day in self.days for slot in day if slot.fill == "priority")

    def sessions_for(self, priorities: int) -> int:
        """The thematic sessions this format gives `priorities` chosen priorities: one each, up to its slots; with none
        chosen yet, all of its slots."""
        return min(priorities, self.priority_slots) if priorities else self.priority_slots

    def _sessions(self, priorities: int) -> str:
        count = self.sessions_for(priorities)
        return f"{number_word(count)} thematic {'session' if count == 1 else 'sessions'}"

    def name_for(self, priorities: int = 0) -> str:
        """The name as it reads for the priorities chosen ('Two days — five thematic sessions'), so that a summary
        never promises the six sessions the format holds when five were chosen."""
        return self.name.format(sessions=self._sessions(priorities))

    def description_for(self, priorities: int = 0) -> str:
        return self.description.format(sessions=self._sessions(priorities))


@dataclass(frozen=True)
class SessionOutline:
    title: str
    description: str
    guiding_questions: tuple[str, ...] = field(default_factory=tuple)

    def as_description(self) -> str:
        questions = "\n".join(f"- {q}" for q in self.guiding_questions)
        return f"{self.description}\n\nGuiding questions:\n{questions}" if questions else self.description


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(str(text))


@cache
def meeting_formats(directory: Path | None = None) -> dict[str, MeetingFormat]:
    directory = directory or config.AGENDAS_DIR / "formats"
    formats = {}
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        days = tuple(
            tuple(
                Slot(
                    start=_time(slot["start"]),
                    end=_time(slot["end"]),
                    kind=AgendaItemKind(slot["kind"]),
                    title=slot.get("title", ""),
                    description=slot.get("description", ""),
                    room=slot.get("room", ""),
                    fill=slot.get("fill"),
                    covers=tuple(slot.get("covers", ())),
                )
                for slot in day["slots"]
            )
            for day in raw["days"]
        )
        formats[raw["key"]] = MeetingFormat(raw["key"], raw["name"], raw.get("description", ""), days)
    return formats


@cache
def session_outlines(path: Path | None = None) -> dict[str, SessionOutline]:
    raw = yaml.safe_load((path or config.AGENDAS_DIR / "priorities.yaml").read_text(encoding="utf-8"))
    return {
        code: SessionOutline(entry["title"], entry.get("description", ""), tuple(entry.get("guiding_questions", ())))
        for code, entry in raw.items()
    }
