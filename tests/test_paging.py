"""Long lists a page at a time: the picker keeps the reader's page when the list grows or shrinks under it."""
from streamlit.testing.v1 import AppTest


def a_list_of_57() -> None:
    import streamlit as st

    from planner.ui import common

    shown = common.page_of(57, "things_page", "things")
    st.write(f"from {shown.start} to {shown.stop}")


def test_a_label_from_before_the_list_changed_still_opens_its_page():
    """A browser sends the picker's label back; "21–40 of 58" is no option of a list of 57, and Streamlit hands the label
    over as it is (AppTest keeps the number, so the label is set here as the browser sends it)."""
    for label, shown in (("21–40 of 58", "from 20 to 40"), ("1,001–1,020 of 1,100", "from 40 to 57")):
        app = AppTest.from_function(a_list_of_57)
        app.session_state["things_page"] = label
        app.run()
        assert not app.exception and app.markdown[0].value == shown
