"""The document register: one count per series and calendar year of issue, safe under parallel allocation."""
import datetime as dt
import threading

import pytest
from sqlmodel import select

from planner import db, register
from planner.errors import PermissionDenied, PlannerError
from planner.models import AuditEntry, DocumentKind, DocumentSuffix, IssuedDocument, Meeting


@pytest.fixture(autouse=True)
def bare_files(monkeypatch):
    """These documents are issued for no invitation, version or report: each is kept as a stand-in file."""
    monkeypatch.setattr(register, "_BUILDERS", {kind: lambda _session, document: (
        f"{document.file_stem}.docx", document.symbol.encode()) for kind in DocumentKind})


def issue(actor, meeting_id, on, kind=DocumentKind.note_verbale, title="Invitation"):
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        return register.issue_document(session, actor, meeting=meeting, kind=kind, title=title, issued_on=on)


def test_numbers_run_across_meetings_of_the_series_and_take_the_year_of_issue(make_meeting, organizer):
    first = make_meeting(title="Spring meeting")
    second = make_meeting(title="Autumn meeting", start_date=dt.date(2027, 10, 4), end_date=dt.date(2027, 10, 5),
                          registration_deadline=dt.date(2027, 9, 20))
    assert issue(organizer, first, dt.date(2026, 11, 16)).symbol == "CIO.GAL/1/26", "the year of issue, not of the meeting"
    assert issue(organizer, second, dt.date(2026, 11, 17)).symbol == "CIO.GAL/2/26", "one count for both meetings"
    assert issue(organizer, first, dt.date(2026, 12, 31)).symbol == "CIO.GAL/3/26"
    assert issue(organizer, second, dt.date(2027, 1, 1)).symbol == "CIO.GAL/1/27", "a new year starts again at 1"
    assert issue(organizer, first, dt.date(2027, 1, 2)).symbol == "CIO.GAL/2/27"


def test_another_series_counts_on_its_own(make_meeting, organizer):
    gal = make_meeting()
    other = make_meeting(title="Secretariat meeting", symbol_prefix="SEC.GAL")
    assert issue(organizer, gal, dt.date(2027, 2, 1)).symbol == "CIO.GAL/1/27"
    assert issue(organizer, other, dt.date(2027, 2, 1)).symbol == "SEC.GAL/1/27"


def test_suffixes_hang_off_the_base_and_count_per_suffix(make_meeting, organizer):
    meeting_id = make_meeting()
    base = issue(organizer, meeting_id, dt.date(2026, 12, 31), kind=DocumentKind.agenda, title="Agenda")
    issue(organizer, meeting_id, dt.date(2027, 1, 5))
    with db.transaction() as session:
        base = session.get(IssuedDocument, base.id)
        rev1 = register.issue_suffix(session, organizer, base=base, suffix=DocumentSuffix.revision, title="Agenda",
                                     issued_on=dt.date(2027, 1, 10))
        rev2 = register.issue_suffix(session, organizer, base=base, suffix=DocumentSuffix.revision, title="Agenda",
                                     issued_on=dt.date(2027, 1, 11))
        add1 = register.issue_suffix(session, organizer, base=base, suffix=DocumentSuffix.addendum, title="Annex",
                                     issued_on=dt.date(2027, 2, 1))
        corr = register.issue_suffix(session, organizer, base=base, suffix=DocumentSuffix.corrigendum, title="Agenda",
                                     issued_on=dt.date(2027, 2, 2))
        assert [d.symbol for d in (rev1, rev2, add1, corr)] == [
            "CIO.GAL/1/26/Rev.1", "CIO.GAL/1/26/Rev.2", "CIO.GAL/1/26/Add.1", "CIO.GAL/1/26/Corr.1"]
        assert rev1.kind == DocumentKind.agenda and rev1.base_id == base.id and add1.issued_on == dt.date(2027, 2, 1)
        with pytest.raises(PlannerError, match="is itself a revision: a revision hangs off the base document CIO.GAL/1/26"):
            register.issue_suffix(session, organizer, base=rev1, suffix=DocumentSuffix.revision, title="Agenda")
        with pytest.raises(PlannerError, match="cannot be dated before"):
            register.issue_suffix(session, organizer, base=base, suffix=DocumentSuffix.revision, title="Agenda",
                                  issued_on=dt.date(2026, 12, 30))
        listed = [d.symbol for d in register.documents(session, organizer, meeting_id)]
    assert listed == ["CIO.GAL/1/27", "CIO.GAL/1/26", "CIO.GAL/1/26/Add.1", "CIO.GAL/1/26/Corr.1",
                      "CIO.GAL/1/26/Rev.1", "CIO.GAL/1/26/Rev.2"]
    assert base.file_stem == "CIO.GAL_1_26"


