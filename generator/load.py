"""Load the whole content folder: site settings and every meeting, with cross-file checks."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from generator.config import load_config
from generator.errors import BuildError, ContentError, SourceLocation
from generator.model import MeetingSource, SiteConfig, Status
from generator.parse import parse_meeting
from generator.sources import find_meeting_files, read_source
from generator.topicconfig import load_topics


def load_content(content_dir: Path) -> tuple[SiteConfig, tuple[MeetingSource, ...]]:
    """Read and validate everything under the content folder; raise BuildError with every error."""
    if not content_dir.is_dir():
        raise BuildError([ContentError(SourceLocation(str(content_dir)), "the content folder does not exist",
                                       "run the command in the project folder, or give --content DIR")])
    config = load_config(content_dir)
    if isinstance(config, list):
        raise BuildError(config)
    errors: list[ContentError] = []
    topics = load_topics(content_dir)
    if isinstance(topics, list):
        errors.extend(topics)
    else:
        config = replace(config, topics=topics)
    meetings: list[MeetingSource] = []
    paths, folder_errors = find_meeting_files(content_dir)
    errors.extend(folder_errors)
    for path in paths:
        source = read_source(path, content_dir)
        if isinstance(source, ContentError):
            errors.append(source)
            continue
        parsed = parse_meeting(source, config, content_dir)
        if isinstance(parsed, list):
            errors.extend(parsed)
        else:
            meetings.append(parsed)
    errors.extend(check_addresses(meetings))
    errors.extend(check_shared_files(meetings, _content_files(content_dir, paths)))
    if errors:
        raise BuildError(errors)
    meetings.sort(key=lambda m: (m.date, m.start, m.body.slug, m.suffix or ""))
    return config, tuple(meetings)


def check_addresses(meetings: list[MeetingSource]) -> list[ContentError]:
    """Report meetings that would get the same address."""
    by_address: dict[str, list[MeetingSource]] = defaultdict(list)
    for meeting in meetings:
        suffix = f"-{meeting.suffix}" if meeting.suffix else ""
        by_address[f"{meeting.body.slug}/{meeting.date.isoformat()}{suffix}/"].append(meeting)
    errors = []
    for address, group in sorted(by_address.items()):
        if len(group) < 2:
            continue
        files = sorted(m.source for m in group)
        for meeting in group:
            others = ", ".join(f for f in files if f != meeting.source)
            errors.append(ContentError(
                SourceLocation(meeting.source, 1),
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


def check_shared_files(meetings: list[MeetingSource], content_files: set[tuple[int, int]] | None = None,
                       ) -> list[ContentError]:
    """Report a file that is closed in one place and published in another, or that is a content file.

    Files are compared as the files they are (device and inode), so a link, a hard link or a linked
    folder cannot give a closed file a second, published name. No message names the file.
    """
    closed: dict[tuple[int, int], str] = {}
    published: list[tuple[tuple[int, int], SourceLocation]] = []
    errors = []
    for meeting in meetings:
        for item in meeting.items:
            for attachment in item.attachments:
                if attachment.identity is None:
                    continue
                if attachment.identity in (content_files or set()):
                    errors.append(ContentError(
                        attachment.location, "the attachment file is a meeting file or a settings file of the "
                        "content folder (under another name), which is never published",
                        "attach a copy of the document itself, saved as PDF, from content/files/"))
                elif item.status is Status.CLOSED or attachment.status is Status.CLOSED:
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
