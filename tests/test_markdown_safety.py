"""markdown.py's guard: text nested deeper than markdown-it keeps is an error, never silently dropped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown import NestingTooDeep, nesting_problem, render_markdown


def test_seven_list_levels_render_in_full_and_eight_are_refused() -> None:
    seven = "\n".join("  " * level + f"- ord{level}" for level in range(7))
    assert nesting_problem(seven) is None
    assert all(f"ord{level}" in render_markdown(seven) for level in range(7))
    eight = seven + "\n" + "  " * 7 + "- ord7"
    assert nesting_problem(eight) == 7
    with pytest.raises(NestingTooDeep):
        render_markdown(eight)


@pytest.mark.parametrize("text", [
    "> " * 40 + "citat",
    "- " * 40 + "punkt",
    "1. " * 30 + "punkt",
    "\n".join("  " * level + "-" for level in range(30)) + "\n" + "  " * 30 + "punkt",
])
def test_deep_nesting_is_found(text: str) -> None:
    assert nesting_problem(text) is not None


def test_indentation_alone_is_no_nesting() -> None:
    assert nesting_problem(" " * 60 + "kode\n\n" + "\t" * 20 + "mere kode") is None


# One container per step: a quote, a bullet, an ordered marker, or an indented continuation.
CONTAINERS = st.lists(st.sampled_from(["> ", "- ", "* ", "1. ", "2) ", ">", "-\t", "  "]), max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CONTAINERS, st.integers(0, 6)), min_size=1, max_size=6))
def test_the_guard_catches_every_text_markdown_it_would_cut_short(lines: list[tuple[list[str], int]]) -> None:
    words = [f"ord{index}x" for index in range(len(lines))]
    text = "\n".join(" " * indent + "".join(prefix) + word for (prefix, indent), word in zip(lines, words, strict=True))
    if nesting_problem(text) is not None:
        return
    html = render_markdown(text)
    assert all(word in html for word in words), text
