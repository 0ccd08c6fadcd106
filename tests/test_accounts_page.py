"""The Accounts page, through Streamlit's AppTest: the administrator adds, changes, deactivates and reactivates accounts
and resets passwords; nobody else sees it."""
from sqlmodel import select

from planner import db
from planner.accounts import sign_in, users
from planner.models import Role, User
from planner.operations import demo
from planner.ui.common import md
from tests.test_pages import labelled, navigation_of, open_page, open_page_directly, people, texts  # noqa: F401


def account(email: str) -> User:
    with db.transaction() as session:
        return session.exec(select(User).where(User.email == email)).one()


def click(app, email: str):
    """Click an account's row, as a person does in the table."""
    row = list(app.dataframe[0].value["Email"]).index(email)
    table = f"accounts_{app.session_state['account_round']}"  # a new table after each change, nothing selected
    app.session_state[table] = {"selection": {"rows": [], "columns": [], "cells": [[row, "Email"]]}}
    return app.run()


def test_accounts_page_is_only_for_the_administrator(people):
    for role in ("organizer", "secretariat", "delegate.austria"):
        assert "accounts" not in navigation_of(people[role])
    assert "accounts" in navigation_of(people["admin"])
    refused = open_page_directly("accounts", people["organizer"])
    assert "does not allow you to manage user accounts" in refused.error[0].value
    assert not refused.dataframe


def test_admin_adds_an_account_for_a_delegate(people):
    app = open_page("accounts", people["admin"])
    assert not app.exception
    assert set(app.dataframe[0].value["Email"]) == {u.email for u in demo.DEMO_USERS}
    labelled(app.selectbox, "Role").select("delegate").run()
    labelled(app.selectbox, "Delegation").select("Malta")
    labelled(app.text_input, "Email").input("maria@malta.example")
    labelled(app.text_input, "Name, as the app shows it").input("Maria Borg")
    labelled(app.text_input, "New password").input("malta harbour pass")
    labelled(app.text_input, "The same password again").input("malta harbour typo")
    labelled(app.button, "Add account").click().run()
    assert md("The two passwords differ") in app.error[0].value
    labelled(app.text_input, "The same password again").input("malta harbour pass")
    labelled(app.button, "Add account").click().run()
    assert not app.exception and md("Added maria@malta.example") in texts(app)
    with db.transaction() as session:
        maria = users.authenticate(session, "maria@malta.example", "malta harbour pass")
    assert maria.role == Role.delegate and maria.name == "Maria Borg"
    assert "maria@malta.example" in set(app.dataframe[0].value["Email"])


def test_admin_changes_role_resets_password_deactivates_and_reactivates(people):
    with db.transaction() as session:
        token = sign_in.sign_in(session, "organizer@demo.osce", demo.DEMO_PASSWORD, "browser").token
    app = click(open_page("accounts", people["admin"]), "organizer@demo.osce")
    labelled(app.selectbox, "Role").select("delegate").run()
    labelled(app.selectbox, "Delegation").select("Germany")
    labelled(app.button, "Save the role").click().run()
    assert not app.exception and md("organizer@demo.osce is now delegate of Germany") in texts(app)
    assert account("organizer@demo.osce").role == Role.delegate

    app = click(app, "organizer@demo.osce")
    labelled(app.text_input, "New password").input("fresh-passphrase")
    labelled(app.text_input, "The same password again").input("fresh-passphrase")
    labelled(app.button, "Set the new password").click().run()
    assert md("New password set for organizer@demo.osce") in texts(app)
    with db.transaction() as session:
        assert sign_in.actor_for_token(session, token) is None, "the reset ended the sign-in"
        assert users.authenticate(session, "organizer@demo.osce", "fresh-passphrase") is not None

    app = click(app, "organizer@demo.osce")
    labelled(app.button, "Deactivate this account").click().run()
    assert md("Deactivated organizer@demo.osce") in texts(app)
    assert not account("organizer@demo.osce").active
    row = list(app.dataframe[0].value["Email"]).index("organizer@demo.osce")
    assert app.dataframe[0].value["State"][row] == "deactivated"
    app = click(app, "organizer@demo.osce")
    labelled(app.button, "Reactivate this account").click().run()
    assert account("organizer@demo.osce").active


def test_the_last_admin_is_refused_and_a_stale_view_too(people):
    app = click(open_page("accounts", people["admin"]), "admin@demo.osce")
    labelled(app.button, "Deactivate this account").click().run()
    assert md("the only active administrator") in app.error[0].value
    assert account("admin@demo.osce").active

    app = click(app, "secretariat@demo.osce")
    with db.transaction() as session:
        users.change_role(session, people["admin"], account("secretariat@demo.osce").id, Role.organizer, None, None)
    labelled(app.button, "Deactivate this account").click().run()
    assert md("secretariat@demo.osce was changed by someone else") in app.error[0].value
    assert account("secretariat@demo.osce").active


def test_deactivated_user_is_signed_out_of_the_app(people):
    organizer = open_page("meetings", people["organizer"])
    assert not organizer.exception
    with db.transaction() as session:
        users.set_active(session, people["admin"], account("organizer@demo.osce").id, False, None)
    organizer.run()
    assert md("Your session has ended") in texts(organizer)


def test_the_admin_form_refuses_a_short_or_common_password(people):
    app = open_page("accounts", people["admin"])
    labelled(app.selectbox, "Role").select("organizer").run()
    labelled(app.text_input, "Email").input("short@example.org")
    for password, message in (("short", "at least 12 characters"), ("password1234", "among the first")):
        labelled(app.text_input, "New password").input(password)
        labelled(app.text_input, "The same password again").input(password)
        labelled(app.button, "Add account").click().run()
        assert md(message) in app.error[0].value
    assert "short@example.org" not in set(app.dataframe[0].value["Email"])
