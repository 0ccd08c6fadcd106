"""Two agenda versions compared item by item, by the items' stable keys: what was added or removed, and of what is
in both, what moved (to another day, or to another place in the day at another time), was retimed or retitled, or
changed speakers, room or description. An item that keeps its day and its times has not moved, whatever moved
around it: when two sessions swap, the lunch between them stays where it was."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum

from sqlmodel import Session

from planner.access import Actor
from planner.agenda_review.models import AgendaVersion, AgendaVersionItem
from planner.agenda_review.versions import get_version, items_of


class ItemChange(str, Enum):
    added = "added"
    removed = "removed"
    moved = "moved"
    retimed = "retimed"
    retitled = "retitled"
    speakers_changed = "speakers changed"
    room_changed = "room changed"
    description_changed = "description changed"


PEOPLE = ("moderator", "speakers", "rapporteur")


@dataclass(frozen=True)
class ComparedItem:
    """One item of either version; `older` or `newer` is None for an added or removed item."""

    older: AgendaVersionItem | None
    newer: AgendaVersionItem | None
    changes: tuple[ItemChange, ...]

    @property
    def key(self) -> str:
        return (self.newer or self.older).key

    @property
    def title(self) -> str:
        return (self.newer or self.older).title


@dataclass(frozen=True)
class Comparison:
    older: AgendaVersion
    newer: AgendaVersion
    items: list[ComparedItem]

    @property
    def changed(self) -> list[ComparedItem]:
        return [item for item in self.items if item.changes]


def _changes(before: AgendaVersionItem, after: AgendaVersionItem, kept_in_order: bool) -> tuple[ItemChange, ...]:
    found = []
    retimed = (before.start, before.end) != (after.start, after.end)
    if before.day != after.day or (retimed and not kept_in_order):
        found.append(ItemChange.moved)
    if retimed:
        found.append(ItemChange.retimed)
    if before.title != after.title:
        found.append(ItemChange.retitled)
    if any(getattr(before, name) != getattr(after, name) for name in PEOPLE):
        found.append(ItemChange.speakers_changed)
    if before.room != after.room:
        found.append(ItemChange.room_changed)
    if before.description != after.description:
        found.append(ItemChange.description_changed)
    return tuple(found)


def compare_items(older: list[AgendaVersionItem], newer: list[AgendaVersionItem]) -> list[ComparedItem]:
    """In the newer version's order, each removed item after the item it used to follow. An item counts as moved
    when its day changed, or its time changed and it left the longest run of items that kept their order."""
    before = {item.key: item for item in older}
    after = {item.key: item for item in newer}
    common_old = [item.key for item in older if item.key in after]
    common_new = [item.key for item in newer if item.key in before]
    in_order = set()
    for block in difflib.SequenceMatcher(None, common_old, common_new, autojunk=False).get_matching_blocks():
        in_order.update(common_old[block.a:block.a + block.size])
    result = [ComparedItem(before.get(item.key), item, _changes(before[item.key], item, item.key in in_order)
                           if item.key in before else (ItemChange.added,)) for item in newer]
    for index, item in enumerate(older):
        if item.key in after:
            continue
        previous = next((o.key for o in reversed(older[:index]) if o.key in after), None)
        at = 0 if previous is None else next(i for i, c in enumerate(result) if c.key == previous) + 1
        while at < len(result) and result[at].newer is None:
            at += 1
        result.insert(at, ComparedItem(item, None, (ItemChange.removed,)))
    return result


def compare_versions(session: Session, actor: Actor, meeting_id: int, older_number: int,
                     newer_number: int) -> Comparison:
    older = get_version(session, actor, meeting_id, older_number)
    newer = get_version(session, actor, meeting_id, newer_number)
    return Comparison(older, newer, compare_items(items_of(session, actor, older), items_of(session, actor, newer)))
