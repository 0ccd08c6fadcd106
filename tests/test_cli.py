"""The command line, run as a user would: a separate process, exit codes, messages, files."""
import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from planner import db
from planner.access import SYSTEM
from planner.meetings import planning, timetable
from planner.statement import drafting, versions
from planner.statement.interpretative import RULE

ROOT = Path(__file__).resolve().parent.parent


def planner(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
                          env={**os.environ}, timeout=120)


def titles(document) -> list[str]:
    """The texts set in the Title style, which prints them in capitals."""
    return [p.text for p in document.paragraphs if p.style.name == "Title"]


def test_init_twice_then_demo_prints_the_meeting_id_last(database_url):
    first = planner("init")
    assert first.returncode == 0, first.stderr
    second = planner("init")
    assert "delegations: 0 added, 0 updated, 78 unchanged" in second.stdout
    made = planner("demo")
    assert made.returncode == 0, made.stderr
    meeting_id = made.stdout.strip().splitlines()[-1]
    assert meeting_id.isdigit()
    listed = planner("meetings")
    assert listed.stdout.startswith(f"{meeting_id}\tSecond Meeting of the Chiefs of Police")
    assert listed.stdout.splitlines()[0].endswith("\theld")


LISTINGS = [["meetings"], ["documents"], ["documents", "1"], ["users", "list"]]
# What only a command that writes a file needs: a listing that loads them waits seconds for nothing.
NOT_FOR_A_LISTING = ("docx", "pandas", "openpyxl", "planner.documents", "alembic")


def modules_loaded_by(*args: str) -> set[str]:
    """Every module a command loads, run as `python -m planner` runs it."""
    code = ("import sys; from planner.cli import main; code = main(sys.argv[1:]); "
            "print('modules:', ' '.join(sorted(sys.modules))); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.rsplit("modules: ", 1)[1].split())


def needless(loaded: set[str]) -> list[str]:
    return sorted(name for name in loaded if name.split(".")[0] in NOT_FOR_A_LISTING or name.startswith(NOT_FOR_A_LISTING))


def test_listings_load_no_word_builder_spreadsheet_nor_migration(demo_meeting, tmp_path):
    for listing in LISTINGS:
        assert not needless(modules_loaded_by(*listing)), f"`planner {' '.join(listing)}` loads them"
    exported = modules_loaded_by("export", "agenda", str(demo_meeting), "--out", str(tmp_path / "agenda.docx"))
    assert {"docx", "planner.documents.agenda"} <= set(needless(exported)), "an export loads what it needs"


def test_each_migration_is_named_after_its_revision():
    """The quick look at whether a database is at the newest migration (db.upgrade) goes by the file names."""
    from alembic.script import ScriptDirectory

    for path in (db.MIGRATIONS_DIR / "versions").glob("*.py"):
        assert f"revision = '{path.name.split('_', 1)[0]}'" in path.read_text(encoding="utf-8"), path.name
    assert db.newest_migration() == ScriptDirectory.from_config(db.alembic_config("sqlite://")).get_current_head()


def test_users_add_reads_the_password_from_standard_input(database_url):
    added = planner("users", "add", "anna@austria.example", "--role", "delegate", "--delegation", "Österreich",
                    stdin="a secret passphrase\n")
    assert added.returncode == 1 and "No delegation is called 'Österreich'" in added.stderr
    added = planner("users", "add", "anna@austria.example", "--role", "delegate", "--delegation", "austria",
                    stdin="a secret passphrase\n")
    assert added.returncode == 0, added.stderr
    again = planner("users", "add", "anna@austria.example", "--role", "organizer", stdin="a secret passphrase\n")
    assert again.returncode == 1 and "already an account" in again.stderr and "Traceback" not in again.stderr


def test_import_errors_name_row_and_column_and_change_nothing(database_url, demo_meeting, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("delegation;salutation;first_name;last_name;function;agency;email;gender;head_of_delegation\n"
                   "Atlantis;Mr.;A;B;;;a@x.example;male;no\n"
                   "Austria;Ms.;C;D;;;broken;female;no\n", encoding="utf-8")
    before = planner("participants", "export", str(demo_meeting), "--out", str(tmp_path / "before.csv"))
    assert before.returncode == 0
    result = planner("participants", "import", str(demo_meeting), str(bad))
    assert result.returncode == 1
    assert "Row 2, column 'delegation': 'Atlantis' is not a known delegation" in result.stderr
    assert "Row 3, column 'email': 'broken' is not a valid email address" in result.stderr
    assert "Traceback" not in result.stderr
    planner("participants", "export", str(demo_meeting), "--out", str(tmp_path / "after.csv"))
    assert (tmp_path / "before.csv").read_bytes() == (tmp_path / "after.csv").read_bytes()
    good = tmp_path / "good.csv"
    good.write_text("delegation,salutation,first_name,last_name,function,agency,email,gender,head_of_delegation\n"
                    "Türkiye,Mr.,Emre,Yılmaz,Chief of Police,Emniyet,emre.new@emniyet.example,male,no\n", encoding="utf-8")
    imported = planner("participants", "import", str(demo_meeting), str(good))
    assert imported.returncode == 0 and "Imported 1 participant into meeting" in imported.stdout


def test_missing_things_are_reported_not_crashed(database_url, tmp_path):
    assert "There is no file" in planner("participants", "import", "1", str(tmp_path / "none.csv")).stderr
    missing = planner("export", "agenda", "99", "--out", str(tmp_path / "a.docx"))
    assert missing.returncode == 1 and "There is no meeting 99" in missing.stderr
    wrong = planner("participants", "export", "1", "--out", str(tmp_path / "p.pdf"))
    assert wrong.returncode == 1 and ".csv or .xlsx" in wrong.stderr


def test_exports_write_real_files(database_url, demo_meeting, tmp_path):
    for document, name in (("agenda", "agenda.docx"), ("invitations", "notes.zip"), ("participants", "list.docx")):
        result = planner("export", document, str(demo_meeting), "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert "Revised draft agenda" in titles(Document(tmp_path / "agenda.docx"))
    assert "List of participants" in titles(Document(tmp_path / "list.docx"))
    register = planner("documents", str(demo_meeting)).stdout.splitlines()
    austria = next(line.split("\t")[0] for line in register if "\tNote verbale to Austria\t" in line)
    with zipfile.ZipFile(tmp_path / "notes.zip") as archive:
        names = archive.namelist()
        assert len(names) == 57 - 1 + 11 + 10 == len(set(names)), "all but the host (Belgium)"
        note = Document(io.BytesIO(archive.read(austria.replace("/", "_") + " Austria.docx")))
    assert austria in [p.text for p in note.paragraphs]
    assert any("highest consideration" in p.text for p in note.paragraphs)
    for suffix in ("csv", "xlsx"):
        assert planner("participants", "export", str(demo_meeting), "--out", str(tmp_path / f"p.{suffix}")).returncode == 0
    assert (tmp_path / "p.csv").read_text(encoding="utf-8-sig").startswith("delegation,salutation,first_name")


def test_export_statement_gives_the_adopted_text_then_any_version_named_by_its_symbol(database_url, demo_meeting,
                                                                                      tmp_path):
    register = [line.split("\t") for line in planner("documents", str(demo_meeting)).stdout.splitlines()]
    adopted = next(symbol for symbol, _, title, *_ in register if title.startswith("Statement (adopted)"))
    with_attachment = next(symbol for symbol, _, title, *_ in register if title.startswith("Interpretative statement"))
    assert with_attachment == adopted + "/Add.1", "Türkiye's interpretative statement is issued as an addendum"
    second = next(symbol for symbol, _, title, *_ in register if title.startswith("Statement:") and symbol.endswith("/Rev.1"))
    written = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path))
    assert written.returncode == 0, written.stderr
    document = Document(tmp_path / (with_attachment.replace("/", "_") + ".docx"))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == with_attachment and "DRAFT" not in lines and titles(document)[-2:] == [
        "Statement", "Interpretative statement " + RULE]
    assert "Attachment 1" in lines and "By the delegation of Türkiye:" in lines
    version = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path), "--version", "2")
    assert version.returncode == 0, version.stderr
    draft = Document(tmp_path / (second.replace("/", "_") + ".docx"))
    assert [p.text for p in draft.paragraphs][:2] == ["DRAFT", second] and "Draft statement" in titles(draft)
    named = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path / "mine.docx"), "--version", "2")
    assert named.returncode == 0 and (tmp_path / "mine.docx").read_bytes()[:2] == b"PK"
    report = planner("export", "report", str(demo_meeting), "--out", str(tmp_path))
    issued = next(symbol for symbol, _, title, *_ in register if title.startswith("Report of the Chairmanship"))
    assert report.returncode == 0 and (tmp_path / (issued.replace("/", "_") + ".docx")).is_file()
    misplaced = planner("export", "agenda", str(demo_meeting), "--out", str(tmp_path / "a.docx"), "--annex", "none")
    assert misplaced.returncode == 1 and "--annex belongs to `export report`" in misplaced.stderr


