"""Normalise text for matching markers and personal data, keeping the way back to the original offsets.

Markers (`[fortroligt]`, `[ikke-cpr: …]`, `[offentlig: …]`) and personal data (CPR numbers, e-mail
addresses, phone numbers) are looked for in a normalised copy of a text, so that a character a reader
cannot see or tell apart does not hide them: every character is put through NFKC on its own (fullwidth
forms, ligatures, superscript digits), format characters (Unicode category Cf: byte-order mark,
zero-width space and joiners, word joiner, soft hyphen …), combining marks and the Hangul fillers are
removed, space separators (non-breaking, thin, ideographic …) become a plain space, dashes (the
non-breaking hyphen, en and em dashes, the minus sign) become "-", decimal digits of any script
become 0-9, and Cyrillic, Greek and Armenian letters that look like Latin ones become those.

The copy is only ever matched, never published: an offset found in it is mapped back to the original
text with `Normalised.origin`, so errors keep their file, line and column, and redaction cuts the
original text.

Confusables come from a small explicit table rather than a library: the well-kept option,
`confusable-homoglyphs`, is built to detect mixed-script strings, not to fold them, and the Unicode
confusables data it carries also maps digits and Latin letters onto each other (0 and O, 1 and l, rn
and m), which would turn ordinary numbers into words and hide CPR numbers. The table holds the letters
that look exactly like the Latin letters of the marker words and of e-mail addresses.

Each character is normalised on its own, so one original character becomes zero, one or several
characters of the copy; across characters NFKC would only compose letters with combining marks, and
those marks are removed anyway.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_LOOK_ALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "к": "k", "т": "t",
    "м": "m", "н": "h", "г": "r", "п": "n",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    # Greek
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Armenian and Latin look-alikes that NFKC keeps
    "օ": "o", "ս": "u", "ց": "g", "ı": "i", "ȷ": "j", "ɡ": "g", "ɑ": "a", "ɩ": "i", "ʟ": "L",
}
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")  # Hangul fillers: letters that show nothing
_REMOVED_CATEGORIES = frozenset(("Cf", "Mn", "Me"))
_SPACE_CATEGORIES = frozenset(("Zs", "Zl", "Zp"))
# Characters that may change: not ASCII, and not one of the Latin-1 letters (æ, ø, å, é …), which NFKC keeps.
_MAY_CHANGE = re.compile(r"[^\x00-\x7f\xc0-\xff]")


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Tell whether an offset lies in one of some sorted, non-overlapping spans (a binary search)."""
    index = bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """Return what one character becomes in the normalised text (possibly nothing, or several)."""
    folded = []
    for part in unicodedata.normalize("NFKC", char):
        category = unicodedata.category(part)
        if category in _REMOVED_CATEGORIES or part in _INVISIBLE_LETTERS:
            continue
        if category in _SPACE_CATEGORIES:
            folded.append(" ")
        elif category == "Pd" or part == "\u2212":
            folded.append("-")
        elif category == "Nd":
            folded.append(str(unicodedata.decimal(part)))
        else:
            folded.append(_LOOK_ALIKES.get(part, part))
    return "".join(folded)


@dataclass(frozen=True)
class Normalised:
    """A normalised text and the way back: runs that start at a normalised and an original offset.

    A run either advances both offsets together (`same`), or stands for what one original character
    became, every offset of it leading back to that character.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    same: tuple[bool, ...]

    def origin(self, offset: int) -> int:
        """Return the original offset of a normalised offset (the end of the text maps to the end)."""
        run = bisect_right(self.starts, offset) - 1
        if self.same[run]:
            return self.origins[run] + offset - self.starts[run]
        return self.origins[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span of a normalised span: from its first to its last character's source."""
        if end <= start:
            return self.origin(start), self.origin(start)
        return self.origin(start), self.origin(end - 1) + 1


@lru_cache(maxsize=32)
def normalise(text: str) -> Normalised:
    """Return the normalised form of a text with its map back to the original offsets."""
    if text.isascii():
        return Normalised(text, (0,), (0,), (True,))
    parts: list[str] = []
    starts, origins, same = [0], [0], [True]
    copied = 0  # original offset up to which the text is in parts
    length = 0  # length of the normalised text in parts
    for match in _MAY_CHANGE.finditer(text):
        position = match.start()
        char = text[position]
        folded = fold_char(char)
        if folded == char:
            continue
        parts.append(text[copied:position])
        length += position - copied
        starts.append(length)
        origins.append(position)
        same.append(False)
        parts.append(folded)
        length += len(folded)
        copied = position + 1
        starts.append(length)
        origins.append(copied)
        same.append(True)
    parts.append(text[copied:])
    return Normalised("".join(parts), tuple(starts), tuple(origins), tuple(same))
