"""Confidential passages: the syntax, its mistakes (file and line), and that the passage never reaches the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.confidential import (
    OMITTED_NOTICE,
    WORD,
    blank_passages,
    edit_distance,
    find_passages,
    has_marker,
    remove_passages,
)
from generator.errors import BuildError
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

SECRET = "hemmeligqx"


@pytest.mark.parametrize(("text", "expected"), [
    (f"Navn: [fortroligt]{SECRET}[/fortroligt], født 1970.", "Navn: [udeladt], født 1970."),
    (f"A [Fortroligt]{SECRET}[/FORTROLIGT] b", "A [udeladt] b"),
    (f"A [ fortroligt ]{SECRET}[ / fortroligt ] b", "A [udeladt] b"),
    (f"Før.\n\n[fortroligt]\n{SECRET}\n\n- {SECRET}\n[/fortroligt]\n\nEfter.", "Før.\n\n[udeladt]\n\nEfter."),
    (f"a [fortroligt]{SECRET}[/fortroligt] b [fortroligt]{SECRET}[/fortroligt] c", "a [udeladt] b [udeladt] c"),
    ("Sagen er fortroligt og *fortroligt*; fortrolige oplysninger.", "Sagen er fortroligt og *fortroligt*; "
     "fortrolige oplysninger."),
    # Invisible, space and look-alike characters inside a marker: still a marker, the passage removed.
    (f"A [fort\u200broligt]{SECRET}[/fortroligt] b", "A [udeladt] b"),
    (f"A [f\u043ertroligt]{SECRET}[/f\u043ertroligt] b", "A [udeladt] b"),
    (f"A [\u00a0fortroligt\u00a0]{SECRET}[\u00a0/\u00a0fortroligt] b", "A [udeladt] b"),
    (f"A \ufeff［ｆｏｒｔｒｏｌｉｇｔ］{SECRET}[/fortrol\u00adigt] b", "A \ufeff[udeladt] b"),
    (f"Æble [fortroligt]{SECRET}ø[/fortroligt] å", "Æble [udeladt] å"),
    ("Se (bilag 2) og [udeladt] samt <b>fed</b> og {x}.", "Se (bilag 2) og [udeladt] samt <b>fed</b> og {x}."),
])
def test_passages_are_replaced_by_the_notice(text: str, expected: str) -> None:
    assert remove_passages(text) == expected


@pytest.mark.parametrize(("text", "offset", "words"), [
    (f"a [fortrolig]{SECRET}[/fortroligt]", 2, "looks like"),
    (f"a [fortroligt {SECRET}", 2, "looks like"),
    (f"a <fortroligt>{SECRET}</fortroligt>", 2, "looks like"),
    (f"a {{fortroligt}}{SECRET}", 2, "looks like"),
    (f"a {SECRET} fortroligt] b", 13, "looks like"),
    (f"a\n[fortroligt]{SECRET}", 2, "not closed"),
    (f"a {SECRET}[/fortroligt]", 12, "without"),
    (f"[fortroligt]a [fortroligt]{SECRET}[/fortroligt]", 14, "a second"),
    # Near misses by edit distance, in any kind of bracket; the same typo in both markers too.
    (f"a [fortoligt]{SECRET}[/fortoligt]", 2, "looks like"),
    (f"a {SECRET}[/fortrolgt] b", 12, "looks like"),
    (f"a (fortroligt){SECRET}(/fortroligt)", 2, "looks like"),
    (f"a [frotroligt]{SECRET}[/frotroligt]", 2, "looks like"),
    (f"a [fort roligt]{SECRET}[/fort roligt]", 2, "looks like"),
    (f"a <fortrolig>{SECRET}", 2, "looks like"),
    (f"a [fortroligtt {SECRET}", 2, "looks like"),
    (f"a {SECRET} fortrolgt}} b", 13, "looks like"),
    (f"a [f\u200bortolgt]{SECRET}", 2, "looks like"),
    (f"\u200b\u200ba [fortoligt]{SECRET}", 4, "looks like"),  # offsets of the original text
])
def test_malformed_markers_are_problems_at_their_offset(text: str, offset: int, words: str) -> None:
    _, problems = find_passages(text)
    assert [p.offset for p in problems][:1] == [offset]
    assert words in problems[0].message
    assert all(SECRET not in p.message + p.hint for p in problems)
    with pytest.raises(ValueError):
        remove_passages(text)


@pytest.mark.parametrize("text", ["(fortroligt)", "Sagen er (fortrolig).", "<fortroligt/>", "{FORTROLIGT}",
                                  "[fortroIigt]", "[fortrol1gt]"])
def test_bracketed_forms_of_the_word_are_errors(text: str) -> None:
    assert find_passages(text)[1] and has_marker(text) is not None


def test_edit_distance_counts_swaps_and_stops_at_the_limit() -> None:
    assert edit_distance("fortroligt", WORD, 2) == 0
    assert edit_distance("frotroligt", WORD, 2) == 1
    assert edit_distance("fortoligt", WORD, 2) == 1
    assert edit_distance("rftroligt", WORD, 2) == 2  # a letter dropped, then neighbours swapped
    assert edit_distance("fortrolighed", WORD, 2) == 3
    assert edit_distance("udeladt", WORD, 2) == 3


def test_blanking_keeps_lines_and_columns() -> None:
    text = f"x [fortroligt]{SECRET}\n{SECRET}[/fortroligt] 010203-1234"
    blanked = blank_passages(text)
    assert len(blanked) == len(text) and blanked.count("\n") == 1
    assert SECRET not in blanked and blanked.endswith(" 010203-1234")
    hidden = f"ø\u200b [fortr\u043eligt]{SECRET}\n[/fortroligt]\u00a0010203-1234"
    blanked = blank_passages(hidden)
    assert len(blanked) == len(hidden) and SECRET not in blanked and blanked.endswith("\u00a0010203-1234")


ITEMS = f"""\
# 1. Personale
status: åben
topics: [Personale]

