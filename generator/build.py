"""The one orchestrator: a flat list of named stages, each timed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.archive import Archive, link_archive
from generator.config import normalise_base_url
from generator.leakguard import fingerprint
from generator.load import load_content
from generator.model import MeetingSource
from generator.redaction import PublishedFile, redact_meeting
from generator.render import render_pages
from generator.search import index_site
from generator.verify import verify_output
from generator.write import atomic_output, check_output_folder, copy_file, write_pages

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = PROJECT_DIR / "templates"


@dataclass(frozen=True)
class BuildOptions:
    """What to build from where."""

    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    templates_dir: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    search: bool = True  # the search index; tests that only check pages may leave it out


@dataclass
class BuildReport:
    """What a build did, for the command line: counts and the time of each stage."""

    meetings: int = 0
    items: int = 0
    pages: int = 0
    checked_files: int = 0  # files the leak guard read back before the site was swapped in
    timings: list[tuple[str, float]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings.append((name, time.perf_counter() - started))


Prepared = tuple[Archive, tuple[PublishedFile, ...], tuple[MeetingSource, ...]]


def prepare(options: BuildOptions, report: BuildReport) -> Prepared:
    """Load, redact and link the content: everything before rendering; raise BuildError on mistakes."""
    with report.stage("load"):
        config, sources = load_content(options.content_dir)
        if options.base_url is not None:
            config = replace(config, base_url=normalise_base_url(options.base_url))
    with report.stage("redact"):
        redacted = [redact_meeting(source) for source in sources]
        files = tuple(file for _, published in redacted for file in published)
    with report.stage("link"):
        archive = link_archive(config, tuple(meeting for meeting, _ in redacted))
        report.warnings = [str(warning) for warning in archive.warnings]
    report.meetings = len(archive.meetings)
    report.items = sum(len(m.items) for m in archive.meetings)
    return archive, files, sources


def check(options: BuildOptions) -> BuildReport:
    """Check the content as a build would, writing nothing; raise BuildError on mistakes."""
    report = BuildReport()
    prepare(options, report)
    return report


def build(options: BuildOptions) -> BuildReport:
    """Build the site; raise BuildError (content) or OutputFolderError, leaving the old site intact."""
    report = BuildReport()
    check_output_folder(options.out_dir, options.content_dir)
    archive, files, sources = prepare(options, report)
    with report.stage("render"):
        pages = render_pages(archive, options.templates_dir)
    with atomic_output(options.out_dir) as staging:
        with report.stage("write"):
            write_pages(staging, pages)
            copy_assets(options.templates_dir, staging)
            copy_attachments(options.content_dir, staging, files)
        if options.search:
            index_stage(archive, staging, report)
        verify_stage(options, archive, sources, staging, report)
    report.pages = len(pages)
    return report


def index_stage(archive: Archive, staging: Path, report: BuildReport) -> None:
    """Index the written meeting pages for search; a failure leaves the previous site in place."""
    with report.stage("index"):
        index_site(staging, expected_pages=len(archive.meetings))


def verify_stage(options: BuildOptions, archive: Archive, sources: tuple[MeetingSource, ...], staging: Path,
                 report: BuildReport) -> None:
    """Read back every written file and stop the build if it holds closed text (ClosedTextInOutput)."""
    with report.stage("verify"):
        fingerprints = fingerprint(archive.config, sources, options.content_dir, options.templates_dir)
        report.checked_files = verify_output(staging, fingerprints)


def copy_assets(templates_dir: Path, root: Path) -> None:
    """Copy the static assets (CSS, scripts) next to the pages."""
    assets = templates_dir / "assets"
    for path in sorted(assets.rglob("*")):
        if path.is_file():
            copy_file(path, root, "assets/" + path.relative_to(assets).as_posix())


def copy_attachments(content_dir: Path, root: Path, files: tuple[PublishedFile, ...]) -> None:
    """Copy the files of open attachments; closed attachments' files are never in this list."""
    for file in files:
        copy_file(content_dir / file.source, root, file.target)
