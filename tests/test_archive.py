"""The archive: every issued document is kept as the file that went out, in the transaction that issues it, and every
download of it returns those bytes, whatever changed since; `documents verify` catches a stored file altered since;
a document issued before the archive is offered rebuilt and marked so; backups carry the files and restore checks them."""
import base64
import dataclasses
import io
import json
import zipfile

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import select

from planner import archive, db, register
from planner.access import SYSTEM
from planner.agenda_review import versions as agenda_versions
from planner.documents.agenda import agenda_document
from planner.documents.issued import REBUILT_MARK, issued_file, issued_files_zip
from planner.documents.mail_attachments import attachments_for
from planner.documents.note_verbale import delegation_note, notes_verbales_zip
from planner.documents.report import report_document
from planner.documents.statement import adopted_file, statement_document
from planner.errors import PermissionDenied, PlannerError
from planner.mail.models import OutboxMessage
from planner.meetings import planning
from planner.models import ArchivedFile, Delegation, DocumentKind, Invitation, IssuedDocument, MeetingStatus
from planner.operations import backup
from planner.statement import silence, versions as statement_versions
from tests.conftest import delegate_of
from tests.test_cli import planner


def _invitation(session, meeting_id, name):
    delegation = session.exec(select(Delegation).where(Delegation.name == name)).one()
    return session.exec(select(Invitation).where(Invitation.meeting_id == meeting_id,
                                                 Invitation.delegation_id == delegation.id)).one()


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_every_issued_document_is_kept_with_its_hash_in_the_transaction_that_issues_it(database_url, demo_meeting,
                                                                                      secretariat):
    with db.transaction() as session:
        issued = session.exec(select(IssuedDocument)).all()
        kept = {f.document_id: f for f in session.exec(select(ArchivedFile).where(ArchivedFile.language == ""))}
        assert issued and set(kept) == {d.id for d in issued}, "no document is issued without its file"
        assert {d.kind for d in issued} == {DocumentKind.note_verbale, DocumentKind.agenda, DocumentKind.statement,
                                            DocumentKind.interpretative_statement, DocumentKind.report}
        for document in issued:
            file = kept[document.id]
            assert file.content[:2] == b"PK" and file.size == len(file.content) and file.sha256 == register.sha256(file.content)
            assert file.file_name.startswith(document.file_stem)


def test_a_note_verbale_downloads_byte_for_byte_as_issued_after_the_meeting_and_the_delegation_change(
        database_url, demo_meeting, organizer, secretariat):
    with db.transaction() as session:
        invitation = _invitation(session, demo_meeting, "Austria")
        name, before = delegation_note(session, secretariat, invitation.id)
        zipped_before = notes_verbales_zip(session, secretariat, demo_meeting)
    with db.transaction() as session:
        details = planning.details_of(session, organizer, demo_meeting)
        planning.update_meeting(session, organizer, demo_meeting,
                                dataclasses.replace(details, title="Renamed Meeting of Police Chiefs"), None)
        session.get(Delegation, invitation.delegation_id).name = "Republic of Austria"
    with db.transaction() as session:
        again_name, again = delegation_note(session, secretariat, invitation.id)
        note = session.get(IssuedDocument, invitation.note_id)
        rebuilt = register.builder_for(note.kind)(session, note)[1]
        with zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, secretariat, demo_meeting))) as after_zip, \
                zipfile.ZipFile(io.BytesIO(zipped_before)) as before_zip:
            assert after_zip.read(name) == before_zip.read(name) == before
    assert (again_name, again) == (name, before), "the note verbale that was sent, not today's"
    assert "Renamed Meeting of Police Chiefs" in _text(rebuilt) and "Renamed" not in _text(before), \
        "today's records would have given another note under the same symbol"


def test_each_download_of_an_issued_document_gives_the_kept_bytes(database_url, demo_meeting, secretariat):
    austria = delegate_of("Austria")
    with db.transaction() as session:
        kept = {f.document_id: f.content for f in session.exec(select(ArchivedFile))}
        latest_agenda = agenda_versions.get_version(session, secretariat, demo_meeting)
        assert agenda_document(session, austria, demo_meeting, latest_agenda) == kept[latest_agenda.document_id]
        text = statement_versions.circulated_text(session, secretariat, demo_meeting, 2)
        assert statement_document(session, austria, text) == kept[text.version.document_id]
        adopted = silence.adopted(session, secretariat, demo_meeting)
        attached = archive.latest_addendum(session, secretariat, adopted.adopted_document, DocumentKind.interpretative_statement)
        assert attached.suffix is not None and adopted_file(session, austria, adopted).content == kept[attached.id]
        assert "Attachment 1" in _text(kept[attached.id]) and "Attachment 1" not in _text(kept[adopted.adopted_document.id])
        report = register.latest(session, secretariat, demo_meeting, DocumentKind.report)
        assert report_document(session, austria, demo_meeting) == kept[report.id]
        invitation = _invitation(session, demo_meeting, "Austria")
        assert delegation_note(session, austria, invitation.id)[1] == kept[invitation.note_id]
        message = OutboxMessage(kind="note_verbale", recipient="x@example.org", recipient_name="", subject="", text="",
                                attachments=[f"note_verbale:{invitation.id}"])
        assert attachments_for(session, message)[0][2] == kept[invitation.note_id], "the mail attaches the note as sent"
        bundle = zipfile.ZipFile(io.BytesIO(issued_files_zip(session, secretariat, [report.id, invitation.note_id])))
        assert sorted(bundle.read(n) for n in bundle.namelist()) == sorted([kept[report.id], kept[invitation.note_id]])


