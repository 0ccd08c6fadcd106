"""Delegations amend in Word: a circulated version marked up with tracked changes (as Word writes them, and after
a round trip through LibreOffice) becomes the delegation's amendments; what is not an amendment is listed as
ignored with the reason; a file that cannot be read as one is refused with nothing saved."""
import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from sqlmodel import select

from planner import config, db
from planner.documents.statement import statement_document
from planner.errors import PermissionDenied, PlannerError
from planner.models import Amendment, AmendmentKind, AuditEntry, ParagraphKind
from planner.statement import amendments, marked_up, silence, versions
from planner.statement.word_amendments import (
    CUSTOM_PROPERTIES, MEETING_PROPERTY, SYMBOL_PROPERTY, VERSION_PROPERTY, WordFileRefused, read_marked_up,
)
from tests.conftest import delegate_of
from tests.test_amendments import austria, meeting_id  # noqa: F401 - fixtures
from tests.test_cli import planner
from tests.word_markup import MarkedUp, through_libreoffice

OPERATIVE = ParagraphKind.operative


def circulated(actor, meeting_id):
    with db.transaction() as session:
        text = versions.circulated_text(session, actor, meeting_id)
        return text, statement_document(session, actor, text)


def paragraphs(text, kind=None):
    return [p for p in text.paragraphs if kind is None or p.kind == kind]


def preview(actor, meeting_id, content, **extra):
    with db.transaction() as session:
        return marked_up.preview(session, actor, meeting_id, content, **extra)


