"""Link references to meetings by date, and record for each meeting where it is referred to from.

The dates are found (by `datephrases`) in the rendered text of open items only: in the text tokens of
markdown-it, outside links and code, so a link never breaks the HTML around it. A reference becomes a
link when the archive holds exactly one meeting of that body on that date (other than the meeting
being read); otherwise it stays plain text. Everything here works one meeting at a time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from generator.link.datephrases import Kind, candidate_dates, find_date_references
from generator.markdown import TOKEN_HOOK, render_markdown
from generator.model import Body, Meeting, OpenItem
from generator.render.excerpt import shorten

ENTRY_LENGTH = 160
_MARKER = "#datoreference-"
_PLACEHOLDER = re.compile(rf'href="{_MARKER}(\d{{1,9}})"')


@dataclass(frozen=True)
class Reference:
    """A passage of an open item that refers to another meeting by its date."""

    source: Meeting
    item: OpenItem
    target: Meeting
    kind: Kind
    entries: tuple[str, ...]  # for an agenda entry: the points announced for that meeting


class MeetingIndex:
    """The archived meetings by body and date, to find the one meeting a date refers to."""

    def __init__(self, meetings: tuple[Meeting, ...], bodies: tuple[Body, ...]) -> None:
        self.bodies = bodies
        self._by_date: dict[tuple[str, dt.date], list[Meeting]] = defaultdict(list)
        for meeting in meetings:
            self._by_date[(meeting.body.slug, meeting.date)].append(meeting)
        self.dates = frozenset(date for _, date in self._by_date)

    def resolve(self, body: Body, date: dt.date, source: Meeting) -> Meeting | None:
        """The one meeting of a body on a date, other than the source; None if there is none or several."""
        candidates = [m for m in self._by_date.get((body.slug, date), ()) if m.path != source.path]
        return candidates[0] if len(candidates) == 1 else None

    def might_refer(self, markdown: str, source: Meeting) -> bool:
        """Cheaply tell whether a Markdown text can hold a reference that resolves (no false negatives)."""
        dates = _DATES.get((markdown, source.date))
        if dates is None and markdown.strip():  # a blank text, not kept, holds no date
            dates = frozenset(candidate_dates(markdown.replace("\\", ""), source.date))
        if not dates:
            return False
        return not self.dates.isdisjoint(dates)


# The dates each open text could refer to, by the text and its meeting's date (all they depend on): worked
# out with each meeting's other work and kept in the cache, so that a rebuild need not read every text.
_DATES: dict[tuple[str, dt.date], frozenset[dt.date]] = {}


def remember_dates(meeting_date: dt.date, found: Iterable[tuple[str, frozenset[dt.date]]]) -> None:
    """Take the candidate dates of a meeting's texts, as `candidate_dates` gives them, for this build."""
    _DATES.update(((text, meeting_date), dates) for text, dates in found)


def forget_dates() -> None:
    """Forget the candidate dates of an earlier build."""
    _DATES.clear()


