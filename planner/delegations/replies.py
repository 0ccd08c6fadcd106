"""Figures for the replies dashboard: replies by state and group, response rate, heads of delegation, gender balance."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from planner.access import Actor, Capability, require
from planner.delegations import invitations
from planner.delegations.models import Gender, InvitationState, Participant
from planner.text.words import plural

NOT_GIVEN = "not given"


@dataclass(frozen=True)
class ReplySummary:
    """`by_state_and_group` counts the invitations that went out: a draft is no reply yet, and a meeting being
    prepared would otherwise show little but drafts. The host (the Chairmanship's own State) is not invited: it is
    named apart and its participants count with everyone's."""

    by_state_and_group: list[dict]
    host: str | None
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

    @property
    def replies_in_words(self) -> str:
        """The replies chart for whoever cannot see its bars: "Of the 76 invitations sent: 40 nominated, 3 declined, …"
        with the states in the order of an invitation's life."""
        by_state = Counter()
        for row in self.by_state_and_group:
            by_state[row["State"]] += row["Invitations"]
        counts = [f"{by_state[state.label]:,} {state.label.lower()}" for state in InvitationState if by_state[state.label]]
        return f"Of the {plural(self.sent, 'invitation')} sent: {', '.join(counts)}."

    @property
    def gender_balance_in_words(self) -> str:
        """The gender chart for whoever cannot see its slices: "Of the 120 participants: 50 female (42%), …"."""
        order = [*(gender.value for gender in Gender), NOT_GIVEN]
        shares = [f"{self.by_gender[g]:,} {g} ({self.by_gender[g] / self.participants:.0%})"
                  for g in order if self.by_gender.get(g)]
        return f"Of the {plural(self.participants, 'participant')}: {', '.join(shares)}."


def reply_summary(session: Session, actor: Actor, meeting_id: int) -> ReplySummary:
    require(actor, Capability.manage_invitations)
    rows = invitations.list_invitations(session, actor, meeting_id)
    host = next((r.delegation.name for r in rows if r.invitation.state == InvitationState.host), None)
    rows = [r for r in rows if r.invitation.state != InvitationState.host]
    people = session.exec(select(Participant.gender, Participant.head_of_delegation, sa.func.count())
                          .where(Participant.meeting_id == meeting_id)
                          .group_by(Participant.gender, Participant.head_of_delegation)).all()
    by_gender = Counter()
    for gender, _, count in people:
        by_gender[gender.value if gender else NOT_GIVEN] += count
    sent = [r for r in rows if r.invitation.state != InvitationState.draft]
    counts = Counter((row.invitation.state.label, row.delegation.kind.label) for row in sent)
    return ReplySummary(
        by_state_and_group=[{"State": s, "Group": g, "Invitations": n} for (s, g), n in sorted(counts.items())],
        host=host,
        invited=len(rows),
        sent=len(sent),
        answered=sum(1 for r in sent if r.invitation.answered),
        participants=sum(by_gender.values()),
        heads=sum(count for _, head, count in people if head),
        by_gender=dict(by_gender),
        silent=[
            {"Delegation": r.delegation.name, "Group": r.delegation.kind.label, "State": r.invitation.state.label,
             "Sent": r.invitation.sent_on, "Reminders": r.invitation.reminder_count}
            for r in rows if r.invitation.state in (InvitationState.sent, InvitationState.no_reply)
        ],
    )
