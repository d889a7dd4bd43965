"""The cheap pre-check of `structure_problems` passes over no line that could look like structure."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.structure import MAY_LOOK_LIKE, _section_problem, line_problem, structure_problems

# Characters that build look-alikes, and characters that could hide or fake them (fullwidth, invisible).
CHARACTERS = " \t>-*+_.)\"'abcdefgiklnprstuåSTATUSÅ\ufeff\u200b\u00a0\u3000\uff03\uff1a\uff11\u0665\u2460"
ALPHABET = st.sampled_from([*CHARACTERS, "status", "topics", "attachments", "**", "lukket", "åben"])
LINE = st.lists(ALPHABET, max_size=12).map("".join)
ANY_LINE = st.text(alphabet=st.sampled_from(list("# :1.)*_ \tastuSTAUpic\u200b")), max_size=16)


@settings(max_examples=400, deadline=None)
@given(LINE, ANY_LINE)
def test_a_line_without_hash_colon_or_digit_is_never_structure(line: str, following: str) -> None:
    assert MAY_LOOK_LIKE.search(line) is None
    assert line_problem([line, following], 0) is None
    assert _section_problem(line, 0) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINE, ANY_LINE), max_size=6), st.booleans())
def test_the_pre_check_finds_what_every_line_checked_finds(lines: list[str], closed_item: bool) -> None:
    expected = [problem for index in range(len(lines))
                if (problem := line_problem(lines, index) or (_section_problem(lines[index], index)
                                                              if closed_item else None)) is not None]
    assert structure_problems("\n".join(lines), closed_item) == expected


def test_the_pre_check_lets_look_alikes_through() -> None:
    assert structure_problems("tekst\n    # 3. Budget\n## 4. Andet\nStatus: lukket") != []
    assert len(structure_problems("    # 3. Budget")) == 1
