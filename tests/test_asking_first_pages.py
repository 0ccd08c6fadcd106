"""What cannot be undone asks first and says what will happen: circulating the agenda, marking it final, issuing the
report (the symbol it gets, its date, the delegations that will read it), a one-way status, a delegate's withdrawal
and interpretative statement. Nothing happens until *Yes*; *Cancel* leaves everything as it was. Breaking and
starting silence are in test_negotiation_pages, a delegate lifting a bracket in test_negotiation_typed_pages."""
import datetime as dt

from planner import db, register
from planner.agenda_review import versions
from planner.dates import long_date
from planner.delegations import invitations, reference
from planner.meetings import planning, timetable
from planner.models import AgendaVersionStatus, AmendmentKind, AmendmentState, DocumentKind, Meeting, MeetingStatus
from planner.statement import amendments, silence
from planner.statement import versions as statement_versions
from planner.statement.report import issued_report
from tests.conftest import invite_and_send_to
from tests.test_agenda_review_pages import plain
from tests.test_negotiation_pages import circulated_meeting
from tests.test_pages import labelled, on_tab, open_page, people  # noqa: F401 - `people` is a fixture


def announced_meeting(make_meeting, organizer, **overrides) -> int:
    """A planned meeting with a timetable, Austria and Türkiye sent their notes verbales, Germany only drafted."""
    meeting_id = make_meeting(**overrides)
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria", "Türkiye")
        invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Germany").id])
    return meeting_id


def next_symbol(organizer, meeting_id: int, kind: DocumentKind) -> tuple[str, str]:
    """The symbol the register would give now, and today's date where the meeting is held."""
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        return (register.next_revisable_symbol(session, organizer, meeting=meeting, kind=kind),
                long_date(planning.today_at(meeting)))


def test_circulating_the_timetable_now_says_the_symbol_and_the_delegations_and_waits_for_yes(
        database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = announced_meeting(make_meeting, organizer)
    symbol, today = next_symbol(organizer, meeting_id, DocumentKind.agenda)
    app = open_page("agenda_review", organizer, meeting_id)
    labelled(app.button, "Circulate the timetable now").click().run()
    assert (f"The timetable as it stands becomes version 1. This gives the agenda the symbol {symbol}, dated {today}, "
            "and makes it visible to the 2 delegations taking part.") in plain(app), "Germany's note has not gone out"
    labelled(app.button, "Cancel").click().run()
    assert "Yes, circulate the timetable now" not in [b.label for b in app.button]
    with db.transaction() as session:
        assert versions.versions(session, organizer, meeting_id) == [], "Cancel leaves everything as it was"
    labelled(app.button, "Circulate the timetable now").click().run()
    labelled(app.button, "Yes, circulate the timetable now").click().run()
    assert not app.exception and "Agenda circulated" in app.success[0].value
    with db.transaction() as session:
        [circulated] = versions.versions(session, organizer, meeting_id)
    assert circulated.symbol == symbol, "the symbol said is the symbol given"

    labelled(app.button, "Mark the latest version final").click().run()
    assert f"This makes {symbol} the final agenda: no further version can be made or circulated." in plain(app)
    labelled(app.button, "Yes, mark the latest version final").click().run()
    assert not app.exception and "The agenda is final" in app.success[0].value
    with db.transaction() as session:
        assert versions.get_version(session, organizer, meeting_id).status == AgendaVersionStatus.final


def test_issuing_the_report_says_its_symbol_and_waits_for_yes(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = announced_meeting(make_meeting, organizer, start_date=dt.date(2020, 5, 10),
                                   end_date=dt.date(2020, 5, 11), registration_deadline=dt.date(2020, 4, 1))
    symbol, today = next_symbol(organizer, meeting_id, DocumentKind.report)
    app = open_page("report", organizer, meeting_id)
    assert not labelled(app.button, "Issue the report").disabled
    labelled(app.button, "Issue the report").click().run()
    assert (f"This gives the report as it stands the symbol {symbol}, dated {today}, and makes it visible to the 2 "
            "delegations taking part. Issuing it again later gives it the next revision (/Rev.n).") in plain(app)
    labelled(app.button, "Cancel").click().run()
    with db.transaction() as session:
        assert issued_report(session, organizer, meeting_id) is None
    labelled(app.button, "Issue the report").click().run()
    labelled(app.button, "Yes, issue the report").click().run()
    assert not app.exception and f"Issued the report as {symbol}." in plain(app)
    revision, _ = next_symbol(organizer, meeting_id, DocumentKind.report)
    assert revision == f"{symbol}/Rev.1"


def test_a_status_that_cannot_be_undone_asks_first_and_one_that_can_does_not(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
    app = open_page("meeting_builder", organizer, meeting_id)
    labelled(app.button, "Mark as invitations sent").click().run()
    assert "This marks the meeting as invitations sent: it cannot go back to planned." in plain(app)
    labelled(app.button, "Cancel").click().run()
    labelled(app.button, "Mark as draft").click().run()
    assert not app.exception and "The meeting is now draft" in app.success[0].value, "planned and draft go both ways"
    with db.transaction() as session:
        assert session.get(Meeting, meeting_id).status == MeetingStatus.draft


def test_a_delegate_withdraws_an_amendment_and_attaches_an_interpretative_statement_after_saying_yes(
        database_url, people, make_meeting, demo_meeting):
    organizer, austria = people["organizer"], people["delegate.austria"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    with db.transaction() as session:
        key = statement_versions.circulated_text(session, austria, meeting_id).paragraphs[-1].key
        amendments.propose(session, austria, meeting_id, paragraph_key=key, kind=AmendmentKind.delete)
    app = open_page("negotiation", austria, meeting_id)
    labelled(app.button, "Withdraw").click().run()
    assert "This withdraws your delegation's amendment on " in plain(app) and "for good" in plain(app)
    labelled(app.button, "Yes, withdraw").click().run()
    assert not app.exception and "Amendment withdrawn" in plain(app)
    with db.transaction() as session:
        states = [view.amendment.state for view in amendments.amendments(session, organizer, meeting_id)]
    assert states == [AmendmentState.withdrawn]

    adopted = on_tab(open_page("negotiation", austria, demo_meeting), "Adoption")
    with db.transaction() as session:
        symbol = silence.adopted(session, austria, demo_meeting).adopted_document.symbol
    adopted.text_area[-1].input("Austria understands paragraph 3 as covering cyber-crime too.")
    labelled(adopted.button, "Attach to the adopted statement").click().run()
    assert (f"This attaches your delegation's interpretative statement to {symbol} for every delegation to read; it "
            "cannot be changed or withdrawn.") in plain(adopted)
    labelled(adopted.button, "Yes, attach to the adopted statement").click().run()
    assert not adopted.exception and "By the delegation of Austria:" in plain(adopted)
