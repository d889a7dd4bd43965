"""Group items into topics that follow a matter across meetings.

An item belongs to a topic in two ways, both from public fields only:

- its `topics:` line names the topic (open items only: a closed item's settings are never published);
- its title *is* the topic's name or one of its aliases, ignoring case, punctuation, spaces and
  hyphens ("KB seminar" = "KB-seminar" = "KB- seminar"), either as a whole or before a comma, colon,
  semicolon, parenthesis or spaced dash ("Eventuelt, herunder punkter til næste møde" is "Eventuelt").

A name in a `topics:` line that no topic has becomes a topic of its own. Titles that recur in several
meetings but belong to no topic are reported as warnings, so that a clerk can add a topic for them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from generator.errors import ContentError, SourceLocation
from generator.markdown import render_markdown
from generator.model import Item, Meeting, OpenItem, Topic
from generator.names import SlugClaims, ascii_slug, sort_key
from generator.render.excerpt import excerpt

TOPICS_FILE = "content/topics.yaml"
SHOWN = 3  # occurrences named in a warning about a recurring title
SUGGESTED_LENGTH = 200  # longest name (as compared) for which a similar configured name is suggested
SUGGESTED_COUNT = 100  # unknown topics for which a similar configured name is suggested
# The head of a title: the text before a comma, colon, semicolon, parenthesis or a dash with spaces.
# Tried only where a run of spaces begins, and the run taken whole, so that long runs are read once.
_HEAD_END = re.compile(r"(?<!\s)\s*+(?:[,:;(\[]|(?<=\s)[-–—]++(?=\s))")


def title_key(text: str) -> str:
    """Return what is compared when matching titles: letters and digits only, case-folded."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def title_heads(title: str) -> tuple[str, ...]:
    """Return the title and each leading part of it that ends at a separator."""
    heads = [title]
    for match in _HEAD_END.finditer(title):
        if match.start() > 0:
            heads.append(title[:match.start()])
    return tuple(heads)


def head_keys(title: str, lengths: AbstractSet[int]) -> Iterator[str]:
    """Yield the keys of `title_heads(title)` that have one of the given lengths, in linear time.

    A head's key is the key of the head before it followed by the key of the words between them (a head
    ends at a space or a separator, which joins nothing across it), so the keys are built up part by part
    and joined only at a length that a known key has.
    """
    yield title_key(title)
    parts: list[str] = []
    size, position, longest = 0, 0, max(lengths, default=0)  # the caller's set is small: one per key length
    for match in _HEAD_END.finditer(title):
        if match.start() == 0:
            continue
        part = title_key(title[position:match.start()])
        position = match.start()
        if part or not parts:
            parts.append(part)
            size += len(part)
            if size > longest:
                return
            if size in lengths:
                yield "".join(parts)


@dataclass(frozen=True)
class Treatment:
    """One item on a topic: where it was treated, and for an open item an excerpt of its decision."""

    meeting: Meeting
    item: Item
    excerpt: str | None

    @property
    def href(self) -> str:
        """The item's address relative to the site root."""
        return f"{self.meeting.path}#{self.item.anchor}"


@dataclass(frozen=True)
class Timeline:
    """A topic and every treatment of it, oldest first."""

    topic: Topic
    treatments: tuple[Treatment, ...]

    @property
    def path(self) -> str:
        """The topic page's address relative to the site root."""
        return f"emner/{self.topic.slug}/"

    @property
    def newest_first(self) -> tuple[Treatment, ...]:
        """The treatments, newest meeting first; within a meeting in the order of the agenda."""
        order = {t.meeting.path: i for i, t in enumerate(self.treatments)}
        return tuple(sorted(self.treatments, key=lambda t: (-order[t.meeting.path], t.item.number)))


@dataclass(frozen=True)
class ItemTopic:
    """One topic of an item, with the treatments of the same topic just before and after it."""

    timeline: Timeline
    earlier: Treatment | None
    later: Treatment | None


@dataclass(frozen=True)
class TopicIndex:
    """Every topic that has items, in A–Z order, and the topics of each item."""

    timelines: tuple[Timeline, ...] = ()
    _by_item: dict[tuple[str, int], tuple[ItemTopic, ...]] = field(default_factory=dict, repr=False, compare=False)

    def of_item(self, meeting: Meeting, item: Item) -> tuple[ItemTopic, ...]:
        """The topics of an item, with its earlier and later treatments."""
        return self._by_item.get((meeting.path, item.number), ())

    def names_of_open_items(self, meeting: Meeting) -> tuple[str, ...]:
        """The names of the topics of a meeting's open items, sorted: the meeting's topic filter values."""
        names = {
            entry.timeline.topic.name
            for item in meeting.items
            if isinstance(item, OpenItem)
            for entry in self.of_item(meeting, item)
        }
        return tuple(sorted(names))


Render = Callable[[Meeting, str], str]


def decision_excerpt(meeting: Meeting, item: Item, render: Render) -> str | None:
    """Return an excerpt of an open item's decision as published; never anything of a closed item."""
    if not isinstance(item, OpenItem):
        return None
    decision = next((section for section in item.sections if section.is_decision), None)
    if decision is None:
        return None
    return excerpt(render(meeting, decision.markdown)) or None


