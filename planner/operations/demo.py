"""A sample meeting in the Brussels 2006 format, with demo users for each role, invitations and nominations.

It tells one story, dated from the day it is loaded: the notes verbales went out eight weeks before the meeting, the
replies came in before the registration deadline (three weeks before), the draft agenda was circulated a month before
and revised ten days before; the meeting was held four weeks ago; the statement, presented at the meeting, was
negotiated after it and adopted when silence expired a week ago; interpretative statements followed, then the
statement's French and Russian versions (templates/demo_translations.yaml), and the report was issued last."""
from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata
from typing import NamedTuple
from zoneinfo import ZoneInfo

import yaml
from sqlmodel import Session, select

from planner import config, languages
from planner.access import Actor, Capability, Role, require
from planner.accounts import users
from planner.accounts.models import User
from planner.agenda_review import comments, versions as agenda_versions
from planner.comment_threads import CommentAudience
from planner.delegations import invitations
from planner.delegations.models import Delegation, InvitationState
from planner.delegations.participants import Nomination, add_participant
from planner.delegations.reference import priorities
from planner.mail import preferences
from planner.meetings import planning, timetable
from planner.meetings.models import AgendaItemKind, MeetingStatus
from planner.statement import (
    amendments, brackets, comments as statement_comments, drafting, interpretative, report as summaries, silence,
    versions,
)
from planner.statement.models import AmendmentKind, ParagraphKind
from planner.statement.report import issue_report
from planner.translation import translations, units as translation_units
from planner.translation.models import TranslatedDocument

DEMO_PASSWORD = "demo"
HELD_DAYS_AGO = 28  # the meeting's day, counted back from the day the demo is loaded
REPORT_DAYS_AGO = 2  # the report, issued last
TRANSLATIONS_FILE = "demo_translations.yaml"  # the adopted statement in French and Russian


class DemoUser(NamedTuple):
    """An account of the demo: every one signs in with DEMO_PASSWORD."""

    email: str
    role: Role
    name: str
    delegation: str | None = None


DEMO_USERS = (
    DemoUser("organizer@demo.osce", Role.organizer, "Claire Dupont (Chairmanship task force)"),
    DemoUser("secretariat@demo.osce", Role.secretariat, "Jan Novak (Strategic Police Matters Unit)"),
    DemoUser("admin@demo.osce", Role.admin, "Planner administrator"),
    DemoUser("delegate.austria@demo.osce", Role.delegate, "Anna Huber (Delegation of Austria)", "Austria"),
    DemoUser("delegate.turkiye@demo.osce", Role.delegate, "Emre Yılmaz (Delegation of Türkiye)", "Türkiye"),
    DemoUser("delegate.germany@demo.osce", Role.delegate, "Katrin Weber (Delegation of Germany)", "Germany"),
)
FIRST_NAMES = {"female": ["Anna", "Maria", "Elena", "Ingrid", "Sofia", "Leila", "Ayşe", "Olga", "Marta", "Hanna"],
               "male": ["Peter", "Jan", "Luca", "Mehmet", "Ivan", "Thomas", "Karel", "Andrés", "Jonas", "Dmitri"]}
LAST_NAMES = ["Meier", "Kovač", "Rossi", "Nowak", "Petrov", "Dubois", "Jansen", "García", "Öztürk", "Horvath",
              "Lindqvist", "Novak", "Popescu", "Müller", "Smith", "Kuznetsova", "Hansen", "Ferreira", "Weber", "Ivanova"]
FUNCTIONS = ["Chief of Police", "Deputy Director General of Police", "Head of International Police Co-operation",
             "Head of the Organized Crime Directorate", "Police Attaché", "Senior Adviser"]
