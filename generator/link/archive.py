"""The linked archive: every published meeting, with the relations pages need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from generator.errors import ContentError
from generator.incremental.gcpause import paused_gc
from generator.link.people import People, collect_people
from generator.link.references import MeetingIndex, References, link_references
from generator.link.topics import TopicIndex, group_topics
from generator.model import PUBLIC_DECISION_HEADING, Body, Kind, Meeting, MeetingSource, SiteConfig, Status


@dataclass(frozen=True)
class Archive:
    """All published meetings, oldest first, the site settings, and the relations across meetings."""

    config: SiteConfig
    meetings: tuple[Meeting, ...]
    topics: TopicIndex = field(default_factory=TopicIndex)
    references: References = field(default_factory=lambda: References(MeetingIndex((), ())))
    people: People = field(default_factory=People)
    warnings: tuple[ContentError, ...] = ()  # reported by the build, never fatal
    _by_body: dict[str, tuple[Meeting, ...]] = field(init=False, repr=False, compare=False)
    _position: dict[str, int] = field(init=False, repr=False, compare=False)  # a meeting's place in its body

    def __post_init__(self) -> None:
        by_body: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings:
            by_body[meeting.body.slug].append(meeting)
        object.__setattr__(self, "_by_body", {slug: tuple(group) for slug, group in by_body.items()})
        object.__setattr__(self, "_position", {meeting.path: index for group in by_body.values()
                                               for index, meeting in enumerate(group)})

    @property
    def bodies(self) -> tuple[Body, ...]:
        """The bodies in the order of site.yaml."""
        return self.config.bodies

    def meetings_of(self, body: Body) -> tuple[Meeting, ...]:
        """A body's meetings, oldest first."""
        return self._by_body.get(body.slug, ())

    def years_of(self, body: Body) -> tuple[tuple[int, tuple[Meeting, ...]], ...]:
        """A body's meetings grouped by year, newest year and newest meeting first."""
        newest_first = sorted(self.meetings_of(body), key=lambda m: m.sort_key, reverse=True)
        return tuple((year, tuple(group)) for year, group in groupby(newest_first, key=lambda m: m.date.year))

    def neighbours(self, meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
        """The previous and the next meeting of the same body."""
        meetings = self.meetings_of(meeting.body)
        index = self._position[meeting.path]
        previous = meetings[index - 1] if index > 0 else None
        following = meetings[index + 1] if index + 1 < len(meetings) else None
        return previous, following

    def latest(self, count: int) -> tuple[Meeting, ...]:
        """The newest meetings of all bodies."""
        return tuple(sorted(self.meetings, key=lambda m: m.sort_key, reverse=True)[:count])


def link_archive(config: SiteConfig, meetings: tuple[Meeting, ...]) -> Archive:
    """Build the archive from published meetings: topics, references by date and people included."""
    with paused_gc():  # the relations made here live as long as the archive
        ordered = tuple(sorted(meetings, key=lambda m: m.sort_key))
        references = link_references(ordered, config.bodies)
        topics, warnings = group_topics(config.topics, ordered, references.html)
        return Archive(config, ordered, topics, references, collect_people(ordered), warnings)


def decision_warnings(sources: tuple[MeetingSource, ...]) -> tuple[ContentError, ...]:
    """Warn about closed items of minutes that publish no decision: the rules expect one where possible."""
    return tuple(
        ContentError(item.location,
                     f"item {item.number} is closed and has no '## {PUBLIC_DECISION_HEADING}' section; Danish rules "
                     "expect a decision taken behind closed doors to be published as far as confidentiality allows",
                     f"add a section '## {PUBLIC_DECISION_HEADING}' with what may be made public, e.g. "
                     "'Indstillingen blev godkendt.', or leave it out if nothing at all may be published")
        for source in sources if source.kind is Kind.REFERAT
        for item in source.items if item.status is Status.CLOSED
        and not any(section.is_public_decision for section in item.sections)
    )
