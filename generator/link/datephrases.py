"""Find references to meetings by date in Danish text: "På direktionens møde d. 11. oktober".

The rules, applied to each date written as day and month ("11. oktober", "17. jan.", "6. Sep.",
with or without the year) — day ranges such as "27.-28. januar" are never references:

1. The words just before the date (after "d." or "den") decide whose meeting it is:
   - a genitive and a meeting word: "direktionens møde", "direktionens mødet";
   - a meeting word and "i": "møde i direktionen";
   - a compound meeting word: "direktionsmøde", "direktionsmødet";
   - the body as subject with one verb: "Direktionen drøftede d. 17. januar".
   A body is named by its name in site.yaml, in any case, also with a genitive -s. When those words
   name something that is not a body of the archive ("møde i chefforum", "koordinationsmøde",
   "Økonomiudvalgets møde"), the date is not a reference.
2. A bare meeting word ("På mødet d. 11. oktober", "på møde den 6. november") belongs to whoever the
   same sentence names nearest before it: a body of the archive, or, if that nearest name is anything
   else (a capitalised word other than an ordinary first word such as "På" or "Det"), no one — the date
   stays plain. With no name before it, one body named after it counts; with no name at all in the
   sentence it is a meeting of the body whose meeting is being read; anything else is ambiguous.
3. A list item that is nothing but a date ("- 6\\. Sep.", or "- 6. sep.: Årshjul") announces a coming
   meeting of the body whose meeting is being read.
4. Without a year, the year is inferred from the date of the meeting being read: a sentence in the past
   tense ("blev", "drøftede", "besluttet") looks back, one in the future ("behandles", "skal",
   "kommende") and every agenda entry look forward; the tense word nearest the date decides, and with
   none the nearer of the two dates is taken.

The work is linear in the text: the words around a date are read within its sentence but at most
CONTEXT characters on either side, and at most MAX_DATES_READ dates of one text are read at all.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from generator.model import Body

MONTHS = {"januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "august": 8,
          "september": 9, "oktober": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
          "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12}
FULL_MONTH_NAMES = frozenset(list(MONTHS)[:12])
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(rf"(?<![\w/])(?P<day>[0-3]?\d)\.[ \t\n]*(?P<month>{_MONTH})(?![^\W\d_])"
                  r"(?:\.?[ \t\n]+(?P<year>(?:19|20)\d\d)(?![\d-]))?", re.IGNORECASE)
_DAY_DOT = re.compile(r"\d\.")  # what every match of DATE holds
_AGENDA = re.compile(rf"\s*{DATE.pattern}\.?\s*(?::.*)?", re.IGNORECASE | re.DOTALL)
_DAY_WORD = re.compile(r"(?:\s|^)(?:d\.|den)\s*$", re.IGNORECASE)
_MEETING = r"møde(?:t|r|rne|ts)?"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3})[.!?](?=\s+[\"“”«]?[A-ZÆØÅ])|[!?](?=\s)")
# A capitalised first word that is one of these is just the start of a sentence, not a name.
ORDINARY_FIRST_WORDS = _words(
    "på i til fra ved efter under før inden forud om med for af det der den de dette denne disse som og men "
    "samt hvor når da her herefter endvidere desuden derudover også punktet sagen mødet")
PAST_WORDS = _words(
    "blev var havde vedtog gennemgik fik gav tog holdt afholdt deltog besluttet behandlet drøftet godkendt "
    "godkendte vedtaget aftalt aftalte fremlagt fremlagde præsenteret gennemgået tidligere forrige sidste "
    "sagde bad lagde satte valgte udpegede orienterede")
FUTURE_WORDS = _words(
    "behandles afholdes drøftes fremlægges forelægges præsenteres besluttes godkendes gennemgås holdes skal "
    "mødes vil kommende næste næstkommende forud planlagt planlægges forventes indkaldes sættes tages")
_PAST_ENDING = re.compile(r"[a-zæøå]{3,}ede")
YEARS_AROUND = 8
# The words around a date that decide whose meeting it is and its tense are read within this many characters
# on either side (and within its sentence), so that a text of many dates is read in linear time.
CONTEXT = 300
# At most this many dates of one text are read as possible references (later ones stay plain text), so
# that a hostile text of 100,000 dates costs no more than an ordinary one; minutes have a handful.
MAX_DATES_READ = 500
_SPACE = re.compile(r"\s")

Kind = Literal["mention", "agenda"]
Tense = Literal["past", "future"]
_TENSES: tuple[Tense, ...] = ("past", "future")


@dataclass(frozen=True)
class DateReference:
    """A date in a text that refers to a meeting of a body: where it is written and what it means."""

    start: int
    end: int
    body: Body
    date: dt.date
    kind: Kind


class _Ambiguous(Exception):
    """The words name a meeting, but not one of a body of the archive, or not unambiguously."""


def find_date_references(text: str, meeting_date: dt.date, own: Body, bodies: tuple[Body, ...],
                         list_head: bool = False, wanted: frozenset[dt.date] | None = None) -> list[DateReference]:
    """Return the references to meetings by date in a text of a meeting of `own` held on `meeting_date`.

    `list_head` says that the text opens a list item, where a date alone is a forward agenda entry.
    `wanted`, if given, are the only dates of interest (those of archived meetings): others are skipped early.
    """
    if list_head and (agenda := _AGENDA.fullmatch(text)):
        day, month, year = _parts(agenda)
        date = infer_date(day, month, year, meeting_date, "future")
        return [DateReference(agenda.start("day"), _phrase_end(agenda, text), own, date, "agenda")] if date else []
    found = []
    ends: list[int] | None = None
    read = 0
    for match in DATE.finditer(text):
        if wanted is not None and not _could_be(match, meeting_date, wanted):
            continue
        if _range_before(text, match.start()):
            continue
        read += 1
        if read > MAX_DATES_READ:
            break
        ends = ends if ends is not None else [end.end() for end in _SENTENCE_END.finditer(text)]
        start, end = _context(text, ends, match)
        try:
            body = _body_before(text[start:end], match.start() - start, bodies, own)
        except _Ambiguous:
            continue
        if body is None:
            continue
        day, month, year = _parts(match)
        date = infer_date(day, month, year, meeting_date, _tense(text[start:end], match.start() - start))
        if date is not None:
            found.append(DateReference(match.start(), _phrase_end(match, text), body, date, "mention"))
    return found


def _could_be(match: re.Match[str], meeting_date: dt.date, wanted: frozenset[dt.date]) -> bool:
    day, month, year = _parts(match)
    return any(infer_date(day, month, year, meeting_date, tense) in wanted for tense in _TENSES)


def _parts(match: re.Match[str]) -> tuple[int, int, int | None]:
    year = match.group("year")
    return int(match.group("day")), MONTHS[match.group("month").casefold()], int(year) if year else None


def _phrase_end(match: re.Match[str], text: str) -> int:
    """Where a date phrase ends: after the year, or after an abbreviated month's dot ("Sep."), not a full stop."""
    if match.group("year"):
        return match.end("year")
    end = match.end("month")
    abbreviated = match.group("month").casefold() not in FULL_MONTH_NAMES
    return end + 1 if abbreviated and text[end:end + 1] == "." else end


