import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from planner import db
from planner.delegations import invitations, reference, replies, spreadsheets
from planner.delegations.participants import COLUMNS
from planner.errors import ValidationFailed
from planner.models import InvitationState, Participant
from tests.conftest import invite_and_send

HEADER = list(COLUMNS)


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        invite_and_send(session, organizer, meeting_id, "All participating States", "Partner organizations")
    return meeting_id


def csv_bytes(rows, header=HEADER, delimiter=",", bom=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def person(delegation="Austria", first="Anna", last="Huber", email="anna@police.example", gender="female", head="yes",
           salutation="Ms.", function="Chief of Police", agency="Federal Police"):
    return [delegation, salutation, first, last, function, agency, email, gender, head]


def import_file(meeting_id, actor, content, name="participants.csv"):
    with db.transaction() as session:
        return spreadsheets.import_participants(session, actor, meeting_id, content, name)


def stored(meeting_id):
    with db.transaction() as session:
        return session.exec(select(Participant).where(Participant.meeting_id == meeting_id).order_by(Participant.id)).all()


def test_a_clean_file_imports_every_row(meeting_id, organizer):
    content = csv_bytes([person(), person("Turkey", "Emre", "Yılmaz", "emre@emniyet.example", "male", "1"),
                         person("czech republic", "Jana", "Nováková", "jana@policie.example", "", "")], bom=True)
    assert import_file(meeting_id, organizer, content) == 3
    people = stored(meeting_id)
    assert [(p.last_name, p.head_of_delegation) for p in people] == [("Huber", True), ("Yılmaz", True), ("Nováková", False)]
    with db.transaction() as session:
        turkiye = next(r for r in invitations.list_invitations(session, organizer, meeting_id) if r.delegation.name == "Türkiye")
    assert turkiye.participants == 1


def test_semicolons_and_extra_columns_and_header_case(meeting_id, organizer):
    header = [h.upper() for h in HEADER] + ["Notes"]
    content = csv_bytes([person() + ["vegetarian"]], header=header, delimiter=";")
    assert import_file(meeting_id, organizer, content) == 1


def test_xlsx_imports_too(meeting_id, organizer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER + ["rank"])
    sheet.append(person() + ["General"])
    sheet.append(["Belgium", "Mr.", "Jan", "Peeters", "Commissioner", "Federal Police", "jan@police.example", "male", True, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_file(meeting_id, organizer, buffer.getvalue(), "p.xlsx") == 2
    assert [p.rank for p in stored(meeting_id)] == ["General", ""]


DOZEN_MISTAKES = [
    (person("Atlantis", email="a1@x.example"), "delegation", "'Atlantis' is not a known delegation"),
    (person("Japan", email="a2@x.example", head="no"), "delegation", "Japan is not invited"),
    (person("Belgium", first="", email="a3@x.example"), "first_name", "required but empty"),
    (person("Canada", email="not-an-email"), "email", "not a valid email"),
    (person("Austria", email="anna@police.example", head="no"), "email", "appears already in row 2"),
    (person("Denmark", email="a6@x.example", gender="unknown"), "gender", "not one of female, male, other"),
    (person("Estonia", email="a7@x.example", head="perhaps"), "head_of_delegation", "not yes/no"),
    (person("Finland", email="a8@x.example", function="x" * 250), "function", "at most 200"),
    (person("France", first="Je\x1ban", email="a9@x.example"), "first_name", "control characters"),
    (person("Austria", email="a10@x.example", head="yes"), "head_of_delegation", "row 2 already names the head"),
    (person("Germany", email="", head="no"), "email", "required but empty"),
    (person("Greece", last="L" * 101, email="a12@x.example"), "last_name", "at most 100"),
]


def test_a_file_with_a_dozen_mistakes_is_refused_whole_naming_row_and_column(meeting_id, organizer):
    rows = [person()] + [row for row, _, _ in DOZEN_MISTAKES] + [person("Italy", email="fine@x.example")]
    with pytest.raises(ValidationFailed) as refused:
        import_file(meeting_id, organizer, csv_bytes(rows))
    found = {(p.row, p.column): p.reason for p in refused.value.problems}
    for number, (_, column, reason) in enumerate(DOZEN_MISTAKES, start=3):
        assert reason in found.get((number, column), ""), (number, column, found)
    assert len(refused.value.problems) == 12
    assert stored(meeting_id) == [], "nothing of the file went in"


def test_rows_for_a_delegation_whose_note_verbale_has_not_gone_out_refuse_the_file(meeting_id, organizer):
    with db.transaction() as session:
        japan = invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Japan").id])[0]
    rows = [person(), person("Japan", "Aiko", "Sato", "aiko@npa.example")]
    with pytest.raises(ValidationFailed, match="Row 3, column 'delegation': Japan's invitation has not been sent yet"):
        import_file(meeting_id, organizer, csv_bytes(rows))
    assert stored(meeting_id) == [], "nothing of the file went in"
    with db.transaction() as session:
        invitations.send(session, organizer, japan.id)
    assert import_file(meeting_id, organizer, csv_bytes(rows)) == 2
    with db.transaction() as session:
        summary = replies.reply_summary(session, organizer, meeting_id)
    nominated = sum(row["Invitations"] for row in summary.by_state_and_group
                    if row["State"] == InvitationState.nominated.label)
    assert nominated == len({p.delegation_id for p in stored(meeting_id)}) == 2


def test_an_email_already_in_the_meeting_is_refused(meeting_id, organizer):
    import_file(meeting_id, organizer, csv_bytes([person()]))
    with pytest.raises(ValidationFailed, match="Row 2, column 'email': anna@police.example is already registered"):
        import_file(meeting_id, organizer, csv_bytes([person("Belgium", head="no", email="Anna@Police.example")]))
    assert len(stored(meeting_id)) == 1


@pytest.mark.parametrize("content, name, reason", [
    (b"", "p.csv", "the file is empty"),
    (b"   \n  ", "p.csv", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "p.csv", "looks binary"),
    ("delegation,first_name\nAustria,Anna\n".encode(), "p.csv", "columns are missing: salutation, last_name"),
    (",".join(HEADER).encode() + b"\n", "p.csv", "header but no participants"),
    ("delegation;Straße\n".encode("latin-1"), "p.csv", "not UTF-8"),
    (b"PK\x03\x04 broken zip", "p.xlsx", "not a readable Excel workbook"),
])
def test_unreadable_files_are_refused_with_a_reason(meeting_id, organizer, content, name, reason):
    with pytest.raises(ValidationFailed) as refused:
        import_file(meeting_id, organizer, content, name)
    assert reason in str(refused.value)
    assert stored(meeting_id) == []


def damaged_workbook(part: str, replacement: bytes | None) -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(person())
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item == part:
                if replacement is None:
                    continue
                content = replacement if replacement else content[: len(content) // 2]
            target.writestr(item, content)
    return damaged.getvalue()


@pytest.mark.parametrize("part, replacement", [
    ("xl/worksheets/sheet1.xml", b""), ("xl/workbook.xml", b"<notxml"), ("xl/worksheets/sheet1.xml", None),
])
def test_a_damaged_workbook_is_refused_with_a_message(meeting_id, organizer, part, replacement):
    with pytest.raises(ValidationFailed, match="not a readable Excel workbook"):
        import_file(meeting_id, organizer, damaged_workbook(part, replacement), "damaged.xlsx")
    assert stored(meeting_id) == []


def test_a_delegate_imports_only_their_own_delegation(meeting_id, austria_delegate, monkeypatch):
    from planner.delegations import participants

    monkeypatch.setattr(participants, "today_at", lambda meeting: meeting.registration_deadline)
    with pytest.raises(ValidationFailed, match="your own delegation"):
        import_file(meeting_id, austria_delegate, csv_bytes([person(), person("Belgium", email="b@x.example")]))
    assert import_file(meeting_id, austria_delegate, csv_bytes([person()])) == 1


def test_preview_marks_bad_cells_and_changes_nothing(meeting_id, organizer):
    with db.transaction() as session:
        preview = spreadsheets.preview_import(session, organizer, meeting_id,
                                              csv_bytes([person(), person("Belgium", email="bad")]), "p.csv")
    assert preview.bad_cells() == {(3, "email")} and not preview.ok
    assert preview.row_numbers == [2, 3]
    assert stored(meeting_id) == []


def test_export_round_trips_and_neutralises_formulas(meeting_id, organizer, make_meeting):
    rows = [person(function="=HYPERLINK(\"http://evil\")", agency="+32 police"),
            person("Belgium", "@Jan", "-Peeters", "jan@x.example", "male", "no")]
    import_file(meeting_id, organizer, csv_bytes(rows))
    with db.transaction() as session:
        exported_csv = spreadsheets.export_participants(session, organizer, meeting_id, "out.csv")
        exported_xlsx = spreadsheets.export_participants(session, organizer, meeting_id, "out.xlsx")
    text = exported_csv.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+32 police" in text and "'@Jan" in text and "'-Peeters" in text
    sheet = load_workbook(io.BytesIO(exported_xlsx)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:9] == HEADER
    assert all(not str(v).startswith(("=", "+", "-", "@")) for row in values for v in row if v)
    other = make_meeting(title="Another meeting")
    with db.transaction() as session:
        invite_and_send(session, organizer, other, "All participating States")
    assert import_file(other, organizer, exported_xlsx, "out.xlsx") == 2
    assert [(p.first_name, p.last_name, p.function, p.agency) for p in stored(other)] == [
        (p.first_name, p.last_name, p.function, p.agency) for p in stored(meeting_id)]
    assert stored(other)[0].function == "=HYPERLINK(\"http://evil\")"


def test_exported_workbook_reads_like_a_list_a_person_made(meeting_id, organizer):
    """Bold heading row kept in view, a filter on every column, columns as wide as their longest value, and
    properties naming the list and the Chairmanship that made it."""
    long_agency = "Federal Criminal Police Office, Directorate for International Police Co-operation"
    import_file(meeting_id, organizer, csv_bytes([person(agency=long_agency), person("Belgium", "Jan", "Peeters", "jan@x.example")]))
    with db.transaction() as session:
        workbook = load_workbook(io.BytesIO(spreadsheets.export_participants(session, organizer, meeting_id, "out.xlsx")))
    sheet = workbook.active
    assert sheet.title == "Participants" and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}3"
    assert all(cell.font.b for cell in sheet[1]) and not any(cell.font.b for cell in sheet[2])
    widths = {sheet.cell(1, column).value: sheet.column_dimensions[sheet.cell(1, column).column_letter].width
              for column in range(1, sheet.max_column + 1)}
    assert widths["function"] == len("Chief of Police") + 2 and widths["email"] == len("anna@police.example") + 2
    assert widths["agency"] == spreadsheets.MAX_COLUMN_WIDTH, "a very long agency does not make the column a page wide"
    assert widths["gender"] == len("female") + 2 and widths["rank"] == spreadsheets.MIN_COLUMN_WIDTH + 2
    properties = workbook.properties
    assert properties.title == "List of participants of the Meeting of the Chiefs of Police"
    assert properties.creator == properties.lastModifiedBy == "Chairmanship of Slovakia"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40))
def test_any_text_either_imports_or_is_refused_cleanly(meeting_id, organizer, name):
    content = csv_bytes([person(last=name, email="p@x.example")])
    try:
        count = import_file(meeting_id, organizer, content)
    except ValidationFailed as refused:
        assert all(p.row in (None, 2) for p in refused.problems)
        return
    assert count == 1
    with db.transaction() as session:
        for participant in session.exec(select(Participant)).all():
            session.delete(participant)
