"""What every page shares: the database ready, the signed-in user, the chosen meeting, errors shown as messages."""
from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

import sqlalchemy as sa
import streamlit as st
from sqlmodel import Session
from streamlit import runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from planner import config, db, register
from planner.access import SYSTEM, Actor, Capability
from planner.accounts import sign_in
from planner.dates import long_date, short_date
from planner.delegations import invitations, reference
from planner.errors import PlannerError, ValidationFailed
from planner.meetings import planning
from planner.meetings.models import Meeting
from planner.text.words import plural

T = TypeVar("T")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$^=&])")
AUTOLINK_STARTS = re.compile(r"(?<=@)|(?<=:)(?=//)|(?i:(?<=\bwww)(?=\.))")
WORD_JOINER = "\u2060"
PAGE_LABEL_START = re.compile(r"[\d,]+")
ACTOR_KEY = "actor"
TOKEN_KEY = "session_token"
COOKIE_KEY = "cookie_to_write"
NOTICE_KEY = "sign_in_notice"
DISCARDED_KEY = "discarded_token"
COOKIE = "planner_session"
MEETING_KEY = "meeting_id"
FLASH_KEY = "flash"
PICKER_KEY = "meeting_picker"
PREPARED_KEY = "prepared_files"
CLICKABLE = ["single-row", "single-cell"]
PAGE_SIZE = 20
DATE_INPUT = "DD.MM.YYYY"  # every date input: day before month whatever the browser's language, as the meeting's dates
SWEEP_EVERY = 5  # seconds between two looks for ended sign-ins whose pages still hold files
# The page sessions of this server process, each with the sign-in it last ran under: their prepared files (and
# `/media/…` addresses, which answer without a cookie) are dropped once that sign-in ends.
_SIGNED_IN_PAGES: dict[str, str] = {}
_SIGNED_IN_PAGES_LOCK = threading.Lock()


@st.cache_resource(show_spinner="Preparing the database…")
def _prepared(url: str) -> bool:
    db.upgrade(url)
    with db.transaction() as session:
        if not reference.priorities(session):
            reference.load_reference_data(session, SYSTEM)
    return True


def md(text: object) -> str:
    """Text people typed, safe in any Markdown-capable element (markdown, headers, labels, messages, captions, help):
    every Markdown, LaTeX, directive (`:red[…]`, `:material/…:`) and HTML character is backslash-escaped, so it shows
    as typed. Addresses (`http://…`, `www.…`, `a@b.c`) would still become links, since the renderer finds them in the
    text after unescaping: an invisible word joiner after `@`, between `:` and `//` and after `www` stops that.
    Line breaks become Markdown line breaks."""
    plain = AUTOLINK_STARTS.sub(WORD_JOINER, "" if text is None else str(text))
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", plain)
    return escaped.replace("\n", "  \n")


def prepare_database() -> None:
    _prepared(config.database_url())
    _download_sweeper()


def _page_session() -> str:
    return get_script_run_ctx().session_id


def _media_files() -> MediaFileManager:
    return runtime.get_instance().media_file_mgr


def _drop_files_of(files: MediaFileManager, pages: Iterable[str]) -> None:
    """Forget every file these page sessions hold (downloads ready to click, deferred ones not yet built): their
    `/media/…` addresses answer no more."""
    pages = list(pages)
    if not pages:
        return
    for page in pages:
        files.clear_session_refs(page)
    # A downloadable file is only marked on the first look and deleted on the second.
    files.remove_orphaned_files()
    files.remove_orphaned_files()
    with _SIGNED_IN_PAGES_LOCK:
        for page in pages:
            _SIGNED_IN_PAGES.pop(page, None)


def end_downloads_of_sign_in(files: MediaFileManager, token: str | None) -> None:
    """Drop the files of every page of this sign-in at once: signing out in one tab ends the files of its others."""
    with _SIGNED_IN_PAGES_LOCK:
        pages = [page for page, held in _SIGNED_IN_PAGES.items() if held == token]
    _drop_files_of(files, pages)


