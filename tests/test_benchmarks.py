"""benchmarks/run.py at a tiny scale: every figure the README reports is there, measured on the database asked for."""
import os

from benchmarks import pages, run

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
    assert os.environ["PLANNER_DATABASE_URL"] == database_url  # the benchmarks' own databases are gone again