def opening(lines: list[str]) -> str:
    """The report's first sentence tells when and where the meeting took place, and what is annexed."""
    return next(line for line in lines if line.startswith("The Third Meeting"))


def test_export_report_asks_what_to_annex_while_nothing_is_adopted(database_url, tmp_path):
    with db.transaction() as session:
        meeting_id = planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
            title="Third Meeting of the Chiefs of Police", chairmanship="Finland", chairmanship_year=2025,
            city="Helsinki", start_date=dt.date(2025, 3, 4), end_date=dt.date(2025, 3, 4), symbol_prefix="CIO.GAL")).id
        planning.set_priorities(session, SYSTEM, meeting_id, ["terrorism"])
        timetable.generate_timetable(session, SYSTEM, meeting_id, "brussels-2006")
        drafting.draft_from_priorities(session, SYSTEM, meeting_id)
        version = versions.circulate(session, SYSTEM, meeting_id, issued_on=dt.date(2025, 3, 1))
    unchosen = planner("export", "report", str(meeting_id), "--out", str(tmp_path / "r.docx"))
    assert unchosen.returncode == 1 and "choose whether the report annexes the latest circulated version" in unchosen.stderr
    assert planner("export", "report", str(meeting_id), "--out", str(tmp_path / "d.docx"), "--annex", "draft").returncode == 0
    lines = [p.text for p in Document(tmp_path / "d.docx").paragraphs]
    annex = lines.index("Annex")
    assert lines[annex + 1:annex + 4] == ["Draft under negotiation: not adopted", "DRAFT", version.symbol]
    assert opening(lines).endswith(f"The latest circulated version of the draft statement, {version.symbol}, is annexed "
                                   "as a draft: it is still under negotiation.")
    assert planner("export", "report", str(meeting_id), "--out", str(tmp_path / "n.docx"), "--annex", "none").returncode == 0
    lines = [p.text for p in Document(tmp_path / "n.docx").paragraphs]
    assert "Annex" not in lines and version.symbol not in "\n".join(lines)
    assert opening(lines).endswith("The statement of the meeting is not annexed: it has not been adopted yet.")