def test_the_command_line_lists_hashes_downloads_and_verifies_and_catches_a_tampered_file(database_url, demo_meeting,
                                                                                       tmp_path):
    listed = [line.split("\t") for line in planner("documents", str(demo_meeting)).stdout.splitlines()]
    assert listed and all(len(row) == 6 and len(row[5]) == 64 for row in listed), "symbol … issued by, SHA-256"
    symbol, digest = listed[0][0], listed[0][5]
    written = planner("documents", "download", symbol, "--out", str(tmp_path / "kept.docx"))
    assert written.returncode == 0, written.stderr
    assert register.sha256((tmp_path / "kept.docx").read_bytes()) == digest
    verified = planner("documents", "verify")
    assert verified.returncode == 0 and "every one matches" in verified.stdout
    with db.engine_for(database_url).begin() as connection:
        connection.execute(sa.text("UPDATE archived_file SET content = :altered WHERE id = 1"), {"altered": b"PK altered"})
    caught = planner("documents", "verify")
    assert caught.returncode == 1 and "MISMATCH" in caught.stderr and "1 do not match" in caught.stdout
    assert planner("documents", "download", "CIO.GAL/999/26", "--out", str(tmp_path / "x.docx")).returncode == 1


def test_a_document_issued_before_the_archive_is_not_archived_and_offered_rebuilt_marked_so(database_url, demo_meeting,
                                                                                         secretariat, tmp_path):
    from alembic import command

    with db.transaction() as session:
        invitation = _invitation(session, demo_meeting, "Austria")
        symbol = session.get(IssuedDocument, invitation.note_id).symbol
    config = db.alembic_config(database_url)
    with db.engine_for(database_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    db.upgrade(database_url)  # the documents issued before: no file kept
    with db.transaction() as session:
        assert session.exec(select(ArchivedFile)).all() == []
        entries = archive.entries(session, secretariat, meeting_id=demo_meeting)
        assert entries and all(entry.file is None for entry in entries)
        note = issued_file(session, secretariat, session.get(IssuedDocument, invitation.note_id))
    assert not note.archived and "REBUILT-not-the-issued-original" in note.file_name
    assert _text(note.content).startswith(REBUILT_MARK)
    listed = planner("documents", str(demo_meeting)).stdout
    assert f"{symbol}\t" in listed and listed.splitlines()[0].endswith("\tnot archived")
    out = planner("documents", "download", symbol, "--out", str(tmp_path / "old.docx"))
    assert out.returncode == 0 and "not archived" in out.stderr


def test_delegates_read_what_went_to_all_and_their_own_notes_only(database_url, demo_meeting):
    austria, turkiye = delegate_of("Austria"), delegate_of("Türkiye")
    with db.transaction() as session:
        seen = archive.entries(session, austria)
        kinds = {entry.document.kind for entry in seen}
        assert DocumentKind.agenda in kinds and DocumentKind.statement in kinds and DocumentKind.report in kinds
        notes = [e.document for e in seen if e.document.kind in register.ADDRESSED]
        own = _invitation(session, demo_meeting, "Austria").note_id
        assert notes and all(own in (d.id, d.base_id) for d in notes)
        theirs = _invitation(session, demo_meeting, "Türkiye").note_id
        with pytest.raises(PermissionDenied):
            issued_file(session, austria, session.get(IssuedDocument, theirs))
        assert issued_file(session, turkiye, session.get(IssuedDocument, theirs)).archived


def test_an_issue_without_a_builder_is_refused(database_url, make_meeting, organizer, monkeypatch):
    from planner.delegations import reference
    from tests.conftest import invite_and_send_to

    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
    monkeypatch.setattr(register, "_BUILDERS", {})
    monkeypatch.setattr(register, "_LOADERS", [])  # a command run earlier in this process may have left its loader
    with pytest.raises(PlannerError, match="No builder is registered for note verbale"):
        with db.transaction() as session:
            invite_and_send_to(session, organizer, meeting_id, "Austria")
    with db.transaction() as session:
        assert session.exec(select(IssuedDocument)).all() == [] and reference.find_delegation(session, "Austria")


def test_backup_carries_the_files_and_restore_refuses_a_tampered_one(database_url, demo_meeting, admin):
    with db.transaction() as session:
        taken = backup.create_backup(session, admin)
        kept = {f.id: f.content for f in session.exec(select(ArchivedFile))}
    with db.transaction() as session:
        backup.restore_backup(session, admin, taken, replace=True)
    with db.transaction() as session:
        assert {f.id: f.content for f in session.exec(select(ArchivedFile))} == kept
        assert archive.verify(session, SYSTEM) == (len(kept), [])
    document = json.loads(taken)
    table = document["tables"]["archived_file"]
    column = table["columns"].index("content")
    table["rows"][0][column] = base64.b64encode(b"PK not what was issued").decode()
    with pytest.raises(backup.BackupRefused, match="do not match its SHA-256"):
        backup.read_backup(json.dumps(document).encode())
