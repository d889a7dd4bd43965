"""The link stage: closed items contribute their public title and nothing else to topics and references."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content.load import load_content
from generator.link.archive import link_archive
from generator.redaction import redact_meeting
from tests.conftest import ContentFactory, meeting_text, parse_html

MARKER = "LUKKETMARKOER"

TOPICS = """\
topics:
  - slug: oekonomi
    name: Økonomi
"""

CLOSED_ITEMS = f"""\
# 1. Økonomi
status: åben

## Beslutning i Direktionen

Direktionen godkendte budgettet.

# 2. Økonomi
status: lukket
topics: [{MARKER}-emne, Økonomi]

Direktionen drøftede d. 31. januar {MARKER} indledning.

## Sagsfremstilling

- 31\\. jan.
  - {MARKER} punkt

På direktionens møde d. 31. januar blev {MARKER} besluttet.

## Beslutning

{MARKER} beslutning, jf. direktionens møde d. 31. januar.

## Offentlig beslutning

Direktionen traf beslutning i sagen, som blev drøftet på direktionens møde d. 31. januar.

# 3. Lukket sag
status: lukket
topics: [Økonomi]
"""


def closed_fixture(content: ContentFactory) -> None:
    (content.root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    content.meeting("d/target.md", meeting_text(date="2024-01-31", items="# 1. Andet\nstatus: åben\n"))
    content.meeting("d/src.md", meeting_text(date="2024-03-06", items=CLOSED_ITEMS))


def test_a_closed_item_joins_a_topic_by_its_public_title_only(content: ContentFactory) -> None:
    closed_fixture(content)
    config, sources = load_content(content.root)
    archive = link_archive(config, tuple(redact_meeting(source)[0] for source in sources))
    [timeline] = archive.topics.timelines
    assert [(t.item.number, t.item.closed, t.excerpt) for t in timeline.treatments] == [
        (1, False, "Direktionen godkendte budgettet."), (2, True, None)]
    source = archive.meetings[-1]
    assert archive.topics.of_item(source, source.items[2]) == ()  # its topics: line is never read
    assert archive.references.to(archive.meetings[0]) == ()
    assert archive.warnings == ()


def test_a_marker_in_a_closed_item_produces_no_link_topic_or_excerpt(content: ContentFactory,
                                                                    tmp_path: Path) -> None:
    closed_fixture(content)
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert MARKER not in result.output
    for path in sorted(site.rglob("*")):
        assert MARKER not in path.as_posix()
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    assert sorted(p.name for p in (site / "emner").iterdir()) == ["index.html", "oekonomi"]
    target = parse_html(site / "direktionen/2024-01-31/index.html")
    assert target.select(".crossrefs") == []
    page = parse_html(site / "direktionen/2024-03-06/index.html")
    closed = page.find(id="punkt-2").parent
    assert [a["href"] for a in closed.select("a") if not a.find_parent(class_="item-topics")] == ["#punkt-2"]
    assert "direktionens møde d. 31. januar" in closed.get_text()  # the public decision, as plain text
    topic = parse_html(site / "emner/oekonomi/index.html")
    entries = [li.select_one(".timeline__title").get_text(" ", strip=True) for li in topic.select("ol.timeline > li")]
    assert entries == ["Økonomi", "Økonomi Lukket punkt"]
    assert len(topic.select(".timeline__excerpt")) == 1
    index = parse_html(site / "emner/index.html")
    assert index.select_one(".index-list__count").get_text() == "2 punkter"


def test_closed_items_with_the_same_title_are_reported_by_their_public_title(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text(date="2024-01-10", items="# 1. Personalesag\nstatus: lukket\n\n"
                                           f"{MARKER}\n"))
    content.meeting("d/b.md", meeting_text(date="2024-02-07", items="# 1. Personalesag\nstatus: lukket\n"))
    config, sources = load_content(content.root)
    [warning] = link_archive(config, tuple(redact_meeting(source)[0] for source in sources)).warnings
    assert MARKER not in str(warning)
    assert '"Personalesag" recurs (direktionen 2024-02-07 item 1)' in warning.message
