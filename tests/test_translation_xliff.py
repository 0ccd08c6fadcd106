"""XLIFF out to the language services and back: a file their tools read, returned whole or refused whole."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import select
from translate.storage import xliff as toolkit

from planner import config, db
from planner.agenda_review import versions as agenda_versions
from planner.errors import PlannerError, ValidationFailed
from planner.meetings import planning, timetable
from planner.models import MeetingStatus
from planner.statement import drafting, versions as statement_versions
from planner.translation import translations, xliff
from planner.translation.models import Translation, UnitState

ROOT = Path(__file__).resolve().parent.parent
NS = {"x": xliff.NS}


@pytest.fixture
def meeting_id(make_meeting, organizer):
    """A meeting written in English, translated into French and Russian, its statement and agenda circulated."""
    meeting_id = make_meeting(languages=["English", "French", "Russian"])
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        agenda_versions.circulate(session, organizer, meeting_id)
        drafting.draft_from_priorities(session, organizer, meeting_id)
        statement_versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    return meeting_id


def exported(actor, meeting_id, document="statement", language="ru") -> bytes:
    with db.transaction() as session:
        return xliff.export_xliff(session, actor, meeting_id, document, language)


def imported(actor, meeting_id, data: bytes) -> translations.LanguageVersion:
    with db.transaction() as session:
        return xliff.import_xliff(session, actor, meeting_id, data)


def filled(data: bytes, translate=lambda source: f"[ru] {source}", state="translated") -> bytes:
    """The file as a translator returns it: every unit's target written."""
    root = etree.fromstring(data)
    for unit in root.iterfind(".//x:trans-unit", NS):
        target = unit.find("x:target", NS)
        if target is None:
            target = etree.SubElement(unit, f"{{{xliff.NS}}}target")
        target.text = translate(unit.find("x:source", NS).text)
        target.set("state", state)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def changed(data: bytes, change) -> bytes:
    root = etree.fromstring(data)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def saved_translations() -> list[tuple]:
    with db.transaction() as session:
        return sorted((t.unit_key, t.language, t.text, t.source_digest) for t in session.exec(select(Translation)))


def test_a_file_filled_in_and_returned_makes_every_unit_current(meeting_id, secretariat):
    data = exported(secretariat, meeting_id)
    root = etree.fromstring(data)
    assert root.tag == f"{{{xliff.NS}}}xliff" and root.get("version") == "1.2"
    (file,) = root.findall("x:file", NS)
    assert (file.get("original"), file.get("source-language"), file.get("target-language"), file.get("datatype")) == (
        f"meeting-{meeting_id}/statement", "en", "ru", "plaintext")
    with db.transaction() as session:
        text = translations.language_version(session, secretariat, meeting_id, "statement", "ru").text
    assert file.find("x:header/x:note", NS).text.startswith(text.symbol)
    units = file.findall(".//x:trans-unit", NS)
    assert [(u.get("id"), u.get("resname"), u.find("x:source", NS).text) for u in units] == [
        (unit.key, unit.label, unit.original) for unit in text.units]
    assert all(u.find("x:target", NS) is None for u in units), "nothing is translated yet"
    assert units[0].find("x:source", NS).get(f"{{{xliff.XML_NS}}}lang") == "en"

    version = imported(secretariat, meeting_id, filled(data))
    assert version.complete and version.language.code == "ru"
    assert version.shown("title") == "[ru] Draft statement"
    again = etree.fromstring(exported(secretariat, meeting_id))
    targets = again.findall(".//x:target", NS)
    assert len(targets) == len(units) and {t.get("state") for t in targets} == {"translated"}
    with db.transaction() as session:
        french = translations.language_version(session, secretariat, meeting_id, "statement", "fr")
    assert french.count(UnitState.missing) == len(french.units), "another language is left as it was"


def test_translate_toolkit_reads_the_same_units(meeting_id, organizer):
    with db.transaction() as session:
        translations.translate(session, organizer, meeting_id, "agenda", "fr", "city", "Vienne")
        text = translations.language_version(session, organizer, meeting_id, "agenda", "fr").text
    store = toolkit.xlifffile.parsestring(exported(organizer, meeting_id, "agenda", "fr"))
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "fr"
    assert store.getfilenames() == [f"meeting-{meeting_id}/agenda"]
    units = [unit for unit in store.units if not unit.isheader()]
    prefix = f"meeting-{meeting_id}/agenda{toolkit.ID_SEPARATOR}"
    assert [(u.getid(), u.source) for u in units] == [(prefix + unit.key, unit.original) for unit in text.units]
    assert {u.getid(): u.target for u in units if u.target} == {prefix + "city": "Vienne"}


