"""templates/states.yaml is the one table of allowed state moves: every record kind that changes state names every
state of its enum, moves only to states that exist, and refuses the rest in its own words."""
from __future__ import annotations

import typing

import pytest

from planner import models
from planner.errors import InvalidTransition
from planner.model_base import StateMachine, _machines

MACHINES = sorted({cls for cls in vars(models).values() if isinstance(cls, type) and issubclass(cls, StateMachine)
                   and cls is not StateMachine and hasattr(cls, "__table__")}, key=lambda cls: cls.__name__)


def state_enum(model: type[StateMachine]) -> type:
    field = _machines()[model.states]["field"]
    return typing.get_type_hints(model)[field]


def test_every_record_kind_with_states_is_covered():
    assert {model.__name__ for model in MACHINES} == {
        "Meeting", "Invitation", "AgendaVersion", "AgendaComment", "StatementComment", "Amendment"}
    assert {model.states for model in MACHINES} == set(_machines())


@pytest.mark.parametrize("model", MACHINES, ids=lambda model: model.__name__)
def test_the_table_names_every_state_and_only_existing_ones(model):
    states = state_enum(model)
    moves = _machines()[model.states]["moves"]
    assert set(moves) == {state.value for state in states}
    for state in states:
        assert model.next_states(state) <= set(states)


@pytest.mark.parametrize("model", MACHINES, ids=lambda model: model.__name__)
def test_a_move_the_table_does_not_allow_is_refused_in_words(model):
    states = list(state_enum(model))
    stuck = next(state for state in states if not model.next_states(state))
    record = model(**{_machines()[model.states]["field"]: stuck})
    with pytest.raises(InvalidTransition, match=f"'{stuck.label}' "):
        if model.__name__ == "Invitation":
            record.move_to(states[0], on=None)
        else:
            record.move_to(states[0])
    assert getattr(record, _machines()[model.states]["field"]) == stuck
