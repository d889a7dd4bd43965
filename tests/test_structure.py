"""Structure: Markdown's own headings make items and sections; look-alikes in published text are errors."""

from __future__ import annotations

import time

import pytest

from generator.content.agenda import split_items
from generator.content.load import load_content
from generator.content.structure import structure_problems
from generator.errors import BuildError, ContentError, ErrorCollector
from tests.conftest import ContentFactory, meeting_text

FIRST = 15  # meeting_text() puts the first item line on line 15
OPEN = "# 1. Økonomi\nstatus: åben\n\n"
BOUND_SECONDS = 60  # generous: the cases below take a few seconds on a loaded two-core machine


def problems(text: str, closed_item: bool = False) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in structure_problems(text, closed_item)]


def errors_of(content: ContentFactory) -> list[ContentError]:
    with pytest.raises(BuildError) as raised:
        load_content(content.root)
    return list(raised.value.errors)


@pytest.mark.parametrize("line", [
    "status: lukket", "Status: Lukket", "status: luket", "status: lukkett", "status: aaben", "status: Åben",
    "status: abne", "status: open", "status: closed", 'status: "lukket"', "- status: lukket", "> status: åben",
    "    status: lukket", "1. status: lukket", "attachments:", "  topics: [Økonomi]", "Attachments: bilag",
])
def test_a_settings_line_in_text_is_an_error(line: str) -> None:
    found = problems(f"Tekst.\n\n{line}\n")
    assert [number for number, _ in found] == [2]
    assert "reads like an item's setting" in found[0][1]


@pytest.mark.parametrize("text", [
    "Status: projektet er forsinket.", "Status på sagen: lukket for nu.", "status:", "Emner: topics",
    "Sagens status\\: lukket", "1. januar 2024", "### 1. Indstilling", "**Status:** lukket", "#hashtag",
    "Vi talte om # 3. gang", "- 3. behandling", "\u00a0\u00a0Tekst med hårde mellemrum",
    "**3. Titel** og mere", "3\\. Titel\nstatus: projektet er forsinket",
])
def test_ordinary_text_is_no_structure(text: str) -> None:
    assert problems(text) == []


@pytest.mark.parametrize(("line", "words"), [
    ("#3. Titel", "there is no space after '#'"),
    ("##3. Titel", "starts with '##'"),
    ("## 3. Titel", "starts with '##'"),
    ("> # 3. Titel", "inside a list or a quote"),
    ("- # 3. Titel", "inside a list or a quote"),
    ("\t# 3. Titel", "indented by a tab or 4 spaces"),
    ("    # 3. Titel", "indented by a tab or 4 spaces"),
    ("# 3. Titel", "inside a code block or an HTML block"),
    ("\ufeff# 3. Titel", "invisible character (U+FEFF"),
    ("\u200b# Bilag", "invisible character (U+200B"),
    ("\u00ad## Afsnit", "invisible character (U+00AD"),
    ("\u00a0status: lukket", "invisible character (U+00A0"),
    ("\u2003topics: [x]", "invisible character (U+2003"),
    ("**3. Titel**", "a bold numbered line"),
    ("__3. Titel__", "a bold numbered line"),
])
def test_an_item_heading_look_alike_is_an_error_that_says_what_was_meant(line: str, words: str) -> None:
    found = structure_problems(f"Tekst.\n{line}\n")
    assert found and found[0].line == 1 and words in found[0].message, found
    if "3." in line:
        assert "'# 3. Titel'" in found[0].hint


def test_a_numbered_line_followed_by_a_setting_reads_like_an_item() -> None:
    found = structure_problems("Tekst.\n\n3. Titel\nstatus: lukket\n")
    assert [(p.line, p.hint.split("?")[0]) for p in found][:1] == [(2, "did you mean '# 3. Titel'")]


def test_a_closed_items_public_decision_refuses_every_section_look_alike() -> None:
    text = "Godkendt.\n\n```\n## Sagsfremstilling\n"
    assert problems(text) == []  # in an open item everything is published anyway
    assert [line for line, _ in problems(text, closed_item=True)] == [3]
    assert problems("Godkendt.\n\n### Begrundelse\n", closed_item=True) == []


def test_items_and_sections_are_markdowns_top_level_headings() -> None:
    body = (OPEN + "```\n# 2. I kode\n```\n\n- punkt\n\n  # 2. I en liste\n\n<div>\n\n## Afsnit\n\n</div>\n\n"
            "   # 2. Anden   ##\nstatus: lukket\n\n## Sagsfremstilling\nTekst.\n")
    errors = ErrorCollector("m.md")
    items = split_items(body, 1, errors)
    assert errors.errors == []
    assert [(i.number, i.title, i.line) for i in items] == [("1", "Økonomi", 1), ("2", "Anden", 18)]
    assert [(s.heading, s.line) for s in items[0].sections] == [("Afsnit", 14)]
    assert items[0].intro.startswith("```") and items[1].settings == "status: lukket"
    assert [(s.heading, s.text, s.text_line) for s in items[1].sections] == [("Sagsfremstilling", "Tekst.", 22)]


