"""Shared test helpers: fixture sites written into tmp_path, builds, and parsed HTML."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import cli
from generator.build import BuildOptions, BuildReport, build

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEMO_CONTENT = PROJECT_DIR / "content"

SITE_YAML = """\
title: Testreferater
language: da
base_url: /
bodies:
  - slug: direktionen
    name: Direktionen
  - slug: udvalg
    name: Økonomiudvalget
municipality: Testkommune
website: https://www.example.dk
accessibility_statement: https://www.was.digst.dk/example-dk
"""

MEMBERS = """\
members:
  - role: Kommunaldirektør
    name: Jonas Kroustrup
  - role: Velfærdsdirektør
    name: Lene Mehlsen Thomsen
"""


def meeting_text(body: str = "direktionen", date: str = "2024-03-06", items: str = "", header: str = "") -> str:
    """Return a meeting file: a valid header (extra lines in `header`) and the given items."""
    if not items:
        items = "# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\nBudgettet blev gennemgået.\n"
    front = (f"body: {body}\ndate: {date}\nstart: \"9:00\"\nend: \"12:00\"\n"
             f"location: Rådhuset\nkind: referat\n{MEMBERS}{textwrap.dedent(header)}")
    return f"---\n{front}---\n\n{textwrap.dedent(items)}"


class ContentFactory:
    """Writes a fixture content folder: site.yaml plus meeting files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")

    def meeting(self, name: str, text: str) -> Path:
        """Write a meeting file at meetings/<name> and return its path."""
        path = self.root / "meetings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def file(self, name: str, data: bytes = b"%PDF-1.4 test\n") -> Path:
        """Write a file (e.g. an attachment) below the content folder."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


@pytest.fixture(autouse=True)
def no_default_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give in-process CLI builds no cache unless a test asks for one with --cache.

    Many tests patch the build's code (a broken redaction, a leaky index) and build again: the per-meeting
    cache is keyed by the code's files, which a patch does not change, so it would serve the unpatched result.
    """
    original = cli.cache_folder
    monkeypatch.setattr(cli, "cache_folder", lambda out_dir, cache_dir, no_cache:
                        original(out_dir, cache_dir, no_cache) if cache_dir is not None else None)


@pytest.fixture
def content(tmp_path: Path) -> ContentFactory:
    """An empty fixture content folder with site.yaml."""
    return ContentFactory(tmp_path / "content")


def run_build(content_dir: Path, out_dir: Path, base_url: str | None = None) -> BuildReport:
    """Build a content folder into out_dir with the project's templates."""
    return build(BuildOptions(content_dir=content_dir, out_dir=out_dir, base_url=base_url))


def parse_html(path: Path) -> BeautifulSoup:
    """Parse an output page."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def all_output_bytes(out_dir: Path) -> Callable[[], list[tuple[Path, bytes]]]:
    """Return every file under the output with its bytes."""
    return lambda: [(p, p.read_bytes()) for p in sorted(out_dir.rglob("*")) if p.is_file()]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content built once into a temporary folder."""
    out = tmp_path_factory.mktemp("demo") / "site"
    run_build(DEMO_CONTENT, out)
    return out


SUMMARY = "summary"  # record_property(SUMMARY, line): a line shown at the end of the run
RecordProperty = Callable[[str, object], None]  # pytest's record_property fixture


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show the lines tests recorded under SUMMARY (what a property test saw), also from xdist's workers."""
    lines = {(report.nodeid, str(value)): None for reports in terminalreporter.stats.values() for report in reports
             if getattr(report, "when", None) == "call"
             for name, value in getattr(report, "user_properties", ()) if name == SUMMARY}
    if lines:
        terminalreporter.section("what the tests saw")
        for _, line in sorted(lines):
            terminalreporter.write_line(line)
