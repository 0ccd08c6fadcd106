"""The demo tells one story, dated from the day it is loaded: invitations, agenda and the first draft of the statement
before the meeting; negotiation, adoption by silence and interpretative statements after it; the report last."""
import datetime as dt
from zoneinfo import ZoneInfo

from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.dates import as_utc
from planner.meetings import planning
from planner.models import (
    AgendaVersion, Amendment, DocumentKind, InterpretativeStatement, Invitation, IssuedDocument, MeetingStatus,
    SilenceProcedure, StatementComment, StatementVersion,
)
from planner.operations import demo
from planner.statement import silence

LOADED = dt.date(2026, 11, 30)  # the day conftest's demo_meeting loads it


def test_the_demo_is_dated_in_the_order_its_events_happened(demo_meeting):
    with db.transaction() as session:
        meeting = planning.get_meeting(session, SYSTEM, demo_meeting)
        day = meeting.start_date

        def local(moment: dt.datetime) -> dt.date:
            return as_utc(moment).astimezone(ZoneInfo(meeting.time_zone)).date()
        assert day == LOADED - dt.timedelta(days=demo.HELD_DAYS_AGO) and meeting.status == MeetingStatus.held
        invitations = session.exec(select(Invitation).where(Invitation.meeting_id == meeting.id,
                                                            Invitation.sent_on.is_not(None))).all()  # not the host
        replies = [d for i in invitations for d in (i.acknowledged_on, i.nominated_on, i.confirmed_on, i.declined_on) if d]
        assert max(i.sent_on for i in invitations) < min(replies) and max(replies) <= meeting.registration_deadline
        assert all(i.no_reply_on > meeting.registration_deadline for i in invitations if i.no_reply_on)
        assert meeting.registration_deadline < day
        agendas = sorted(v.issued_on for v in session.exec(select(AgendaVersion).where(
            AgendaVersion.meeting_id == meeting.id)) if v.issued_on)
        assert len(agendas) == 2 and max(i.sent_on for i in invitations) < agendas[0] < agendas[1] < day

        versions = session.exec(select(StatementVersion).where(StatementVersion.symbol.is_not(None))
                                .order_by(StatementVersion.number)).all()
        circulated = [v.issued_on for v in versions]
        assert circulated == sorted(circulated) and len(circulated) == 4
        assert circulated[0] < day < circulated[1], "the first draft was presented at the meeting, revised after it"
        amendments = session.exec(select(Amendment)).all()
        assert all(local(a.proposed_at) > day for a in amendments)
        comments = session.exec(select(StatementComment)).all()
        assert comments and all(local(c.created_at) > circulated[1] for c in comments if c.created_at)
        procedures = session.exec(select(SilenceProcedure).order_by(SilenceProcedure.id)).all()
        assert [local(p.started_at) for p in procedures] == sorted(local(p.started_at) for p in procedures)
        assert all(p.started_at < p.expires_at for p in procedures)
        assert local(procedures[0].started_at) >= circulated[2] and local(procedures[1].started_at) >= circulated[3]
        adopted = silence.adopted(session, SYSTEM, meeting.id)
        assert adopted.version.number == 4 and adopted.adopted_document.issued_on == local(procedures[1].expires_at)
        made = session.exec(select(InterpretativeStatement)).all()
        assert made and all(local(m.submitted_at) > adopted.adopted_document.issued_on for m in made)
        reports = session.exec(select(IssuedDocument).where(IssuedDocument.kind == DocumentKind.report)).all()
        assert len(reports) == 1 and adopted.adopted_document.issued_on < reports[0].issued_on < LOADED
        issued = session.exec(select(IssuedDocument).where(IssuedDocument.meeting_id == meeting.id)).all()
        assert max(d.issued_on for d in issued) == reports[0].issued_on, "the report is issued last"
        assert all(d.issued_on < day for d in issued if d.kind in (DocumentKind.note_verbale, DocumentKind.agenda))