def end_downloads_of_ended_sign_ins(files: MediaFileManager) -> None:
    """Drop the files of every page whose sign-in has ended: signed out, deactivated, password reset, expired."""
    with _SIGNED_IN_PAGES_LOCK:
        held = dict(_SIGNED_IN_PAGES)
    if not held:
        return
    ended = read(lambda s: sign_in.ended_tokens(s, set(held.values())))
    _drop_files_of(files, (page for page, token in held.items() if token in ended))


def end_downloads_ended_here() -> None:
    """After this page ended sign-ins (an account deactivated, a password reset): their files go at once, not at the
    sweep."""
    end_downloads_of_ended_sign_ins(_media_files())


@st.cache_resource
def _download_sweeper() -> threading.Thread:
    """Once per server process: a sign-in ended from another page (the administrator deactivating an account or
    resetting its password) takes that account's files within SWEEP_EVERY seconds, without waiting for its pages
    to be clicked."""
    files = _media_files()

    def sweep() -> None:
        while True:
            time.sleep(SWEEP_EVERY)
            try:
                end_downloads_of_ended_sign_ins(files)
            except (PlannerError, sa.exc.SQLAlchemyError):
                logging.getLogger(__name__).exception("Could not look for ended sign-ins; trying again.")

    sweeper = threading.Thread(target=sweep, name="planner-download-sweeper", daemon=True)
    sweeper.start()
    return sweeper


def client_address() -> str:
    """The browser's address, to count its failed sign-ins (behind a trusted proxy, the one the proxy saw)."""
    return sign_in.client_address(st.context.ip_address, st.context.headers.get_all("X-Forwarded-For"))


def remember_sign_in(signed_in: sign_in.SignedIn) -> None:
    """Keep the session token for this page session and, through the cookie, for a reload or a link."""
    st.session_state[TOKEN_KEY] = signed_in.token
    st.session_state[ACTOR_KEY] = signed_in.actor
    st.session_state[COOKIE_KEY] = (signed_in.token, config.session_lifetime_minutes() * 60)


def sign_out() -> None:
    token = st.session_state.get(TOKEN_KEY)
    read(lambda s: sign_in.sign_out(s, token))
    _drop_files_of(_media_files(), [_page_session()])
    end_downloads_of_sign_in(_media_files(), token)
    st.session_state.clear()
    st.session_state[DISCARDED_KEY] = token
    st.session_state[COOKIE_KEY] = ("", 0)


def signed_in_actor() -> Actor | None:
    """The user this browser is signed in as, read afresh from the database on every run: a revoked, expired or
    idle session, or a deactivated account, signs out here; a changed role applies at once."""
    token = st.session_state.get(TOKEN_KEY)
    if token is None:
        cookie = st.context.cookies.get(COOKIE)
        token = cookie if isinstance(cookie, str) else None
        if token and token == st.session_state.get(DISCARDED_KEY):
            token = None
    if not token:
        st.session_state.pop(ACTOR_KEY, None)
        return None
    current = read(lambda s: sign_in.actor_for_token(s, token))
    if current is None:
        if st.session_state.get(TOKEN_KEY):
            st.session_state[NOTICE_KEY] = "Your session has ended. Please sign in again."
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state.pop(ACTOR_KEY, None)
        st.session_state.pop(PREPARED_KEY, None)
        st.session_state[DISCARDED_KEY] = token
        st.session_state[COOKIE_KEY] = ("", 0)
        _drop_files_of(_media_files(), [_page_session()])
        return None
    st.session_state[TOKEN_KEY] = token
    st.session_state[ACTOR_KEY] = current
    with _SIGNED_IN_PAGES_LOCK:
        _SIGNED_IN_PAGES[_page_session()] = token
    return current


def write_cookie() -> None:
    """Set or clear the session cookie in the browser, once, after a sign-in or sign-out.

    Streamlit offers no way to set a cookie from the server, so a script in the page sets it: SameSite=Strict, so no
    other site's page can send it along, but not HttpOnly (a script cannot set that flag). The token is our own
    random text, never anything a person typed."""
    pending = st.session_state.pop(COOKIE_KEY, None)
    if pending is None:
        return
    token, max_age = pending
    secure = "; Secure" if (st.context.url or "").startswith("https:") else ""
    cookie = f"{COOKIE}={token}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}"
    st.html(f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True)


