import pytest
from sqlmodel import select

from planner import db, users
from planner.errors import PermissionDenied, PlannerError
from planner.models import AuditEntry, Role, User


def test_added_user_signs_in_and_the_password_is_hashed(session, admin):
    users.add_user(session, admin, "Chief@Example.org", "organizer", "s3cret!", "A Chief")
    stored = session.exec(select(User).where(User.email == "chief@example.org")).one()
    assert stored.password_hash.startswith("$argon2")
    assert "s3cret!" not in stored.password_hash
    signed_in = users.authenticate(session, "chief@example.org", "s3cret!")
    assert signed_in.role == Role.organizer and signed_in.name == "A Chief"
    assert users.authenticate(session, "chief@example.org", "wrong") is None
    assert users.authenticate(session, "nobody@example.org", "s3cret!") is None
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.add")).one()
    assert entry.actor_email == admin.email and "password_hash" not in entry.after


def test_delegate_account_needs_a_known_delegation(session, admin):
    with pytest.raises(PlannerError, match="needs a delegation"):
        users.add_user(session, admin, "d@example.org", "delegate", "pass1234")
    with pytest.raises(PlannerError, match="No delegation is called 'Atlantis'"):
        users.add_user(session, admin, "d@example.org", "delegate", "pass1234", delegation="Atlantis")
    user = users.add_user(session, admin, "d@example.org", "delegate", "pass1234", delegation="Turkey")
    assert users.actor_for(user).delegation_id is not None


@pytest.mark.parametrize("email, role, password, message", [
    ("not-an-email", "organizer", "pass1234", "not an email"),
    ("x@example.org", "king", "pass1234", "Unknown role"),
    ("x@example.org", "organizer", "abc", "at least"),
])
def test_bad_accounts_are_refused(session, admin, email, role, password, message):
    with pytest.raises(PlannerError, match=message):
        users.add_user(session, admin, email, role, password)


def test_only_an_admin_adds_users(database_url, organizer):
    with pytest.raises(PermissionDenied, match="manage user accounts"):
        with db.transaction() as session:
            users.add_user(session, organizer, "x@example.org", "organizer", "pass1234")
    with db.transaction() as session:
        assert session.exec(select(User)).all() == []
