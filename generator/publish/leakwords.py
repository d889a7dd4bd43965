"""Words as the leak guard compares them: normalised, split on ASCII punctuation, and hashed.

The closed text's fingerprints (generator/publish/leakguard.py) and the written files (generator/publish/verify.py) are
split into words by the same functions here, so that both sides agree on every word. A word is kept as a
keyed hash (word_hash): the same in every process and build, so that per-meeting fingerprints may be
cached without their text.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TypeVar

# Words are split on ASCII punctuation and spaces, in bytes (str.translate and re are several times slower);
# other characters stay part of a word, the same way in closed, public and written text.
SEPARATORS = bytes(byte if byte >= 0x80 or chr(byte).isalnum() else 0x20 for byte in range(256))
TAG = re.compile(r"<[^<>]*>")  # linear: a failed match stops at the next '<'
FORMAT_CHARACTERS = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
KEY = b"minutes-leakguard-1"  # fixed, so that the same words give the same hashes in every process and build
NEEDS_CONTEXT = -1  # never a word_hash, which is unsigned
T = TypeVar("T")


@lru_cache(maxsize=1 << 20)
def word_hash(word: bytes) -> int:
    """Return a word's keyed hash: what fingerprints hold in place of the word (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(word, digest_size=8, key=KEY).digest(), "little")


def normalise(text: str) -> str:
    """Return a text as it is compared: NFKC, format characters removed, case-folded."""
    return FORMAT_CHARACTERS.sub("", unicodedata.normalize("NFKC", text)).casefold()


def words(text: str) -> list[bytes]:
    """Return the normalised words of a text, as UTF-8."""
    return normalise(text).encode("utf-8", "replace").translate(SEPARATORS).split()


@lru_cache(maxsize=1 << 20)
def token_hash(token: bytes) -> int:
    """Return the hash of the one word a raw token (split before normalising) gives, or NEEDS_CONTEXT."""
    # Splitting on ASCII separators before normalising gives the same words as after, unless a token starts
    # with a combining mark (NFKC joins "<" and U+0338 into "≮") or normalises into no word or several.
    text = token.decode("utf-8")
    found = words(text)
    return word_hash(found[0]) if len(found) == 1 and not unicodedata.combining(text[0]) else NEEDS_CONTEXT


def source_words(text: str) -> list[bytes]:
    """Return the words of Markdown as a page shows them: without HTML tags, with entities decoded."""
    # The output's own tags stay words when it is read back, so a run never spans a tag there either.
    return words(html.unescape(TAG.sub(" ", text)))


def runs_of(found: Sequence[T], length: int) -> Iterator[tuple[T, ...]]:
    """Return every run of `length` consecutive words (made in C: the lookups are the only Python work)."""
    return zip(*(found[i:] for i in range(length)), strict=False)


def blocks(text: str) -> Iterator[str]:
    """Yield a Markdown text's paragraphs and headings, so that no run spans two of them."""
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            if current:
                yield "\n".join(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        yield "\n".join(current)
