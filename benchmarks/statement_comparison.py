"""A 60-paragraph statement compared with a revision of it (every third paragraph reworded, five inserted, five
deleted) and written as a Word file with tracked changes under each paragraph's author. Prints JSON: the median of
several rounds for comparing alone and for comparing and writing the whole file (seconds)."""
from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.documents.layout import new_document, to_bytes  # noqa: E402
from planner.documents.tracked_changes import Revisions, write_comparison  # noqa: E402
from planner.text.diff import KeyedText, compare  # noqa: E402

PARAGRAPHS = 60
ROUNDS = 15
AUTHORS = ["Austria", "Türkiye", "Germany", "France"]


def versions() -> tuple[list[KeyedText], list[KeyedText], dict[str, str]]:
    older = [KeyedText(f"p{n}", f"Encourage the participating States to share good practice number {n} in police "
                                "co-operation, including the exchange of information, joint training and the "
                                "protection of human rights;") for n in range(PARAGRAPHS)]
    newer, authors = [], {}
    for n, paragraph in enumerate(older):
        if n % 12 == 5:
            authors[paragraph.key] = AUTHORS[n % len(AUTHORS)]
            continue
        if n % 3 == 0:
            paragraph = KeyedText(paragraph.key, paragraph.text.replace("share good practice", "exchange good practices")
                                  .replace("joint training", "joint training of police officers"))
            authors[paragraph.key] = AUTHORS[n % len(AUTHORS)]
        newer.append(paragraph)
        if n % 12 == 7:
            newer.append(KeyedText(f"new{n}", "Task the Secretariat with reporting on the implementation;"))
            authors[f"new{n}"] = AUTHORS[(n + 1) % len(AUTHORS)]
    return older, newer, authors


def timed(action) -> float:
    figures = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        figures.append(time.perf_counter() - start)
    return statistics.median(figures)


def main() -> None:
    older, newer, authors = versions()
    when = dt.datetime(2027, 4, 8, tzinfo=dt.timezone.utc)

    def whole_file() -> bytes:
        document = new_document(title="Comparison", author="Chairmanship")
        write_comparison(document, compare(older, newer, authors=authors, default_author="Chairmanship"),
                         revisions=Revisions(when))
        return to_bytes(document)

    print(json.dumps({
        "paragraphs": PARAGRAPHS,
        "compare_seconds": round(timed(lambda: compare(older, newer, authors=authors, default_author="Chairmanship")), 4),
        "compare_and_write_docx_seconds": round(timed(whole_file), 4),
        "bytes": len(whole_file()),
    }))


if __name__ == "__main__":
    main()
