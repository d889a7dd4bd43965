"""The one orchestrator: a flat list of named stages, each timed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.content.config import SITE_FILE, normalise_base_url
from generator.content.load import load_results, load_settings
from generator.errors import BuildError, ContentError, display_path
from generator.incremental.cache import MeetingCache, settings_digest
from generator.incremental.gcpause import frozen_gc
from generator.incremental.rendered import load_rendered, save_rendered
from generator.link.archive import Archive, link_archive
from generator.markdown import forget_plain, remember_plain
from generator.publish.leakguard import MeetingPrints, combine_prints
from generator.publish.search import index_site
from generator.publish.verify import verify_output
from generator.publish.write import (
    OutputFolderError,
    SourceChanged,
    atomic_output,
    check_output_folder,
    copy_checked,
    copy_file,
    previous_meetings,
    previous_site,
    remove_folder,
    write_pages,
)
from generator.redaction import PublishedFile
from generator.render.channels import render_channels
from generator.render.excerpt import forget_plain_texts
from generator.render.identity import identity_warnings
from generator.render.pages import load_strings
from generator.render.piececache import PieceStore, load_pieces, save_pieces
from generator.render.renderpool import RenderResult, render_and_write

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
    cache_dir: Path | None = None  # the persistent per-meeting cache; None: no persistent cache
    workers: int | None = None  # processes for per-meeting work and rendering; None: as many as fit


@dataclass
class BuildReport:
    """What a build did, for the command line: counts and the time of each stage."""

    meetings: int = 0
    items: int = 0
    pages: int = 0
    checked_files: int = 0  # files the leak guard read back before the site was swapped in
    linked_files: int = 0  # files unchanged since the previous build, hard-linked instead of written
    rendered_pages: int = 0  # pages whose templates ran (the others were unchanged in their inputs)
    scanned_files: int = 0  # of those, the files it looked into (the others were found clean before, unchanged)
    timings: list[tuple[str, float]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total); total 0 when unknown

    def advance(self, stage: str, done: int, total: int) -> None:
        """Tell the progress display how far a stage has come."""
        if self.progress is not None:
            self.progress(stage, done, total)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.advance(name, 0, 0)  # a stage's start is the progress display's boundary
        started = time.perf_counter()
        yield
        self.timings.append((name, time.perf_counter() - started))


Prepared = tuple[Archive, tuple[PublishedFile, ...], tuple[MeetingPrints, ...]]


def prepare(options: BuildOptions, report: BuildReport, cache: MeetingCache | None = None) -> Prepared:
    """Load, redact and link the content: everything before rendering; raise BuildError on mistakes.

    Meetings whose results `cache` holds are taken from it; it keeps the new ones until it is saved.
    """
    with report.stage("load"):
        forget_plain()
        forget_plain_texts()
        config, errors = load_settings(options.content_dir)
        if options.base_url is not None:
            config = replace(config, base_url=normalise_base_url(options.base_url))
        strings = load_strings(options.templates_dir, config.language)
        if cache is not None:
            cache.start(settings_digest(config, strings))
        results = load_results(options.content_dir, config, strings, errors, cache, options.workers,
                               lambda done, total: report.advance("load", done, total))
        remember_plain(rendering for result in results for rendering in result.plain_html)
    with report.stage("link"):
        archive = link_archive(config, tuple(result.meeting for result in results))
        site_file = display_path(options.content_dir / SITE_FILE, options.content_dir)
        warnings = (*identity_warnings(config, site_file), *(w for r in results for w in r.warnings),
                    *archive.warnings)
        report.warnings = [str(warning) for warning in warnings]
    report.meetings = len(archive.meetings)
    report.items = sum(len(m.items) for m in archive.meetings)
    files = tuple(file for result in results for file in result.files)
    return archive, files, tuple(result.prints for result in results)


def check(options: BuildOptions, report: BuildReport | None = None) -> BuildReport:
    """Check the content as a build would, writing no site; raise BuildError on mistakes."""
    report = report if report is not None else BuildReport()
    cache = open_cache(options)
    prepare(options, report, cache)
    save_cache(cache, report)
    return report


def open_cache(options: BuildOptions) -> MeetingCache | None:
    """Return the persistent per-meeting cache the options ask for, if any."""
    return MeetingCache(options.cache_dir, options.content_dir) if options.cache_dir is not None else None


def save_cache(cache: MeetingCache | None, report: BuildReport) -> None:
    """Write the cache's new entries after a successful build; a cache that cannot be written is a warning."""
    if cache is not None:
        cache.save()
        report.warnings.extend(cache.warnings)


