"""Counting and listing in words, as documents and messages write them: '1 participant', '3 participants',
'English, French and Russian'."""
from __future__ import annotations

from collections.abc import Sequence

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 delegation', '2 delegations', '2,000 entries'; irregular plurals are given ('1 person', '2 people')."""
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def and_list(items: Sequence[str]) -> str:
    """'English', 'English and French', 'English, French and Russian'."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def number_word(count: int) -> str:
    """'five', as a sentence writes a small number; '13' and above in figures."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else f"{count:,}"