def test_a_unit_whose_original_changed_goes_out_for_review_with_its_earlier_original(meeting_id, organizer):
    imported(organizer, meeting_id, filled(exported(organizer, meeting_id)))
    with db.transaction() as session:
        paragraph = statement_versions.draft_text(session, organizer, meeting_id).paragraphs[-1]
        before = paragraph.text
        drafting.edit_paragraph(session, organizer, paragraph.id, "Agree to meet again\nnext year;")
        statement_versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    data = exported(organizer, meeting_id)
    unit = etree.fromstring(data).find(f".//x:trans-unit[@id='p:{paragraph.key}']", NS)
    assert unit.get(f"{{{xliff.XML_NS}}}space") == "preserve"
    assert unit.find("x:source", NS).text == "Agree to meet again\nnext year;"
    target = unit.find("x:target", NS)
    assert (target.text, target.get("state")) == (f"[ru] {before}", "needs-review-translation")
    assert unit.find("x:note", NS).text == f"The translation was made from an earlier original: {before}"
    assert unit.find("x:alt-trans/x:source", NS).text == before
    others = etree.fromstring(data).findall(".//x:trans-unit", NS)
    assert [u.find("x:target", NS).get("state") for u in others].count("translated") == len(others) - 1

    still = imported(organizer, meeting_id, data)
    assert still.count(UnitState.needs_update) == 1 and not still.complete, "an unreviewed target stays for review"
    reviewed = changed(data, lambda root: root.find(f".//x:trans-unit[@id='p:{paragraph.key}']/x:target", NS).set(
        "state", "translated"))
    assert imported(organizer, meeting_id, reviewed).complete


def test_a_file_of_an_earlier_version_leaves_changed_units_for_update(meeting_id, organizer):
    old = filled(exported(organizer, meeting_id))
    with db.transaction() as session:
        paragraph = statement_versions.draft_text(session, organizer, meeting_id).paragraphs[-1]
        drafting.edit_paragraph(session, organizer, paragraph.id, "Agree to meet again;")
        statement_versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    version = imported(organizer, meeting_id, old)
    assert [view.unit.key for view in version.units if view.state != UnitState.current] == [f"p:{paragraph.key}"]


def with_unit(key: str, copy_of: str | None = None):
    def change(root):
        unit = root.find(f".//x:trans-unit[@id='{copy_of}']", NS)
        twin = etree.fromstring(etree.tostring(unit))
        twin.set("id", key)
        unit.addnext(twin)
    return change


def without_unit(key: str):
    def change(root):
        unit = root.find(f".//x:trans-unit[@id='{key}']", NS)
        unit.getparent().remove(unit)
    return change


def with_file_attribute(name: str, value: str):
    return lambda root: root.find("x:file", NS).set(name, value)


BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')


