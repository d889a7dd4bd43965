"""The JSON writer gives the standard library's indented text, also with encoded parts placed inside."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render.jsontext import Encoded, dumps, encode

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=5), children, max_size=4), max_leaves=20)


def standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


@given(VALUES)
def test_the_text_is_the_standard_librarys(value: Any) -> None:
    assert dumps(value) == standard(value)


@given(VALUES, VALUES, st.text(max_size=5))
def test_an_encoded_part_reads_as_if_written_in_place(outer: Any, inner: Any, key: str) -> None:
    placed = {"a": [outer, {key: encode(inner)}], "b": encode([inner, "x\ny"])}
    written = {"a": [outer, {key: inner}], "b": [inner, "x\ny"]}
    assert dumps(placed) == standard(written)
    assert dumps(encode(placed)) == standard(written)


def test_characters_are_escaped_as_the_standard_library_does() -> None:
    value = {"tekst": 'Æble "citat" \\ </script>\n\u2028\x00', "tal": [1, -2, 1.5, True, None]}
    assert dumps(value) == standard(value)
    assert isinstance(encode(value), Encoded)


def test_what_json_cannot_hold_is_an_error() -> None:
    with pytest.raises(TypeError):
        dumps({1: "a"})
    with pytest.raises(TypeError):
        dumps({"a": object()})