def build(options: BuildOptions, report: BuildReport | None = None) -> BuildReport:
    """Build the site; raise BuildError (content) or OutputFolderError, leaving the old site intact.

    A `report` given (e.g. with a progress display) is filled in and returned.
    """
    report = report if report is not None else BuildReport()
    check_output_folder(options.out_dir, options.content_dir)
    cache = open_cache(options)
    archive, files, prints = prepare(options, report, cache)
    if not archive.meetings and not options.allow_empty and (held := previous_meetings(options.out_dir)) != 0:
        holds = f"holds {held} meetings" if held > 0 else "may hold meetings"
        raise OutputFolderError(f"the content has no meetings, but the site in {options.out_dir} {holds}; "
                                "it is not replaced by an empty site. Check that content/meetings/ is there and "
                                "readable, or build with --allow-empty if the archive really should be empty")
    # The model lives until the build ends: the collector need not walk it again. The previous site is
    # removed in the background once swapped out, while the caches are saved.
    with frozen_gc(), ThreadPoolExecutor(1) as remover:
        rendered, pieces = write_site(options, report, archive, files, prints, cache is not None,
                                      lambda folder: remover.submit(remove_folder, folder))
        save_cache(cache, report)
        if cache is not None and cache.writable:  # a cache folder that cannot be used has had its one warning
            report.warnings.extend(save_rendered(options.cache_dir, rendered.record))
            if pieces is not None and (pieces.made or pieces.kept.keys() != pieces.known.keys()):
                report.warnings.extend(save_pieces(options.cache_dir, pieces.kept))
    report.pages = len(rendered.paths)
    return report


def write_site(options: BuildOptions, report: BuildReport, archive: Archive, files: tuple[PublishedFile, ...],
               prints: tuple[MeetingPrints, ...], cached: bool, discard: Callable[[Path], object]
               ) -> tuple[RenderResult, PieceStore | None]:
    """Render, write, index and verify the site in a staging folder, then swap it in; `discard` gets the old one."""
    previous = previous_site(options.out_dir)
    # The pool is left (waiting for the indexing) before the staging folder is: never removed under Pagefind.
    with atomic_output(options.out_dir, len(archive.meetings), discard) as staging, ThreadPoolExecutor(1) as indexer:
        with report.stage("render and write"):
            rendered = render_and_write(
                archive, options.templates_dir, staging, previous, options.workers,
                lambda done, total: report.advance("render and write", done, total),
                load_rendered(options.cache_dir) if cached else None)
            report.linked_files, report.rendered_pages = rendered.linked, rendered.rendered
            # Pagefind reads only the meeting pages, now written: it indexes them in its own processes
            # while this one writes the files beside the pages.
            indexed = indexer.submit(index_site, staging, archive.meetings, options.out_dir) if options.search \
                else None
            pieces = PieceStore(load_pieces(options.cache_dir)) if cached else None
            channels = render_channels(archive, sorted(rendered.paths), options.templates_dir, options.workers, pieces)
            report.linked_files += write_pages(staging, channels, previous)
            copy_assets(options.templates_dir, staging)
            copy_attachments(options.content_dir, staging, files)
            if (logo := archive.config.identity).logo and logo.logo_path:
                copy_file(options.content_dir / logo.logo, staging, logo.logo_path)
        if indexed is not None:
            with report.stage("index"):  # what is left of it once the other files are written
                indexed.result()
        verify_stage(options, archive, prints, staging, report)
    return rendered, pieces


def verify_stage(options: BuildOptions, archive: Archive, prints: tuple[MeetingPrints, ...], staging: Path,
                 report: BuildReport) -> None:
    """Read back every written file and stop the build if it holds closed text (ClosedTextInOutput)."""
    with report.stage("verify"):
        fingerprints = combine_prints(archive.config, prints, options.templates_dir)
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
