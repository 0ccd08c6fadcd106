"""Dates as the OSCE writes them in documents and messages: '9 March 2027', 'from 10 to 11 May 2027'."""
from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_range(start: dt.date, end: dt.date) -> str:
    """'30 March 2027', '10 to 11 May 2027', '30 April to 2 May 2027'."""
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def date_span(start: dt.date, end: dt.date) -> str:
    """The range inside a sentence: 'on 30 March 2027', 'from 10 to 11 May 2027'."""
    return ("on " if start == end else "from ") + date_range(start, end)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment in UTC: SQLite hands back timezone-aware columns without their zone, and they are written in UTC."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)