def actor() -> Actor:
    """The signed-in user; a page reached without signing in stops with a pointer to the sign-in page."""
    current = signed_in_actor()
    if current is None:
        st.warning("Please sign in first.")
        st.stop()
    return current


def show_error(error: PlannerError) -> None:
    if isinstance(error, ValidationFailed):
        st.error(md(error.summary) + "\n\n" + "\n".join(f"- {md(p)}" for p in error.problems))
    else:
        st.error(md(error))


def attempt(action: Callable[[Session], T], success: str | None = None) -> T | None:
    """Run one service call in its own transaction; on refusal show why and keep everything as it was."""
    try:
        with db.transaction() as session:
            result = action(session)
    except PlannerError as error:
        show_error(error)
        return None
    if success:
        flash(success)
    return result


def asking(key: str) -> bool:
    """Whether `confirmed(…, key, …)` waits for its answer: a page may then ask somewhere wider than its button."""
    return bool(st.session_state.get(f"asking_{key}"))


def confirmed(label: str, key: str, consequence: str, ask_in=None, *, button_label: str | None = None,
              **button) -> bool:
    """An action that cannot be undone asks first, where it was clicked: *label* opens a warning that says what will
    happen (`consequence`, shown as typed) with *Yes, …* and *Cancel*; True only on the run of the *Yes*.
    `button_label` shows the first button otherwise, e.g. "" for an icon in a row of icons; a button in a narrow column
    asks in `ask_in` instead (a container below the row), where the question has room."""
    asking = f"asking_{key}"
    if not st.session_state.get(asking):
        if st.button(label if button_label is None else button_label, key=key, **button):
            st.session_state[asking] = True
            st.rerun()
        return False
    with (ask_in or st).container(border=True):
        st.warning(md(consequence), icon=":material/warning:")
        yes, cancel = st.columns(2)
        if yes.button(f"Yes, {label[:1].lower()}{label[1:]}", key=f"yes_{key}", type="primary"):
            del st.session_state[asking]
            return True
        if cancel.button("Cancel", key=f"cancel_{key}"):
            del st.session_state[asking]
            st.rerun()
    return False


ICON_ONLY = "icon_only_"  # the key prefix that accessibility.css draws as an icon alone


def icon_button(where, label: str, icon: str, key: str, **button) -> bool:
    """A button shown as its icon (a row of paragraph tools), named by `label` for screen readers and the tooltip."""
    with where.container(key=f"{ICON_ONLY}{key}"):
        return st.button(label, key=key, icon=icon, help=label, **button)


def counted_text_area(label: str, limit: int, key: str, **text_area) -> str:
    """A long text field with its length and limit under it, in red once over. Not `max_chars`: Streamlit's browser
    side then drops a paste longer than the limit without a word (nothing appears, nothing says why) and stops typing
    mid-word; here the whole text stays, to be cut where its writer chooses, and the service's refusal says by how
    much. The count follows the text each time it reaches the server: leaving the field, Ctrl+Enter, or a button."""
    text = st.text_area(label, key=key, **text_area) or ""
    count = len(text.replace("\r\n", "\n"))
    st.caption(f":red[{count:,} characters: {count - limit:,} over the limit of {limit:,}]" if count > limit
               else f"{count:,} of {limit:,} characters")
    return text


def issuing(meeting: Meeting, what: str, kind: register.DocumentKind) -> str:
    """What issuing `what` of the meeting does, said before it is done: "This gives the agenda the symbol
    CIO.GAL/83/26, dated 7 December 2026, and makes it visible to the 57 delegations taking part" (the host's included)."""
    symbol, invited = read(lambda s: (register.next_revisable_symbol(s, actor(), meeting=meeting, kind=kind),
                                      invitations.invited_count(s, actor(), meeting.id)))
    reach = (f"the {plural(invited, 'delegation')} taking part" if invited else
             "the delegations invited, once their notes verbales go out (none has yet)")
    dated = long_date(planning.today_at(meeting))
    return f"This gives {what} the symbol {symbol}, dated {dated}, and makes it visible to {reach}."


