"""Reference data from data/*.csv: delegations, priorities, normative documents. Loading updates rows in place."""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from planner import audit, config
from planner.access import Actor, Capability, require
from planner.delegations.models import Delegation, DelegationKind, NormativeDocument, Priority


def normalize_name(name: str) -> str:
    """'Türkiye', 'TURKIYE' and ' turkiye ' are one name: no case, no diacritics, no extra spaces, no leading 'the'."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[\s\u00a0]+", " ", plain.replace("ı", "i")).strip().casefold()
    return re.sub(r"^the ", "", plain)


def sort_key(name: str) -> str:
    """The one order of delegation names, as people read them: 'The Netherlands' under N, 'Türkiye' before
    'Turkmenistan'. Stored as Delegation.sort_name so that queries order the same way as Python does."""
    return normalize_name(name)


def _read_csv(name: str, data_dir: Path) -> list[dict[str, str]]:
    with open(data_dir / name, encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _upsert(session: Session, model: type[SQLModel], key: str, values: dict) -> str:
    """Insert or update one row found by its natural key; returns 'added', 'updated' or 'unchanged'."""
    row = session.exec(select(model).where(getattr(model, key) == values[key])).first()
    if row is None:
        session.add(model(**values))
        return "added"
    if all(getattr(row, field) == value for field, value in values.items()):
        return "unchanged"
    for field, value in values.items():
        setattr(row, field, value)
    return "updated"


def load_reference_data(session: Session, actor: Actor | None, data_dir: Path | None = None) -> dict[str, dict[str, int]]:
    """Load every reference file; run again after an edit, it updates rather than duplicates."""
    require(actor, Capability.load_reference_data)
    data_dir = data_dir or config.DATA_DIR
    loads = {
        "delegations": (
            Delegation,
            "name",
            [
                {
                    "kind": DelegationKind(row["kind"]),
                    "name": row["name"],
                    "in_sentence": row["in_sentence"] or row["name"],
                    "sort_name": sort_key(row["name"]),
                    "other_names": row["other_names"],
                    "iso_code": row["iso_code"] or None,
                    "joined": _date(row["joined"]),
                }
                for row in _read_csv("delegations.csv", data_dir)
            ],
        ),
        "priorities": (
            Priority,
            "code",
            [
                {"code": row["code"], "number": int(row["number"]), "title": row["title"], "description": row["description"]}
                for row in _read_csv("priorities.csv", data_dir)
            ],
        ),
        "normative documents": (
            NormativeDocument,
            "symbol",
            [
                {"symbol": row["symbol"], "title": row["title"], "date": _date(row["date"]), "place": row["place"]}
                for row in _read_csv("normative_documents.csv", data_dir)
            ],
        ),
    }
    summary: dict[str, dict[str, int]] = {}
    for label, (model, key, rows) in loads.items():
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        for values in rows:
            counts[_upsert(session, model, key, values)] += 1
        summary[label] = counts
        if counts["added"] or counts["updated"]:
            audit._record(session, actor, "reference.load", label, after=counts)
    session.flush()
    return summary


def delegation_order() -> tuple:
    """ORDER BY for delegations as OSCE lists show them: by group (see kind_rank), then by sort_key within it."""
    return kind_rank(), Delegation.sort_name


def kind_rank() -> sa.Case:
    """Order by group as OSCE lists do: participating States, Mediterranean and Asian Partners, organizations."""
    return sa.case({kind: rank for rank, kind in enumerate(DelegationKind)}, value=Delegation.kind)


def delegations(session: Session, kinds: list[DelegationKind] | None = None) -> list[Delegation]:
    query = select(Delegation).order_by(Delegation.sort_name)
    if kinds:
        query = query.where(Delegation.kind.in_(kinds))
    return list(session.exec(query))


def name_index(delegation_rows: list[Delegation]) -> dict[str, Delegation]:
    """Every current and former name, normalized, pointing at its delegation."""
    index: dict[str, Delegation] = {}
    for delegation in delegation_rows:
        for name in delegation.all_names:
            index.setdefault(normalize_name(name), delegation)
    return index


def find_delegation(session: Session, name: str) -> Delegation | None:
    return name_index(delegations(session)).get(normalize_name(name))


def priorities(session: Session) -> list[Priority]:
    return list(session.exec(select(Priority).order_by(Priority.number)))


def normative_documents(session: Session) -> list[NormativeDocument]:
    return list(session.exec(select(NormativeDocument).order_by(NormativeDocument.date)))
