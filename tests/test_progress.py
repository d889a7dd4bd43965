"""Build progress: a live line on a terminal that leaves nothing behind, nothing (or plain lines) on a pipe."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from generator.build import BuildOptions, BuildReport, build
from generator.cli import main
from generator.progress import ERASE, Progress
from tests.conftest import DEMO_CONTENT


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class FakeClock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_a_live_line_per_stage_that_is_erased() -> None:
    terminal, clock = FakeTerminal(), FakeClock()
    progress = Progress(terminal, live=True, clock=clock)
    progress("load", 0, 0)
    clock.now += 1.25
    progress("load", 50, 200)
    clock.now += 1.0
    progress("load", 200, 200)
    progress("render", 0, 0)
    clock.now += 0.5
    progress("render", 7, 0)
    progress.close()
    text = terminal.getvalue()
    assert f"{ERASE}load: 50/200 1.2s" in text
    assert f"{ERASE}load: 200/200 2.2s" in text
    assert f"{ERASE}render: 7 0.5s" in text
    assert "\n" not in text  # nothing scrolls: each line is redrawn in place
    assert text.endswith(ERASE)  # and erased, so the summary starts on a clean line


def test_a_terminal_stream_is_detected_and_a_pipe_gets_nothing() -> None:
    assert Progress.for_stream(FakeTerminal()).live
    pipe = io.StringIO()
    progress = Progress.for_stream(pipe)
    assert not progress.live
    for stage in ("load", "redact", "render"):
        progress(stage, 0, 0)
        progress(stage, 100, 100)
    progress.close()
    assert pipe.getvalue() == ""


def test_a_pipe_asked_for_progress_gets_one_plain_line_per_stage() -> None:
    pipe, clock = io.StringIO(), FakeClock()
    progress = Progress(pipe, live=False, lines=True, clock=clock)
    progress("load", 0, 0)
    clock.now += 2
    progress("load", 3, 3)
    progress("render", 0, 0)
    progress.close()
    assert pipe.getvalue() == "load: 3/3 2.0s\nrender: 0.0s\n"
    assert ERASE not in pipe.getvalue()


def test_a_build_reports_each_stage_and_the_meeting_count(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    build(BuildOptions(DEMO_CONTENT, tmp_path / "site", search=False),
          BuildReport(progress=lambda *call: calls.append(call)))
    stages = [stage for stage, done, total in calls if (done, total) == (0, 0)]
    assert stages == ["load", "link", "render and write", "verify"]
    assert ("load", 3, 3) in calls


def test_the_command_line_stays_quiet_off_a_terminal_and_prints_stage_lines_when_asked(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and not any(line.startswith("load:") for line in result.output.splitlines())
    result = runner.invoke(main, ["build", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "b"),
                                  "--progress"])
    assert result.exit_code == 0, result.output
    stages = ("load", "link", "render and write", "index", "verify")
    stage_lines = [line.split(":")[0] for line in result.output.splitlines() if line.split(":")[0] in stages]
    assert stage_lines == list(stages)
    assert "\x1b" not in result.output
