"""The one orchestrator: a flat list of named stages, each timed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.archive import Archive, decision_warnings, link_archive
from generator.channels import render_channels
from generator.config import SITE_FILE, normalise_base_url
from generator.errors import BuildError, ContentError, display_path
from generator.identity import identity_warnings
from generator.leakguard import fingerprint
from generator.load import load_content
from generator.model import MeetingSource
from generator.redaction import PublishedFile, redact_meeting
from generator.render import render_pages
from generator.search import index_site
from generator.verify import verify_output
from generator.write import (
    OutputFolderError,
    SourceChanged,
    atomic_output,
    check_output_folder,
    copy_checked,
    copy_file,
    previous_meetings,
    write_pages,
)

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
    allow_empty: bool = False  # may a site with no meetings replace one that holds meetings?
    cache_dir: Path | None = None  # None: no persistent cache


@dataclass
class BuildReport:
    """What a build did, for the command line: counts and the time of each stage."""

    meetings: int = 0
    items: int = 0
    pages: int = 0
    checked_files: int = 0  # files the leak guard read back before the site was swapped in
    scanned_files: int = 0  # of those, the files it looked into (the others were found clean before, unchanged)
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
        site_file = display_path(options.content_dir / SITE_FILE, options.content_dir)
        warnings = (*identity_warnings(config, site_file), *decision_warnings(sources), *archive.warnings)
        report.warnings = [str(warning) for warning in warnings]
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
    if not archive.meetings and not options.allow_empty and (held := previous_meetings(options.out_dir)) != 0:
        holds = f"holds {held} meetings" if held > 0 else "may hold meetings"
        raise OutputFolderError(f"the content has no meetings, but the site in {options.out_dir} {holds}; "
                                "it is not replaced by an empty site. Check that content/meetings/ is there and "
                                "readable, or build with --allow-empty if the archive really should be empty")
    with report.stage("render"):
        pages = render_pages(archive, options.templates_dir)
        channels = render_channels(archive, sorted(pages), options.templates_dir)
    with atomic_output(options.out_dir, len(archive.meetings)) as staging:
        with report.stage("write"):
            write_pages(staging, {**pages, **channels})
            copy_assets(options.templates_dir, staging)
            copy_attachments(options.content_dir, staging, files)
            if (logo := archive.config.identity).logo and logo.logo_path:
                copy_file(options.content_dir / logo.logo, staging, logo.logo_path)
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
        checked = verify_output(staging, fingerprints, options.cache_dir)
        report.checked_files, report.scanned_files = checked.files, checked.scanned


def copy_assets(templates_dir: Path, root: Path) -> None:
    """Copy the static assets (CSS, scripts) next to the pages."""
    assets = templates_dir / "assets"
    for path in sorted(assets.rglob("*")):
        if path.is_file():
            copy_file(path, root, "assets/" + path.relative_to(assets).as_posix())


def copy_attachments(content_dir: Path, root: Path, files: tuple[PublishedFile, ...]) -> None:
    """Copy the files of open attachments, each only if it is still the file checked when loading.

    Closed attachments' files are never in this list; a file that cannot be read is a content error.
    """
    errors = []
    for file in files:
        try:
            copy_checked(content_dir / file.source, root, file.target, file.identity)
        except SourceChanged:
            errors.append(ContentError(file.location, "the attachment file was changed or replaced during the build",
                                       "build again when no one is changing the files"))
        except OSError as error:
            errors.append(ContentError(file.location, f"the attachment file cannot be read: {error.strerror}",
                                       "check that the file exists and may be read"))
    if errors:
        raise BuildError(errors)
