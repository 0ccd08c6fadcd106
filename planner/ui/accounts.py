"""Accounts: the administrator adds accounts, changes their role and delegation, deactivates and reactivates them, and
resets passwords."""
import pandas as pd
import streamlit as st

from planner.access import Role
from planner.accounts import users
from planner.delegations import reference
from planner.text.words import plural
from planner.ui import common

OPENED = "account_opened"
ROUND = "account_round"

actor = common.actor()
common.page_header("Accounts", "Who may sign in, and with which role. Accounts are deactivated, never deleted, so the "
                               "audit log keeps naming who did what.")
accounts = common.attempt(lambda s: users.list_accounts(s, actor))
if accounts is None:
    st.stop()
delegation_names = common.read(lambda session: [d.name for d in reference.delegations(session)])
roles = [r.value for r in Role]
st.session_state.setdefault(ROUND, 0)


def changed(action, message: str) -> None:
    """Change the selected account; on success forget the state it was opened in and clear the selection."""
    if common.attempt(action, message) is not None:
        common.end_downloads_ended_here()
        st.session_state.pop(OPENED, None)
        st.session_state[ROUND] += 1
        st.rerun()


def role_and_delegation(key: str, role: str, delegation: str | None) -> tuple[str, str | None]:
    """The role, and for a delegate the delegation they speak for (asked only then)."""
    left, right = st.columns(2)
    role = left.selectbox("Role", roles, index=roles.index(role), key=f"{key}_role")
    if role != Role.delegate.value:
        return role, None
    chosen = right.selectbox("Delegation", delegation_names, key=f"{key}_delegation", placeholder="Choose a delegation",
                             index=delegation_names.index(delegation) if delegation in delegation_names else None)
    return role, chosen


def password_fields() -> tuple[str, str]:
    left, right = st.columns(2)
    return (left.text_input("New password", type="password"),
            right.text_input("The same password again", type="password"))


def typed_twice(password: str, again: str) -> bool:
    if password != again:
        st.error("The two passwords differ: type the same password twice.")
    return password == again


frame = pd.DataFrame([
    {"Email": a.email, "Name": a.name, "Role": a.role.value, "Delegation": a.delegation or "",
     "State": "active" if a.active else "deactivated",
     "Last signed in (UTC)": f"{a.last_sign_in:%d %b %Y, %H:%M}" if a.last_sign_in else "never"}
    for a in accounts
], columns=["Email", "Name", "Role", "Delegation", "State", "Last signed in (UTC)"])
picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode=common.CLICKABLE,
                      key=f"accounts_{st.session_state[ROUND]}")
st.caption(f"{plural(len(accounts), 'account')} · click an account to change it")
clicked = common.clicked_row(picked)
selected = accounts[clicked] if clicked is not None else None
if selected is None:
    st.session_state.pop(OPENED, None)
elif st.session_state.get(OPENED, (None,))[0] != selected.id:
    st.session_state[OPENED] = (selected.id, selected.revision)
opened_revision = st.session_state[OPENED][1] if selected is not None else None

if selected is None:
    st.header("Add an account")
    key = f"new_{st.session_state[ROUND]}"
    role, delegation = role_and_delegation(key, Role.organizer.value, None)
    with st.form(f"{key}_form"):
        left, right = st.columns(2)
        email = left.text_input("Email", max_chars=254)
        name = right.text_input("Name, as the app shows it", max_chars=200)
        password, again = password_fields()
        submitted = st.form_submit_button("Add account", type="primary")
    if submitted and typed_twice(password, again):
        changed(lambda s: users.add_user(s, actor, email, role, password, name, delegation), f"Added {email.strip()}")
else:
    st.header(common.md(f"{selected.name or selected.email} · {selected.email}"))
    key = f"account_{selected.id}_{st.session_state[ROUND]}"
    role_column, password_column = st.columns(2, gap="large")
    with role_column:
        st.markdown("**Role**")
        role, delegation = role_and_delegation(key, selected.role.value, selected.delegation)
        if st.button("Save the role", disabled=(role, delegation) == (selected.role.value, selected.delegation)):
            changed(lambda s: users.change_role(s, actor, selected.id, role, delegation, opened_revision),
                    f"{selected.email} is now {role}" + (f" of {delegation}" if delegation else ""))
    with password_column:
        st.markdown("**Password**")
        with st.form(f"{key}_password"):
            password, again = password_fields()
            submitted = st.form_submit_button(
                "Set the new password", help="Browsers signed in to this account must sign in again, with the new one.")
        if submitted and typed_twice(password, again):
            changed(lambda s: users.reset_password(s, actor, selected.id, password, opened_revision),
                    f"New password set for {selected.email}; its sign-ins have ended")
    if selected.active:
        if st.button("Deactivate this account", icon=":material/person_off:",
                     help="Its sign-ins end at once and it cannot sign in again until reactivated."):
            changed(lambda s: users.set_active(s, actor, selected.id, False, opened_revision),
                    f"Deactivated {selected.email}; its sign-ins have ended")
    elif st.button("Reactivate this account", icon=":material/person_check:"):
        changed(lambda s: users.set_active(s, actor, selected.id, True, opened_revision),
                f"Reactivated {selected.email}")