def flash(message: str) -> None:
    """A confirmation shown at the top of the next page run (pages rerun after a change), as plain text."""
    st.session_state[FLASH_KEY] = message


def read(action: Callable[[Session], T]) -> T:
    with db.transaction() as session:
        return action(session)


def page_of(count: int, key: str, noun: str, size: int = PAGE_SIZE) -> slice:
    """Which of `count` things to show: all when they fit on a page, else the page of `size` chosen in a picker.
    A page of thousands of elements takes seconds to build on every click, and as long to lay out in the browser."""
    if count <= size:
        return slice(0, count)
    pages = -(-count // size)
    held = st.session_state.get(key, 0)
    # A browser sends back the picker's label; once the list has grown or shrunk ("21–40 of 57" is no option of a list
    # of 56), Streamlit hands that label over as it is: its first number still says which page the reader was on.
    page = (int(PAGE_LABEL_START.match(held).group().replace(",", "")) - 1) // size if isinstance(held, str) else held
    if page != held or page >= pages:
        st.session_state[key] = min(page, pages - 1)
    number = st.selectbox(f"Show {noun}", range(pages), key=key,
                          format_func=lambda page: f"{page * size + 1:,}–{min(count, (page + 1) * size):,} of {count:,}")
    return slice(number * size, min(count, (number + 1) * size))


def _remember_meeting() -> None:
    st.session_state[MEETING_KEY] = st.session_state[PICKER_KEY]


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.city}, {short_date(meeting.start_date)} · {meeting.title[:60]} (#{meeting.id})"


def _meetings_and_choice() -> tuple[dict[int, Meeting], int | None]:
    """Every meeting this user may read, and the id of the chosen one (the newest by default), which is kept under a
    key of its own from page to page and whoever changes it (the picker, a click in the list, a new meeting)."""
    by_id = {m.id: m for m in read(lambda s: planning.list_meetings(s, actor()))}
    if not by_id:
        return by_id, None
    if st.session_state.get(MEETING_KEY) not in by_id:
        st.session_state[MEETING_KEY] = _default_meeting(list(by_id))
    return by_id, st.session_state[MEETING_KEY]


def meeting_picker() -> None:
    """The meeting choice in the sidebar, drawn by the app on every page before the page itself."""
    by_id, chosen = _meetings_and_choice()
    if chosen is None:
        return
    st.session_state[PICKER_KEY] = chosen
    st.sidebar.selectbox("Meeting", list(by_id), key=PICKER_KEY, on_change=_remember_meeting,
                         format_func=lambda i: meeting_label(by_id[i]))


def chosen_meeting(required: bool = True) -> Meeting | None:
    """The meeting chosen in the sidebar; without any meeting, a page that needs one stops with a pointer."""
    by_id, chosen = _meetings_and_choice()
    if chosen is None:
        if required:
            if actor().can(Capability.manage_meetings):
                st.info("There is no meeting yet. Create one on the **Meetings** page.")
            else:
                st.info("No meeting has been announced yet. The Chairmanship will invite your delegation when it has.")
            st.stop()
        return None
    return by_id[chosen]


def _default_meeting(ids: list[int]) -> int:
    """The newest meeting; for a delegate, the newest one their delegation is invited to."""
    current = actor()
    if current.delegation_id is None:
        return ids[0]
    invited = read(lambda s: [i for i in ids if invitations.invitation_for(s, current, i, current.delegation_id)])
    return (invited or ids)[0]


def clicked_row(event) -> int | None:
    """The row picked in a table drawn with `selection_mode=CLICKABLE`: by its tick box or a click on any cell."""
    rows = event.selection.rows or [row for row, _ in event.selection.cells]
    return rows[0] if rows else None


def can(capability: Capability) -> bool:
    return actor().can(capability)


def page_header(title: str, caption: str | None = None) -> None:
    """The page's fixed title; the caption and the confirmation carry stored text and are shown as typed. The
    confirmation has a place of its own, shown or not, so that the elements after it keep theirs from one run to the
    next: otherwise the browser takes them for new ones, reopens their first tab and can jump the page."""
    st.title(title)
    if caption:
        st.caption(md(caption))
    slot = st.empty()
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        slot.success(md(message), icon=":material/check_circle:")
