"""benchmarks/run.py at a tiny scale: every figure the README reports is there, measured on the database asked for."""
import os

import pytest

from benchmarks import browser, pages, run
from tests.test_browser import free_port

FIGURES = ("statement_export_ms", "statement_baseline_ms", "page_render_ms_1x", "page_render_ms_10x",
           "participants_import_4000_ms", "notes_verbales_100_ms", "backup_ms", "restore_ms")
TINY = run.Scale(runs=1, export_rounds=1, size=pages.Size(delegations=8, participants=20, agenda_items=2, paragraphs=5,
                                                           amendments=4), participants=20, notes=10)


def test_one_run_gives_every_figure_and_the_slowest_pages(database_url):
    postgres = database_url.startswith("postgresql")
    figures = run.benchmarks(TINY, os.environ["PLANNER_TEST_POSTGRES_URL"] if postgres else None)
    assert all(isinstance(figures[name], float) and figures[name] > 0 for name in FIGURES), figures
    every_page = {f"{page} ({role})" for email, names in pages.PAGES.items() for page in names
                  for role in [email.split("@")[0].split(".")[0]]}
    assert set(figures["pages_ms_1x"]) == set(figures["pages_ms_10x"]) == every_page
    assert figures["page_render_slowest_1x"] in every_page and figures["page_render_slowest_10x"] in every_page
    assert figures["page_render_ms_10x"] == max(figures["pages_ms_10x"].values())
    assert figures["sizes"]["10x"]["amendments"] == 40 and figures["sizes"]["participants_import"] == 20
    assert figures["database"] == ("postgresql" if postgres else "sqlite") and len(figures["goals_met"]) == 3
    assert figures["browser_skipped"] and figures["browser_ms_1x"] is None  # TINY leaves the browser out
    assert os.environ["PLANNER_DATABASE_URL"] == database_url  # the benchmarks' own databases are gone again


@pytest.mark.browser
@pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing()))
def test_the_browser_takes_every_step_at_both_scales():
    """Every step a person takes is timed at both scales: none fails, say because a page's wording changed."""
    clicked = browser.measure(1, size=TINY.size, port=free_port())
    for scale in ("1x", "10x"):
        assert not clicked[scale]["failed"], clicked[scale]["failed"]
        assert {f"open {title}" for title in browser.PAGE_TITLES} | {
            "open a paragraph", "save a paragraph", "propose an amendment", "accept an amendment", "add a comment",
            "generate the timetable"} == set(clicked[scale]["ms"])
        assert clicked[scale]["slowest"][1] == max(clicked[scale]["ms"].values())
    assert run.browser_figures(clicked)["browser_slowest"] == {"1x": clicked["1x"]["slowest"],
                                                               "10x": clicked["10x"]["slowest"]}
