"""Fingerprints of closed text, for the build's check of its own output (generator/publish/verify.py).

Taken from the source model: runs of words and long words of closed items (all but their number,
public title and public decision), of closed attachments (title unless public, reference, file
name) and of confidential passages, each only if it occurs nowhere in public text; and the sha256 of
every closed attachment's file. The public text that filters them is read from the source model
here too, not from the redacted public model, so a fault in redaction cannot make closed text count
as public.

Every word is kept as a keyed hash (generator/publish/leakwords.py), never as text: one meeting's share
(MeetingPrints: its closed fingerprints and its public vocabulary) may be cached, and combine_prints
filters them across meetings and the site's own text. They are never logged or shown (no repr), and
every fingerprint carries only where it came from (file, line, item number).
"""

from __future__ import annotations

import hashlib
import html
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.content.confidential import find_passages
from generator.content.personaldata import unwrap_opt_outs
from generator.errors import SourceLocation
from generator.model import AttachmentSource, ItemSource, MeetingSource, SiteConfig, Status
from generator.names import ascii_slug
from generator.publish.leakwords import KEY, blocks, runs_of, source_words, word_hash, words
from generator.render.pages import Strings, load_strings, long_date, short_date

RUN = 5  # words in a run (shingle)
SHORT_RUN = 3  # a closed field or paragraph of 3 or 4 words is looked for as a whole
LONG_WORD = 12  # letters of a word distinctive on its own


@dataclass(frozen=True)
class Origin:
    """Where closed text was written: a content file and line, and what it is (never the text itself)."""

    location: SourceLocation
    what: str


Run = tuple[int, ...]  # the hashes of a run of words


@dataclass(frozen=True, repr=False)
class MeetingPrints:
    """One meeting's closed-text fingerprints and public vocabulary, as hashes only: picklable, no text."""

    runs: Mapping[int, Mapping[Run, Origin]]  # by length; runs of the meeting's own public words left out
    long_words: Mapping[int, Origin]
    hashes: Mapping[str, Origin]  # sha256 of closed attachment files
    vocabulary: bytes  # every public word (packed hashes)
    stems: bytes  # every prefix of LONG_WORD bytes or more of a public word (packed hashes)

    def __repr__(self) -> str:
        return f"<MeetingPrints of {len(self.long_words) + sum(map(len, self.runs.values()))} fragments>"


@dataclass(frozen=True, repr=False)
class Fingerprints:
    """Fingerprints of the closed text, as hashes; never written, logged or shown (so no repr either)."""

    runs: Mapping[int, Mapping[Run, Origin]]
    long_words: Mapping[int, Origin]
    index_words: frozenset[int]  # long words that no public word starts with
    hashes: Mapping[str, Origin]
    rare_words: frozenset[int] = frozenset()  # words of the runs that occur in no public text
    run_keys: Mapping[int, frozenset[Run]] = field(init=False)
    long_keys: frozenset[int] = field(init=False)
    # A run can only be found where all its words are, and every run kept has a word in no public text:
    # a file holding none of these words (nearly every file) needs no look at its runs.
    closed_words: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_keys", {n: frozenset(runs) for n, runs in self.runs.items()})
        object.__setattr__(self, "long_keys", frozenset(self.long_words))
        rare = set(self.rare_words)
        for run in (run for runs in self.runs.values() for run in runs if rare.isdisjoint(run)):
            rare.update(run)  # never the case from combine_prints; a run is never left out of the scan
        object.__setattr__(self, "closed_words", frozenset(rare) | self.long_keys)

    def __repr__(self) -> str:
        return f"<Fingerprints of {len(self.long_words) + sum(map(len, self.runs.values()))} fragments>"

    def digest(self) -> str:
        """Return a digest of what is looked for (not where it came from), to tell whether it changed."""
        summary = hashlib.sha256(KEY)
        parts = [*((f"runs {n}", sorted(runs)) for n, runs in sorted(self.runs.items())),
                 ("long", sorted(self.long_words)), ("index", sorted(self.index_words)), ("files", sorted(self.hashes))]
        for name, values in parts:  # the repr of sorted numbers and hex digests: the same in every run
            summary.update(f"{name}: {values!r}\n".encode())
        return summary.hexdigest()