@functools.lru_cache(maxsize=4096)
def infer_date(day: int, month: int, year: int | None, meeting_date: dt.date,
               tense: Tense | None) -> dt.date | None:
    """Return the date meant: the given year, or the one before or after the meeting the tense points to."""
    if year is not None:
        return _date(year, month, day)
    past = next((d for y in range(meeting_date.year, meeting_date.year - YEARS_AROUND, -1)
                 if (d := _date(y, month, day)) is not None and d < meeting_date), None)
    future = next((d for y in range(meeting_date.year, meeting_date.year + YEARS_AROUND)
                   if (d := _date(y, month, day)) is not None and d > meeting_date), None)
    if tense == "past" or future is None:
        return past
    if tense == "future" or past is None:
        return future
    return past if meeting_date - past <= future - meeting_date else future


def candidate_dates(text: str, meeting_date: dt.date) -> set[dt.date]:
    """Every date that a day and month in the text could mean, in either tense (for quick filtering)."""
    if not _DAY_DOT.search(text):
        return set()  # most texts hold no date: this scan is a few times faster than DATE's
    found = (infer_date(*_parts(match), meeting_date, tense) for match in DATE.finditer(text) for tense in _TENSES)
    return {date for date in found if date is not None}


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _sentence(ends: list[int], length: int, index: int) -> tuple[int, int]:
    """The bounds of the sentence around a position, given where sentences end; a date's dots end none."""
    after = bisect.bisect_right(ends, index)
    return (ends[after - 1] if after else 0), (ends[after] if after < len(ends) else length)


def _context(text: str, ends: list[int], match: re.Match[str]) -> tuple[int, int]:
    """The bounds of the words read around a date: its sentence, at most CONTEXT characters on either side."""
    start, end = _sentence(ends, len(text), match.start())
    if start < match.start() - CONTEXT:
        cut = match.start() - CONTEXT
        space = _SPACE.search(text, cut - 1, match.start())  # begin at a whole word
        start = space.end() if space else cut
    if end > match.end() + CONTEXT:
        cut = match.end() + CONTEXT
        end = cut if _SPACE.match(text, cut) else next(
            (space.start() for space in _SPACE.finditer(text, match.end(), cut)), match.end())
    return start, end


