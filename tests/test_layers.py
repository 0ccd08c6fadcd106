"""The code's layers point one way: pages (planner/ui) and the command line over the Word builders (planner/documents)
over the concept packages over the shared core. A module that imports upwards fails here, naming the import."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLANNER = Path(__file__).resolve().parent.parent / "planner"
CORE = {"__init__", "access", "audit", "comment_threads", "config", "dates", "db", "errors", "languages", "model_base", "text",
        "time_zones"}
CONCEPTS = {"accounts", "agenda_review", "archive", "delegations", "mail", "meetings", "operations", "register",
            "statement", "translation", "models"}
LAYERS = [CORE, CONCEPTS, {"documents"}, {"ui", "cli", "__main__"}]
MAX_LINES = 420


def layer_of(top: str) -> int:
    return next(number for number, layer in enumerate(LAYERS) if top in layer)


def modules() -> list[Path]:
    return sorted(path for path in PLANNER.rglob("*.py") if "migrations" not in path.parts)


def planner_imports(path: Path) -> list[str]:
    """Every planner module this file imports, at the top or inside a function, as 'planner.x.y'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "planner":
            found += [node.module] if node.module != "planner" else [f"planner.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "planner"]
    return found


def top_of(path: Path) -> str:
    return path.relative_to(PLANNER).with_suffix("").parts[0]


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PLANNER)))
def test_no_module_imports_from_a_layer_above_it(path):
    own = layer_of(top_of(path))
    upward = [name for name in planner_imports(path) if layer_of(name.split(".")[1]) > own]
    assert not upward, f"{path.relative_to(PLANNER)} imports from a layer above it: {', '.join(upward)}"


def test_only_pages_and_the_entry_import_streamlit():
    users = [str(path.relative_to(PLANNER)) for path in modules() if top_of(path) != "ui"
             and any(name.split(".")[0] == "streamlit" for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                     for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else
                                  [node.module or ""] if isinstance(node, ast.ImportFrom) else []))]
    assert not users, f"streamlit imported outside planner/ui: {users}"


def test_no_module_is_too_long_to_read():
    long = {str(path.relative_to(PLANNER)): lines for path in modules()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these into sections (at most {MAX_LINES} lines): {long}"
