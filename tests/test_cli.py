"""The `minutes` command as a clerk uses it: messages, exit codes, and the local server."""

from __future__ import annotations

import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import DEFAULT_TEMPLATES
from generator.cli import main
from generator.serve.server import make_server
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text, run_build


def test_build_reports_errors_with_file_line_and_fix_and_exits_non_zero(content: ContentFactory,
                                                                        tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text(items="# 1. Sag\nstatus: luket\n"))
    content.meeting("d/b.md", meeting_text(date="2024-02-30"))
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.endswith('meetings/d/a.md:16: item 1: \'status\' must be "åben" or "lukket"')
               for line in lines), result.output
    assert any("meetings/d/b.md:3: meeting header: 'date' is not a real date" in line for line in lines)
    assert sum("how to fix:" in line for line in lines) == 2
    assert "2 errors; nothing was written." in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_build_and_check_succeed_on_the_demo(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert without_warnings(result.output)[0].startswith("Built 3 meetings (19 items")
    result = runner.invoke(main, ["check", "--content", str(DEMO_CONTENT)])
    assert (result.exit_code, without_warnings(result.output)) == (0, ["No errors in 3 meetings."])


def without_warnings(output: str) -> list[str]:
    """The lines of the output that are not warnings (the demo's closed items publish no decision)."""
    return [line for line in output.splitlines() if not line.startswith(("warning:", "    how to fix:"))]


def test_check_fails_like_build(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(body="ukendt"))
    result = CliRunner().invoke(main, ["check", "--content", str(content.root)])
    assert result.exit_code == 1
    assert "unknown body 'ukendt'" in result.output


def test_foreign_output_folder_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "was not made by 'minutes build'" in result.output


@pytest.mark.parametrize("base_path", ["/", "/referater/"])
def test_server_serves_the_site_under_its_base_path(tmp_path: Path, base_path: str) -> None:
    site = tmp_path / "site"
    run_build(DEMO_CONTENT, site, base_url=base_path)
    server = make_server(site, base_path, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{root}{base_path}direktionen/2023-08-30/") as response:
            assert response.status == 200
            assert "Direktionen, 30. august 2023" in response.read().decode()
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"{root}{base_path}findes-ikke/")
        assert raised.value.code == 404
        assert "Siden findes ikke" in raised.value.read().decode()
    finally:
        server.shutdown()
        server.server_close()


def test_a_template_syntax_error_is_a_file_line_error_not_a_traceback(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "site"),
                                       "--templates", str(templates)])
    assert result.exit_code == 1
    lines = base.read_text(encoding="utf-8").count("\n")
    assert f"base.html:{lines}: template: Expected an expression" in result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_the_cache_folder_may_not_overlap_the_output(tmp_path: Path) -> None:
    for cache in (tmp_path / "site", tmp_path / "site" / "cache", tmp_path):
        result = CliRunner().invoke(main, ["build", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "site"),
                                           "--cache", str(cache)])
        assert result.exit_code == 2 and "overlaps the output folder" in result.output, cache