class _Closed:
    """Collects fingerprints of closed text as hashes, each with the first place it was written."""

    def __init__(self) -> None:
        self.runs: dict[int, dict[Run, Origin]] = {}
        self.long_words: dict[int, Origin] = {}
        self.hashes: dict[str, Origin] = {}

    def add(self, text: str | None, origin: Origin, markdown: bool = True) -> None:
        for block in blocks(text) if markdown and text else [text or ""]:
            found = source_words(block)
            length = min(RUN, len(found))
            if length >= SHORT_RUN:
                runs = self.runs.setdefault(length, {})
                for run in runs_of(list(map(word_hash, found)), length):
                    runs.setdefault(run, origin)
            for word in found:
                if len(word) >= LONG_WORD and len(word.decode("utf-8", "replace")) >= LONG_WORD:
                    self.long_words.setdefault(word_hash(word), origin)

    def add_file(self, path: Path, origin: Origin) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            return  # loading has checked the file; one that vanished since cannot be published either
        if data:  # an empty file holds nothing, and every empty output file would match it
            self.hashes.setdefault(hashlib.sha256(data).hexdigest(), origin)


def _packed(hashes: Iterable[int]) -> bytes:
    """Return hashes sorted and packed 8 bytes each: an eighth of the memory of a set, and the same bytes every run."""
    return array("Q", sorted(hashes)).tobytes()


def _unpacked(data: bytes) -> array[int]:
    return array("Q", data)


def _public_words(texts: Iterable[str]) -> tuple[frozenset[int], bytes]:
    """Return the hashes of the words of public texts, and (packed) those of their prefixes of LONG_WORD or more."""
    # Also read without removing tags: a '<' in text and a later '>' (a quote's) would cut public words out,
    # and raw HTML's attributes that the page keeps (title, href) are public words too. More public words
    # mean fewer fingerprints, never a missed redaction: the guard is the second line of defence.
    found = {word for text in texts for word in (*source_words(text), *words(html.unescape(text)))}
    long = (word for word in found if len(word) >= LONG_WORD)
    stems = {word_hash(word[:end]) for word in long for end in range(LONG_WORD, len(word) + 1)}
    return frozenset(map(word_hash, found)), _packed(stems)


def meeting_prints(meeting: MeetingSource, content_dir: Path, strings: Strings) -> MeetingPrints:
    """Return one meeting's closed-text fingerprints and public vocabulary, as hashes only."""
    closed = _Closed()
    public = ["\n".join(_meeting_public(meeting, strings))]
    public.extend("\n".join(_item(closed, item, content_dir)) for item in meeting.items)
    vocabulary, stems = _public_words(public)
    # What the meeting itself makes public is left out already; combine_prints does the same across meetings.
    runs = {length: kept for length, found in closed.runs.items()
            if (kept := {run: origin for run, origin in found.items() if not vocabulary.issuperset(run)})}
    long_words = {word: origin for word, origin in closed.long_words.items() if word not in vocabulary}
    return MeetingPrints(runs, long_words, closed.hashes, _packed(vocabulary), stems)


def combine_prints(config: SiteConfig, prints: Sequence[MeetingPrints], templates_dir: Path) -> Fingerprints:
    """Return the fingerprints of all meetings' closed text that occurs nowhere in public text."""
    site_vocabulary, site_stems = _public_words(_site_public(config, templates_dir))
    vocabulary, stems = set(site_vocabulary), set(_unpacked(site_stems))
    runs: dict[int, dict[Run, Origin]] = {}
    long_words: dict[int, Origin] = {}
    hashes: dict[str, Origin] = {}
    for meeting in prints:
        vocabulary.update(_unpacked(meeting.vocabulary))
        stems.update(_unpacked(meeting.stems))
        for length, found in meeting.runs.items():
            kept = runs.setdefault(length, {})
            for run, origin in found.items():
                kept.setdefault(run, origin)
        for word, origin in meeting.long_words.items():
            long_words.setdefault(word, origin)
        for digest, origin in meeting.hashes.items():
            hashes.setdefault(digest, origin)
    # A run is kept only if one of its words occurs in no public text. Pages and the search index join
    # public fields in orders the source does not show (a title, then a paragraph, then template words),
    # so a run made only of public words can appear in the output without any leak; a word that is in no
    # public text cannot, which makes every hit real. (A run that occurs in public text is made of public
    # words, so this also leaves out every closed run that public text repeats.)
    runs = {length: kept for length, found in runs.items()
            if (kept := {run: origin for run, origin in found.items() if not vocabulary.issuperset(run)})}
    long_words = {word: origin for word, origin in long_words.items() if word not in vocabulary}
    # The search index holds word stems; the stem of a public word may be a closed word ("budgetopfølgning"
    # of "budgetopfølgningerne"). In the index, only closed words no public word starts with are looked for.
    index_words = frozenset(word for word in long_words if word not in stems)
    rare_words = frozenset(word for found in runs.values() for run in found for word in run if word not in vocabulary)
    return Fingerprints(runs, long_words, index_words, hashes, rare_words)


