"""`minutes new`: the next meeting's file from the body's latest meeting."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text


def test_new_writes_the_standing_items_from_the_demo_and_check_passes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    result = CliRunner().invoke(main, ["new", "--body", "direktionen", "--date", "2025-01-29",
                                       "--content", str(content)])
    assert result.exit_code == 0, result.output
    path = content / "meetings" / "direktionen" / "2025-01-29.md"
    assert result.output.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert "date: 2025-01-29\n" in text and 'start: "9:00"' in text and "absent: []" in text
    assert "  - role: Kommunaldirektør\n    name: Jonas Kroustrup\n" in text
    titles = [line for line in text.split("\n") if line.startswith("# ")]
    # Økonomi is not in the latest meeting; the others recur in every meeting, under their most common title.
    assert titles == ["# 1. Beslutningsprotokoller og dagsordener", "# 2. Punkter til behandling",
                      "# 3. Eventuelt, herunder punkter til næste møde"]
    assert "## Beslutning i Direktionen den 29-01-2025\n" in text
    assert "status: lukket" not in text
    check = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert check.exit_code == 0, check.output


def test_new_refuses_a_date_the_body_already_has(content: ContentFactory) -> None:
    content.meeting("direktionen/2024-03-06.md", meeting_text())
    before = sorted(content.root.rglob("*"))
    result = CliRunner().invoke(main, ["new", "--body", "direktionen", "--date", "2024-03-06",
                                       "--content", str(content.root)])
    assert result.exit_code == 1
    assert "already has a meeting on 2024-03-06" in result.output
    assert sorted(content.root.rglob("*")) == before


def test_new_refuses_a_body_without_meetings(content: ContentFactory) -> None:
    result = CliRunner().invoke(main, ["new", "--body", "direktionen", "--date", "2024-03-06",
                                       "--content", str(content.root)])
    assert result.exit_code == 1
    assert "has no meeting yet to start from" in result.output