class DateLinker:
    """A token hook that wraps each resolvable date reference of one meeting's text in a link."""

    def __init__(self, meeting: Meeting, index: MeetingIndex, href: Callable[[Meeting, int], str]) -> None:
        self.meeting = meeting
        self.index = index
        self.href = href
        self.found: list[tuple[Meeting, Kind, tuple[str, ...]]] = []

    def env(self) -> dict[str, Any]:
        """The markdown-it env that makes a rendering use this linker."""
        return {TOKEN_HOOK: self}

    def __call__(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            if token.type == "inline" and token.children:
                head = index >= 2 and tokens[index - 1].type == "paragraph_open" \
                    and tokens[index - 2].type == "list_item_open"
                # The first cell of a table body row is a head too: a forward agenda written as a table.
                head = head or (index >= 2 and tokens[index - 1].type == "td_open"
                                and tokens[index - 2].type == "tr_open")
                token.children = self._link(token.children, tokens, index if head else None)

    def _link(self, children: list[Token], tokens: list[Token], head: int | None) -> list[Token]:
        segments, text = _segments(children)
        blocked = _Blocked(segments)
        spans = []
        refs = find_date_references(text, self.meeting.date, self.meeting.body, self.index.bodies, head is not None,
                                    self.index.dates)
        for ref in refs:
            target = self.index.resolve(ref.body, ref.date, self.meeting)
            if target is None or blocked.overlaps(ref.start, ref.end):
                continue
            entries = _agenda_entries(text[ref.end:], tokens, head) if ref.kind == "agenda" and head else ()
            spans.append((ref.start, ref.end, self.href(target, len(self.found))))
            self.found.append((target, ref.kind, entries))
        return _rebuild(segments, spans) if spans else children


Segment = tuple[Token, int, int, bool]  # token, start and end in the inline's text, whether a link may go there


def _segments(children: list[Token]) -> tuple[list[Segment], str]:
    segments: list[Segment] = []
    parts: list[str] = []
    position = depth = 0
    for child in children:
        depth += 1 if child.type == "link_open" else -1 if child.type == "link_close" else 0
        text = "\n" if child.type in ("softbreak", "hardbreak") else child.content if child.type in (
            "text", "code_inline", "image") else ""
        linkable = depth == 0 and child.type in ("text", "softbreak")
        segments.append((child, position, position + len(text), linkable))
        parts.append(text)
        position += len(text)
    return segments, "".join(parts)


class _Blocked:
    """The parts of an inline's text where no link may go (links, code, markup), to test date spans quickly."""

    def __init__(self, segments: list[Segment]) -> None:
        kept = [(first, last) for _, first, last, linkable in segments if not linkable]
        # Sorted as the segments are; one without text (a link's start) blocks a span only strictly inside it.
        self.firsts = [first for first, _ in kept]
        self.lasts = [last for _, last in kept]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a part where no link may go."""
        index = bisect.bisect_right(self.lasts, start)
        return index < len(self.firsts) and self.firsts[index] < end


def _rebuild(segments: list[Segment], spans: list[tuple[int, int, str]]) -> list[Token]:
    """Wrap the spans (in order, not overlapping) of the segments' text in links."""
    out: list[Token] = []
    index = 0
    for token, first, last, _ in segments:
        while index < len(spans) and spans[index][1] <= first:
            index += 1
        touching = []
        for span in spans[index:]:
            if span[0] >= last:
                break
            touching.append(span)
        if token.type != "text" or not touching:
            out.append(token)
            continue
        position = first
        for start, end, href in touching:
            if start >= first:
                if start > position:
                    out.append(_text(token.content[position - first:start - first]))
                out.append(Token("link_open", "a", 1, attrs={"href": href}))
                position = start
            cut = min(end, last)
            out.append(_text(token.content[position - first:cut - first]))
            position = cut
            if end <= last:
                out.append(Token("link_close", "a", -1))
        if position < last:
            out.append(_text(token.content[position - first:]))
    return out


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _agenda_entries(rest: str, tokens: list[Token], head: int) -> tuple[str, ...]:
    """The points announced under an agenda date: the text after its colon and its sub-items (or row cells)."""
    entries = [rest.lstrip(" .:").strip()]
    if tokens[head - 1].type == "td_open":
        for token in tokens[head + 1:]:
            if token.type == "tr_close":
                break
            if token.type == "inline" and token.children:  # each text between tags (<li>, <br>) is a point
                entries += [" ".join(child.content.split()) for child in token.children if child.type == "text"]
        return tuple(shorten(entry, ENTRY_LENGTH) for entry in entries if entry)
    level = tokens[head - 2].level
    for token in tokens[head + 1:]:
        if token.type == "list_item_close" and token.level == level:
            break
        if token.type == "inline" and token.children:
            entries.append(" ".join(_segments(token.children)[1].split()))
    return tuple(shorten(entry, ENTRY_LENGTH) for entry in entries if entry)


def meeting_root(meeting: Meeting) -> str:
    """The way from a meeting's page back to the site root, e.g. '../../'."""
    return "../" * meeting.path.count("/")


def _fill_placeholders(rendered: str, addresses: list[str]) -> tuple[str, set[int]]:
    """Put the real addresses in place of the numbered placeholders; return the HTML and the numbers found."""
    kept: set[int] = set()

    def address(placeholder: re.Match[str]) -> str:
        number = int(placeholder.group(1))
        if number >= len(addresses):
            return placeholder.group()
        kept.add(number)
        return f'href="{addresses[number]}"'

    return _PLACEHOLDER.sub(address, rendered), kept


@dataclass(frozen=True)
class Linked:
    """One open item text rendered once: its HTML with numbered placeholder addresses, and their targets."""

    html: str
    targets: tuple[str, ...]  # the path of the meeting each placeholder stands for, by its number

    def at(self, root: str) -> str:
        """The HTML with the date links made relative to `root` (the way from the page to the site root)."""
        if not self.targets:
            return self.html
        return _fill_placeholders(self.html, [f"{root}{target}" for target in self.targets])[0]


@dataclass(frozen=True)
class LinkedMeeting:
    """One meeting's open item texts rendered with their date links, and the references they make."""

    html: dict[str, Linked]  # Markdown of an intro or section → its HTML, for a page anywhere
    references: tuple[Reference, ...]


def link_meeting(meeting: Meeting, index: MeetingIndex) -> LinkedMeeting:
    """Render the open items of a meeting with date links; return the HTML and the references made."""
    html: dict[str, Linked] = {}
    found: dict[tuple[int, str, Kind], Reference] = {}
    for item in meeting.items:
        if not isinstance(item, OpenItem):
            continue
        for text in (item.intro, *(section.markdown for section in item.sections)):
            if not index.might_refer(text, meeting):
                if text not in html:
                    html[text] = Linked(render_markdown(text), ())
                continue
            linker = DateLinker(meeting, index, lambda _, number: f"{_MARKER}{number}")
            rendered = render_markdown(text, linker.env())
            # Only links that survive into the published HTML count, whatever rendering leaves out;
            # each carries a placeholder address of its own, filled in for each page that shows the text.
            targets = tuple(target.path for target, _, _ in linker.found)
            kept = _fill_placeholders(rendered, list(targets))[1]
            for number, (target, kind, entries) in enumerate(linker.found):
                if number not in kept:
                    continue
                key = (item.number, target.path, kind)
                if key in found:
                    entries = tuple(dict.fromkeys((*found[key].entries, *entries)))
                found[key] = Reference(meeting, item, target, kind, entries)
            html[text] = Linked(rendered, targets)
    return LinkedMeeting(html, tuple(found.values()))


class LinkedMarkdown:
    """Renders a meeting page's item texts with their date links, reusing what the link stage rendered."""

    def __init__(self, meeting: Meeting, index: MeetingIndex, root: str, cached: dict[str, Linked]) -> None:
        self.meeting = meeting
        self.index = index
        self.root = root
        self.cached = cached

    def render(self, text: str) -> str:
        """Return the HTML of one intro or section of an open item."""
        if (linked := self.cached.get(text)) is not None:
            return linked.at(self.root)
        return render_markdown(text, DateLinker(self.meeting, self.index,
                                                lambda target, _: f"{self.root}{target.path}").env())


@dataclass(frozen=True)
class References:
    """Every reference between archived meetings, kept by the meeting referred to, and the linked texts."""

    index: MeetingIndex
    _to: dict[str, tuple[Reference, ...]] = field(default_factory=dict, repr=False, compare=False)
    _html: dict[str, dict[str, Linked]] = field(default_factory=dict, repr=False, compare=False)

    def to(self, meeting: Meeting) -> tuple[Reference, ...]:
        """The references to a meeting, oldest referring meeting first."""
        return self._to.get(meeting.path, ())

    def markdown_for(self, meeting: Meeting, root: str) -> LinkedMarkdown:
        """The renderer of a meeting page's item texts, with date links relative to `root`."""
        return LinkedMarkdown(meeting, self.index, root, self._html.get(meeting.path, {}))

    def html(self, meeting: Meeting, text: str) -> str:
        """The published HTML of an open item's intro or section."""
        return self.markdown_for(meeting, meeting_root(meeting)).render(text)


def link_references(meetings: tuple[Meeting, ...], bodies: tuple[Body, ...]) -> References:
    """Link the item texts of every meeting (oldest first) and index the references by the meeting referred to."""
    index = MeetingIndex(meetings, bodies)
    to: dict[str, list[Reference]] = defaultdict(list)
    html: dict[str, dict[str, Linked]] = {}
    for meeting in meetings:
        linked = link_meeting(meeting, index)
        html[meeting.path] = linked.html
        for reference in linked.references:
            to[reference.target.path].append(reference)
    return References(index, {path: tuple(refs) for path, refs in to.items()}, html)
