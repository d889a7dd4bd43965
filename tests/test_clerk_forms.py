"""The forms a clerk writes from habit (issue 11, point 7): accepted, or refused with what to write instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.load import load_content
from generator.errors import BuildError, ContentError
from generator.model import is_public_decision_heading
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

SECRET = "zqhostilesecretxq"


def _errors(content: ContentFactory) -> list[ContentError]:
    with pytest.raises(BuildError) as caught:
        load_content(content.root)
    return list(caught.value.errors)


def test_a_time_written_with_a_dot_is_a_time(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text().replace('start: "9:00"', "start: 9.00").replace('"12:00"', '"12.30"'))
    _, meetings = load_content(content.root)
    assert (meetings[0].start, meetings[0].end) == (dt.time(9, 0), dt.time(12, 30))


def test_a_member_named_vakant_is_a_vacant_seat(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text().replace("name: Lene Mehlsen Thomsen", "name: Vakant"))
    _, meetings = load_content(content.root)
    assert meetings[0].members[-1].name is None
    run_build(content.root, tmp_path / "site")
    assert not any("vakant" in path.name.casefold() for path in (tmp_path / "site").rglob("*"))


CLOSED = """\
# 1. Personalesag
status: lukket

## Sagsfremstilling

{secret}

## {heading}

Direktionen traf beslutning i sagen.
"""


@pytest.mark.parametrize("heading", ["Offentlig beslutning", "Offentlig beslutning i Direktionen den 22-01-2025",
                                     "offentlig  beslutning: ansættelse"])
def test_a_public_decision_heading_with_words_after_it_is_published(content: ContentFactory, tmp_path: Path,
                                                                     heading: str) -> None:
    content.meeting("d/a.md", meeting_text(items=CLOSED.format(secret=SECRET, heading=heading)))
    run_build(content.root, tmp_path / "site")
    page = parse_html(tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html")
    assert "Direktionen traf beslutning i sagen." in page.get_text()
    assert SECRET not in str(page)


@pytest.mark.parametrize("heading", ["Indstilling om offentlig beslutning", "Ikke offentlig beslutning",
                                     "Offentlig beslutningsgrundlag"])
def test_a_heading_only_containing_the_words_is_not_published(content: ContentFactory, tmp_path: Path,
                                                              heading: str) -> None:
    assert not is_public_decision_heading(heading)
    content.meeting("d/a.md", meeting_text(items=CLOSED.format(secret=SECRET, heading=heading)))
    run_build(content.root, tmp_path / "site")
    html = "".join(path.read_text(encoding="utf-8", errors="replace")
                   for path in (tmp_path / "site").rglob("*") if path.is_file())
    assert "traf beslutning i sagen" not in html and SECRET not in html


def test_the_screening_reads_a_public_decision_with_words_as_published(content: ContentFactory) -> None:
    # What is published is screened: a CPR number in it stops the build, as in any published text.
    items = CLOSED.format(secret=SECRET, heading="Offentlig beslutning i Direktionen").replace(
        "Direktionen traf beslutning i sagen.", "Sagen om 230815-0012 blev afgjort.")
    content.meeting("d/a.md", meeting_text(items=items))
    errors = _errors(content)
    assert [error.location.line for error in errors] == [24]
    assert "CPR" in errors[0].message or "cpr" in errors[0].message.casefold()


def test_a_table_without_its_separator_line_is_an_error(content: ContentFactory) -> None:
    items = "# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\n| Tid | Punkt |\n| 10.00 | Pause |\n"
    content.meeting("d/a.md", meeting_text(items=items))
    [error] = _errors(content)
    assert error.location.line == 20
    assert "table row without the line that makes it a table" in error.message
    assert "'| --- | --- |'" in error.hint


def test_a_table_with_its_separator_line_builds(content: ContentFactory, tmp_path: Path) -> None:
    items = "# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\n| Tid | Punkt |\n| --- | --- |\n| 10.00 | Pause |\n"
    content.meeting("d/a.md", meeting_text(items=items))
    run_build(content.root, tmp_path / "site")
    page = parse_html(tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html")
    assert [td.get_text() for td in page.select("section.item td")] == ["10.00", "Pause"]


def test_a_bilag_section_is_an_error_that_points_to_attachments(content: ContentFactory) -> None:
    items = "# 1. Økonomi\nstatus: åben\n\n## Bilag:\n\n1 Åben Notat 123/24\n"
    content.meeting("d/a.md", meeting_text(items=items))
    [error] = _errors(content)
    assert error.location.line == 18
    assert "does not make an attachment list" in error.message and "attachments:" in error.hint


def test_a_tab_in_the_header_is_named_a_tab(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text().replace("  - role: Kommunaldirektør", "\t- role: Kommunaldirektør"))
    [error] = _errors(content)
    assert "tab" in error.message and "spaces" in error.hint


def test_the_cli_counts_one_error_in_the_singular(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text().replace('"12:00"', '"25:00"'))
    result = CliRunner().invoke(main, ["check", "--content", str(content.root)])
    assert result.exit_code == 1 and "1 error; please fix it." in result.output
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(tmp_path / "none")])
    assert result.exit_code == 1 and "1 error; nothing was written." in result.output
    assert "previous site" not in result.output
