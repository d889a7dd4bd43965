"""Normalisation for matching: what is folded, and that every offset leads back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.normalise import fold_char, in_spans, normalise


@pytest.mark.parametrize(("text", "expected"), [
    ("Ingen ændring: æøå ÆØÅ é 1.234 kr.", "Ingen ændring: æøå ÆØÅ é 1.234 kr."),
    ("\ufeffa\u200bb\u200c\u200dc\u2060d\u00ade", "abcde"),  # BOM, zero-width, joiners, word joiner, soft hyphen
    ("a\u00a0b\u2009c\u202fd\u3000e", "a b c d e"),  # non-breaking, thin, narrow no-break, ideographic spaces
    ("［ｆｏｒｔｒｏｌｉｇｔ］ ０１２", "[fortroligt] 012"),  # fullwidth forms through NFKC
    ("f\u043ertr\u043e\u04cf\u0456gt \u0455\u0430\u0435\u0440\u0441", "fortroligt saepc"),  # Cyrillic look-alikes
    ("\u03bf\u039f\u03c1 \u0585", "oOp o"),  # Greek and Armenian
    ("\u0661\u0662\u0663 \u096a", "123 4"),  # Arabic-Indic and Devanagari digits
    ("a\u2011b\u2013c\u2212d", "a-b-c-d"),  # dashes
    ("e\u0301\u0338", "e"),  # combining marks
    ("ﬁ ²", "fi 2"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
])
def test_what_is_folded(text: str, expected: str) -> None:
    assert normalise(text).text == expected


def test_offsets_lead_back_to_the_original() -> None:
    text = "\u200bø ﬁx\u00a0[f\u043ertroligt]\u200b\u200b1"
    norm = normalise(text)
    assert norm.text == "ø fix [fortroligt]1"
    assert text[norm.origin(norm.text.index("x"))] == "x"
    assert text[norm.origin(norm.text.index("i"))] == "ﬁ"  # both letters of a ligature lead to it
    start, end = norm.span(norm.text.index("["), norm.text.index("]") + 1)
    assert text[start:end] == "[f\u043ertroligt]"
    assert text[norm.origin(norm.text.index("1"))] == "1"
    assert norm.origin(len(norm.text)) == len(text)


@given(st.text(alphabet=st.sampled_from("ab1 [\u200b\u00a0\u043eﬁ\ufeffø\u0301\uff10")))
def test_every_kept_character_maps_to_its_source(text: str) -> None:
    norm = normalise(text)
    for offset, char in enumerate(norm.text):
        source = text[norm.origin(offset)]
        assert char in fold_char(source)
    assert norm.origin(len(norm.text)) == len(text)
    origins = [norm.origin(offset) for offset in range(len(norm.text) + 1)]
    assert origins == sorted(origins)


def test_in_spans() -> None:
    spans = [(2, 5), (8, 9)]
    assert [offset for offset in range(11) if in_spans(offset, spans)] == [2, 3, 4, 8]
    assert not in_spans(3, [])
