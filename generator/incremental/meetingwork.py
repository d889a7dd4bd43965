"""The work on one meeting file, and running it over many in a process pool.

Reading aside, a meeting's work (parse, validate, redact, warnings, leak-guard prints) is a pure function
of its text, the attachment files it names, the site settings and the code: `process_meeting` returns it
as one frozen, picklable `MeetingResult`, which the pool sends back and the cache (incremental/cache.py) keeps.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.content.attachments import FILES_DIR
from generator.content.parse import parse_meeting
from generator.content.sources import SourceText
from generator.errors import ContentError, SourceLocation
from generator.incremental.gcpause import frozen_gc
from generator.link.archive import decision_warnings
from generator.link.datephrases import candidate_dates
from generator.markdown import plain_renderings
from generator.model import Meeting, MeetingSource, OpenItem, SiteConfig, Status
from generator.publish.leakguard import MeetingPrints, meeting_prints
from generator.redaction import PublishedFile, redact_meeting
from generator.render.excerpt import visible_text
from generator.render.pages import Strings

POOL_THRESHOLD = 32  # below this many meetings a pool costs more to start than it saves
MAX_WORKERS = 4
# Left free when counting the workers that fit: the system, Pagefind and the files' own buffers need some.
MEMORY_RESERVE = 2**30
MEMINFO = Path("/proc/meminfo")
STATM = Path("/proc/self/statm")

Identity = tuple[int, int]
Stamp = tuple[str, tuple[int, ...]]  # a file's path below the content folder and what its status said
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class AttachmentFact:
    """What the cross-file checks need of an attachment: the file it is, where it was named, closed or not."""

    identity: Identity
    location: SourceLocation
    closed: bool


@dataclass(frozen=True)
class MeetingResult:
    """One meeting's public model, published files, warnings, leak-guard prints and cross-file facts."""

    source: str  # the file's name as shown in messages
    meeting: Meeting
    files: tuple[PublishedFile, ...]
    warnings: tuple[ContentError, ...]
    prints: MeetingPrints
    address: str
    attachments: tuple[AttachmentFact, ...]
    stamps: tuple[Stamp, ...]  # the attachment files read, as they were before their bytes were read
    cacheable: bool  # False when an attachment changed while it was being checked
    # The HTML of the open items' texts rendered without date links (public: from the redacted model), so
    # that the link stage, which renders every text, does not do it again on a rebuild.
    plain_html: tuple[tuple[str, str], ...] = ()
    # For the link stage, so that a rebuild does not work them out again for every meeting: the dates each
    # open text could refer to (texts without any left out), and the visible text of each open decision's HTML.
    dates: tuple[tuple[str, frozenset[dt.date]], ...] = ()
    decision_texts: tuple[tuple[str, str], ...] = ()


def meeting_address(meeting: Meeting | MeetingSource) -> str:
    """Return the address a meeting's page gets, e.g. 'direktionen/2024-03-06/'."""
    suffix = f"-{meeting.suffix}" if meeting.suffix else ""
    return f"{meeting.body.slug}/{meeting.date.isoformat()}{suffix}/"


def attachment_facts(source: MeetingSource) -> tuple[AttachmentFact, ...]:
    """Return the identity, place and closedness of every attachment file a meeting names."""
    return tuple(
        AttachmentFact(attachment.identity, attachment.location,
                       item.status is Status.CLOSED or attachment.status is Status.CLOSED)
        for item in source.items for attachment in item.attachments if attachment.identity is not None
    )


def file_stamp(content_dir: Path, relative: str, folder: bool = False) -> Stamp:
    """Return what tells whether a file (or, without times, a folder) is still the one read; () if missing."""
    try:
        link = os.lstat(content_dir / relative)
        if folder:
            return relative, (link.st_dev, link.st_ino, link.st_mode)
        target = os.stat(content_dir / relative)
    except (OSError, ValueError):
        return relative, ()
    return relative, (link.st_dev, link.st_ino, link.st_mode, link.st_size, link.st_mtime_ns,
                      target.st_dev, target.st_ino, target.st_mode, target.st_size, target.st_mtime_ns)