REPLY_SPREAD = [  # share of invitations that end in each state, for a believable dashboard
    (InvitationState.confirmed, 0.30), (InvitationState.nominated, 0.25), (InvitationState.acknowledged, 0.15),
    (InvitationState.sent, 0.20), (InvitationState.declined, 0.05), (InvitationState.no_reply, 0.05),
]
DEMO_AMENDMENTS = (  # name, delegation, operative paragraph, kind, text, reason
    ("austria", "austria", 0, AmendmentKind.replace,
     "Agree to intensify the exchange of information and analysis among national police services on organized crime;",
     "The statement should say how co-operation is to intensify."),
    ("turkiye-conflict", "turkiye", 0, AmendmentKind.replace,
     "Agree to strengthen police co-operation against organized crime through existing channels;",
     "Co-operation should rely on existing channels."),
    ("germany", "germany", 2, AmendmentKind.insert_after,
     "Encourage joint training of police officers of participating States, including through the network of OSCE "
     "police training institutions and CEPOL;",
     "Training is the most practical form of co-operation."),
    ("turkiye-delete", "turkiye", 3, AmendmentKind.delete, "",
     "The paragraph duplicates commitments made elsewhere."),
)
DEMO_COMMENTS = (  # delegation, operative paragraph, comment, who may read it, the Chairmanship's answer
    ("austria", 1, "Austria could accept the words in brackets if the paragraph referred to existing OSCE commitments; "
     "we would rather not propose an amendment of our own.", CommentAudience.organizers,
     "Thank you: the Chairmanship will consult Türkiye on that basis before circulating the next revision."),
    ("germany", 1, "Germany supports the paragraph as it stands and hopes the brackets can be lifted before silence.",
     CommentAudience.all_delegations, ""),
)
RAPPORTEURS = ["Jan Novak", "Anna Huber", "Rapporteur of the Chairmanship"]  # two of them are demo users
SPEAKERS = {
    AgendaItemKind.opening: ("Chairperson-in-Office", "Chairperson-in-Office; Secretary General; Head of the host police"),
    AgendaItemKind.closing: ("Chairperson-in-Office", "Head of the Strategic Police Matters Unit"),
}


