import pytest
from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.accounts import sign_in, users
from planner.errors import PermissionDenied, PlannerError, StaleEdit
from planner.models import AuditEntry, Role, SignInSession, User
from planner.operations import demo
from tests.conftest import sign_in_actor
from tests.test_cli import planner


def test_added_user_signs_in_and_the_password_is_hashed(session, admin):
    users.add_user(session, admin, "Chief@Example.org", "organizer", "s3cret and long!", "A Chief")
    stored = session.exec(select(User).where(User.email == "chief@example.org")).one()
    assert stored.password_hash.startswith("$argon2")
    assert "s3cret and long!" not in stored.password_hash
    signed_in = users.authenticate(session, "chief@example.org", "s3cret and long!")
    assert signed_in.role == Role.organizer and signed_in.name == "A Chief"
    assert users.authenticate(session, "chief@example.org", "wrong") is None
    assert users.authenticate(session, "nobody@example.org", "s3cret and long!") is None
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.add")).one()
    assert entry.actor_email == admin.email and "password_hash" not in entry.after


def test_an_unknown_account_is_checked_with_the_argon2_work_of_a_known_one():
    assert not users._hasher.check_needs_rehash(users.UNKNOWN_ACCOUNT_HASH)
    assert users._hasher.verify(users.UNKNOWN_ACCOUNT_HASH, "no account has this password")


def test_delegate_account_needs_a_known_delegation(session, admin):
    with pytest.raises(PlannerError, match="needs a delegation"):
        users.add_user(session, admin, "d@example.org", "delegate", "pass1234-long-enough")
    with pytest.raises(PlannerError, match="No delegation is called 'Atlantis'"):
        users.add_user(session, admin, "d@example.org", "delegate", "pass1234-long-enough", delegation="Atlantis")
    user = users.add_user(session, admin, "d@example.org", "delegate", "pass1234-long-enough", delegation="Turkey")
    assert users.actor_for(user).delegation_id is not None


@pytest.mark.parametrize("email, role, password, message", [
    ("not-an-email", "organizer", "pass1234-long-enough", "not an email"),
    ("x@example.org", "king", "pass1234-long-enough", "Unknown role"),
    ("x@example.org", "organizer", "abc", "at least"),
])
def test_bad_accounts_are_refused(session, admin, email, role, password, message):
    with pytest.raises(PlannerError, match=message):
        users.add_user(session, admin, email, role, password)


def test_only_an_admin_adds_users(database_url, organizer):
    with pytest.raises(PermissionDenied, match="manage user accounts"):
        with db.transaction() as session:
            users.add_user(session, organizer, "x@example.org", "organizer", "pass1234-long-enough")
    with db.transaction() as session:
        assert session.exec(select(User)).all() == []


def account_of(session, email: str) -> users.Account:
    return next(a for a in users.list_accounts(session, SYSTEM) if a.email == email)


def test_admin_changes_role_and_delegation_audited(database_url, admin):
    with db.transaction() as session:
        user = users.add_user(session, admin, "chief@example.org", "organizer", "s3cret and long!", "A Chief")
    with db.transaction() as session:
        seen = account_of(session, "chief@example.org")
        with pytest.raises(PlannerError, match="needs a delegation"):
            users.change_role(session, admin, user.id, Role.delegate, None, seen.revision)
        users.change_role(session, admin, user.id, Role.delegate, "Türkiye", seen.revision)
    with db.transaction() as session:
        account = account_of(session, "chief@example.org")
        assert (account.role, account.delegation) == (Role.delegate, "Türkiye")
        signed_in = users.authenticate(session, "chief@example.org", "s3cret and long!")
        assert signed_in.role == Role.delegate and signed_in.delegation_id is not None
        users.change_role(session, admin, user.id, "secretariat", None, account.revision)
    with db.transaction() as session:
        assert account_of(session, "chief@example.org").delegation is None
        changes = session.exec(select(AuditEntry).where(AuditEntry.action == "user.change_role")
                               .order_by(AuditEntry.id)).all()
        assert [(c.before["role"], c.after["role"]) for c in changes] == [("organizer", "delegate"),
                                                                          ("delegate", "secretariat")]
        assert all(c.actor_email == admin.email for c in changes)