def test_a_circulated_version_carries_its_paragraph_keys_and_version_invisibly(meeting_id, austria, organizer):
    text, content = circulated(austria, meeting_id)
    document = docx.Document(io.BytesIO(content))
    starts = list(document.element.body.iter(qn("w:bookmarkStart")))
    assert [b.get(qn("w:name")) for b in starts] == [f"_p_{p.key}" for p in text.paragraphs]
    by_text = {p.text: p for p in document.paragraphs}
    for paragraph in text.paragraphs:
        assert by_text[paragraph.text]._p.find(qn("w:bookmarkStart")).get(qn("w:name")) == f"_p_{paragraph.key}"
    assert all(len(mark) == 0 for mark in document.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "/docProps/custom.xml" in archive.read("[Content_Types].xml").decode()
        assert "custom-properties" in archive.read("_rels/.rels").decode()
        custom = archive.read("docProps/custom.xml").decode()
    assert all(name in custom for name in (CUSTOM_PROPERTIES, MEETING_PROPERTY, VERSION_PROPERTY, SYMBOL_PROPERTY))
    found = read_marked_up(content)
    assert (found.meeting_id, found.version_number, found.symbol) == (meeting_id, 1, text.version.symbol)
    assert not found.tracked and not found.changes and not found.ignored
    with db.transaction() as session:
        draft = statement_document(session, organizer, versions.draft_text(session, organizer, meeting_id))
    assert not list(docx.Document(io.BytesIO(draft)).element.body.iter(qn("w:bookmarkStart")))
    assert "docProps/custom.xml" not in zipfile.ZipFile(io.BytesIO(draft)).namelist()


def test_libreoffice_keeps_the_bookmarks_and_the_version(meeting_id, austria, tmp_path):
    text, content = circulated(austria, meeting_id)
    returned = through_libreoffice(content, tmp_path)
    found = read_marked_up(returned)
    assert (found.meeting_id, found.version_number, found.symbol) == (meeting_id, 1, text.version.symbol)
    assert found.paragraphs == {p.key: p.text for p in text.paragraphs}


def marked_up_by_austria(text, content) -> tuple[bytes, dict]:
    """Operative paragraph 1 changed inside words and across runs, with a comment; a new paragraph after operative
    paragraph 2; preambular paragraph 2 deleted; operative paragraph 3 made bold; a word added to the header."""
    preamble, operative = paragraphs(text, ParagraphKind.preamble), paragraphs(text, OPERATIVE)
    first = operative[0].text
    words = first.split()
    middle = len(first) // 2
    file = MarkedUp(content)
    file.edit(operative[0].key, [("", words[0], words[0] + "s"), (words[1] + " ", words[2][:2], "XY")],
              runs_at=(3, middle, middle + 4))
    file.comment(operative[0].key, "Clearer, as agreed in Vienna.")
    file.new_paragraph_after(operative[1].key, "Invite INTERPOL to report on the follow-up.")
    file.delete_paragraph(preamble[1].key)
    file.bold(operative[2].key)
    file.header_insertion("Austrian comments")
    expected = (words[0] + "s " + words[1] + " XY" + first[len(words[0]) + len(words[1]) + 4:])
    return file.save(), {"first": (operative[0], expected), "after": operative[1], "deleted": preamble[1],
                         "bold": operative[2]}


@pytest.mark.parametrize("editor", ["word", "libreoffice"])
def test_tracked_changes_become_the_delegations_amendments(meeting_id, austria, organizer, tmp_path, editor):
    text, content = circulated(austria, meeting_id)
    marked, parts = marked_up_by_austria(text, content)
    if editor == "libreoffice":
        marked = through_libreoffice(marked, tmp_path)
    found = preview(austria, meeting_id, marked)
    first, expected = parts["first"]
    assert found.symbol == text.version.symbol and found.delegation == "Austria"
    by_kind = {(c.kind, c.paragraph_key): c for c in found.changes}
    assert len(found.changes) == 3
    replaced = by_kind[AmendmentKind.replace, first.key]
    assert replaced.text == expected and replaced.circulated == first.text
    assert replaced.reason == "Clearer, as agreed in Vienna."
    assert replaced.summary.startswith("operative paragraph 1: replace “")
    added = by_kind[AmendmentKind.insert_after, parts["after"].key]
    assert added.text == "Invite INTERPOL to report on the follow-up."
    assert added.summary == "new paragraph after operative paragraph 2" and not added.reason
    deleted = by_kind[AmendmentKind.delete, parts["deleted"].key]
    assert deleted.summary == "delete preambular paragraph 2"
    assert any(line.startswith("operative paragraph 3: changes of formatting") for line in found.ignored)
    assert any(line.startswith("the header: changes in the header") for line in found.ignored)

    with db.transaction() as session:
        made = marked_up.confirm(session, austria, meeting_id, marked, [c.number for c in found.changes
                                                                        if c.kind != AmendmentKind.delete],
                                 file_name="statement-AT.docx")
    assert {(a.kind, a.paragraph_key) for a in made} == {(AmendmentKind.replace, first.key),
                                                         (AmendmentKind.insert_after, parts["after"].key)}
    with db.transaction() as session:
        views = amendments.amendments(session, organizer, meeting_id)
        assert {(v.delegation, v.paragraph) for v in views} == {("Austria", "operative paragraph 1"),
                                                                ("Austria", "new paragraph after operative paragraph 2")}
        upload = session.exec(select(AuditEntry).where(AuditEntry.action == "statement.amendment.upload")).one()
    assert upload.actor_email == austria.email and upload.after["file"] == "statement-AT.docx"
    assert upload.after["left_out"] == [deleted.number]


def test_an_organizer_uploads_for_a_delegation_and_the_log_says_who_for_whom(meeting_id, austria, organizer):
    text, content = circulated(austria, meeting_id)
    file = MarkedUp(content)
    operative = paragraphs(text, OPERATIVE)
    file.edit(operative[0].key, [("", operative[0].text.split()[0], "Resolve to")])
    marked = file.save()
    with pytest.raises(PermissionDenied):
        preview(organizer, meeting_id, marked)
    with pytest.raises(PermissionDenied):
        preview(delegate_of("Türkiye"), meeting_id, marked, delegation_id=austria.delegation_id)
    found = preview(organizer, meeting_id, marked, delegation_id=austria.delegation_id)
    assert found.delegation == "Austria" and len(found.changes) == 1
    with db.transaction() as session:
        [made] = marked_up.confirm(session, organizer, meeting_id, marked, [1], delegation_id=austria.delegation_id,
                                   file_name="from-vienna.docx")
    assert made.delegation_id == austria.delegation_id and made.proposed_by == organizer.email
    with db.transaction() as session:
        entries = {e.action: e for e in session.exec(select(AuditEntry).where(
            AuditEntry.action.in_(["statement.amendment.upload", "statement.amendment.propose"])))}
    upload = entries["statement.amendment.upload"]
    assert (upload.actor_email, upload.after["delegation"], upload.after["uploaded_by"]) == (
        organizer.email, "Austria", organizer.email)
    assert entries["statement.amendment.propose"].after["on_behalf_of"] == "Austria"
    with db.transaction() as session:
        mine = amendments.amendments(session, austria, meeting_id)
    assert [v.amendment.id for v in mine] == [made.id]


def amendment_count():
    with db.transaction() as session:
        return len(session.exec(select(Amendment)).all())


def refused(actor, meeting_id, content, says: str, error=WordFileRefused):
    with pytest.raises(error) as caught:
        with db.transaction() as session:
            marked_up.confirm(session, actor, meeting_id, content, range(1, 10))
    assert says in str(caught.value), str(caught.value)
    assert amendment_count() == 0
    return caught.value


def test_refusals_say_why_and_save_nothing(meeting_id, austria, organizer, make_meeting):
    text, content = circulated(austria, meeting_id)
    operative = paragraphs(text, OPERATIVE)
    refused(austria, meeting_id, b"%PDF-1.7 not a Word file", "not a Word document")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("xl/workbook.xml", "<workbook/>")
    refused(austria, meeting_id, archive.getvalue(), "not a Word document")
    refused(austria, meeting_id, b"PK" + b"0" * (config.MAX_UPLOAD_BYTES + 1), "larger than")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as written:
        written.writestr("word/document.xml", b"<w:document/>" + b" " * (70 * 2**20))
    refused(austria, meeting_id, bomb.getvalue(), "unpacks to more than")
    refused(austria, meeting_id, with_part(content, "word/document.xml", lambda xml: xml.replace(
        b"<w:document", b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document', 1)), "DOCTYPE")

    unmarked = MarkedUp(content)
    unmarked.paragraph(operative[0].key).runs[0].text = "Typed over with Track Changes off."
    error = refused(austria, meeting_id, unmarked.save(), "Track Changes was probably off")
    assert error.differences == [("operative paragraph 1", operative[0].text, "Typed over with Track Changes off.")]
    refused(austria, meeting_id, content, "Track Changes was probably off")

    stranger = MarkedUp(content)
    stranger.edit(operative[0].key, [("", operative[0].text.split()[0], "Resolve")])
    renamed = with_part(stranger.save(), "word/document.xml", lambda xml: xml.replace(
        f"_p_{operative[0].key}".encode(), b"_p_" + b"f" * 32))
    refused(austria, meeting_id, renamed, "not in " + text.version.symbol)

    edited = MarkedUp(content)
    edited.edit(operative[0].key, [("", operative[0].text.split()[0], "Resolve")])
    marked = edited.save()
    other = make_meeting(title="Another meeting", start_date=dt.date(2027, 6, 1), end_date=dt.date(2027, 6, 1))
    refused(austria, meeting_id, with_part(marked, "docProps/custom.xml", lambda xml: xml.replace(
        f">{meeting_id}<".encode(), f">{other}<".encode())), "another meeting")
    refused(austria, meeting_id, with_part(marked, "docProps/custom.xml", lambda xml: b""), "not a Word document")
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 5))
    refused(austria, meeting_id, marked, "superseded")


def with_part(content: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == name else data)
    return out.getvalue()


def test_organizers_do_not_break_silence_in_a_delegations_name(meeting_id, austria, organizer):
    text, content = circulated(austria, meeting_id)
    file = MarkedUp(content)
    first = paragraphs(text, OPERATIVE)[0]
    file.edit(first.key, [("", first.text.split()[0], "Resolve")])
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1))
    with pytest.raises(PlannerError, match="under silence"):
        preview(organizer, meeting_id, file.save(), delegation_id=austria.delegation_id)
    assert len(preview(austria, meeting_id, file.save()).changes) == 1