def ascii_email(text: str) -> str:
    """'Öztürk' becomes 'ozturk': demo addresses stay plain ASCII."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def ensure_demo_users(session: Session, actor: Actor) -> list[User]:
    """The demo accounts, whose password everyone knows: only the administrator sets them up, even when they exist."""
    require(actor, Capability.manage_users)
    made = []
    for demo in DEMO_USERS:
        existing = session.exec(select(User).where(User.email == demo.email)).first()
        made.append(existing or users.add_user(session, actor, demo.email, demo.role, DEMO_PASSWORD, demo.name,
                                               demo.delegation, demo=True))
    return made


def _set_up_mail(session: Session, actor: Actor, accounts: list[User]) -> None:
    """The demo delegations' missions get an official address, and Türkiye's delegate reads their mail in Ankara's
    time: the Outbox shows both."""
    for account in accounts:
        if account.delegation_id is not None:
            delegation = session.get(Delegation, account.delegation_id)
            preferences.set_official_address(session, actor, delegation.id, f"mission.{ascii_email(delegation.name)}@demo.osce")
            if delegation.name == "Türkiye":
                preferences.choose_time_zone(session, users.actor_for(account), "Europe/Istanbul")


def _reply_states(count: int, rng: random.Random) -> list[InvitationState]:
    states = [state for state, share in REPLY_SPREAD for _ in range(round(share * count))]
    states += [InvitationState.sent] * (count - len(states))
    rng.shuffle(states)
    return states[:count]


def _walk_to(session: Session, actor: Actor, invitation_id: int, target: InvitationState, sent_on: dt.date,
             deadline: dt.date) -> None:
    """Replies three days apart after the note verbale; 'no reply' is recorded the day after the deadline."""
    path = {
        InvitationState.sent: [],
        InvitationState.acknowledged: [InvitationState.acknowledged],
        InvitationState.nominated: [InvitationState.acknowledged, InvitationState.nominated],
        InvitationState.confirmed: [InvitationState.nominated, InvitationState.confirmed],
        InvitationState.declined: [InvitationState.declined],
        InvitationState.no_reply: [InvitationState.no_reply],
    }[target]
    invitations.send(session, actor, invitation_id, on=sent_on)
    for step, state in enumerate(path, start=1):
        on = deadline + dt.timedelta(days=1) if state == InvitationState.no_reply else sent_on + dt.timedelta(days=3 * step)
        invitations.TRANSITIONS[state](session, actor, invitation_id, on=on)


def _nominate(session: Session, actor: Actor, meeting_id: int, delegation_name: str, slug: str, rng: random.Random) -> None:
    for number in range(rng.randint(1, 3)):
        gender = rng.choice(["female", "male", "male"])
        first, last = rng.choice(FIRST_NAMES[gender]), rng.choice(LAST_NAMES)
        add_participant(session, actor, meeting_id, Nomination(
            delegation=delegation_name, first_name=first, last_name=last,
            email=ascii_email(f"{first}.{last}.{slug}{number}@police.example"),
            salutation="Ms." if gender == "female" else "Mr.", rank=rng.choice(["General", "Colonel", "Commissioner", ""]),
            function=FUNCTIONS[0] if number == 0 else rng.choice(FUNCTIONS[1:]), agency="National Police",
            gender=gender, head_of_delegation="yes" if number == 0 else "no",
        ))


def create_demo_meeting(session: Session, actor: Actor, today: dt.date | None = None) -> int:
    """The Brussels 2006 format with all eight priorities, held HELD_DAYS_AGO days before `today`, with the whole story
    told in the module's docstring."""
    today = today or dt.date.today()
    rng = random.Random(2006)
    _set_up_mail(session, actor, ensure_demo_users(session, actor))
    start = today - dt.timedelta(days=HELD_DAYS_AGO)
    meeting = planning.create_meeting(session, actor, planning.MeetingDetails(
        title="Second Meeting of the Chiefs of Police of the OSCE participating States",
        chairmanship="Belgium", chairmanship_year=start.year, city="Brussels", venue="Egmont Palace",
        start_date=start, end_date=start, time_zone="Europe/Brussels", languages=["English", "French", "Russian"],
        registration_deadline=start - dt.timedelta(days=21), symbol_prefix="CIO.GAL",
    ))
    planning.set_priorities(session, actor, meeting.id, [p.code for p in priorities(session)])
    planning.change_status(session, actor, meeting.id, MeetingStatus.planned)
    items = timetable.generate_timetable(session, actor, meeting.id, "brussels-2006")
    rows = [timetable.TimetableRow.of(item) for item in items]
    for number, row in enumerate(r for r in rows if r.kind == AgendaItemKind.session):
        row.moderator = ["Director of the Federal Judicial Police", "Head of the Strategic Police Matters Unit",
                         "Chief Commissioner of the Host Police"][number % 3]
        row.speakers = "Representative of UNODC; Representative of INTERPOL" if number == 0 else "Head of Europol liaison"
        row.rapporteur = RAPPORTEURS[number % len(RAPPORTEURS)]
    for row in rows:
        if row.kind in SPEAKERS:
            row.moderator, row.speakers = SPEAKERS[row.kind]
        row.interpretation = "English, French, Russian" if row.room else ""
    timetable.save_timetable(session, actor, meeting.id, rows)
    for group in invitations.GROUPS:
        invitations.invite_group(session, actor, meeting.id, group)
    rows = invitations.list_invitations(session, actor, meeting.id)
    sent_on = start - dt.timedelta(weeks=8)
    for row, state in zip(rows, _reply_states(len(rows), rng)):
        for forced, wanted in (("Austria", InvitationState.nominated), ("Türkiye", InvitationState.acknowledged)):
            if row.delegation.name == forced:
                state = wanted
        if row.invitation.state != InvitationState.host:  # Belgium hosts: no note verbale, but it nominates
            _walk_to(session, actor, row.invitation.id, state, sent_on, meeting.registration_deadline)
        if state in (InvitationState.nominated, InvitationState.confirmed):
            _nominate(session, actor, meeting.id, row.delegation.name, row.delegation.iso_code or str(row.delegation.id), rng)
    planning.change_status(session, actor, meeting.id, MeetingStatus.invitations_sent)
    _add_demo_agenda_review(session, actor, meeting.id, start)
    planning.change_status(session, actor, meeting.id, MeetingStatus.held)
    _add_demo_outcome(session, actor, meeting.id, start, today)
    return meeting.id


