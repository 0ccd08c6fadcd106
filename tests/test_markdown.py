"""Text people typed is shown as typed: `md()` escapes it, and the pages use it wherever stored text meets Markdown."""
import re

from hypothesis import given, strategies as st

from planner import db
from planner.access import SYSTEM
from planner.accounts import users
from planner.delegations import invitations, reference
from planner.delegations.participants import Nomination, add_participant
from planner.documents import participants_list
from planner.meetings import planning
from planner.models import MeetingStatus, Role
from planner.ui.common import MARKDOWN_SPECIALS, WORD_JOINER, md
from tests.conftest import sign_in_actor
from tests.test_pages import labelled, open_page

HOSTILE = ["**x**", "[a](http://x)", "![i](http://x/p.png)", ":red[x]", "$x$", "<b>x</b>", "`code`", "# head",
           "1. item", "- item", "> quote", "a_b_", "~~x~~", ":material/delete:", "&lt;b&gt;", "x\\", "| a | b |",
           "www.example.com", "http://example.com/p.png", "mail anna@bmi.example", "HTTPS://x.org", "a:b//c"]
PIXEL = "![i](http://127.0.0.1:9/p.png) **bold** :red[x]"


AUTOLINK = re.compile(r"https?://|www\.|[-.\w+]+@[-\w]+(\.[-\w]+)+", re.IGNORECASE)


def rendered_text(text: str) -> str:
    """The text a Markdown renderer works on once it has read backslash escapes and hard line breaks."""
    return re.sub(r"\\(.)", r"\1", text.replace("  \n", "\n"))


def unescaped(text: str) -> str:
    """What a reader sees: the rendered text without the invisible word joiners."""
    return rendered_text(text).replace(WORD_JOINER, "")


def bare_specials(text: str) -> list[str]:
    """Markdown characters that are not escaped, i.e. that a renderer would act on."""
    bare, position = [], 0
    while position < len(text):
        if text[position] == "\\":
            position += 2
            continue
        if MARKDOWN_SPECIALS.fullmatch(text[position]):
            bare.append(text[position])
        position += 1
    return bare


def test_md_escapes_every_markdown_latex_directive_and_html_character():
    for text in HOSTILE:
        shown = md(text)
        assert unescaped(shown) == text, text
        assert not bare_specials(shown), (text, shown)
        assert not AUTOLINK.search(rendered_text(shown)), (text, shown)
    assert md("**x**") == r"\*\*x\*\*"
    assert md("[a](http://x)") == "\\[a\\]\\(http\\:\u2060//x\\)"
    assert md("![i](http://x/p.png)") == "\\!\\[i\\]\\(http\\:\u2060//x/p\\.png\\)"
    assert md("anna@bmi.example") == "anna@\u2060bmi\\.example"
    assert md(":red[x]") == r"\:red\[x\]"
    assert md("$x$") == r"\$x\$"
    assert md("<b>x</b>") == r"\<b\>x\</b\>"
    assert md(None) == "" and md(12) == "12"
    assert md("line one\nline two") == "line one  \nline two"


@given(st.text())
def test_md_shows_any_text_as_typed(text):
    shown = md(text)
    assert unescaped(shown) == text.replace(WORD_JOINER, "")
    assert not bare_specials(shown)
    assert not AUTOLINK.search(rendered_text(shown))


def shown_on(app) -> str:
    """The Markdown source of every text element of a page run, sidebar included."""
    kinds = ("markdown", "info", "warning", "error", "success", "caption", "title", "header")
    return "\n".join(str(element.value) for kind in kinds for element in getattr(app, kind))


def assert_shown_as_text(source: str, typed: str) -> None:
    assert md(typed) in source, f"{typed!r} is not shown escaped"
    assert typed not in source, f"{typed!r} reaches Markdown as it was typed"


def test_a_users_own_name_in_the_sidebar_is_shown_as_typed(database_url, demo_users):
    with db.transaction() as session:
        user = users.add_user(session, SYSTEM, "pixel@test.osce", Role.organizer, "demo", PIXEL, demo=True)
        hostile = users.actor_for(user)
    app = open_page("app", hostile)
    assert not app.exception
    assert_shown_as_text(shown_on(app), PIXEL)


def test_names_typed_by_one_delegation_show_as_text_to_another(database_url, demo_users, make_meeting):
    demo_meeting = make_meeting()  # registration still open
    with db.transaction() as session:
        planning.change_status(session, SYSTEM, demo_meeting, MeetingStatus.planned)
        delegations = [reference.find_delegation(session, name).id for name in ("Austria", "Germany")]
        for invitation in invitations.invite(session, SYSTEM, demo_meeting, delegations):
            invitations.send(session, SYSTEM, invitation.id)
        add_participant(session, SYSTEM, demo_meeting, Nomination(
            delegation="Germany", first_name="![i](http://127.0.0.1:9/p.png)", last_name="**bold** :red[x]",
            email="pixel@polizei.example"))
        participants_list.issue_participants_list(session, SYSTEM, demo_meeting)
    austria = open_page("participants", sign_in_actor("delegate.austria@demo.osce"), demo_meeting)
    assert not austria.exception
    labelled(austria.selectbox, "Delegation").select("All delegations").run()
    assert "![i](http://127.0.0.1:9/p.png) **bold** :red[x]" in " ".join(austria.dataframe[0].value["Name"])
    labelled(austria.text_input, "First name").input("$x$")
    labelled(austria.text_input, "Last name").input("<b>x</b>")
    labelled(austria.text_input, "Email").input("[a](http://x)")
    labelled(austria.button, "Add participant").click().run()
    assert_shown_as_text(austria.error[0].value, "'[a](http://x)' is not a valid email address")
    labelled(austria.text_input, "Email").input("x@bmi.example")
    labelled(austria.button, "Add participant").click().run()
    assert not austria.exception
    assert_shown_as_text(austria.success[0].value, "$x$ <b>x</b> added")


def test_a_meeting_title_is_shown_as_typed_in_page_headers(database_url, demo_users, make_meeting):
    meeting_id = make_meeting(title="**Chiefs** of Police [a](http://x) :red[x]")
    for page in ("meeting_builder", "participants", "timetable", "invitations"):
        app = open_page(page, sign_in_actor("organizer@demo.osce"), meeting_id)
        assert not app.exception, page
        assert_shown_as_text(shown_on(app), "**Chiefs** of Police [a](http://x) :red[x]")
