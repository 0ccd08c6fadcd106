"""Time zones as readers know them: 'Central European Summer Time (CEST, UTC+2)', computed for the dates in question
(summer time or not), never the database name 'Europe/Brussels'. Names of abbreviations come from data/time_zones.csv."""
from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from functools import cache
from zoneinfo import ZoneInfo

from planner import config
from planner.dates import as_utc, day_and_time
from planner.text.words import and_list


@cache
def _names() -> dict[str, str]:
    with open(config.DATA_DIR / "time_zones.csv", encoding="utf-8", newline="") as handle:
        return {row["abbreviation"]: row["name"] for row in csv.DictReader(handle)}


def _offset(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return "UTC" if minutes == 0 else f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def describe(zone_name: str, day: dt.date) -> str:
    """'Central European Summer Time (CEST, UTC+2)'; a zone without a known name: 'local time in Tashkent (UTC+5)'."""
    moment = dt.datetime.combine(day, dt.time(12), ZoneInfo(zone_name))
    abbreviation, offset = moment.tzname() or "", _offset(moment.utcoffset() or dt.timedelta())
    if abbreviation in _names():
        return f"{_names()[abbreviation]} ({abbreviation}, {offset})"
    city = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    return f"local time in {city} ({offset})"


def describe_days(zone_name: str, days: Sequence[dt.date]) -> str:
    """The time of these days; two descriptions when the clocks change during them."""
    return and_list(list(dict.fromkeys(describe(zone_name, day) for day in days)))


def abbreviations(zone_name: str, days: Sequence[dt.date]) -> str:
    """'CEST', or 'UTC+5' for a zone without a known abbreviation; 'CEST/CET' when the clocks change during the days."""
    found = []
    for day in days:
        moment = dt.datetime.combine(day, dt.time(12), ZoneInfo(zone_name))
        abbreviation = moment.tzname() or ""
        found.append(abbreviation if abbreviation in _names() else _offset(moment.utcoffset() or dt.timedelta()))
    return "/".join(dict.fromkeys(found))


def local_moment(moment: dt.datetime, zone_name: str) -> str:
    """A stored moment as read in the zone, with the zone as readers know it that day: '5 March 2027, 12:00 CET'."""
    here = as_utc(moment).astimezone(ZoneInfo(zone_name))
    return f"{day_and_time(here)} {abbreviations(zone_name, [here.date()])}"
