"""A meeting's `published:` date and `corrections:`: read strictly, shown on the page, carried by the feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import BuildOptions, check
from generator.errors import BuildError
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

PUBLICATION = """\
published: 2024-03-08
corrections:
  - date: 2024-04-02
    text: Punkt 1 manglede beslutningen.
  - date: 2024-03-20
    text: Fremmødelisten er rettet <b>nu</b>.
"""


def test_the_page_shows_publication_and_corrections_oldest_first(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text(header=PUBLICATION))
    out = tmp_path / "site"
    run_build(content.root, out)
    soup = parse_html(out / "direktionen/2024-03-06/index.html")
    facts = {dt.get_text(strip=True): dd for dt, dd in zip(soup.select(".facts dt"), soup.select(".facts dd"),
                                                           strict=True)}
    assert facts["Offentliggjort"].get_text(strip=True) == "8. marts 2024"
    assert facts["Offentliggjort"].time["datetime"] == "2024-03-08"
    box = soup.select_one(".corrections")
    assert box.h2.get_text() == "Rettelser"
    assert [li.get_text(" ", strip=True) for li in box.select("li")] == [
        "20. marts 2024 : Fremmødelisten er rettet <b>nu</b>.", "2. april 2024 : Punkt 1 manglede beslutningen."]
    assert box.find("b") is None  # text, never markup


def test_a_meeting_without_them_shows_neither(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    out = tmp_path / "site"
    run_build(content.root, out)
    soup = parse_html(out / "direktionen/2024-03-06/index.html")
    assert soup.select(".corrections") == [] and "Offentliggjort" not in soup.get_text()


@pytest.mark.parametrize(("header", "line", "words"), [
    ("published: 8. marts\n", 13, "'published' must be a date written YYYY-MM-DD"),
    ("corrections:\n  - date: 2024-04-02\n", 14, "correction 1: the field 'text' is missing"),
    ("corrections:\n  - text: Rettet.\n", 14, "correction 1: the field 'date' is missing"),
    ("corrections: Rettet i går\n", 13, "'corrections' must be a list"),
    ("corrections:\n  - date: 2024-04-02\n    text: x\n    by: Jens\n", 16, "correction 1: unknown field 'by'"),
    ("published: 2024-03-08\ncorrections:\n  - date: 2024-03-07\n    text: x\n", 15,
     "the correction is dated 2024-03-07, before the meeting was published (2024-03-08)"),
])
def test_mistakes_are_errors_with_the_line(content: ContentFactory, header: str, line: int, words: str) -> None:
    content.meeting("d/a.md", meeting_text(header=header))
    with pytest.raises(BuildError) as caught:
        check(BuildOptions(content_dir=content.root))
    [error] = caught.value.errors
    assert words in error.message and error.location.line == line, str(error)
