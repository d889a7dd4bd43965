"""Load the whole content folder: site settings and every meeting, with cross-file checks."""

from __future__ import annotations

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
    for path in find_meeting_files(content_dir):
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
    errors.extend(check_shared_files(meetings))
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


def check_shared_files(meetings: list[MeetingSource]) -> list[ContentError]:
    """Report a file used both by a closed and by a published attachment, which would publish it."""
    closed: dict[str, str] = {}
    published: dict[str, tuple[str, int]] = {}
    for meeting in meetings:
        for item in meeting.items:
            for attachment in item.attachments:
                if not attachment.file:
                    continue
                if item.status is Status.CLOSED or attachment.status is Status.CLOSED:
                    closed.setdefault(attachment.file, str(attachment.location))
                else:
                    published.setdefault(attachment.file, (attachment.location.path, attachment.location.line))
    return [
        ContentError(SourceLocation(path, line),
                     f"the file '{file}' is also used by a closed attachment ({closed[file]}) and would be published",
                     "use a separate file for the open attachment, or close this attachment too")
        for file, (path, line) in sorted(published.items()) if file in closed
    ]