def _range_before(text: str, start: int) -> bool:
    """Whether a day range ends just before a position: '27.-28. januar', '27. – 28. januar'."""
    index = _skip_spaces_back(text, start)
    if index == 0 or text[index - 1] not in "-–":
        return False
    index = _skip_spaces_back(text, index - 1)
    if index and text[index - 1] == ".":
        index -= 1
    return index > 0 and text[index - 1].isdigit()


def _skip_spaces_back(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index


class _Names:
    """The ways a body is named: 'direktionen', 'direktionens', and 'direktions' in 'direktionsmøde'."""

    def __init__(self, body: Body) -> None:
        name = " ".join(body.name.casefold().split())
        self.name = name
        stems = {name[:-2], name[:-1]} if name.endswith(("en", "et")) else {name}
        self.stems = {stem + s for stem in stems if stem and " " not in stem for s in ("", "s")}
        escaped = r"\s+".join(re.escape(part) for part in name.split())
        compounds = "|".join(re.escape(stem) for stem in sorted(self.stems))
        self.anywhere = re.compile(rf"(?<!\w)(?:{escaped}s?(?!\w)" + (rf"|(?:{compounds}){_MEETING}(?!\w))"
                                   if compounds else ")"), re.IGNORECASE)
        self.meeting_in = re.compile(rf"(?:^|\s){_MEETING}\s+i\s+{escaped}$")
        self.subject = re.compile(rf"(?:^|\s){escaped}\s+[^\W\d_]+$")


@functools.lru_cache(maxsize=64)
def _names(bodies: tuple[Body, ...]) -> list[tuple[Body, _Names]]:
    return [(body, _Names(body)) for body in bodies]


_MEETING_IN_ANY = re.compile(rf"(?:^|\s){_MEETING}\s+i(?:\s+\S+){{1,4}}$")
_WORD_MEETING = re.compile(rf"(?:^|\s)(\S+)\s+{_MEETING}$")
_COMPOUND_MEETING = re.compile(rf"(?:^|\s)(\w+){_MEETING}$")


def _body_before(sentence: str, at: int, bodies: tuple[Body, ...], own: Body) -> Body | None:
    """Whose meeting the words before the date at `at` name; None when they name no meeting at all."""
    lead = sentence[:at]
    lead = _DAY_WORD.sub("", lead.rstrip()).rstrip().casefold()
    names = _names(bodies)
    for body, name in names:
        if name.meeting_in.search(lead):
            return body
    if _MEETING_IN_ANY.search(lead):
        raise _Ambiguous
    if match := _WORD_MEETING.search(lead):
        before = match.group(1)
        if before.endswith("s"):
            return _named(before[:-2] if before.endswith(("'s", "’s")) else before[:-1], names)
        return _bare(sentence, at, names, own)
    if re.fullmatch(_MEETING, lead):
        return _bare(sentence, at, names, own)
    if match := _COMPOUND_MEETING.search(lead):
        return _named_stem(match.group(1), names)
    for body, name in names:
        if name.subject.search(lead):
            return body
    return None


def _named(words: str, names: list[tuple[Body, _Names]]) -> Body:
    for body, name in names:
        if words == name.name:
            return body
    raise _Ambiguous


def _named_stem(stem: str, names: list[tuple[Body, _Names]]) -> Body:
    for body, name in names:
        if stem in name.stems:
            return body
    raise _Ambiguous


def _bare(sentence: str, at: int, names: list[tuple[Body, _Names]], own: Body) -> Body:
    """Whose meeting a bare 'mødet' at position `at` of a sentence is; see rule 2 of the module."""
    mentions: list[tuple[int, Body | None]] = []
    masked = _blank(DATE, sentence)
    for body, name in names:
        mentions.extend((match.start(), body) for match in name.anywhere.finditer(masked))
        masked = _blank(name.anywhere, masked)
    first = _WORD.search(sentence)
    for word in _WORD.finditer(masked):
        at_start = first is not None and word.start() == first.start()
        if word.group()[:1].isupper() and not (at_start and word.group().casefold() in ORDINARY_FIRST_WORDS):
            mentions.append((word.start(), None))
    before = sorted(mention for mention in mentions if mention[0] < at)
    after = {body.slug if body else "": body for position, body in mentions if position > at}
    if before:
        nearest = before[-1][1]
    elif len(after) > 1:
        raise _Ambiguous
    else:
        nearest = next(iter(after.values()), own)
    if nearest is None:
        raise _Ambiguous
    return nearest


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """Replace every match with as many spaces, so that positions stay the same."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _tense(sentence: str, index: int) -> Tense | None:
    """The tense of the word nearest to a position that marks past or future, if any."""
    best: tuple[int, Tense] | None = None
    for match in _WORD.finditer(sentence):
        word = match.group().casefold()
        tense: Tense | None = None
        if word in PAST_WORDS or _PAST_ENDING.fullmatch(word):
            tense = "past"
        elif word in FUTURE_WORDS:
            tense = "future"
        if tense is not None:
            distance = abs(match.start() - index)
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None
