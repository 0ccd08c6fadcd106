"""The documents officer's points, checked in the generated files: styles, tables, metadata, wording, order."""
import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from planner import db
from planner.access import SYSTEM
from planner.agenda_review import versions
from planner.cli import main
from planner.delegations import invitations
from planner.delegations.participants import Nomination, add_participant
from planner.delegations.reference import find_delegation, sort_key
from planner.documents.agenda import agenda_document, agenda_file_name
from planner.documents.layout import W14, file_safe
from planner.documents.note_verbale import notes_verbales_zip
from planner.documents.participants_list import issue_participants_list, participants_list_document
from planner.errors import ValidationFailed
from planner.meetings import planning, timetable
from planner.time_zones import describe
from tests.conftest import invite_and_send


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(languages=["English", "French", "Russian"], time_zone="Europe/Brussels")
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        for group in ("All participating States", "Asian Partners for Co-operation", "Partner organizations"):
            invitations.invite_group(session, organizer, meeting_id, group)
        invite_and_send(session, organizer, meeting_id, on=dt.date(2026, 11, 16))
    return meeting_id


def notes(meeting_id, organizer) -> dict[str, Document]:
    with db.transaction() as session:
        rows = invitations.list_invitations(session, organizer, meeting_id)
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id)))
    return {r.delegation.name: Document(io.BytesIO(archive.read(f"{r.invitation.reference.replace('/', '_')} {file_safe(r.delegation.name)}.docx")))
            for r in rows if r.invitation.reference}


def body(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_notes_are_numbered_in_list_order_with_the_year_of_issue(meeting_id, organizer):
    with db.transaction() as session:
        rows = invitations.list_invitations(session, organizer, meeting_id)
    rows = [r for r in rows if r.invitation.reference]
    names = [r.delegation.name for r in rows]
    assert "Slovakia" not in names, "the host gets no note verbale"
    assert names.index("The Netherlands") < names.index("North Macedonia") < names.index("Tajikistan")
    assert names.index("Türkiye") + 1 == names.index("Turkmenistan")
    numbers = [int(r.invitation.reference.split("/")[1]) for r in rows]
    assert numbers == list(range(1, len(rows) + 1))
    assert all(r.invitation.reference.endswith("/26") for r in rows), "issued in 2026 for a 2027 meeting"
    assert sort_key("The Netherlands") < sort_key("Norway") and sort_key("Türkiye") < sort_key("Turkmenistan")


def test_each_kind_of_addressee_is_worded_consistently(meeting_id, organizer):
    documents = notes(meeting_id, organizer)
    japan, unodc = body(documents["Japan"]), body(documents["United Nations Office on Drugs and Crime (UNODC)"])
    holy_see = body(documents["Holy See"])
    assert "compliments to the Delegation of Japan and has the honour to invite a delegation" in japan
    assert "renew to the Delegation of Japan the assurances" in japan and "Partner for Co-operation" not in japan
    assert documents["Japan"].paragraphs[-1].text == "To: The Delegation of Japan"
    assert "indicating the head of delegation" in japan
    assert "invite a representative" in unodc and "its representative" not in unodc
    assert ("receive the name, function and e-mail address of the representative of the United Nations Office on Drugs "
            "and Crime (UNODC) no later than") in unodc
    assert "nominations of the delegation" not in unodc
    assert documents["Holy See"].core_properties.title == "Note verbale to the Holy See"
    assert "compliments to the Delegation of the Holy See to the OSCE and has the honour" in holy_see
    assert "Participating States" not in holy_see


def test_styles_not_direct_formatting(meeting_id, organizer):
    document = notes(meeting_id, organizer)["Austria"]
    xml = document.element.body.xml
    assert "<w:b w:val=\"0\"/>" not in xml and "w:keepNext w:val=\"0\"" not in xml and "<w:rPr>" not in xml
    styles = document.styles
    normal = styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "24" and normal.find(qn("w:sz")).get(qn("w:val")) == "24"
    assert styles["Normal"].font.name == "Times New Roman" and styles["Normal"].paragraph_format.line_spacing == 1.0
    defaults = etree.tostring(styles.element.find(qn("w:docDefaults"))).decode()
    assert 'w:line="240"' in defaults and 'w:line="276"' not in defaults
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Number", "Header Line", "Table Text", "OSCE Table"} <= {
        s.name for s in styles}
    assert styles["Title"].font.all_caps and styles["Title"].base_style.name == "Normal"
    assert {p.style.name for p in document.paragraphs[:3]} == {"Header Line"}
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert footer.count("w:fldCharType") == 3 and 'w:fldCharType="separate"' in footer and " PAGE " in footer
    assert document.sections[0].footer.paragraphs[0].text == "– 1 –"