class _Registry:
    """The topics known so far, found by the key of their name or of an alias."""

    def __init__(self, configured: tuple[Topic, ...]) -> None:
        self.by_key: dict[str, Topic] = {}
        self.keys: dict[str, str] = {}  # title_key of the names asked for: the same names recur in most meetings
        self.lengths: set[int] = set()  # of the keys, for `head_keys`
        self.slugs = SlugClaims(topic.slug for topic in configured)
        for topic in configured:
            for name in (topic.name, *topic.aliases):
                self.by_key.setdefault(title_key(name), topic)
        self.lengths.update(map(len, self.by_key))

    def key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = title_key(name)
        return key

    def named(self, name: str) -> Topic | None:
        return self.by_key.get(self.key(name))

    def add(self, name: str) -> Topic:
        topic = Topic(self.slugs.claim(ascii_slug(name, "emne")), name, "", ())
        key = self.key(name)
        self.by_key[key] = topic
        self.lengths.add(len(key))
        return topic

    def by_title(self, title: str) -> list[Topic]:
        found = (self.by_key.get(key) for key in head_keys(title, self.lengths))
        return [topic for topic in found if topic is not None]


def _render(_: Meeting, text: str) -> str:
    return render_markdown(text)


def group_topics(configured: tuple[Topic, ...], meetings: tuple[Meeting, ...], render: Render = _render
                 ) -> tuple[TopicIndex, tuple[ContentError, ...]]:
    """Group the items of the meetings (oldest first) into topics; return them and the warnings.

    `render` gives the published HTML of an item's section, from which decision excerpts are taken.
    """
    registry = _Registry(configured)
    warnings: list[ContentError] = []
    # Comparing two texts costs the product of their lengths: similar names are looked for only among
    # names of ordinary length, and only for the first unknown topics.
    suggestions = {key: n for topic in configured for n in (topic.name, *topic.aliases)
                   if len(key := title_key(n)) <= SUGGESTED_LENGTH}
    entries = [(meeting, path, item) for meeting in meetings for path in (meeting.path,) for item in meeting.items]
    for meeting, _, item in entries:
        for name in item.topics if isinstance(item, OpenItem) else ():
            if registry.named(name) is None:
                registry.add(name)
                if configured:
                    warnings.append(_unknown_topic(meeting, item, name,
                                                   suggestions if len(warnings) < SUGGESTED_COUNT else {}))
    topics_of: dict[tuple[str, int], list[Topic]] = {}
    treatments: dict[str, list[Treatment]] = defaultdict(list)
    untopiced: dict[str, list[tuple[Meeting, Item]]] = defaultdict(list)
    by_title: dict[str, list[Topic]] = {}  # no topic is added from here on: a title's topics stay the same
    positions: dict[tuple[str, tuple[str, int]], int] = {}  # (topic, item) → the item's place on the timeline
    for meeting, path, item in entries:
        named = [registry.named(name) for name in item.topics] if isinstance(item, OpenItem) else []
        titled = by_title.get(item.title)
        if titled is None:
            titled = by_title[item.title] = registry.by_title(item.title)
        topics = list(dict.fromkeys(t for t in (*named, *titled) if t is not None))
        place = (path, item.number)
        topics_of[place] = topics
        if not topics:
            untopiced[registry.key(item.title)].append((meeting, item))
        if topics:
            treatment = Treatment(meeting, item, decision_excerpt(meeting, item, render))
            for topic in topics:
                positions[(topic.slug, place)] = len(treatments[topic.slug])
                treatments[topic.slug].append(treatment)
    by_slug = {topic.slug: topic for topic in registry.by_key.values()}
    timelines = {slug: Timeline(by_slug[slug], tuple(items)) for slug, items in treatments.items()}
    by_item = {key: tuple(_item_topic(timelines[topic.slug], positions[(topic.slug, key)]) for topic in topics)
               for key, topics in topics_of.items() if topics}
    ordered = tuple(sorted(timelines.values(), key=lambda timeline: sort_key(timeline.topic.name)))
    warnings.extend(_recurring(group) for key, group in sorted(untopiced.items())
                    if key and len({meeting.path for meeting, _ in group}) > 1)
    return TopicIndex(ordered, by_item), tuple(warnings)


def _item_topic(timeline: Timeline, index: int) -> ItemTopic:
    earlier = timeline.treatments[index - 1] if index > 0 else None
    later = timeline.treatments[index + 1] if index + 1 < len(timeline.treatments) else None
    return ItemTopic(timeline, earlier, later)


def _where(meeting: Meeting) -> SourceLocation:
    return SourceLocation(f"meeting {meeting.body.slug} {meeting.slug}")


def _unknown_topic(meeting: Meeting, item: Item, name: str, names: dict[str, str]) -> ContentError:
    key = title_key(name)
    candidates = tuple(names) if len(key) <= SUGGESTED_LENGTH else ()
    close = [names[k] for k in difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)]
    hint = f'did you mean "{close[0]}"? ' if close else ""
    return ContentError(_where(meeting), f'item {item.number}: the topic "{name}" is not in {TOPICS_FILE}, '
                        "so it gets a topic page of its own",
                        hint + f"add it to {TOPICS_FILE} with a slug and a description, or correct the name")


def _recurring(group: list[tuple[Meeting, Item]]) -> ContentError:
    first_meeting, first_item = group[0]
    shown = [f"{meeting.body.slug} {meeting.slug} item {item.number}" for meeting, item in group[1:1 + SHOWN]]
    more = len(group) - 1 - SHOWN
    others = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    return ContentError(_where(first_meeting),
                        f'item {first_item.number}: the title "{first_item.title}" recurs ({others}) '
                        "but belongs to no topic",
                        f"add a topic for it to {TOPICS_FILE}, or add the title as an alias of a topic")
