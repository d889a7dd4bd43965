"""Screening cuts a meeting file into published and withheld parts and checks each where it applies."""

from __future__ import annotations

import pytest

from generator.content.agenda import split_items
from generator.content.load import load_content
from generator.content.screening import PartKind, meeting_parts
from generator.content.sources import SourceText, split_front_matter
from generator.errors import BuildError, ErrorCollector
from generator.model import ItemSource, SourceLocation, Status
from tests.conftest import ContentFactory, meeting_text

ITEMS = """\
# 1. Åben sag
status: åben

Indledning.

## Sagsfremstilling

Tekst.

# 2. Lukket sag
status: lukket

## Sagsfremstilling

Lukket tekst.

## Offentlig beslutning

Offentlig.

## Offentlig beslutning

Kun den første offentliggøres.
"""


def test_parts_know_their_lines_and_what_is_published() -> None:
    errors = ErrorCollector("m.md")
    split = split_front_matter(SourceText("m.md", meeting_text(items=ITEMS)), errors)
    assert split is not None
    raw = split_items(split.body, split.body_line, errors)
    items = (ItemSource(1, "Åben sag", Status.OPEN, (), (), "", (), SourceLocation("m.md", 15)),
             ItemSource(2, "Lukket sag", Status.CLOSED, (), (), "", (), SourceLocation("m.md", 24)))
    parts = [(p.line, p.kind, p.published, p.text.split("\n")[0]) for p in meeting_parts(split, raw, items)]
    assert parts == [
        (2, PartKind.YAML, True, "body: direktionen"),
        (15, PartKind.HEADING, True, "# 1. Åben sag"),
        (16, PartKind.YAML, True, "status: åben"),
        (18, PartKind.TEXT, True, "Indledning."),
        (20, PartKind.HEADING, True, "## Sagsfremstilling"),
        (22, PartKind.TEXT, True, "Tekst."),
        (24, PartKind.HEADING, True, "# 2. Lukket sag"),
        (25, PartKind.YAML, False, "status: lukket"),
        (27, PartKind.HEADING, False, "## Sagsfremstilling"),
        (29, PartKind.TEXT, False, "Lukket tekst."),
        (31, PartKind.HEADING, True, "## Offentlig beslutning"),
        (33, PartKind.TEXT, True, "Offentlig."),
        (35, PartKind.HEADING, False, "## Offentlig beslutning"),
        (37, PartKind.TEXT, False, "Kun den første offentliggøres."),
    ]


@pytest.mark.parametrize(("header", "items", "line", "words"), [
    ("suffix: x [fortroligt]\n", "", 13, "only be marked in an item's text"),
    ("", "# 1. Sag\nstatus: åben\ntopics: [\"<fortroligt>\"]\n\nTekst.\n", 17, "only be marked in an item's text"),
    ("", "# 1. Sag\nstatus: lukket\n\n## Offentlig beslutning\n\nBorger 010203-1234.\n", 20, "CPR number"),
    ("", "# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: lukket\n    title: Akt 010203-1234\n"
         "\nTekst.\n", 20, "CPR number"),  # a closed attachment of an open item: the safe side
    ("", "# 1. Sag\nstatus: åben\n\n## Tekst\n\n" + "> " * 20 + "citat\n", 20, "nested too deeply"),
])
def test_what_screening_reports(content: ContentFactory, header: str, items: str, line: int, words: str) -> None:
    content.meeting("direktionen/a.md", meeting_text(header=header, items=items))
    with pytest.raises(BuildError) as raised:
        load_content(content.root)
    errors = raised.value.errors
    assert any(e.location.line == line and words in e.message for e in errors), raised.value.report()


def test_closed_text_is_not_screened_for_cpr_numbers(content: ContentFactory) -> None:
    items = ("# 1. Sag\nstatus: lukket\ntopics: [Borger 010203-1234]\n\n## Sagsfremstilling\n\nBorger 010203-1234.\n"
             "\n## Offentlig beslutning\n\nGodkendt.\n")
    content.meeting("direktionen/a.md", meeting_text(items=items))
    _, meetings = load_content(content.root)
    assert meetings[0].items[0].status is Status.CLOSED
