"""`minutes serve` watching: which changes count, the watcher itself, and the reload in a real browser."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright
from watchfiles import Change

from benchmarks.browser import chromium_path, launch
from generator.serve.livereload import OVERLAY_ID
from generator.serve.watch import SiteFilter, watch_changes
from tests.conftest import ContentFactory, meeting_text


def test_the_filter_keeps_content_and_drops_output_cache_staging_and_editor_files(tmp_path: Path) -> None:
    keep = SiteFilter(tmp_path / "site", tmp_path / ".minutes-cache")
    kept = ["content/meetings/d/a.md", "content/site.yaml", "site-notes/a.md", "templates/base.html",
            "content/meetings/d/a.md.bak"]
    dropped = ["site/index.html", "site", ".site.new-x1y2/index.html", ".site.old-abc/d/index.html",
               ".minutes-cache/load/ab.bin", "content/meetings/d/.a.md.swp", "content/meetings/d/a.md~",
               "content/meetings/d/4913", "content/meetings/d/#a.md#", "content/meetings/d/.#a.md",
               "content/.git/index", "templates/base.html.kate-swp", "content/meetings/d/a.md.tmp"]
    assert [name for name in kept if not keep(Change.modified, str(tmp_path / name))] == []
    assert [name for name in dropped if keep(Change.added, str(tmp_path / name))] == []


def test_the_watcher_reports_bursts_keeps_changes_made_during_a_build_and_stops(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    stop, bursts = threading.Event(), []

    def changed(count: int) -> None:
        bursts.append(count)
        if len(bursts) == 1:  # a clerk saves again while the build runs
            (folder / "b.md").write_text("b", encoding="utf-8")
            time.sleep(0.5)

    watcher = threading.Thread(target=watch_changes, args=((folder,), SiteFilter(tmp_path / "site"), stop, changed))
    watcher.start()
    try:
        deadline = time.monotonic() + 20
        while not bursts and time.monotonic() < deadline:  # the watcher starts in its own time
            (folder / "a.md").write_text(str(time.monotonic()), encoding="utf-8")
            time.sleep(0.3)
        while len(bursts) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(bursts) >= 2
    finally:
        stop.set()
        watcher.join(5)
    assert not watcher.is_alive()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless; missing Chromium fails in CI and skips elsewhere."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed (make browser)")
        pytest.skip("Chromium is not installed (make browser)")
    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        yield browser
        browser.close()


def items(text: str) -> str:
    """Return one open item with the given sentence."""
    return f"# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\n{text}\n"


def wait_for(path: Path, pattern: str, timeout: float = 30) -> re.Match[str]:
    """Wait until a growing log file matches a pattern."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if match := re.search(pattern, path.read_text(encoding="utf-8")):
            return match
        time.sleep(0.05)
    raise AssertionError(f"{pattern!r} not in {path.name}: {path.read_text(encoding='utf-8')}")


def test_serve_reloads_after_a_good_edit_and_shows_the_errors_of_a_bad_one(
        chromium: Browser, content: ContentFactory, tmp_path: Path) -> None:
    meeting = content.meeting("direktionen/2024-03-06.md", meeting_text(items=items("Første udgave af teksten.")))
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    # A process started in the background by a shell without job control (a CI script, `make test &`) ignores
    # Ctrl+C, and so would the server it starts, which then never stops. With a handler of its own here, the
    # server starts with Ctrl+C's default, as it does from a terminal.
    ignoring = signal.signal(signal.SIGINT, signal.default_int_handler)
    with out.open("w") as stdout, err.open("w") as stderr:
        try:
            server = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "--content", str(content.root), "--out",
                 str(tmp_path / "site"), "--base-url", "/referater/", "--port", "0"],
                stdout=stdout, stderr=stderr, env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"})
        finally:
            signal.signal(signal.SIGINT, ignoring)
    try:
        root = wait_for(out, r"at (http://127\.0\.0\.1:\d+/referater/)").group(1)
        page_url = root + "direktionen/2024-03-06/"
        page = chromium.new_page()
        blocked: list[str] = []
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        with page.expect_request(re.compile(r".*/__minutes/events$")):
            page.goto(page_url)
        expect(page.locator("main")).to_contain_text("Første udgave af teksten.")

        meeting.write_text(meeting_text(items=items("Anden udgave af teksten.")), encoding="utf-8")
        expect(page.locator("main")).to_contain_text("Anden udgave af teksten.", timeout=20_000)

        meeting.write_text(meeting_text(items="# 1. Økonomi\nstatus: luket\n\nTredje.\n"), encoding="utf-8")
        overlay = page.locator(f"#{OVERLAY_ID}")
        expect(overlay).to_be_visible(timeout=20_000)
        shown = overlay.locator("pre").inner_text()
        printed = err.read_text(encoding="utf-8").rsplit("building again.\n", 1)[1].rstrip("\n")
        assert shown == printed
        assert re.search(r"meetings/direktionen/2024-03-06\.md:\d+: item 1: 'status' must be", shown)
        assert shown.endswith("1 error; nothing was written.\nThe previous site in "
                              f"{tmp_path / 'site'} is left as it was.")
        expect(page.locator("main")).to_contain_text("Anden udgave af teksten.")  # no reload to a broken page
        with urllib.request.urlopen(page_url, timeout=10) as response:  # the last good site is still served
            assert response.status == 200
            assert "Anden udgave af teksten." in response.read().decode()

        meeting.write_text(meeting_text(items=items("Fjerde udgave af teksten.")), encoding="utf-8")
        expect(page.locator("main")).to_contain_text("Fjerde udgave af teksten.", timeout=20_000)
        expect(overlay).to_have_count(0)
        assert blocked == []
        page.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            # faulthandler (enabled in the server's environment) prints every thread's stack on SIGABRT.
            server.send_signal(signal.SIGABRT)
            server.wait(10)
            pytest.fail("minutes serve did not stop within 20 s of Ctrl+C; its threads and output:\n"
                        + out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8"))
        finally:
            server.kill()
    assert server.returncode == 0
    assert "Traceback" not in err.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8").rstrip().endswith("Stopped.")
