"""Figures for the replies dashboard: replies by state and group, response rate, heads of delegation, gender balance."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session

from planner import invitations
from planner.access import Actor, Capability, require
from planner.models import InvitationState
from planner.participants import list_participants


@dataclass(frozen=True)
class ReplySummary:
    """`by_state_and_group` counts the invitations that went out: a draft is no reply yet, and a meeting being
    prepared would otherwise show little but drafts."""

    by_state_and_group: list[dict]
    invited: int
    sent: int
    answered: int
    participants: int
    heads: int
    by_gender: dict[str, int]
    silent: list[dict]

    @property
    def drafts(self) -> int:
        """Invitations whose note verbale has not been sent yet."""
        return self.invited - self.sent

    @property
    def response_rate(self) -> float:
        return self.answered / self.sent if self.sent else 0.0


def reply_summary(session: Session, actor: Actor, meeting_id: int) -> ReplySummary:
    require(actor, Capability.manage_invitations)
    rows = invitations.list_invitations(session, actor, meeting_id)
    sent = [r for r in rows if r.invitation.state != InvitationState.draft]
    counts = Counter((row.invitation.state.label, row.delegation.kind.label) for row in sent)
    people = list_participants(session, actor, meeting_id)
    return ReplySummary(
        by_state_and_group=[{"State": s, "Group": g, "Invitations": n} for (s, g), n in sorted(counts.items())],
        invited=len(rows),
        sent=len(sent),
        answered=sum(1 for r in sent if r.invitation.answered),
        participants=len(people),
        heads=sum(1 for p in people if p.head_of_delegation),
        by_gender=dict(Counter(p.gender or "not given" for p in people)),
        silent=[
            {"Delegation": r.delegation.name, "Group": r.delegation.kind.label, "State": r.invitation.state.label,
             "Sent": r.invitation.sent_on, "Reminders": r.invitation.reminder_count}
            for r in rows if r.invitation.state in (InvitationState.sent, InvitationState.no_reply)
        ],
    )
