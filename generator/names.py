"""Turn names into ASCII address parts and into keys for Danish alphabetical order."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import TypeVar

T = TypeVar("T")

# Danish letters get their conventional ASCII spellings in addresses, not a bare 'a' or 'o'.
_ASCII_SPELLINGS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# In Danish order æ, ø, å come after z; ä, ö and ü sort as æ, ø and y.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_DANISH_FOLD = str.maketrans({"ä": "æ", "ö": "ø", "ü": "y"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(name: str, fallback: str = "x") -> str:
    """Return a lower-case ASCII address part: 'Økonomi' → 'oekonomi', 'KB-seminar' → 'kb-seminar'."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_ASCII_SPELLINGS)
    return _NOT_SLUG.sub("-", _strip_accents(text)).strip("-") or fallback


class SlugClaims:
    """Hands out address parts that are not taken yet: `base`, else `base-2`, `base-3` … in order."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self._next: dict[str, int] = {}  # per base, the number to try next: each is tried once at most

    def claim(self, base: str) -> str:
        """Return `base` or the first numbered form of it that is free, and mark it taken."""
        number = self._next.get(base, 1)
        slug = base if number == 1 else f"{base}-{number}"
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self._next[base] = number + 1
        self.taken.add(slug)
        return slug


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().translate(_DANISH_FOLD)
    return "".join(c if c in _ALPHABET else _strip_accents(c) for c in text)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def sort_key(name: str) -> tuple[tuple[int, ...], str]:
    """Return a key that orders names as a Danish index does: A–Z, then Æ, Ø, Å; digits first."""
    ranks = []
    for char in _fold(name):
        if char in "0123456789":  # str.isdigit() also holds for digits int() refuses, such as U+19DA
            ranks.append(1 + int(char))
        elif char in _ALPHABET:
            ranks.append(20 + _ALPHABET.index(char))
        elif char.isalpha():
            ranks.append(20 + len(_ALPHABET) + ord(char))
        # Spaces and punctuation do not decide the order, as in a printed index.
    return tuple(ranks), name


def index_letter(name: str) -> str:
    """Return the letter a name is listed under in an A–Z index, or '#' for digits and signs."""
    folded = _fold(name)
    first = next((c for c in folded if c.isalnum()), "")
    return first.upper() if first.isalpha() else "#"


def by_letter(entries: Iterable[T], name: Callable[[T], str]) -> tuple[tuple[str, str, tuple[T, ...]], ...]:
    """Group entries already in A–Z order by their index letter: (letter, its ASCII anchor, entries)."""
    return tuple((letter, ascii_slug(letter, "tal"), tuple(group))
                 for letter, group in groupby(entries, key=lambda entry: index_letter(name(entry))))
