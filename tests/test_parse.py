"""Loader and validator: one small fixture per mistake a clerk can make, asserting file, line and message."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.content.load import load_content
from generator.errors import BuildError, ContentError
from generator.model import Status
from tests.conftest import ContentFactory, meeting_text

# meeting_text() writes the header on lines 2-12; extra header lines start on line 13.
FIRST_EXTRA_HEADER_LINE = 13


def errors_of(content: ContentFactory) -> list[ContentError]:
    with pytest.raises(BuildError) as raised:
        load_content(content.root)
    return list(raised.value.errors)


def single_error(content: ContentFactory) -> ContentError:
    errors = errors_of(content)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_valid_meeting_loads_with_all_fields(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items="""\
        # 1. Økonomi
        status: åben
        topics: [Økonomi, Budget]

        ## Sagsfremstilling

        Tekst.

        # 2. Personalesag
        status: Lukket
        """, header="absent: [Jonas Kroustrup]\n"))
    _, meetings = load_content(content.root)
    meeting = meetings[0]
    assert meeting.date == dt.date(2024, 3, 6)
    assert (meeting.start, meeting.end) == (dt.time(9, 0), dt.time(12, 0))
    assert meeting.absent == ("Jonas Kroustrup",)
    assert [item.status for item in meeting.items] == [Status.OPEN, Status.CLOSED]
    assert meeting.items[0].topics == ("Økonomi", "Budget")
    assert meeting.items[0].sections[0].heading == "Sagsfremstilling"
    assert meeting.items[0].sections[0].markdown == "Tekst."


def test_yaml_words_stay_text_and_unquoted_times_are_times(content: ContentFactory) -> None:
    text = meeting_text()
    text = replace_line(text, 'start: "9:00"', "start: 9:00")
    text = replace_line(text, "location: Rådhuset", "location: no")
    content.meeting("d/a.md", text)
    _, meetings = load_content(content.root)
    assert meetings[0].start == dt.time(9, 0)
    assert meetings[0].location == "no"


def test_vacant_seat_is_expressible(content: ContentFactory) -> None:
    text = replace_line(meeting_text(), "    name: Jonas Kroustrup", "    vacant: true")
    content.meeting("d/a.md", text)
    _, meetings = load_content(content.root)
    assert meetings[0].members[0].vacant
    assert meetings[0].members[0].role == "Kommunaldirektør"


def test_malformed_yaml(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(header="title: [unclosed\n"))
    error = single_error(content)
    assert error.location.path.endswith("meetings/d/a.md")
    assert error.location.line in (FIRST_EXTRA_HEADER_LINE, FIRST_EXTRA_HEADER_LINE + 1)
    assert "YAML cannot be read" in error.message


def test_duplicate_key(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(header="location: Et andet sted\n"))
    error = single_error(content)
    assert error.location.line == FIRST_EXTRA_HEADER_LINE
    assert "'location' appears twice (first on line 6)" in error.message


def test_missing_field(content: ContentFactory) -> None:
    content.meeting("d/a.md", replace_line(meeting_text(), "location: Rådhuset\n", ""))
    error = single_error(content)
    assert "'location' is missing" in error.message
    assert "location:" in error.hint
    assert error.location.line == 2  # the header as a whole


def test_wrongly_typed_field(content: ContentFactory) -> None:
    text = meeting_text()
    text = text[: text.index("members:")] + "members: Jonas Kroustrup\n---\n" + text.split("---\n", 2)[2]
    content.meeting("d/a.md", text)
    error = single_error(content)
    assert error.location.line == 8
    assert "'members' must be a list" in error.message


def test_unknown_field_suggests_the_right_one(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(header="sufix: ekstra\n"))
    error = single_error(content)
    assert error.location.line == FIRST_EXTRA_HEADER_LINE
    assert "unknown field 'sufix'" in error.message
    assert "suffix" in error.hint


def test_unknown_body(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(body="byraadet"))
    error = single_error(content)
    assert error.location.line == 2
    assert "unknown body 'byraadet'" in error.message
    assert "direktionen" in error.hint


@pytest.mark.parametrize(("date", "message"), [
    ("2023-02-30", "is not a real date"),
    ("30-08-2023", "must be a date written YYYY-MM-DD"),
])
def test_impossible_or_misformatted_date(content: ContentFactory, date: str, message: str) -> None:
    content.meeting("d/a.md", meeting_text(date=date))
    error = single_error(content)
    assert error.location.line == 3
    assert message in error.message


@pytest.mark.parametrize("time", ["25:00", "9,00", "9"])  # 9.00 is accepted: test_clerk_forms
def test_impossible_time(content: ContentFactory, time: str) -> None:
    content.meeting("d/a.md", replace_line(meeting_text(), 'end: "12:00"', f'end: "{time}"'))
    error = single_error(content)
    assert error.location.line == 5
    assert "'end' must be a time written H:MM or HH:MM" in error.message


def test_end_before_start(content: ContentFactory) -> None:
    content.meeting("d/a.md", replace_line(meeting_text(), 'end: "12:00"', 'end: "8:30"'))
    error = single_error(content)
    assert error.location.line == 5
    assert "ends before it starts" in error.message


def test_absent_must_be_a_member(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(header="absent: [Jens Hansen]\n"))
    error = single_error(content)
    assert "'Jens Hansen' is listed as absent but is not a member" in error.message


ITEM_ONE = "# 1. Første\nstatus: åben\n\nTekst.\n\n"


def test_duplicate_item_numbers(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items=ITEM_ONE + "# 1. Anden\nstatus: åben\n"))
    error = single_error(content)
    assert error.location.line == 20
    assert "item 1 should be number 2" in error.message


def test_non_consecutive_item_numbers(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items=ITEM_ONE + "# 3. Tredje\nstatus: åben\n"))
    error = single_error(content)
    assert error.location.line == 20
    assert "item 3 should be number 2" in error.message


@pytest.mark.parametrize("word", ["luket", "no", "ja", "off", "true"])
def test_unknown_status_word(content: ContentFactory, word: str) -> None:
    content.meeting("d/a.md", meeting_text(items=f"# 1. Sag\nstatus: {word}\n\nTekst.\n"))
    error = single_error(content)
    assert error.location.line == 16
    # The word is not repeated: an item whose status cannot be read is treated as closed (issue 8, point 7).
    assert error.message == 'item 1: \'status\' must be "åben" or "lukket"'


def test_item_without_status(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items="# 1. Sag\n\n## Sagsfremstilling\n\nTekst.\n"))
    error = single_error(content)
    assert error.location.line == 15
    assert "the item's 'status' is missing" in error.message


def test_content_before_the_first_item(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items="Indledende tekst.\n\n" + ITEM_ONE))
    error = single_error(content)
    assert error.location.line == 15
    assert "text before the first agenda item" in error.message


def test_level_one_heading_that_is_not_an_item(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items=ITEM_ONE + "# Bilag\n"))
    error = single_error(content)
    assert error.location.line == 20
    assert "must start an item and look like '# 3. Title'" in error.message


def test_heading_inside_code_fence_is_not_an_item(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items=ITEM_ONE + "```\n# not a heading\n```\n"))
    _, meetings = load_content(content.root)
    assert len(meetings[0].items) == 1


def test_missing_front_matter(content: ContentFactory) -> None:
    content.meeting("d/a.md", "# 1. Sag\nstatus: åben\n")
    error = single_error(content)
    assert error.location.line == 1
    assert "must start with a line '---'" in error.message


def test_unclosed_front_matter(content: ContentFactory) -> None:
    content.meeting("d/a.md", "---\nbody: direktionen\n")
    error = single_error(content)
    assert "never closed" in error.message


def test_two_meetings_with_the_same_address(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text())
    content.meeting("d/b.md", meeting_text())
    errors = errors_of(content)
    assert len(errors) == 2
    assert {e.location.path.rsplit("/", 1)[1] for e in errors} == {"a.md", "b.md"}
    assert all("same address (direktionen/2024-03-06/)" in e.message for e in errors)
    assert all("suffix" in e.hint for e in errors)


def test_a_suffix_separates_two_meetings_on_one_day(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text())
    content.meeting("d/b.md", meeting_text(header="suffix: ekstra\n"))
    _, meetings = load_content(content.root)
    assert sorted(m.suffix or "" for m in meetings) == ["", "ekstra"]


def test_attachment_file_that_does_not_exist(content: ContentFactory) -> None:
    items = ("# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: åben\n"
             "    title: Notat\n    file: files/mangler.pdf\n")
    content.meeting("d/a.md", meeting_text(items=items))
    error = single_error(content)
    assert error.location.line == 21
    assert "the attachment file 'files/mangler.pdf' does not exist" in error.message


@pytest.mark.parametrize("path", ["../site.yaml", "/etc/passwd"])
def test_attachment_file_outside_content(content: ContentFactory, path: str) -> None:
    items = (f"# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: åben\n"
             f"    title: Notat\n    file: {path}\n")
    content.meeting("d/a.md", meeting_text(items=items))
    assert "must be a path inside the content folder" in single_error(content).message


def test_open_attachment_needs_a_title_and_numbers_run_in_order(content: ContentFactory) -> None:
    items = "# 1. Sag\nstatus: åben\nattachments:\n  - number: 2\n    status: åben\n"
    content.meeting("d/a.md", meeting_text(items=items))
    messages = sorted(e.message for e in errors_of(content))
    assert any("attachment number 2 should be 1" in m for m in messages)
    assert any("'title' is missing" in m for m in messages)


def test_all_errors_of_a_build_are_reported_together(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(date="2023-13-01"))
    content.meeting("d/b.md", meeting_text(date="2024-01-02", items="# 1. Sag\nstatus: måske\n"))
    errors = errors_of(content)
    assert [e.location.path.rsplit("/", 1)[1] for e in errors] == ["a.md", "b.md"]


def test_error_messages_never_quote_closed_text(content: ContentFactory) -> None:
    items = "# 1. Sag\nstatus: lukket\nattachments:\n  - number: 1\n    status: lukket\n    titel: HEMMELIG\n"
    content.meeting("d/a.md", meeting_text(items=items))
    error = single_error(content)
    assert error.message.startswith("item 1, attachment 1: unknown field (its name is not repeated")
    assert "HEMMELIG" not in str(error) and "titel" not in str(error)


def test_site_yaml_errors_have_lines(content: ContentFactory) -> None:
    (content.root / "site.yaml").write_text("title: T\nbodies:\n  - slug: Direktionen\n    name: D\n",
                                            encoding="utf-8")
    error = single_error(content)
    assert error.location.path.endswith("site.yaml")
    assert error.location.line == 3
    assert "'slug' must use only a-z, 0-9" in error.message


@pytest.mark.parametrize("topics", ["['<img src=x onerror=alert(1)>']", "[Økonomi, a > b]"])
def test_topic_names_with_angle_brackets_are_refused(content: ContentFactory, topics: str) -> None:
    # Pagefind's interface shows filter labels (topics, bodies) as HTML, so these names are refused.
    content.meeting("d/a.md", meeting_text(items=f"# 1. Sag\nstatus: åben\ntopics: {topics}\n\nTekst.\n"))
    error = single_error(content)
    assert error.location.line == 17
    assert error.message == "item 1: 'topics' may not contain '<' or '>'"


def test_body_names_with_angle_brackets_are_refused(content: ContentFactory) -> None:
    (content.root / "site.yaml").write_text("title: T\nbodies:\n  - slug: d\n    name: <b>Direktionen</b>\n",
                                            encoding="utf-8")
    error = single_error(content)
    assert (error.location.line, error.message) == (4, "a body: 'name' may not contain '<' or '>'")


@pytest.mark.parametrize("header", ["", "# only a comment\n"])
def test_empty_meeting_header_is_an_error_not_a_dropped_meeting(content: ContentFactory, header: str) -> None:
    content.meeting("d/a.md", f"---\n{header}---\n\n# 1. Sag\nstatus: åben\n\nTekst.\n")
    error = single_error(content)
    assert error.location.line == 2
    assert "the meeting header must be 'key: value' lines" in error.message
