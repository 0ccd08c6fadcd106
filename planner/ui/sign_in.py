"""Sign-in: local accounts with argon2-hashed passwords."""
import streamlit as st

from planner import users
from planner.ui import common

st.title("Chiefs of Police meeting planner")
st.caption("OSCE Chairmanship · planning, invitations, nominations and outcome documents")
with st.form("sign_in"):
    email = st.text_input("Email", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    signed_in = common.read(lambda session: users.authenticate(session, email, password))
    if signed_in is None:
        st.error("The email or password is not right. Ask the planner's administrator if you have no account.")
    else:
        st.session_state[common.ACTOR_KEY] = signed_in
        st.rerun()
