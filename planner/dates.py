"""Dates and times as the OSCE writes them in documents, messages and pages: '9 March 2027', 'from 10 to 11 May 2027',
'Tue 30 Mar', '09:00–09:45'. One style everywhere: no leading zero in a day, the 24-hour clock."""
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


def short_date(day: dt.date) -> str:
    """The date in a list or a label, where space is short: '5 Mar 2027', the style of the pages' date columns."""
    return f"{day.day} {day:%b %Y}"


def weekday(day: dt.date) -> str:
    """A meeting day within its meeting: 'Tue 30 Mar', the style of the timetable's day column."""
    return f"{day:%a} {day.day} {day:%b}"


def time_span(start: dt.time, end: dt.time) -> str:
    """'09:00–09:45', on the 24-hour clock as the agenda writes it."""
    return f"{start:%H:%M}–{end:%H:%M}"


def day_and_time(moment: dt.datetime) -> str:
    """'5 March 2027, 14:30': a moment already in the zone it is read in."""
    return f"{long_date(moment.date())}, {moment:%H:%M}"
