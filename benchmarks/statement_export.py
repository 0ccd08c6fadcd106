"""Export of a 60-paragraph statement against plain python-docx writing the same paragraphs in the same run.
Prints JSON: both figures (median of several rounds, seconds) and their ratio."""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document  # noqa: E402

from benchmarks.common import (  # noqa: E402
    database_option, fresh_database, median_seconds, meeting_with_everyone_invited,
)
from planner import db
from planner.access import SYSTEM  # noqa: E402
from planner.documents.statement import statement_document  # noqa: E402
from planner.meetings import planning
from planner.models import ParagraphKind  # noqa: E402
from planner.statement import drafting, versions  # noqa: E402

PARAGRAPHS = 60
ROUNDS = 15


def paragraph_text(number: int) -> str:
    return (f"Encourage the participating States to share good practice number {number} in police co-operation, "
            "including the exchange of information, joint training and the protection of human rights;")


def statement_with(meeting_id: int, count: int) -> versions.StatementText:
    """The meeting's draft from its priorities, topped up with operative paragraphs to `count`."""
    with db.transaction() as session:
        planning.set_priorities(session, SYSTEM, meeting_id, ["organized_crime", "terrorism", "cyber_crime"])
        drafting.draft_from_priorities(session, SYSTEM, meeting_id)
        present = len(versions.draft_text(session, SYSTEM, meeting_id).paragraphs)
        for number in range(present, count):
            drafting.add_paragraph(session, SYSTEM, meeting_id, kind=ParagraphKind.operative, text=paragraph_text(number))
        return versions.draft_text(session, SYSTEM, meeting_id)


def plain(texts: list[str]) -> bytes:
    document = Document()
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(rounds: int = ROUNDS, url: str | None = None) -> dict:
    """The planner's export and the plain python-docx baseline, medians in seconds, in a database of its own."""
    with fresh_database(url):
        text = statement_with(meeting_with_everyone_invited(), PARAGRAPHS)
        texts = [p.text for p in text.paragraphs]
        with db.transaction() as session:
            statement_document(session, SYSTEM, text)  # the first export prepares the base document once per process
            planner_seconds = median_seconds(lambda: statement_document(session, SYSTEM, text), rounds)
        plain_seconds = median_seconds(lambda: plain(texts), rounds)
        return {
            "database": db.engine().dialect.name,
            "paragraphs": len(texts),
            "statement_export_seconds": round(planner_seconds, 4),
            "plain_python_docx_seconds": round(plain_seconds, 4),
            "ratio": round(planner_seconds / plain_seconds, 2),
        }


def main() -> None:
    arguments = database_option(argparse.ArgumentParser(description=__doc__)).parse_args()
    print(json.dumps(measure(url=arguments.database)))


if __name__ == "__main__":
    main()