def _demo_delegate(session: Session, delegation: str) -> Actor:
    demo = next(d for d in DEMO_USERS if d.delegation == delegation)
    user = session.exec(select(User).where(User.email == demo.email)).one()
    return Actor(email=user.email, role=user.role, name=user.name, delegation_id=user.delegation_id, user_id=user.id)


def _add_demo_agenda_review(session: Session, actor: Actor, meeting_id: int, start: dt.date) -> None:
    """The draft agenda circulated a month before the meeting, read and commented on by Austria (twice, one comment answered) and Türkiye, then
    the speakers reordered as Austria asked, the last session and the closing moved a quarter of an hour later, and the
    agenda circulated again as /Rev.1 ten days before the meeting."""
    first = agenda_versions.circulate(session, actor, meeting_id, issued_on=start - dt.timedelta(days=30))
    austria, turkiye = _demo_delegate(session, "Austria"), _demo_delegate(session, "Türkiye")
    talks = [item for item in agenda_versions.items_of(session, actor, first) if item.kind == AgendaItemKind.session]
    for delegate in (austria, turkiye):
        agenda_versions.record_opening(session, delegate, first)
    asked = comments.add_comment(session, austria, meeting_id, talks[0].key,
                                 "Could the INTERPOL representative speak before UNODC? Our Chief of Police would like "
                                 "to respond to the INTERPOL presentation.", CommentAudience.organizers)
    comments.add_comment(session, austria, meeting_id, talks[1].key,
                         "We propose adding a speaker on joint investigation teams.", CommentAudience.all_delegations)
    comments.add_comment(session, turkiye, meeting_id, talks[-1].key,
                         "Please allow more time for this session: many delegations will wish to take the floor.",
                         CommentAudience.all_delegations)
    comments.answer(session, actor, asked.id, "Agreed: INTERPOL will open the session in the revised draft.", resolve=True)
    rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, actor, meeting_id)]
    next(r for r in rows if r.title == talks[0].title).speakers = "Representative of INTERPOL; Representative of UNODC"
    last = next(r for r in rows if r.title == talks[-1].title)
    later = dt.timedelta(minutes=15)
    for row in rows:
        if row.day == last.day and row.start >= last.start:
            row.start = (dt.datetime.combine(row.day, row.start) + later).time()
            row.end = (dt.datetime.combine(row.day, row.end) + later).time()
    timetable.save_timetable(session, actor, meeting_id, rows)
    agenda_versions.circulate(session, actor, meeting_id, issued_on=start - dt.timedelta(days=10))


DEMO_SUMMARIES = {
    AgendaItemKind.opening: [(
        "The Chairmanship welcomed the Chiefs of Police and the representatives of partner organizations. The Secretariat "
        "recalled the aims of the meeting: to identify problems in police co-operation and propose solutions, and to "
        "protect citizens' rights as co-operation grows. The agenda was adopted.",
        "",
    )],
    AgendaItemKind.session: [(
        "Speakers set out the criminal threats their services consider most serious: organized crime groups working "
        "across several States, drug and human trafficking routes, and crime moving online. Several delegations asked for "
        "common methods of threat analysis so that national assessments can be compared.",
        "Share strategic threat assessments with the OSCE Secretariat once a year\n"
        "Develop a common outline for national threat assessments",
    ), (
        "Participants described the legal and practical obstacles to operational co-operation: differing rules on "
        "evidence, slow mutual legal assistance and the lack of direct contacts. Joint investigation teams and liaison "
        "officers were cited as good practice; UNODC and INTERPOL presented their support.",
        "Map the legal obstacles to joint investigations and report on them at the next meeting\n"
        "Make wider use of INTERPOL's secure channels",
    ), (
        "The session discussed how democratic oversight, complaints mechanisms and the protection of personal data can "
        "keep pace with expanding police co-operation. Delegations stressed that public trust is a condition of "
        "effective policing.",
        "Exchange good practice on independent complaints mechanisms\n"
        "Offer OSCE training on human rights in international police co-operation",
    )],
    AgendaItemKind.closing: [(
        "The Chairmanship presented the draft statement, which was discussed paragraph by paragraph. The Chiefs of Police "
        "agreed to meet again within three years and thanked the host authorities.",
        "",
    )],
}


