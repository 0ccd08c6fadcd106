"""Every benchmark at once, as one JSON object: the figures are medians of several runs, in milliseconds.

    benchmarks/run.py [--quick] [--database URL]

--quick takes fewer runs of each. Pages are also timed in CPU seconds of the benchmark's process, which the other work
on a shared machine bends less than the wall clock (the `_cpu_` figures). Each measurement works in a database of its own (a temporary SQLite file, or a
schema of its own on the PostgreSQL server given). The goals: the slowest page at ten times the usual size renders in
at most three times what the slowest takes at the usual size, and in under a second; the statement export takes at most
1.5 times what plain python-docx takes to write the same paragraphs; in headless Chromium, every step a person takes
(benchmarks/browser.py) is idle again within 500 ms of the click at the usual size and within a second at ten times
it (the `browser_` figures; skipped, saying why, without Chromium)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import backup_restore, browser, import_participants, notes_verbales, pages, statement_export  # noqa: E402
from benchmarks.common import database_option, postgres_base  # noqa: E402

GOAL_PAGE_RATIO = 3
GOAL_PAGE_MS_10X = 1000
GOAL_EXPORT_RATIO = 1.5


@dataclass(frozen=True)
class Scale:
    """How much each benchmark does; the figures' names say the usual amounts."""

    runs: int
    export_rounds: int
    browser_runs: int = 0  # clicks of each step in headless Chromium (benchmarks/browser.py); 0 leaves the browser out
    size: pages.Size = pages.Size()
    participants: int = import_participants.ROWS
    notes: int = notes_verbales.NOTES


FULL = Scale(runs=7, export_rounds=15, browser_runs=5)
QUICK = Scale(runs=3, export_rounds=5, browser_runs=3)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def browser_figures(clicked: dict) -> dict:
    """Each step's median click in the browser at 1x and 10x, and the slowest at each; or why there are none."""
    if "skipped" in clicked:
        return {"browser_ms_1x": None, "browser_ms_10x": None, "browser_slowest": None,
                "browser_skipped": clicked["skipped"]}
    return {"browser_ms_1x": clicked["1x"]["ms"], "browser_ms_10x": clicked["10x"]["ms"],
            "browser_slowest": {scale: clicked[scale]["slowest"] for scale in ("1x", "10x")},
            "browser_failed": {scale: clicked[scale]["failed"] for scale in ("1x", "10x") if clicked[scale]["failed"]}}


def benchmarks(scale: Scale = FULL, url: str | None = None) -> dict:
    load_before = os.getloadavg()
    export = statement_export.measure(scale.export_rounds, url)
    imported = import_participants.measure(scale.runs, url, rows=scale.participants)
    notes = notes_verbales.measure(scale.runs, url, notes=scale.notes)
    usual = pages.at_scale(scale.size, scale.runs, url, then=lambda: backup_restore.measure_current(scale.runs, url))
    large = pages.at_scale(scale.size.times(10), scale.runs, url)
    clicked = (browser.measure(scale.browser_runs, url, scale.size) if scale.browser_runs
               else {"skipped": "not asked for (browser_runs 0)"})
    page_ratio = large["slowest_ms"] / usual["slowest_ms"]
    export_ratio = export["statement_export_seconds"] / export["plain_python_docx_seconds"]
    return {
        "statement_export_ms": ms(export["statement_export_seconds"]),
        "statement_baseline_ms": ms(export["plain_python_docx_seconds"]),
        "statement_export_ratio": round(export_ratio, 2),
        "page_render_ms_1x": usual["slowest_ms"],
        "page_render_slowest_1x": usual["slowest_page"],
        "page_render_ms_10x": large["slowest_ms"],
        "page_render_slowest_10x": large["slowest_page"],
        "page_render_ratio": round(page_ratio, 2),
        "page_render_cpu_ms_1x": usual["slowest_cpu_ms"],
        "page_render_cpu_ms_10x": large["slowest_cpu_ms"],
        "page_render_cpu_ratio": round(large["slowest_cpu_ms"] / usual["slowest_cpu_ms"], 2),
        "participants_import_4000_ms": ms(imported["import_seconds"]),
        "notes_verbales_100_ms": ms(notes["notes_verbales_seconds"]),
        "backup_ms": ms(usual["backup_seconds"]),
        "restore_ms": ms(usual["restore_seconds"]),
        **browser_figures(clicked),
        "goals_met": {
            **{f"browser_ms_{scale} < {goal} (each step)": clicked[scale]["goal_met"]
               for scale, goal in browser.GOAL_MS.items() if scale in clicked},
            f"page_render_ratio <= {GOAL_PAGE_RATIO}": page_ratio <= GOAL_PAGE_RATIO,
            f"page_render_ms_10x < {GOAL_PAGE_MS_10X}": large["slowest_ms"] < GOAL_PAGE_MS_10X,
            f"statement_export_ratio <= {GOAL_EXPORT_RATIO}": export_ratio <= GOAL_EXPORT_RATIO,
        },
        "pages_ms_1x": usual["pages_ms"],
        "pages_ms_10x": large["pages_ms"],
        "pages_cpu_ms_1x": usual["pages_cpu_ms"],
        "pages_cpu_ms_10x": large["pages_cpu_ms"],
        "sizes": {"1x": usual["size"], "10x": large["size"], "participants_import": imported["rows"],
                  "notes_verbales": notes["files_in_zip"], "statement_paragraphs": export["paragraphs"],
                  "backup_rows": usual["backup_rows"]},
        "runs": scale.runs,
        "database": "postgresql" if postgres_base(url) else "sqlite",
        "machine": {"cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs of each measurement")
    arguments = database_option(parser).parse_args()
    print(json.dumps(benchmarks(QUICK if arguments.quick else FULL, arguments.database)))


if __name__ == "__main__":
    main()
