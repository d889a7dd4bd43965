"""The search stage: Pagefind's indexer run over the written site, one small index (shard) per group of years.

Only elements marked `data-pagefind-body` are indexed (the meeting pages mark their content; the
templates mark navigation, tables of contents and repeated lists `data-pagefind-ignore`). The index
is built from the rendered pages, which hold no closed text, so it cannot hold any either.

Pagefind holds a whole index in memory and cannot update one (Pagefind/pagefind#71, #842), so the meetings
are split by year into shards (`pagefind/<years>/`), each indexed by its own run of Pagefind's binary (at
most two at a time) and merged in the browser with Pagefind's `mergeIndex` (assets/search.js). A shard's
folder records the digests of the pages it was built from; when the previous site holds a shard with the same
record, its files are linked instead of indexed again, which gives the same bytes (figures in docs/search.md).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pagefind_bin  # type: ignore[import-untyped]  # the package ships no type information

from generator.model import Meeting
from generator.publish.pagefind_order import UnexpectedPagefindOutput, order_bundle
from generator.publish.write import SITE_MARKER

BUNDLE_DIR = "pagefind"
SHARDS_FILE = "shards.json"  # the shard folders, newest first: read by assets/search.js
DIGEST_FILE = "pages.sha256"  # in each shard: the digests of the pages it was built from
ROOT_SELECTOR = "[data-pagefind-body]"
YEARS_PER_SHARD = 2  # measured at 10,000 meetings: see docs/search.md
PARALLEL_RUNS = 2
# Pagefind's interface files: kept once, in pagefind/, where the templates load them from.
UI_FILES = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-highlight.js",
            "pagefind-modular-ui.css", "pagefind-modular-ui.js", "pagefind-ui.css", "pagefind-ui.js")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the previous site is left as it was."""


@dataclass(frozen=True)
class Shard:
    """One index: its folder name below pagefind/ and the meeting pages it holds (paths below the site)."""

    key: str
    pages: tuple[str, ...]


def filter_value(name: str) -> str:
    """Return a filter value (a body, topic or kind name) as the meeting template must hand it to Pagefind.

    Pagefind's interface inserts filter names and values into the page as HTML, and its indexer decodes
    character references in an attribute twice. So the value is escaped twice here and once more by the
    template: the index then holds the name escaped once, and the interface shows it exactly as written,
    `&lt;u&gt;` as `&lt;u&gt;` and `<b>` as `<b>`, never as markup. `order_bundle` checks the result.
    """
    return html.escape(html.escape(name))


def pagefind_executable() -> Path:
    """Return the path of the Pagefind binary that the `pagefind_bin` package ships."""
    return Path(pagefind_bin.get_executable())


def shard_key(year: int) -> str:
    """Return the shard of a meeting's year: fixed groups of years, so that a new year never moves an old one."""
    first = year - year % YEARS_PER_SHARD
    return str(first) if YEARS_PER_SHARD == 1 else f"{first}-{first + YEARS_PER_SHARD - 1}"


def plan_shards(meetings: Iterable[Meeting]) -> list[Shard]:
    """Group the meeting pages into shards, newest first (the first is the one the browser loads first)."""
    groups: dict[str, list[str]] = {}
    for meeting in meetings:
        groups.setdefault(shard_key(meeting.date.year), []).append(f"{meeting.path}index.html")
    return [Shard(key, tuple(sorted(groups[key]))) for key in sorted(groups, reverse=True)]


def shard_glob(shard: Shard) -> str:
    """Return the pattern of a shard's meeting pages, `<body>/<date>[-suffix]/index.html` of its years."""
    years = sorted({page.split("/")[1][:4] for page in shard.pages})
    return "*/{" + ",".join(f"{year}-*" for year in years) + "}/index.html"


def pagefind_command(shard: Shard, output: Path) -> list[str]:
    """Return the command line that indexes one shard's pages of the site (the working folder) into `output`."""
    # Other pages the pattern may match (a topic named '2024-…') have no root element: Pagefind skips them.
    return [str(pagefind_executable()), "--site", ".", "--glob", shard_glob(shard), "--output-path", str(output),
            "--root-selector", ROOT_SELECTOR, "--quiet"]


def shard_record(site_dir: Path, shard: Shard, previous: Path | None) -> str:
    """Return what a shard's index is made from: Pagefind's version and options, and each page's digest.

    A page that is the very file of the previous site (the write stage links unchanged pages) keeps the
    digest recorded there, so an unchanged archive is not read again; but only if it was last modified
    before the previous build began (its marker's time): the record holds the bytes a page had during that
    build, and writing into the file since would have given it a later time.
    """
    known = recorded_pages(previous, shard.key)
    settled = built_at(previous)
    lines = [f"pagefind {version('pagefind_bin')} {ROOT_SELECTOR}"]
    for page in shard.pages:
        status = os.stat(site_dir / page)
        digest = known.get((page, status.st_size))
        if (digest is None or previous is None or status.st_mtime_ns >= settled
                or not same_file(status, previous / page)):
            digest = hashlib.sha256((site_dir / page).read_bytes()).hexdigest()
        lines.append(f"{digest} {status.st_size} {page}")
    return "\n".join(lines) + "\n"


def built_at(site: Path | None) -> int:
    """Return the modification time of a site's marker, written as its build began (-1 if there is none)."""
    try:
        return os.lstat(site / SITE_MARKER).st_mtime_ns if site is not None else -1
    except OSError:
        return -1