def fingerprint(config: SiteConfig, meetings: Iterable[MeetingSource], content_dir: Path,
                templates_dir: Path) -> Fingerprints:
    """Return the fingerprints of all closed text that occurs nowhere in public text."""
    strings = load_strings(templates_dir, config.language)
    return combine_prints(config, [meeting_prints(meeting, content_dir, strings) for meeting in meetings],
                          templates_dir)


def _site_public(config: SiteConfig, templates_dir: Path) -> Iterator[str]:
    """Yield the templates and the site settings: public text that is not in a meeting."""
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file():
            yield path.read_bytes().decode("utf-8", "replace")
    names = [config.title, *(body.name for body in config.bodies)]
    for topic in config.topics:
        names.extend((topic.name, topic.description, *topic.aliases))
    yield "\n".join(names + [ascii_slug(name) for name in names])


def _meeting_public(meeting: MeetingSource, strings: Strings) -> Iterator[str]:
    people = [member.name or "" for member in meeting.members]
    yield from (meeting.body.name, long_date(meeting.date, strings), short_date(meeting.date, strings),
                meeting.location, *people, *(ascii_slug(name) for name in people if name))


def _item(closed: _Closed, item: ItemSource, content_dir: Path) -> Iterator[str]:
    """Add an item's closed parts to the fingerprints; yield its public parts, in the order of the page."""
    yield f"{item.number}. {unwrap_opt_outs(item.title)}"
    is_closed = item.status is Status.CLOSED
    what = f"closed item {item.number}" if is_closed else f"item {item.number}"
    if is_closed:
        closed.add(item.intro, Origin(item.location, what))
        for name in item.topics:
            closed.add(name, Origin(item.location, what), markdown=False)
    else:
        # The intro follows the title directly, as on the page and in the search index, so that a run of
        # public words across the two is public too; the topics are shown apart, after the item's text.
        yield _open_text(closed, item.intro, Origin(item.location, what))
    for attachment in item.attachments:
        yield _attachment(closed, attachment, item, content_dir)
    # Redaction publishes a closed item's first "Offentlig beslutning" only; a second one is closed text.
    decision = next((s for s in item.sections if s.is_public_decision), None) if is_closed else None
    for section in item.sections:
        origin = Origin(SourceLocation(item.location.path, section.line), what)
        if is_closed and section is not decision:
            closed.add(section.heading, origin, markdown=False)
            closed.add(section.markdown, origin)
        else:
            yield unwrap_opt_outs(section.heading) + "\n\n" + _open_text(closed, section.markdown, origin)
    if not is_closed:
        yield from (*item.topics, *(ascii_slug(topic) for topic in item.topics))


def _open_text(closed: _Closed, text: str, origin: Origin) -> str:
    """Add the confidential passages of a public text to the fingerprints; return the text without them."""
    passages, _ = find_passages(text)
    if not passages:
        return unwrap_opt_outs(text)
    passage_origin = Origin(origin.location, f"a confidential passage of {origin.what} (in the part starting "
                                             "at this line)")
    parts: list[str] = []
    position = 0
    for passage in passages:
        closed.add(text[passage.start:passage.end], passage_origin)
        parts.extend((text[position:passage.start], "\n\n[udeladt]\n\n"))
        position = passage.end
    parts.append(text[position:])
    return unwrap_opt_outs("".join(parts))


def _attachment(closed: _Closed, attachment: AttachmentSource, item: ItemSource, content_dir: Path) -> str:
    """Add a closed attachment (or any of a closed item) to the fingerprints; return what of it is public."""
    name = PurePosixPath(attachment.file).name if attachment.file else ""
    if item.status is Status.OPEN and attachment.status is Status.OPEN:
        return "\n".join(filter(None, (attachment.title, attachment.ref, name)))
    if item.status is Status.CLOSED:
        what = f"attachment {attachment.number} of closed item {item.number}"
    else:
        what = f"closed attachment {attachment.number} of item {item.number}"
    origin = Origin(attachment.location, what)
    public_title = item.status is Status.OPEN and attachment.public_title
    if not public_title:
        closed.add(attachment.title, origin, markdown=False)
    closed.add(attachment.ref, origin, markdown=False)
    closed.add(name, origin, markdown=False)
    if attachment.file:
        closed.add_file(content_dir / attachment.file, origin)
    return (attachment.title or "") if public_title else ""