def _delegate(session: Session, email: str) -> Actor:
    return users.actor_for(session.exec(select(User).where(User.email == email)).one())


@functools.cache
def _translations() -> tuple[dict[str, str], ...]:
    """templates/demo_translations.yaml: the statement's units in French and Russian, keyed by their English original."""
    raw = yaml.safe_load((config.TEMPLATES_DIR / TRANSLATIONS_FILE).read_text(encoding="utf-8"))
    return tuple(raw["statement"])


def _import_translation(session: Session, translator: Actor, meeting_id: int, language: str, at: dt.datetime,
                        earlier: dict[str, str] | None = None) -> None:
    """The adopted statement in `language` as the language service sends it back: every unit translated from its
    original, except those in `earlier` (unit key: the original it had before a late amendment), which it translated
    from that earlier text and which so need an update."""
    meeting = planning.get_meeting(session, translator, meeting_id)
    in_english, in_language = ({"date": languages.by_code(code).long_date(meeting.start_date),
                                "year": str(meeting.chairmanship_year)} for code in (languages.ENGLISH, language))
    known = {entry["en"].format(**in_english): entry[language].format(**in_language)
             for entry in _translations() if language in entry}
    imported = []
    for unit in translation_units.statement_text(session, translator, meeting_id).units:
        source = (earlier or {}).get(unit.key, unit.original)
        if source not in known:
            raise LookupError(f"templates/{TRANSLATIONS_FILE} has no {language} translation of {unit.label}: {source}")
        imported.append(translations.ImportedUnit(unit.key, source, known[source]))
    translations.import_units(session, translator, meeting_id, TranslatedDocument.statement, language, imported, now=at)


