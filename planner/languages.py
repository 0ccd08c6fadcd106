"""The six official languages of the OSCE (templates/languages.yaml): their codes, how a language version names
itself, its dates as the language writes them (Babel), and the fixed wording a language version prints."""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

import yaml
from babel.dates import format_date

from planner import config

ENGLISH = "en"
# What a date pattern writes from the year, or from the month, on (with Spanish 'de' before it): the start of a range
# drops it where the end has the same.
FROM_YEAR = re.compile(r"\s*('de'\s*)?y.*$")
FROM_MONTH = re.compile(r"\s*('de'\s*)?MMMM.*$")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    caps: str
    word: str
    locale: str
    date: str
    day: str
    first_day: str | None = None
    phrases: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def long_date(self, day: dt.date) -> str:
        """'1 ноября 2006 года', '1er novembre 2006', '1. November 2006', '1 de noviembre de 2006'."""
        return self._written(day, self.date)

    def _written(self, day: dt.date, pattern: str) -> str:
        """`day` in a Babel pattern that starts with the day number."""
        written = format_date(day, pattern, locale=self.locale)
        if self.first_day and day.day == 1:
            written = self.first_day + written[1:]
        return written

    def date_range(self, start: dt.date, end: dt.date) -> str:
        """The meeting's days under its title: '10–11 мая 2027 года', '30 avril – 2 mai 2027', '1er–3 mai 2027'.
        The start drops what it shares with the end (the year, the month), as the language's date pattern allows."""
        if start == end:
            return self.long_date(start)
        if start.year != end.year:
            return f"{self.long_date(start)} – {self.long_date(end)}"
        if start.month != end.month:
            return f"{self._written(start, FROM_YEAR.sub('', self.date))} – {self.long_date(end)}"
        return f"{self._written(start, FROM_MONTH.sub('', self.date))}–{self.long_date(end)}"

    def day_heading(self, day: dt.date) -> str:
        """A day of the agenda: 'Wednesday, 1 November 2006', 'mercredi 1er novembre 2006'."""
        written = format_date(day, self.day, locale=self.locale)
        if self.first_day and day.day == 1:
            number = format_date(day, "d", locale=self.locale)
            written = written.replace(f" {number} ", f" {self.first_day} ", 1)
        return written

    def phrase(self, key: str) -> str:
        return self.phrases[key]


FIELDS = {"code", "name", "caps", "word", "locale", "date", "day", "first_day"}


@functools.cache
def languages() -> tuple[Language, ...]:
    """In the order of templates/languages.yaml: English first, then the others in the OSCE's order."""
    raw = yaml.safe_load((config.TEMPLATES_DIR / "languages.yaml").read_text(encoding="utf-8"))
    return tuple(Language(**{k: v for k, v in entry.items() if k in FIELDS},
                          phrases={k: v for k, v in entry.items() if k not in FIELDS}) for entry in raw)


def by_code(code: str) -> Language:
    """The language of an ISO code ('ru'), or a ValueError naming the codes there are."""
    found = next((language for language in languages() if language.code == code.strip().lower()), None)
    if found is None:
        raise ValueError(f"'{code}' is not an OSCE language; the codes are {', '.join(l.code for l in languages())}")
    return found


def by_name(name: str) -> Language:
    found = next((language for language in languages() if language.name == name.strip()), None)
    if found is None:
        raise ValueError(f"'{name}' is not an OSCE official language")
    return found


def names() -> list[str]:
    return [language.name for language in languages()]