def test_the_symbol_a_revisable_document_will_get_is_told_without_taking_it(make_meeting, organizer):
    """A confirmation names the symbol before it is issued: the next number, then the next revision of it."""
    meeting_id = make_meeting()
    issue(organizer, meeting_id, dt.date(2027, 3, 1))
    on = dt.date(2027, 3, 2)

    def told_then_issued() -> tuple[str, str]:
        with db.transaction() as session:
            meeting = session.get(Meeting, meeting_id)
            told = register.next_revisable_symbol(session, organizer, meeting=meeting, kind=DocumentKind.agenda,
                                                  issued_on=on)
            assert told not in {d.symbol for d in register.documents(session, organizer, meeting_id)}
            return told, register.issue_revisable(session, organizer, meeting=meeting, kind=DocumentKind.agenda,
                                                  title="Agenda", issued_on=on).symbol

    assert told_then_issued() == ("CIO.GAL/2/27", "CIO.GAL/2/27")
    assert told_then_issued() == ("CIO.GAL/2/27/Rev.1", "CIO.GAL/2/27/Rev.1")


def test_the_register_is_for_those_who_issue_documents_and_is_audited(make_meeting, organizer, secretariat,
                                                                    austria_delegate):
    meeting_id = make_meeting()
    document = issue(secretariat, meeting_id, dt.date(2027, 3, 1))
    assert document.issued_by == "Secretariat (secretariat)"
    with pytest.raises(PermissionDenied):
        issue(austria_delegate, meeting_id, dt.date(2027, 3, 1))
    with db.transaction() as session:
        with pytest.raises(PermissionDenied):
            register.documents(session, austria_delegate)
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "document.issue")).one()
    assert entry.after["symbol"] == "CIO.GAL/1/27" and entry.actor_email == "secretariat@test.osce"


def test_the_database_refuses_a_symbol_twice_also_without_suffix(make_meeting, organizer):
    meeting_id = make_meeting()
    issue(organizer, meeting_id, dt.date(2027, 3, 1))
    with pytest.raises(PlannerError):
        with db.transaction() as session:
            session.add(IssuedDocument(series="CIO.GAL", year=2027, number=1, kind=DocumentKind.agenda, title="Twice",
                                       meeting_id=meeting_id, issued_on=dt.date(2027, 3, 1), issued_by="x"))


def test_parallel_allocations_never_collide(make_meeting, organizer):
    """Threads with sessions of their own issue at the same moment; every symbol is distinct and none is skipped."""
    meeting_id = make_meeting()
    threads_count, per_thread = 6, 5
    start = threading.Barrier(threads_count)
    symbols: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work():
        try:
            start.wait()
            for _ in range(per_thread):
                document = issue(organizer, meeting_id, dt.date(2027, 3, 1))
                with lock:
                    symbols.append(document.symbol)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    total = threads_count * per_thread
    assert sorted(symbols, key=lambda s: int(s.split("/")[1])) == [f"CIO.GAL/{n}/27" for n in range(1, total + 1)]


def test_parallel_addenda_to_one_base_never_collide(make_meeting, organizer):
    meeting_id = make_meeting()
    base_id = issue(organizer, meeting_id, dt.date(2026, 3, 1)).id
    start = threading.Barrier(4)
    symbols: list[str] = []
    failures: list[BaseException] = []

    def work():
        try:
            start.wait()
            for _ in range(3):
                with db.transaction() as session:
                    base = session.get(IssuedDocument, base_id)
                    symbols.append(register.issue_suffix(session, organizer, base=base, suffix=DocumentSuffix.addendum,
                                                         kind=DocumentKind.reminder, title="Reminder").symbol)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(symbols, key=lambda s: int(s.rsplit(".", 1)[1])) == [f"CIO.GAL/1/26/Add.{n}" for n in range(1, 13)]


def test_the_next_symbol_is_told_before_the_issue_without_taking_it(make_meeting, organizer):
    """What a confirmation says before the issue: the symbol issue_revisable then gives, with nothing allocated."""
    meeting_id = make_meeting()
    issue(organizer, meeting_id, dt.date.today())
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        told = register.next_revisable_symbol(session, organizer, meeting=meeting, kind=DocumentKind.agenda)
        assert register.next_revisable_symbol(session, organizer, meeting=meeting, kind=DocumentKind.agenda) == told
        assert len(register.documents(session, organizer, meeting_id)) == 1, "telling allocates nothing"
        first = register.issue_revisable(session, organizer, meeting=meeting, kind=DocumentKind.agenda, title="Agenda")
        revision = register.next_revisable_symbol(session, organizer, meeting=meeting, kind=DocumentKind.agenda)
        second = register.issue_revisable(session, organizer, meeting=meeting, kind=DocumentKind.agenda, title="Agenda")
    assert first.symbol == told == f"CIO.GAL/2/{dt.date.today():%y}"
    assert second.symbol == revision == f"{told}/Rev.1"
