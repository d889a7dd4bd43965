"""The leak guard's words: splitting before normalising gives the words normalising first gives, or says it cannot.

The scan (generator/publish/verify.py) splits a written file first and normalises each distinct token once; that is
only right if it yields exactly the words the fingerprints were taken with. A property test compares the
two on arbitrary text, with the characters that make normalising change words (compatibility forms,
no-break spaces, combining marks after punctuation, format characters) drawn often.
"""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.publish.leakwords import NEEDS_CONTEXT, SEPARATORS, token_hash, word_hash, words

TRICKY = st.sampled_from(["<", "=", ">", " ", "-", "\u0338", "\u0301", "\u00a0", "\u200b", "\u00ad", "ﬁ", "Ｚ",
                          "ß", "Æ", "ø", "\u2460", "\u3000", "İ", "Σ", "\ufeff", "\u1100", "\u1161", "A", "q"])
TEXT = st.lists(st.one_of(TRICKY, st.characters(codec="utf-8")), max_size=40).map("".join)


def split_first(text: str) -> list[int] | None:
    """The scan's way: hashes of the tokens, or None where it falls back to normalising the whole text."""
    hashes = [token_hash(token) for token in text.encode("utf-8", "replace").translate(SEPARATORS).split()]
    return None if NEEDS_CONTEXT in hashes else hashes


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_splitting_first_gives_the_same_words_or_falls_back(text: str) -> None:
    hashes = split_first(text)
    if hashes is not None:
        assert hashes == [word_hash(word) for word in words(text)]


def test_the_cases_that_need_the_whole_text_fall_back() -> None:
    for text in ("a <\u0338 b", "Møde\u00a0Zqord", "a \u200b b", "\u3000"):
        assert split_first(text) is None
    assert split_first("Økonomi og BUDGET ﬁnans") == [word_hash(w) for w in (b"\xc3\xb8konomi", b"og", b"budget",
                                                                                 b"finans")]


def test_word_hashes_are_the_same_in_every_process() -> None:
    code = "from generator.publish.leakwords import word_hash; print(word_hash('budgetopfølgning'.encode()))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2)}
    assert runs == {f"{word_hash('budgetopfølgning'.encode())}\n"}
