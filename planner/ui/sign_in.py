"""Sign-in: local accounts with argon2-hashed passwords, slowed down after failures (per account and client address);
shown in place of whatever page the address asks for, which then opens once signed in."""
import streamlit as st

from planner.accounts import sign_in
from planner.ui import common


def sign_in_form() -> None:
    st.title("Chiefs of Police meeting planner")
    st.caption("OSCE Chairmanship · planning, invitations, nominations and outcome documents")
    notice = st.session_state.pop(common.NOTICE_KEY, None)
    if notice:
        st.info(notice)
    with st.form("sign_in"):
        email = st.text_input("Email", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    signed_in = common.attempt(lambda s: sign_in.sign_in(s, email, password, common.client_address()))
    if signed_in is not None:
        common.remember_sign_in(signed_in)
        st.rerun()