Indledning [fortroligt]{SECRET}-intro[/fortroligt].

## Sagsfremstilling

Medarbejderen [fortroligt]{SECRET}-navn[/fortroligt] er ansat.

[fortroligt]
{SECRET}-blok med **fed** og 010203-1234.
[/fortroligt]

## Offentlig beslutning

Godkendt.

# 2. Lukket sag
status: lukket

## Offentlig beslutning

Beslutningen: [fortroligt]{SECRET}-lukket[/fortroligt] godkendt.
"""


def test_a_passage_never_reaches_the_site(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=ITEMS))
    site = tmp_path / "site"
    run_build(content.root, site)
    for path in site.rglob("*"):
        assert path.is_dir() or SECRET.encode() not in path.read_bytes(), path
    soup = parse_html(site / "direktionen/2024-03-06/index.html")
    first = soup.find(id="punkt-1").parent.get_text(" ", strip=True)
    assert "Indledning [udeladt]." in first
    assert "Medarbejderen [udeladt] er ansat." in first
    assert first.count(OMITTED_NOTICE) == 3
    assert "Beslutningen: [udeladt] godkendt." in soup.find(id="punkt-2").parent.get_text(" ", strip=True)


@pytest.mark.parametrize(("items", "line", "column", "words"), [
    (f"# 1. Sag\nstatus: åben\n\n## Tekst\n\nA [fortroligt]{SECRET}\n\n## Beslutning\n\nB[/fortroligt]\n",
     20, 3, "not closed in the same section"),
    (f"# 1. Sag\nstatus: åben\n\n## Tekst\n\nA\n[fortrolig]{SECRET}[/fortrolig]\n", 21, 1, "looks like"),
    (f"# 1. Sag [fortroligt]{SECRET}[/fortroligt]\nstatus: åben\n\nTekst.\n", 15, 10, "only be marked in an item"),
    (f"# 1. Sag\nstatus: lukket\n\n## Tekst\n\n{SECRET} [fortroligt]\n", 20, 12, "not closed"),
    # Columns count the characters of the file, invisible ones included.
    (f"# 1. Sag\nstatus: åben\n\n## Tekst\n\n\u200b\u00a0[fortoligt]{SECRET}[/fortoligt]\n", 20, 3, "looks like"),
    (f"# 1. Sag\nstatus: åben\n\n## Tekst\n\nA (fortroligt) {SECRET}\n", 20, 3, "looks like"),
])
def test_marker_mistakes_stop_the_build_with_file_and_line(content: ContentFactory, tmp_path: Path, items: str,
                                                           line: int, column: int, words: str) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=items))
    with pytest.raises(BuildError) as raised:
        run_build(content.root, tmp_path / "site")
    errors = raised.value.errors
    assert [(e.location.line, e.location.column) for e in errors][:1] == [(line, column)], raised.value.report()
    assert words in errors[0].message
    assert errors[0].location.path.endswith("meetings/direktionen/a.md")
    assert SECRET not in raised.value.report()
    assert not (tmp_path / "site").exists()


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u00a0", "\u2009", " "]
LOOK_ALIKES = {"o": "\u043e", "i": "\u0456", "r": "\u0433", "t": "\uff54", "g": "\u0261", "f": "\uff46"}


@st.composite
def disguised_marker(draw: st.DrawFn, closing: bool) -> str:
    """A marker with invisible characters, spaces and look-alikes put in, and at most two typing mistakes."""
    letters = list(WORD)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(letters) - 2))
        kind = draw(st.sampled_from(["drop", "swap", "change", "add"]))
        if kind == "drop":
            del letters[at]
        elif kind == "swap":
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        elif kind == "add":
            letters.insert(at, "x")
        else:
            letters[at] = "x"
    letters = [LOOK_ALIKES.get(char, char) if draw(st.booleans()) else char for char in letters]
    chars = ["["] + (["/"] if closing else []) + letters + ["]"]
    for _ in range(draw(st.integers(0, 4))):
        chars.insert(draw(st.integers(1, len(chars) - 1)), draw(st.sampled_from(INVISIBLE)))
    return "".join(chars)


@given(disguised_marker(False), disguised_marker(True))
def test_a_disguised_or_mistyped_marker_is_removed_or_an_error(opening: str, closing: str) -> None:
    text = f"Før {opening}{SECRET}{closing} efter."
    _, problems = find_passages(text)
    assert problems or SECRET not in remove_passages(text)