def test_metadata_and_package(meeting_id, organizer):
    with db.transaction() as session:
        rows = invitations.list_invitations(session, organizer, meeting_id)
        content = notes_verbales_zip(session, organizer, meeting_id, invitation_ids=[rows[0].invitation.id])
    archive = zipfile.ZipFile(io.BytesIO(content))
    word = archive.read(archive.namelist()[0])
    package = zipfile.ZipFile(io.BytesIO(word))
    assert not any(n.startswith("customXml") or "thumbnail" in n for n in package.namelist())
    app = package.read("docProps/app.xml").decode()
    assert "Macintosh" not in app and "Microsoft" not in app
    core = Document(io.BytesIO(word)).core_properties
    assert core.title == f"Note verbale to {rows[0].delegation.in_sentence}" and core.author == "Chairmanship of the OSCE (Slovakia)"
    assert "python-docx" not in (core.comments + core.author + core.last_modified_by)
    assert core.created == core.modified and core.created.date() == dt.date.today()


def test_agenda_and_list_take_symbols_and_say_languages_time_zone_and_standing(meeting_id, organizer, monkeypatch):
    import planner.documents.participants_list as lop
    with db.transaction() as session:
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        draft = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id)))
        assert draft.paragraphs[0].text == "DRAFT" and agenda_file_name(meeting_id).startswith("DRAFT-")
        first = versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 1, 4))
        revision = versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 1, 5))
        assert (first.symbol, revision.symbol) == ("CIO.GAL/1/27", "CIO.GAL/1/27/Rev.1")
        issued = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id, revision)))
        assert agenda_file_name(meeting_id, revision) == "CIO.GAL_1_27_Rev.1.docx"
        egypt = invitations.invite(session, organizer, meeting_id, [find_delegation(session, "Egypt").id])[0]
        invitations.send(session, organizer, egypt.id, on=dt.date(2026, 11, 16))
        for i in range(30):
            add_participant(session, organizer, meeting_id, Nomination(
                delegation=["Egypt", "Russian Federation", "Switzerland"][i % 3], first_name=["محمد", "Иван", "Anna"][i % 3],
                last_name=f"{['العلي', 'Петров', 'Muster'][i % 3]} {i}", function="Chief of Police", agency="Police",
                email=f"p{i}@x.example"))
        monkeypatch.setattr(lop, "today_at", lambda meeting: dt.date(2027, 4, 1))
        before = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
        assert lop.participants_list_file_name(session, SYSTEM, meeting_id) == f"DRAFT-list-of-participants-meeting-{meeting_id}.docx"
        issue_participants_list(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 21))
        after = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
        assert lop.participants_list_file_name(session, SYSTEM, meeting_id) == "CIO.GAL_2_27.docx"
    assert issued.paragraphs[0].text == "CIO.GAL/1/27/Rev.1" and issued.paragraphs[1].text == "5 January 2027"
    note = body(issued)
    assert "Working languages: English, French and Russian." in note
    assert "All times are Central European Summer Time (CEST, UTC+2)." in note and "Europe/Brussels" not in note
    assert "As of 1 April 2027: 30 participants from 3 delegations" in body(before) and before.paragraphs[0].text == "DRAFT"
    assert "List closed on 20 April 2027: 30 participants from 3 delegations" in body(after)
    assert after.paragraphs[0].text == "CIO.GAL/2/27"
    tables = after.tables
    firsts = [[row.cells[0].text for row in table.rows[:2]] for table in tables]
    assert firsts == [["Name", "Russian Federation"], ["Switzerland", "Anna MUSTER 11"], ["Name", "Egypt"]], \
        "a table per delegation; the column headings head each group (participating States, Partners) once"
    groups = [table.rows[0 if first[0] != "Name" else 1] for table, first in zip(tables, firsts)]
    headers = [*groups, tables[0].rows[0], tables[2].rows[0]]
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is not None for row in headers), \
        "the delegation's name (and the column headings) repeat on each page it runs onto"
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for table in tables for row in table.rows
               if all(row._tr is not header._tr for header in headers))
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for table in tables for row in table.rows)
    assert all(row.cells[0].paragraphs[0].style.name == "Table Group" for row in groups)
    assert all(row.cells[0].paragraphs[0].style.paragraph_format.keep_with_next for row in groups)
    between = tables[0]._tbl.getnext()
    assert between.tag == qn("w:p") and between.getnext() is tables[1]._tbl, "two tables in a row are kept apart"
    assert between.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == after.styles["Table Gap"].style_id
    width = groups[0]._tr.tc_lst[0].tcPr.tcW
    assert width.type == "dxa" and round(width.width.cm, 1) == round(sum(c.width for c in tables[0].columns) / 360000, 1) == 16.0
    assert "محمد" in "\n".join(c.text for t in after.tables for r in t.rows for c in r.cells)