def process_meeting(text: SourceText, config: SiteConfig, content_dir: Path,
                    strings: Strings) -> MeetingResult | list[ContentError]:
    """Parse, validate and redact one meeting; return its result or every error in it."""
    parsed = parse_meeting(text, config, content_dir)
    if isinstance(parsed, list):
        return parsed
    facts = attachment_facts(parsed)
    names = sorted({a.file for item in parsed.items for a in item.attachments if a.file})
    # Stamped after the checks and before the leak guard reads any bytes: a later change shows in the stamp.
    stamps = tuple(file_stamp(content_dir, name) for name in names)
    if names:
        stamps += (file_stamp(content_dir, FILES_DIR, folder=True),)
    identities = {a.file: a.identity for item in parsed.items for a in item.attachments if a.file}
    cacheable = all(stamp and stamp[5:7] == identities[name] for name, stamp in stamps if name in identities)
    meeting, files = redact_meeting(parsed)
    plain = plain_renderings(text for item in meeting.items if isinstance(item, OpenItem)
                             for text in (item.intro, *(section.markdown for section in item.sections)))
    return MeetingResult(text.name, meeting, files, decision_warnings((parsed,)),
                         meeting_prints(parsed, content_dir, strings), meeting_address(parsed), facts, stamps,
                         cacheable, plain, link_dates(meeting, plain), decision_texts(meeting, plain))


def link_dates(meeting: Meeting, plain: tuple[tuple[str, str], ...]) -> tuple[tuple[str, frozenset[dt.date]], ...]:
    """Return the dates each open text of a meeting could refer to, for the texts that could refer to any."""
    found = ((text, frozenset(candidate_dates(text.replace("\\", ""), meeting.date))) for text, _ in plain)
    return tuple((text, dates) for text, dates in found if dates)


def decision_texts(meeting: Meeting, plain: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Return the HTML of each open item's decision, rendered without date links, with its visible text."""
    html = dict(plain)
    decisions = (next((s.markdown for s in item.sections if s.is_decision), "") for item in meeting.items
                 if isinstance(item, OpenItem))
    # Not kept in the process (a pool worker would keep every meeting's): the build takes them from the result.
    return tuple((html[text], visible_text(html[text])) for text in dict.fromkeys(decisions) if text in html)


def worker_count() -> int:
    """Return how many processes per-meeting work may use."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def memory_now() -> tuple[int, int] | None:
    """Return this process's resident bytes and the bytes the system has available, or None where unknown."""
    try:
        resident = int(STATM.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        for line in MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return resident, int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def fitting_workers(wanted: int) -> int:
    """Return how many of `wanted` forked workers fit in the memory available now (at least 1).

    A forked worker shares this process's pages only until it touches them, and reading an object writes
    its reference count: a worker that reads the whole archive (a page of every meeting) ends up with a
    copy of it. So each worker is counted at this process's whole size. At 100,000 meetings two such
    copies beside the parent do not fit in 24 GiB, and the work is better done in this process.
    """
    memory = memory_now()
    if memory is None:
        return wanted
    resident, available = memory
    return max(1, min(wanted, (available - MEMORY_RESERVE) // max(resident, 1)))


_TASK: tuple[Callable[[object], object], Sequence[object]] | None = None


def _run_one(index: int) -> object:
    assert _TASK is not None, "a pool worker runs only under pool_map"
    function, items = _TASK
    return function(items[index])


def pool_map(function: Callable[[T], R], items: Sequence[T], workers: int | None = None,
             threshold: int | None = None, progress: Callable[[int, int], None] | None = None) -> list[R]:
    """Apply a function to every item, in a forked process pool when there are enough; keep the order.

    The function and the items are inherited by the forked workers, never pickled; only results travel.
    An exception in a worker is raised here, and a worker that dies raises BrokenProcessPool.
    `progress(done, total)` is told now and then (every 1 % or 50 items, whichever is more).
    Without a number of `workers`, as many as there are cores (at most MAX_WORKERS) and as fit in memory.
    """
    global _TASK
    threshold = POOL_THRESHOLD if threshold is None else threshold
    if workers is None:
        workers = worker_count() if len(items) < threshold else fitting_workers(worker_count())
    if workers < 2 or len(items) < threshold or "fork" not in multiprocessing.get_all_start_methods():
        return _collect((function(item) for item in items), len(items), progress)
    _TASK = (function, items)  # type: ignore[assignment]
    # Objects the collector would visit in a worker are copied there page by page; frozen, they stay shared.
    try:
        with frozen_gc(), ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            chunk = max(1, len(items) // (workers * 4))
            results = pool.map(_run_one, range(len(items)), chunksize=chunk)
            return _collect(results, len(items), progress)  # type: ignore[arg-type]
    finally:
        _TASK = None


def _collect(results: Iterator[R], total: int, progress: Callable[[int, int], None] | None) -> list[R]:
    collected = []
    step = max(50, total // 100)
    for result in results:
        collected.append(result)
        if progress is not None and (len(collected) % step == 0 or len(collected) == total):
            progress(len(collected), total)
    return collected
