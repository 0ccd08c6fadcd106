"""Time and peak memory of refusing spreadsheet bombs (a few kilobytes that describe a huge sheet). Prints JSON.

For the whole process, run the command line under `/usr/bin/time -v`, e.g. on the file this script leaves in the
temporary folder: `python -m planner participants import MEETING wide-sparse.xlsx`."""
from __future__ import annotations

import io
import json
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from planner.delegations import spreadsheets
from planner.delegations.participants import COLUMNS
from planner.errors import ValidationFailed  # noqa: E402


def workbook(far_cell: str | None = None, extra_part: tuple[str, bytes] | None = None) -> bytes:
    book = Workbook()
    book.active.append(list(COLUMNS))
    book.active.append(["Austria", "Ms.", "Anna", "Probe", "", "", "anna@police.example", "female", "no"])
    if far_cell:
        book.active[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    if extra_part is None:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(*extra_part)
    return buffer.getvalue()


def refusal(content: bytes) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        spreadsheets.read_table(content, "bomb.xlsx")
        outcome = "read"
    except ValidationFailed as refused:
        outcome = refused.problems[0].reason
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"file_bytes": len(content), "seconds": round(seconds, 3), "peak_python_memory_kb": peak // 1024,
            "outcome": outcome}


def main() -> None:
    bombs = {
        "wide_sparse_XFD1048576": workbook("XFD1048576"),
        "row_far_down_A1048576": workbook("A1048576"),
        "zip_bomb_41MB_unpacked": workbook(extra_part=("xl/media/padding.xml", b" " * (41 * 2**20))),
    }
    Path(tempfile.gettempdir(), "wide-sparse.xlsx").write_bytes(bombs["wide_sparse_XFD1048576"])
    print(json.dumps({name: refusal(content) for name, content in bombs.items()}, indent=2))


if __name__ == "__main__":
    main()
