"""Files for download with as few clicks as each allows. A file built in under a second at ten times the usual meeting
(benchmarks/downloads.py) downloads in one click, built when clicked; a slower one (a zip of notes verbales, the list of
participants) is prepared first, then stays downloadable, beside every other file prepared on the page, until the user
goes to another page or meeting."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from sqlmodel import Session
from streamlit.runtime.scriptrunner import get_script_run_ctx

from planner.access import Actor
from planner.accounts import sign_in
from planner.errors import PermissionDenied
from planner.ui import common

# Held in the page session's memory, so bounded: past this, the files prepared first are dropped first.
MAX_PREPARED_BYTES = 64 * 1024 * 1024
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Prepared:
    content: bytes
    file_name: str
    at: dt.datetime


def one_click(what: str, key: str, build: Callable[[Session, Actor], bytes], file_name: str, mime: str,
              icon: str = ":material/download:", help: str | None = None, primary: bool = False,
              not_yet: str | None = None) -> None:
    """*Download …* builds the file when clicked, not on every run of the page, for the user the sign-in names then
    (a changed role applies): an ended sign-in gets nothing, even in the seconds before the sweep drops its pages'
    files (common._download_sweeper). A click can show no reason for a refusal, so what the file still needs
    (`not_yet`) disables the button and is said beside it."""
    token = st.session_state.get(common.TOKEN_KEY)
    st.download_button(f"Download {what}", lambda: common.read(lambda s: build(s, _still_signed_in(s, token))),
                       file_name=file_name, mime=mime, key=f"download_{key}", on_click="ignore", icon=icon,
                       help=not_yet or help, type="primary" if primary else "secondary", disabled=not_yet is not None)
    if not_yet:
        st.caption(common.md(not_yet))


def _still_signed_in(session: Session, token: str | None) -> Actor:
    current = sign_in.actor_for_token(session, token)
    if current is None:
        raise PermissionDenied("Your session has ended. Please sign in again.")
    return current


def prepared(what: str, key: str, build: Callable[[Session, Progress], bytes], file_name: str | Callable[[], str],
             mime: str, icon: str = ":material/download:", help: str | None = None) -> None:
    """*Prepare …* builds the file with a progress bar for `build` to move, then *Download …* offers it until the user
    goes to another page or meeting, however many other files they prepare meanwhile. (A file built when clicked
    would keep the browser waiting without a word for many seconds.)"""
    files = here()
    if st.button(f"Prepare {what}", key=f"prepare_{key}", icon=":material/build:", help=help):
        bar = st.empty()
        content = common.attempt(lambda s: build(s, lambda done, total: bar.progress(done / total, text=f"{done} of {total}")))
        bar.empty()
        if content is not None:
            files.pop(key, None)
            files[key] = Prepared(content, file_name() if callable(file_name) else file_name, dt.datetime.now())
            _within_bound(files)
    ready = files.get(key)
    if ready is not None:
        st.download_button(f"Download {what}", ready.content, file_name=ready.file_name, mime=mime,
                           key=f"download_{key}", on_click="ignore", type="primary", icon=icon,
                           help=f"Prepared at {ready.at:%H:%M:%S}: prepare it again for any change since.")


def here() -> dict[str, Prepared]:
    """The files prepared on this page for this meeting, by key; those of any other page or meeting are let go (the
    app calls this on every run, so they go as soon as the user leaves)."""
    place = (get_script_run_ctx().page_script_hash, st.session_state.get(common.MEETING_KEY))
    held = st.session_state.get(common.PREPARED_KEY)
    if held is None or held[0] != place:
        held = st.session_state[common.PREPARED_KEY] = (place, {})
    return held[1]


def _within_bound(files: dict[str, Prepared]) -> None:
    """Drop the files prepared first until the rest fit MAX_PREPARED_BYTES; the newest stays, whatever its size."""
    while len(files) > 1 and sum(len(f.content) for f in files.values()) > MAX_PREPARED_BYTES:
        del files[next(iter(files))]