def test_deactivating_ends_the_sign_ins_and_reactivating_lets_them_in_again(demo_users, admin):
    with db.transaction() as session:
        token = sign_in.sign_in(session, "organizer@demo.osce", demo.DEMO_PASSWORD, "browser").token
    with db.transaction() as session:
        organizer = account_of(session, "organizer@demo.osce")
        users.set_active(session, admin, organizer.id, False, organizer.revision)
    with db.transaction() as session:
        assert all(s.revoked_at is not None for s in session.exec(
            select(SignInSession).where(SignInSession.user_id == organizer.id)))
        assert sign_in.actor_for_token(session, token) is None
        assert users.authenticate(session, "organizer@demo.osce", demo.DEMO_PASSWORD) is None
        assert not account_of(session, "organizer@demo.osce").active
        with pytest.raises(PlannerError, match="already deactivated"):
            users.set_active(session, admin, organizer.id, False, None)
        users.set_active(session, admin, organizer.id, True, None)
    with db.transaction() as session:
        assert users.authenticate(session, "organizer@demo.osce", demo.DEMO_PASSWORD).role == Role.organizer
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity_id == str(organizer.id),
                                                               AuditEntry.actor_email == admin.email)).all()
        assert sorted(actions) == ["user.activate", "user.deactivate"]


def test_a_reset_password_replaces_the_old_one_and_ends_the_sign_ins(demo_users, admin):
    with db.transaction() as session:
        token = sign_in.sign_in(session, "secretariat@demo.osce", demo.DEMO_PASSWORD, "browser").token
    with db.transaction() as session:
        account = account_of(session, "secretariat@demo.osce")
        with pytest.raises(PlannerError, match="at least"):
            users.reset_password(session, admin, account.id, "abc", account.revision)
        users.reset_password(session, admin, account.id, "brand-new-passphrase", account.revision)
    with db.transaction() as session:
        assert sign_in.actor_for_token(session, token) is None
        assert users.authenticate(session, "secretariat@demo.osce", demo.DEMO_PASSWORD) is None
        assert users.authenticate(session, "secretariat@demo.osce", "brand-new-passphrase").role == Role.secretariat
        stored = session.get(User, account.id).password_hash
        assert stored.startswith("$argon2") and "brand-new-passphrase" not in stored
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.reset_password")).one()
        assert entry.entity_id == str(account.id) and entry.before is None and entry.after is None


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(demo_users):
    me = sign_in_actor("admin@demo.osce")
    with db.transaction() as session:
        account = account_of(session, me.email)
        with pytest.raises(PlannerError, match="only active administrator"):
            users.set_active(session, me, account.id, False, account.revision)
        with pytest.raises(PlannerError, match="only active administrator"):
            users.change_role(session, me, account.id, Role.organizer, None, account.revision)
    with db.transaction() as session:
        other = users.add_user(session, me, "second@demo.osce", Role.admin, "a secret long enough", "Second admin")
    with db.transaction() as session:
        users.set_active(session, me, other.id, False, None)
    with db.transaction() as session, pytest.raises(PlannerError, match="only active administrator"):
        users.change_role(session, me, account.id, Role.organizer, None, None)
    with db.transaction() as session:
        users.set_active(session, me, other.id, True, None)
    with db.transaction() as session:
        users.change_role(session, me, account.id, Role.organizer, None, None)
    with db.transaction() as session:
        assert account_of(session, me.email).role == Role.organizer
        assert account_of(session, "second@demo.osce").role == Role.admin


def test_a_change_on_an_out_of_date_view_is_refused(demo_users, admin):
    with db.transaction() as session:
        seen = account_of(session, "delegate.austria@demo.osce")
    with db.transaction() as session:
        users.change_role(session, admin, seen.id, Role.delegate, "Germany", seen.revision)
    for change in (lambda s: users.set_active(s, admin, seen.id, False, seen.revision),
                   lambda s: users.reset_password(s, admin, seen.id, "other-passphrase", seen.revision),
                   lambda s: users.change_role(s, admin, seen.id, Role.organizer, None, seen.revision)):
        with pytest.raises(StaleEdit, match="delegate.austria@demo.osce was changed by someone else"):
            with db.transaction() as session:
                change(session)
    with db.transaction() as session:
        account = account_of(session, "delegate.austria@demo.osce")
        assert (account.delegation, account.active) == ("Germany", True)


