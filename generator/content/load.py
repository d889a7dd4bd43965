"""Load the whole content folder: site settings and every meeting, with cross-file checks."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from generator.content.config import load_config
from generator.content.parse import parse_meeting
from generator.content.sources import Folders, SourceText, find_meeting_files, read_source
from generator.content.topicconfig import load_topics
from generator.errors import BuildError, ContentError, SourceLocation
from generator.incremental.cache import MeetingCache
from generator.incremental.gcpause import paused_gc
from generator.incremental.meetingwork import (
    AttachmentFact,
    MeetingResult,
    attachment_facts,
    meeting_address,
    pool_map,
    process_meeting,
)
from generator.link.references import forget_dates, remember_dates
from generator.model import MeetingSource, SiteConfig
from generator.render.excerpt import remember_plain_texts
from generator.render.pages import Strings


def load_settings(content_dir: Path) -> tuple[SiteConfig, list[ContentError]]:
    """Read site.yaml and topics.yaml; raise BuildError if site.yaml is wrong, return topics.yaml's errors."""
    if not content_dir.is_dir():
        raise BuildError([ContentError(SourceLocation(str(content_dir)), "the content folder does not exist",
                                       "run the command in the project folder, or give --content DIR")])
    config = load_config(content_dir)
    if isinstance(config, list):
        raise BuildError(config)
    topics = load_topics(content_dir)
    if isinstance(topics, list):
        return config, topics
    return replace(config, topics=topics), []


def load_content(content_dir: Path) -> tuple[SiteConfig, tuple[MeetingSource, ...]]:
    """Read and validate everything under the content folder; raise BuildError with every error."""
    config, errors = load_settings(content_dir)
    paths, texts = read_meeting_files(content_dir, errors)
    meetings: list[MeetingSource] = []
    for text in texts:
        parsed = parse_meeting(text, config, content_dir)
        if isinstance(parsed, list):
            errors.extend(parsed)
        else:
            meetings.append(parsed)
    errors.extend(cross_file_errors(content_dir, paths, [(m.source, meeting_address(m)) for m in meetings],
                                    [fact for meeting in meetings for fact in attachment_facts(meeting)]))
    if errors:
        raise BuildError(errors)
    meetings.sort(key=lambda m: (m.date, m.start, m.body.slug, m.suffix or ""))
    return config, tuple(meetings)


def load_results(content_dir: Path, config: SiteConfig, strings: Strings, errors: list[ContentError],
                 cache: MeetingCache | None = None, workers: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[MeetingResult, ...]:
    """Read every meeting and do its work (from the cache, or in a pool); raise BuildError with every error.

    `errors` holds the settings' errors found so far; the meetings' errors are reported with them.
    """
    errors = list(errors)
    # Read here, not from the cache: the checks of where the file lies run every time.
    paths, texts = read_meeting_files(content_dir, errors)
    with paused_gc():  # the results of all meetings, unpickled from the cache or from the pool
        cached = [cache.get(text) if cache else None for text in texts]
        missing = [text for text, hit in zip(texts, cached, strict=True) if hit is None]
        done = iter(pool_map(partial(process_meeting, config=config, content_dir=content_dir, strings=strings),
                             missing, workers, progress=progress))
    results: list[MeetingResult] = []
    for text, hit in zip(texts, cached, strict=True):
        outcome = hit if hit is not None else next(done)
        if isinstance(outcome, list):
            errors.extend(outcome)
            continue
        if cache is not None and hit is None:
            cache.put(text, outcome)
        results.append(outcome)
    errors.extend(cross_file_errors(content_dir, paths, [(result.source, result.address) for result in results],
                                    [fact for result in results for fact in result.attachments]))
    if errors:
        raise BuildError(errors)
    results.sort(key=lambda result: result.meeting.sort_key)
    remember_link_facts(results)
    return tuple(results)


_NO_DATES: frozenset[dt.date] = frozenset()


def remember_link_facts(results: list[MeetingResult]) -> None:
    """Hand the link stage what the meetings' work found for it: the dates of each text, decisions' visible texts."""
    forget_dates()
    for result in results:
        dated = dict(result.dates)
        remember_dates(result.meeting.date, ((text, dated.get(text, _NO_DATES)) for text, _ in result.plain_html))
    remember_plain_texts(pair for result in results for pair in result.decision_texts)


def read_meeting_files(content_dir: Path, errors: list[ContentError]) -> tuple[list[Path], list[SourceText]]:
    """Find and read every meeting file; add what cannot be found or read to `errors`."""
    paths, folder_errors = find_meeting_files(content_dir)
    errors.extend(folder_errors)
    texts: list[SourceText] = []
    folders = Folders(content_dir)
    for path in paths:
        source = read_source(path, content_dir, folders)
        if isinstance(source, ContentError):
            errors.append(source)
        else:
            texts.append(source)
    return paths, texts


def cross_file_errors(content_dir: Path, paths: list[Path], addresses: list[tuple[str, str]],
                      facts: list[AttachmentFact]) -> list[ContentError]:
    """Report what no single meeting shows: shared addresses, and files both closed and published."""
    return [*check_addresses(addresses), *check_shared_files(facts, _content_files(content_dir, paths))]


def check_addresses(meetings: list[tuple[str, str]]) -> list[ContentError]:
    """Report meetings (file name, address) that would get the same address."""
    by_address: dict[str, list[str]] = defaultdict(list)
    for source, address in meetings:
        by_address[address].append(source)
    errors = []
    for address, group in sorted(by_address.items()):
        if len(group) < 2:
            continue
        files = sorted(group)
        for source in group:
            others = ", ".join(f for f in files if f != source)
            errors.append(ContentError(
                SourceLocation(source, 1),
                f"this meeting would get the same address ({address}) as {others}",
                "give the second meeting of the day a 'suffix:' in its header, e.g. 'suffix: ekstra'",
            ))
    return errors


def _content_files(content_dir: Path, meeting_paths: list[Path]) -> set[tuple[int, int]]:
    """Return the identities (device, inode) of the meeting files and the settings files."""
    identities = set()
    for path in (*meeting_paths, content_dir / "site.yaml", content_dir / "topics.yaml"):
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue  # a missing or unreadable file is reported where it is read
        identities.add((status.st_dev, status.st_ino))
    return identities


def check_shared_files(attachments: list[AttachmentFact], content_files: set[tuple[int, int]] | None = None,
                       ) -> list[ContentError]:
    """Report a file that is closed in one place and published in another, or that is a content file.

    Files are compared as the files they are (device and inode), so a link, a hard link or a linked
    folder cannot give a closed file a second, published name. No message names the file.
    """
    closed: dict[tuple[int, int], str] = {}
    published: list[tuple[tuple[int, int], SourceLocation]] = []
    errors = []
    for attachment in attachments:
        if attachment.identity in (content_files or set()):
            errors.append(ContentError(
                attachment.location, "the attachment file is a meeting file or a settings file of the "
                "content folder (under another name), which is never published",
                "attach a copy of the document itself, saved as PDF, from content/files/"))
        elif attachment.closed:
            closed.setdefault(attachment.identity, str(attachment.location))
        else:
            published.append((attachment.identity, attachment.location))
    errors.extend(
        ContentError(location, f"the file of this attachment is also the file of a closed attachment "
                     f"({closed[identity]}), possibly under another name or through a link, and would be published",
                     "use a separate file for the open attachment, or close this attachment too")
        for identity, location in sorted(published, key=lambda pair: pair[1]) if identity in closed
    )
    return errors
