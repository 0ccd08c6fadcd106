import csv
import shutil

import pytest
from sqlmodel import select

from planner import config, db
from planner.access import SYSTEM
from planner.delegations import reference
from planner.models import Delegation, DelegationKind


def test_reference_data_has_the_osce_membership(session):
    kinds = [d.kind for d in reference.delegations(session)]
    assert kinds.count(DelegationKind.participating_state) == 57
    assert kinds.count(DelegationKind.partner_mediterranean) == 6
    assert kinds.count(DelegationKind.partner_asian) == 5
    assert len(reference.priorities(session)) == 8
    assert [p.number for p in reference.priorities(session)] == list(range(1, 9))
    assert any(d.symbol == "PC.DEC/1049" for d in reference.normative_documents(session))


@pytest.mark.parametrize("typed, expected", [
    ("Turkey", "Türkiye"), ("turkiye", "Türkiye"), ("TÜRKIYE", "Türkiye"), ("Czech Republic", "Czechia"),
    ("the former Yugoslav Republic of Macedonia", "North Macedonia"), ("Netherlands", "The Netherlands"),
    ("  the netherlands ", "The Netherlands"), ("UNODC", "United Nations Office on Drugs and Crime (UNODC)"),
])
def test_delegations_match_by_current_or_former_name(session, typed, expected):
    assert reference.find_delegation(session, typed).name == expected


def test_mongolia_joined_in_2012(session):
    mongolia = reference.find_delegation(session, "Mongolia")
    assert mongolia.joined.isoformat() == "2012-11-21"


def test_loading_again_updates_rows_instead_of_duplicating(session, tmp_path):
    again = reference.load_reference_data(session, SYSTEM)
    assert again["delegations"] == {"added": 0, "updated": 0, "unchanged": 78}
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    path = data / "delegations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["name"] == "Austria":
            row["other_names"] = "Republic of Austria;Österreich"
    rows.append({"kind": "organization", "name": "United Nations (UN)", "in_sentence": "the United Nations",
                 "other_names": "UN", "iso_code": "", "joined": ""})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    summary = reference.load_reference_data(session, SYSTEM, data)
    assert summary["delegations"] == {"added": 1, "updated": 1, "unchanged": 77}
    assert reference.find_delegation(session, "Osterreich").name == "Austria"
    assert len(session.exec(select(Delegation).where(Delegation.name == "Austria")).all()) == 1


def test_init_is_idempotent(database_url):
    db.upgrade(database_url)
    with db.transaction() as session:
        assert len(reference.delegations(session)) == 78