@pytest.mark.parametrize("editor", ["word", "libreoffice"])
def test_changes_inside_words_across_runs_and_whole_paragraphs(meeting_id, austria, tmp_path, editor):
    """A letter added inside a word and two deleted inside another, a deletion across three runs, a paragraph
    retyped as a whole, a new paragraph typed before one (Enter at its start), and one split in two."""
    text, content = circulated(austria, meeting_id)
    operative = paragraphs(text, OPERATIVE)
    one, two, three, four = (p.text for p in operative[:4])
    file = MarkedUp(content)
    file.edit(operative[0].key, [(one[:4], "", "X"), (one[:10], one[10:12], "")], runs_at=(2, 6, 8, 11))
    file.edit(operative[1].key, [(two[:5], two[5:20], "")], runs_at=(8, 14))
    file.edit(operative[2].key, [("", three, "A paragraph retyped from its first word to its last.")])
    file.new_paragraph_before(operative[3].key, "Typed before the fourth paragraph.")
    marked = file.save()
    if editor == "libreoffice":
        marked = through_libreoffice(marked, tmp_path)
    found = {(c.kind, c.key): c for c in read_marked_up(marked).changes}
    assert found[AmendmentKind.replace, operative[0].key].text == one[:4] + "X" + one[4:10] + one[12:]
    assert found[AmendmentKind.replace, operative[1].key].text == two[:5] + two[20:]
    assert found[AmendmentKind.replace, operative[2].key].text == "A paragraph retyped from its first word to its last."
    assert found[AmendmentKind.insert_after, operative[2].key].text == "Typed before the fourth paragraph."
    assert len(found) == 4