def _add_demo_outcome(session: Session, actor: Actor, meeting_id: int, start: dt.date, today: dt.date) -> None:
    """The statement negotiated to adoption after the meeting, a rapporteur's summary for every agenda item, and the
    report issued last.

    Version 1 from the priorities, circulated a week before the meeting; amendments from Austria, Türkiye and Germany
    after it, two of them on the same paragraph, accepted (one with changes) or rejected; a bracket held by Türkiye in
    version 2, on which Austria comments for the organizers only (answered) and Germany for all delegations; version
    3 under a silence that Türkiye breaks with an amendment; version 4 under a silence that expires a week before
    `today`, adopted with a symbol of its own and Türkiye's interpretative statement attached. The Secretariat then
    imports the French version, complete, and the Russian one, whose operative paragraph 3 was translated from the
    text before Türkiye's late amendment and so needs an update."""
    meeting = planning.get_meeting(session, actor, meeting_id)
    zone = ZoneInfo(meeting.time_zone)

    def day(offset: int, hour: int = 10) -> dt.datetime:
        """`offset` days after the meeting's first day, at `hour` in Brussels."""
        return dt.datetime.combine(start + dt.timedelta(days=offset), dt.time(hour), zone)
    people = {name: _delegate(session, f"delegate.{name}@demo.osce") for name in ("austria", "turkiye", "germany")}
    turkiye = people["turkiye"]
    drafting.draft_from_priorities(session, actor, meeting_id)
    versions.circulate(session, actor, meeting_id, issued_on=start - dt.timedelta(days=7))
    keys = [p.key for p in versions.circulated_text(session, actor, meeting_id).paragraphs if p.kind == ParagraphKind.operative]
    texts = {p.key: p.text for p in versions.circulated_text(session, actor, meeting_id).paragraphs}
    proposed = {}
    for name, delegation, key, kind, text, reason in DEMO_AMENDMENTS:
        proposed[name] = amendments.propose(session, people[delegation], meeting_id, paragraph_key=keys[key], kind=kind,
                                            text=text, reason=reason, now=day(2))
    amendments.accept(session, actor, proposed["austria"].id)
    amendments.reject(session, actor, proposed["turkiye-conflict"].id,
                      "Austria's wording, accepted, already covers the exchange of information.")
    amendments.accept(session, actor, proposed["germany"].id, text=(
        "Encourage joint training of police officers, including through the OSCE Police Academy network;"),
        reason="Shortened.")
    amendments.reject(session, actor, proposed["turkiye-delete"].id, "Most delegations support the paragraph.")
    held = brackets.place(session, actor, meeting_id, keys[1], turkiye.delegation_id, texts[keys[1]].split(" ", 3)[2])
    drafting.add_clause(session, actor, meeting_id, "theme-threat-analysis")
    drafting.add_paragraph(session, actor, meeting_id, kind=ParagraphKind.operative, text=(
        "Invite the Chairmanship to present this statement to the Permanent Council and to report on its follow-up "
        "to the next meeting of the Chiefs of Police;"))
    versions.circulate(session, actor, meeting_id, issued_on=start + dt.timedelta(days=5))
    for name, key, text, audience, answer in DEMO_COMMENTS:
        made = statement_comments.add_comment(session, people[name], meeting_id, keys[key], text, audience, now=day(6))
        if answer:
            statement_comments.answer(session, actor, made.id, answer)
    brackets.lift(session, turkiye, held.id)
    versions.circulate(session, actor, meeting_id, issued_on=start + dt.timedelta(days=8))
    silence.start(session, actor, meeting_id, expires_at=day(12, 12), now=day(8, 15))
    breaking = amendments.propose(
        session, turkiye, meeting_id, paragraph_key=keys[2], kind=AmendmentKind.replace,
        text=texts[keys[2]].rstrip(";") + ", in full respect of national legislation;",
        reason="National legislation governs the exchange of personal data.", now=day(11))
    amendments.accept(session, actor, breaking.id)
    versions.circulate(session, actor, meeting_id, issued_on=start + dt.timedelta(days=13))
    expiry = day(HELD_DAYS_AGO - 7, 12)
    silence.start(session, actor, meeting_id, expires_at=expiry, now=day(13, 15))
    silence.current(session, actor, meeting_id, expiry)
    interpretative.submit(session, turkiye, meeting_id, (
        "The Republic of Türkiye joined the consensus on the statement on the understanding that co-operation in the "
        "exchange of information takes place in full respect of national legislation."), now=day(HELD_DAYS_AGO - 6))
    translator = _delegate(session, "secretariat@demo.osce")
    _import_translation(session, translator, meeting_id, "fr", day(HELD_DAYS_AGO - 4, 16))
    _import_translation(session, translator, meeting_id, "ru", day(HELD_DAYS_AGO - 3, 16),
                        earlier={f"p:{keys[2]}": texts[keys[2]]})
    written = {kind: 0 for kind in DEMO_SUMMARIES}
    for reported in summaries.reported_items(session, actor, meeting_id):
        texts = DEMO_SUMMARIES[reported.item.kind]
        text, recommendations = texts[written[reported.item.kind] % len(texts)]
        written[reported.item.kind] += 1
        summaries.record_summary(session, actor, reported.item.id, summary=text, recommendations=recommendations,
                                 today=meeting.start_date)
    issue_report(session, actor, meeting_id, issued_on=today - dt.timedelta(days=REPORT_DAYS_AGO))