def running_header_texts(document) -> tuple[list[str], list[str], list[str], list[str]]:
    """The headers and footers of the first page and of later pages, as paragraphs' text and styles."""
    section = document.sections[0]
    return ([p.text for p in section.first_page_header.paragraphs], [p.text for p in section.first_page_footer.paragraphs],
            [p.text for p in section.header.paragraphs], [p.text for p in section.footer.paragraphs])


def test_list_of_participants_names_its_symbol_and_page_at_the_top_of_later_pages(meeting_id, organizer):
    with db.transaction() as session:
        draft = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
        issued = issue_participants_list(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 21))
        final = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
    for document, mark, style in ((draft, "DRAFT", "Draft Mark"), (final, issued.symbol, "Header Line")):
        section = document.sections[0]
        assert section.different_first_page_header_footer
        first_header, first_footer, later_header, later_footer = running_header_texts(document)
        assert first_header == [""] and first_footer == ["– 1 –"], "page 1 keeps the OSCE header block and its number"
        assert later_header == [mark, "– 1 –"] and later_footer == [""]
        assert [p.style.name for p in section.header.paragraphs] == [style, "Header"]
        page = section.header.paragraphs[1]._p.xml
        assert " PAGE " in page and page.count("w:fldCharType") == 3
        assert "PAGE" not in section.footer.paragraphs[0]._p.xml
        assert document.paragraphs[0].text == mark
    assert issued.symbol.startswith("CIO.GAL/")


def test_time_zones_as_readers_know_them():
    assert describe("Europe/Brussels", dt.date(2027, 1, 10)) == "Central European Time (CET, UTC+1)"
    assert describe("Europe/Vienna", dt.date(2027, 5, 10)) == "Central European Summer Time (CEST, UTC+2)"
    assert describe("Asia/Tashkent", dt.date(2027, 5, 10)) == "local time in Tashkent (UTC+5)"


def test_one_chairmanship_a_year(make_meeting):
    make_meeting()
    make_meeting(title="Another meeting of the same Chairmanship")
    with pytest.raises(ValidationFailed, match="Slovakia holds the OSCE Chairmanship in 2027: the OSCE has one Chairmanship a year"):
        make_meeting(chairmanship="Belgium")


def test_cli_lists_the_register(meeting_id, capsys):
    assert main(["documents", str(meeting_id)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("CIO.GAL/") and "\t2026-11-16\tNote verbale to " in lines[0]
    assert "\tOrganizer (organizer)\t" in lines[0] and len(lines[0].rsplit("\t", 1)[1]) == 64, "then the SHA-256"
    assert main(["documents", "999"]) == 1
    assert "There is no meeting 999" in capsys.readouterr().err


def test_every_file_is_a_current_word_file_of_its_own(meeting_id, organizer):
    """Word 2013+ mode, proofing left to Word, British English in settings and metadata, a docId per file, and
    linked character styles that look like their paragraph styles (no theme fonts or colours)."""
    with db.transaction() as session:
        rows = invitations.list_invitations(session, organizer, meeting_id)
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id,
                                                                invitation_ids=[r.invitation.id for r in rows[:2]])))
        files = [archive.read(name) for name in archive.namelist()]
        files.append(participants_list_document(session, organizer, meeting_id))
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        files.append(agenda_document(session, SYSTEM, meeting_id))
    doc_ids = []
    for content in files:
        package = zipfile.ZipFile(io.BytesIO(content))
        settings_xml = etree.fromstring(package.read("word/settings.xml"))
        modes = [s.get(qn("w:val")) for s in settings_xml.iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode"]
        assert modes == ["15"]
        assert settings_xml.find(qn("w:proofState")) is None
        assert dict(settings_xml.find(qn("w:themeFontLang")).attrib) == {qn("w:val"): "en-GB"}
        doc_ids += [e.get(f"{{{W14}}}val") for e in settings_xml.iter(f"{{{W14}}}docId")]
        assert Document(io.BytesIO(content)).core_properties.language == "en-GB"
        styles = etree.fromstring(package.read("word/styles.xml"))
        linked = {s.find(qn("w:name")).get(qn("w:val")): s for s in styles.iter(qn("w:style"))
                  if s.get(qn("w:type")) == "character" and s.find(qn("w:link")) is not None}
        assert {"Title Char", "Heading 1 Char"} <= set(linked)
        for style in linked.values():
            xml = etree.tostring(style).decode()
            assert "Theme" not in xml and "themeColor" not in xml and "w:color" not in xml
        title_char = etree.tostring(linked["Title Char"]).decode()
        assert "<w:b/>" in title_char and "<w:caps/>" in title_char and "w:sz " not in title_char
    assert len(doc_ids) == len(files) == len(set(doc_ids)) and all(len(i) == 8 and int(i, 16) for i in doc_ids)