def test_a_paragraph_split_in_two_is_the_first_part_replaced_and_the_second_a_new_paragraph(meeting_id, austria):
    text, content = circulated(austria, meeting_id)
    first = paragraphs(text, OPERATIVE)[0]
    cut = first.text.index(" ", len(first.text) // 2)
    file = MarkedUp(content)
    file.split(first.key, cut)
    found = {(c.kind, c.key): c for c in read_marked_up(file.save()).changes}
    assert found[AmendmentKind.replace, first.key].text == first.text[:cut]
    assert found[AmendmentKind.insert_after, first.key].text == first.text[cut + 1:]


def test_the_command_line_imports_a_marked_up_file_and_lists_the_amendments(meeting_id, austria, tmp_path):
    text, content = circulated(austria, meeting_id)
    numbered = [p for p in text.paragraphs if p.kind != ParagraphKind.preamble]
    file = MarkedUp(content)
    file.new_paragraph_after(numbered[5].key, "Invite INTERPOL to report on the follow-up.")
    file.comment(numbered[5].key, "As discussed in Vienna.")
    file.delete_paragraph(paragraphs(text, ParagraphKind.preamble)[1].key)
    marked = tmp_path / "austria.docx"
    marked.write_bytes(file.save())
    tried = planner("amendments", "import", str(meeting_id), str(marked), "--delegation", "Austria", "--dry-run")
    assert tried.returncode == 0, tried.stderr
    assert "new paragraph after operative paragraph 6" in tried.stdout
    assert "delete preambular paragraph 2" in tried.stdout and "Dry run: nothing was proposed." in tried.stdout
    assert amendment_count() == 0
    done = planner("amendments", "import", str(meeting_id), str(marked), "--delegation", "Austria")
    assert done.returncode == 0 and "Proposed 2 amendments for Austria" in done.stdout, done.stderr
    listed = planner("amendments", "list", str(meeting_id)).stdout.splitlines()
    assert sorted(line.split("\t", 1)[1] for line in listed) == [
        "Austria\tnew paragraph after operative paragraph 6\tinsert_after\tproposed",
        "Austria\tpreambular paragraph 2\tdelete\tproposed"]
    unmarked = tmp_path / "unmarked.docx"
    unmarked.write_bytes(content)
    refused_here = planner("amendments", "import", str(meeting_id), str(unmarked), "--delegation", "Austria")
    assert refused_here.returncode == 1 and "Track Changes was probably off" in refused_here.stderr
    assert planner("amendments", "import", str(meeting_id), str(marked), "--delegation", "Atlantis").returncode == 1