def refusals(meeting_id, good: bytes) -> dict[str, tuple[bytes, str]]:
    """Each bad file, and what its refusal must say."""
    body = good.split(b"?>", 1)[1]
    return {
        "not well-formed": (good[: len(good) // 2], "not well-formed XML"),
        "empty": (b"", "not well-formed XML"),
        "entity bomb": (BOMB + body.replace(b"Vienna", b"&c;"), "DOCTYPE or entities"),
        "entity bomb in UTF-16": ((BOMB + body.replace(b"Vienna", b"&c;")).decode().replace(
            'version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"), "DOCTYPE or entities"),
        "external entity": (b'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file:///etc/passwd">\n' + body,
                            "DOCTYPE or entities"),
        "unknown id": (changed(good, with_unit("p:nonexistent", copy_of="city")),
                       "Unit 'p:nonexistent': is not a unit of the statement"),
        "missing id": (changed(good, without_unit("city")), "Unit 'city' (place of the meeting): is missing"),
        "no id": (changed(good, lambda root: root.find(".//x:trans-unit[@id='city']", NS).attrib.pop("id")),
                  "Trans-unit 2 (without an id): has no id"),
        "duplicate": (changed(good, with_unit("city", copy_of="city")), "Unit 'city': comes twice"),
        "empty target": (changed(good, lambda root: setattr(
            root.find(".//x:trans-unit[@id='title']/x:target", NS), "text", "  ")),
                         "Unit 'title' (title): its target is empty"),
        "wrong language": (changed(good, with_file_attribute("target-language", "de")),
                           "German is not a language this meeting's documents are translated into"),
        "other source language": (changed(good, with_file_attribute("source-language", "fr")),
                                  "Unit 'title': its source is in 'en', the file's source language is 'fr'"),
        "unit in another language": (changed(good, lambda root: root.find(
            ".//x:trans-unit[@id='title']/x:target", NS).set(f"{{{xliff.XML_NS}}}lang", "fr")),
                                     "Unit 'title': its target is in 'fr', the file's target language is 'ru'"),
        "another meeting": (changed(good, with_file_attribute("original", f"meeting-{meeting_id + 1}/statement")),
                            f"of meeting {meeting_id + 1}, not of meeting {meeting_id}"),
        "another document": (changed(good, with_file_attribute("original", f"meeting-{meeting_id}/agenda")),
                             "is not a unit of the agenda"),
        "unknown original": (changed(good, with_file_attribute("original", "report.docx")), "does not name"),
        "wrong root": (good.replace(b"<xliff ", b"<xlf ").replace(b"</xliff>", b"</xlf>"), "its root is <xlf>"),
        "wrong namespace": (good.replace(xliff.NS.encode(), b"urn:oasis:names:tc:xliff:document:2.0"),
                            "not XLIFF 1.2"),
        "wrong version": (changed(good, lambda root: root.set("version", "2.0")), "version '2.0'"),
        "two files": (changed(good, lambda root: root.append(etree.fromstring(etree.tostring(root[0])))),
                      "2 <file> elements"),
        "markup": (changed(good, lambda root: etree.SubElement(
            root.find(".//x:trans-unit[@id='title']/x:target", NS), f"{{{xliff.NS}}}ph")),
                   "Unit 'title': its target holds markup (<ph>)"),
        "too large": (good + b" " * (config.MAX_UPLOAD_BYTES - len(good) + 1),
                      f"larger than {config.MAX_UPLOAD_MB} MB"),
    }


def test_every_bad_file_is_refused_naming_what_is_wrong_and_nothing_changes(meeting_id, secretariat):
    good = filled(exported(secretariat, meeting_id))
    with db.transaction() as session:
        translations.translate(session, secretariat, meeting_id, "statement", "ru", "city", "Вена")
    before = saved_translations()
    wrong = []
    for case, (data, message) in refusals(meeting_id, good).items():
        try:
            imported(secretariat, meeting_id, data)
        except PlannerError as refusal:
            if message not in str(refusal):
                wrong.append(f"{case}: {refusal}")
        else:
            wrong.append(f"{case}: imported")
    assert not wrong, "\n".join(wrong)
    assert saved_translations() == before
    assert imported(secretariat, meeting_id, good).complete, "the good file still imports"


def test_reading_a_file_needs_no_database():
    with pytest.raises(ValidationFailed) as refusal:
        xliff.read_xliff(
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="meeting-3/agenda" '
            b'source-language="en-GB" target-language="ru_RU" datatype="plaintext"><body>'
            b'<trans-unit id="a"><target>A</target></trans-unit></body></file></xliff>')
    assert str(refusal.value.problems[0]) == "Unit 'a': has no source"
    parsed = xliff.read_xliff(
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="meeting-3/agenda" '
        b'source-language="en-GB" target-language="ru_RU" datatype="plaintext"><body><group>'
        b'<trans-unit id="a"><source>A\nB</source><target>\xd0\x90\nB</target></trans-unit></group></body></file>'
        b'</xliff>')
    assert (parsed.meeting_id, parsed.document, parsed.source_language, parsed.target_language) == (
        3, "agenda", "en", "ru")
    assert parsed.units == [translations.ImportedUnit("a", "A\nB", "А\nB")]


def planner(*args):
    return subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ}, timeout=120)


def test_the_command_line_exports_imports_and_tells_the_progress(meeting_id, tmp_path):
    out = tmp_path / "statement-ru.xlf"
    written = planner("translations", "export", str(meeting_id), "--document", "statement", "--language", "ru",
                      "--out", str(out))
    assert written.returncode == 0, written.stderr
    units = len(etree.fromstring(out.read_bytes()).findall(".//x:trans-unit", NS))
    status = planner("translations", str(meeting_id))
    assert status.returncode == 0, status.stderr
    assert f"  Russian (ru): 0 of {units} units current, {units} missing" in status.stdout
    assert status.stdout == planner("translations", "status", str(meeting_id)).stdout

    out.write_bytes(filled(out.read_bytes()))
    done = planner("translations", "import", str(meeting_id), str(out))
    assert done.returncode == 0, done.stderr
    assert f"Imported {units} units into the Russian version of Statement, version 1 (" in done.stdout
    assert done.stdout.endswith(f"): {units} current, none still needing update.\n")
    assert f"  Russian (ru): {units} of {units} units current" in planner("translations", str(meeting_id)).stdout

    out.write_bytes(changed(out.read_bytes(), without_unit("city")))
    refused = planner("translations", "import", str(meeting_id), str(out))
    assert refused.returncode == 1 and "Unit 'city' (place of the meeting): is missing from the file" in refused.stderr
    assert "Traceback" not in refused.stderr
    wrong = planner("translations", "export", str(meeting_id), "--document", "agenda", "--language", "de",
                    "--out", str(tmp_path / "a.xlf"))
    assert wrong.returncode == 1 and "German is not a language" in wrong.stderr
    named = planner("translations", "export", str(meeting_id), "--document", "agenda", "--language", "fr",
                    "--out", str(tmp_path / "a.docx"))
    assert named.returncode == 1 and ".xlf or .xliff" in named.stderr