def recorded_pages(previous: Path | None, key: str) -> dict[tuple[str, int], str]:
    """Return the page digests a shard of the previous site recorded, by page and size (none if unreadable)."""
    try:
        text = (previous / BUNDLE_DIR / key / DIGEST_FILE).read_text(encoding="utf-8") if previous else ""
    except (OSError, UnicodeDecodeError):
        return {}
    known = {}
    for line in text.splitlines()[1:]:
        digest, size, page = [*line.split(" ", 2), "", ""][:3]
        if size.isdigit():
            known[(page, int(size))] = digest
    return known


def same_file(status: os.stat_result, path: Path) -> bool:
    """Tell whether a path is the file of this status (a hard link of it)."""
    try:
        return os.path.samestat(status, os.stat(path))
    except OSError:
        return False


def index_site(site_dir: Path, meetings: Iterable[Meeting], previous: Path | None = None) -> int:
    """Index the meeting pages of a written site into `<site>/pagefind/`, one shard per group of years.

    `previous` is the site being replaced: a shard whose pages are unchanged is linked from it, not indexed
    again. Return the number of pages indexed.
    """
    return index_shards(site_dir, plan_shards(meetings), previous)


def index_shards(site_dir: Path, shards: list[Shard], previous: Path | None = None) -> int:
    """Index each shard (newest first) into `<site>/pagefind/<key>/`; return the number of pages indexed."""
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)  # whatever was there is not this build's index
    if not shards:
        return 0  # Pagefind refuses to write an index of nothing; the search page says it found nothing.
    bundle.mkdir()
    if previous is not None and not all((previous / BUNDLE_DIR / name).is_file() for name in UI_FILES):
        previous = None  # not a site this build wrote: index every shard
    digests = {shard.key: shard_record(site_dir, shard, previous) for shard in shards}
    fresh = [shard for shard in shards if not reuse_shard(previous, site_dir, shard.key, digests[shard.key])]
    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        list(pool.map(lambda shard: index_shard(site_dir, shard), fresh))
    for shard in fresh:
        keep_interface_files(bundle / shard.key, bundle)
        (bundle / shard.key / DIGEST_FILE).write_text(digests[shard.key], encoding="utf-8")
    if not fresh:
        link_interface_files(previous, site_dir)
    (bundle / SHARDS_FILE).write_text(json.dumps([shard.key for shard in shards]), encoding="utf-8")
    return check_counts(site_dir, shards)


def index_shard(site_dir: Path, shard: Shard) -> None:
    """Run Pagefind over one shard's pages and order its files."""
    output = site_dir / BUNDLE_DIR / shard.key
    run_pagefind(pagefind_command(shard, output.resolve()), site_dir, len(shard.pages))
    try:
        order_bundle(output)
    except UnexpectedPagefindOutput as error:
        raise SearchIndexError(str(error)) from error


def run_pagefind(command: list[str], cwd: Path, pages: int) -> None:
    """Run Pagefind's binary once; raise SearchIndexError if it fails."""
    # Pagefind reads pagefind.yml and PAGEFIND_* variables; the build must not depend on either.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from error
    if result.returncode != 0:
        output = " ".join(dict.fromkeys((result.stderr or result.stdout).split("\n"))).strip()
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): {output} ({hint(pages)})")


def hint(pages: int) -> str:
    """Say what to check when Pagefind indexed fewer pages than there are meetings."""
    return f"the site has {pages} meeting pages: does the meeting template mark its content {ROOT_SELECTOR}?"


def reuse_shard(previous: Path | None, site_dir: Path, key: str, digest: str) -> bool:
    """Link a shard from the previous site if it was built from the same pages; return whether it was."""
    if previous is None:
        return False
    old = previous / BUNDLE_DIR / key
    try:
        if (old / DIGEST_FILE).read_text(encoding="utf-8") != digest:
            return False
    except (OSError, UnicodeDecodeError):
        return False
    new = site_dir / BUNDLE_DIR / key
    for source in sorted(old.rglob("*")):
        target = new / source.relative_to(old)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(source, target)
    return True


def keep_interface_files(shard: Path, bundle: Path) -> None:
    """Move Pagefind's interface files out of a shard into pagefind/ (every run writes the same ones)."""
    for name in UI_FILES:
        if (shard / name).exists():
            os.replace(shard / name, bundle / name)


def link_interface_files(previous: Path | None, site_dir: Path) -> None:
    """Take Pagefind's interface files from the previous site when no shard was indexed in this build."""
    if previous is None:
        raise SearchIndexError("no shard was indexed and there is no previous site to take Pagefind's files from")
    for name in UI_FILES:
        link_or_copy(previous / BUNDLE_DIR / name, site_dir / BUNDLE_DIR / name)


def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link a file (it is never written to afterwards), or copy it where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def check_counts(site_dir: Path, shards: list[Shard]) -> int:
    """Check that every shard indexed each of its pages; return the number of pages indexed."""
    for shard in shards:
        indexed = bundle_pages(site_dir / BUNDLE_DIR / shard.key)
        if indexed != len(shard.pages):
            raise SearchIndexError(f"Pagefind indexed {indexed} pages in the shard {shard.key}, but "
                                   f"{hint(len(shard.pages))}")
    return sum(len(shard.pages) for shard in shards)


def bundle_pages(bundle: Path) -> int:
    """Return how many pages one Pagefind bundle holds, from its entry file."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def shard_folders(site_dir: Path) -> list[Path]:
    """Return the shard folders of a built site's index, newest first (none if it has no index)."""
    listing = site_dir / BUNDLE_DIR / SHARDS_FILE
    if not listing.exists():
        return []
    return [site_dir / BUNDLE_DIR / key for key in json.loads(listing.read_text(encoding="utf-8"))]


def indexed_pages(site_dir: Path) -> int:
    """Return how many pages the index of a built site holds, summed over its shards."""
    return sum(bundle_pages(folder) for folder in shard_folders(site_dir))