def test_the_command_line_manages_accounts_through_the_same_services(demo_users):
    assert planner("users", "change", "organizer@demo.osce", "--role", "delegate", "--delegation", "Malta").returncode == 0
    assert planner("users", "deactivate", "organizer@demo.osce").returncode == 0
    listed = planner("users", "list").stdout.splitlines()
    assert "organizer@demo.osce\tdelegate\tMalta\tdeactivated\tClaire Dupont (Chairmanship task force)" in listed
    assert planner("users", "reset-password", "organizer@demo.osce", stdin="fresh-passphrase\n").returncode == 0
    assert planner("users", "reactivate", "organizer@demo.osce").returncode == 0
    refused = planner("users", "deactivate", "admin@demo.osce")
    assert refused.returncode == 1 and "only active administrator" in refused.stderr
    unknown = planner("users", "reactivate", "nobody@demo.osce")
    assert unknown.returncode == 1 and "no account for nobody@demo.osce" in unknown.stderr
    with db.transaction() as session:
        assert users.authenticate(session, "organizer@demo.osce", "fresh-passphrase").role == Role.delegate
        who = set(session.exec(select(AuditEntry.actor_email).where(AuditEntry.action.startswith("user."))).all())
        assert any(email.startswith("cli:") for email in who)


@pytest.mark.parametrize("password, message", [
    ("short", "at least 12 characters"),
    ("eleven-char", "at least 12 characters"),
    ("Password1234", "among the first that anyone guessing would try"),
    ("correct horse battery staple", "among the first"),
    ("new.chief@example.org", "among the first"),
])
def test_passwords_are_long_and_not_the_first_ones_guessed(database_url, admin, password, message):
    """NIST SP 800-63B: at least 12 characters and not in the list of common passwords, for a new account as for a
    reset, whether on the Accounts page or the command line (both go through these services)."""
    with pytest.raises(PlannerError, match=message), db.transaction() as session:
        users.add_user(session, admin, "new.chief@example.org", "organizer", password)
    with db.transaction() as session:
        chief = users.add_user(session, admin, "new.chief@example.org", "organizer", "river lantern quietly folds")
    with pytest.raises(PlannerError, match=message), db.transaction() as session:
        users.reset_password(session, admin, chief.id, password, None)
    with db.transaction() as session:
        assert users.authenticate(session, "new.chief@example.org", "river lantern quietly folds") is not None


def test_a_long_passphrase_is_welcome(database_url, admin):
    phrase = "the blue tram to Karlsplatz leaves at seven, rain or shine " * 10
    with db.transaction() as session:
        users.add_user(session, admin, "phrase@example.org", "organizer", phrase)
    with db.transaction() as session:
        assert users.authenticate(session, "phrase@example.org", phrase).email == "phrase@example.org"


def test_the_command_line_refuses_a_common_password(database_url):
    added = planner("users", "add", "chief@police.example", "--role", "organizer", stdin="qwerty123456\n")
    assert added.returncode == 1 and "among the first that anyone guessing would try" in added.stderr
    assert planner("users", "add", "chief@police.example", "--role", "organizer", stdin="short\n").returncode == 1
    assert planner("users", "add", "chief@police.example", "--role", "organizer",
                   stdin="seven quiet owls over Vienna\n").returncode == 0
    reset = planner("users", "reset-password", "chief@police.example", stdin="administrator\n")
    assert reset.returncode == 1 and "among the first" in reset.stderr
    with db.transaction() as session:
        assert users.authenticate(session, "chief@police.example", "seven quiet owls over Vienna") is not None


def test_the_demo_accounts_keep_their_known_password(demo_users):
    """`init --demo` sets up accounts for trying the planner out, with the password the README gives: `demo`."""
    with db.transaction() as session:
        assert users.authenticate(session, "admin@demo.osce", demo.DEMO_PASSWORD).role == Role.admin