def test_a_fence_markdown_does_not_accept_does_not_hide_the_next_item(content: ContentFactory) -> None:
    items = OPEN + "```a`b\nkode\n\n# 2. Personale\nstatus: lukket\n\nHemmeligt.\n"
    content.meeting("d/a.md", meeting_text(items=items))
    _, meetings = load_content(content.root)
    assert [item.number for item in meetings[0].items] == [1, 2]
    assert "Hemmeligt" not in meetings[0].items[0].intro


@pytest.mark.parametrize("underline", ["---", "===", "-----------"])
def test_a_setext_heading_is_an_error(content: ContentFactory, underline: str) -> None:
    items = OPEN + "## Offentlig beslutning\n\nGodkendt.\n\nBegrundelse\n" + underline + "\n\nTekst.\n"
    content.meeting("d/a.md", meeting_text(items=items))
    [error] = errors_of(content)
    assert error.location.line == FIRST + 8
    assert "a line of '-' or '=' directly below text" in error.message and "'## Heading'" in error.hint


def test_settings_that_run_into_the_text_are_an_error(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items="# 1. Sag\nstatus: åben\n```\n\nTekst.\n```\n"))
    assert any(e.location.line == FIRST + 2 and "running on into the item's text" in e.message
               for e in errors_of(content))


def test_a_yaml_list_in_the_settings_may_be_followed_by_a_list(content: ContentFactory) -> None:
    items = "# 1. Sag\nstatus: åben\ntopics:\n  - Økonomi\n\n- punkt\n"
    content.meeting("d/a.md", meeting_text(items=items))
    _, meetings = load_content(content.root)
    assert meetings[0].items[0].topics == ("Økonomi",) and meetings[0].items[0].intro == "- punkt"


def test_a_numbered_section_heading_is_an_error(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(items=OPEN + "Tekst.\n\n## 2. Personale\n\nMere.\n"))
    [error] = errors_of(content)
    assert error.location.line == FIRST + 5 and "section heading that starts with a number" in error.message


def test_lists_nested_too_deeply_for_the_structure_parse_are_an_error(content: ContentFactory) -> None:
    nested = "".join("  " * depth + "- x\n" for depth in range(30))
    content.meeting("d/a.md", meeting_text(items=OPEN + nested))
    errors = errors_of(content)
    assert errors and "nested too deeply" in errors[0].message


# --- linear time: pathological inputs build or fail within seconds -------------------------------

def timed_load(content: ContentFactory, items: str) -> tuple[float, list[ContentError]]:
    content.meeting("d/a.md", meeting_text(items=items))
    started = time.perf_counter()
    try:
        load_content(content.root)
        errors: list[ContentError] = []
    except BuildError as error:
        errors = list(error.errors)
    return time.perf_counter() - started, errors


@pytest.mark.parametrize("heading", ["# 1. " + "Økonomi " * 12_400, "# 1. " + "#" * 99_000 + " x",
                                     "# 1." + " " * 99_000 + "x", "# 1. A\nstatus: åben\n\n## " + "[" * 99_000])
def test_a_100_kb_heading_line_is_fast(content: ContentFactory, heading: str) -> None:
    items = heading + ("\nstatus: åben\n\nTekst.\n" if "status" not in heading else "\n")
    seconds, errors = timed_load(content, items)
    assert errors == [] and seconds < BOUND_SECONDS


def test_a_hundred_thousand_heading_lines_are_fast(content: ContentFactory) -> None:
    shapes = ("# {n}. Punkt", "## Afsnit {n}", "#{n}. Falsk", "\u00a0# {n}. Falsk", "    # {n}. Kode")
    lines = "\n".join(shapes[n % len(shapes)].format(n=n) for n in range(1, 100_001))
    seconds, errors = timed_load(content, OPEN + lines + "\n")
    assert errors and seconds < BOUND_SECONDS


def test_deeply_odd_fences_are_fast(content: ContentFactory) -> None:
    odd = "```a`b\n~~~~\n<div>\n- ```\n> ~~~\n    ```\n\u200b```\n" * 15_000
    seconds, errors = timed_load(content, OPEN + odd)
    assert seconds < BOUND_SECONDS
    assert all(e.location.line >= FIRST for e in errors)
