"""Topics: grouping by `topics:` lines and by recurring titles, topic pages, and links on items."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.load import load_content
from generator.link import topics
from generator.link.archive import Archive, link_archive
from generator.link.topics import title_heads, title_key
from generator.redaction import redact_meeting
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

TOPICS = """\
topics:
  - slug: oekonomi
    name: Økonomi
    description: Det faste punkt om kommunens økonomi.
  - slug: eventuelt
    name: Eventuelt
  - slug: beslutningsprotokoller
    name: Beslutningsprotokoller og dagsordener
  - slug: kb-seminar
    name: KB-seminar
    aliases: [Opfølgning på KB-seminar]
"""


def item(number: int, title: str, settings: str = "", text: str = "Tekst.", status: str = "åben") -> str:
    return f"# {number}. {title}\nstatus: {status}\n{settings}\n## Sagsfremstilling\n\n{text}\n\n"


def archive_of(content: ContentFactory) -> Archive:
    config, sources = load_content(content.root)
    return link_archive(config, tuple(redact_meeting(source)[0] for source in sources))


def topics_by_item(archive: Archive) -> dict[str, list[str]]:
    return {f"{m.date} {i.number}": [t.timeline.topic.slug for t in archive.topics.of_item(m, i)]
            for m in archive.meetings for i in m.items}


@pytest.mark.parametrize(("a", "b"), [
    ("KB seminar", "KB-seminar"), ("KB- seminar", "kb seminar"), ("KB Seminar", "KBseminar"),
    ("Økonomi.", "ØKONOMI"), ("Punkter til behandling", "Punkter til behandling:"),
])
def test_titles_that_differ_in_case_punctuation_or_hyphenation_have_one_key(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


def test_different_words_give_different_keys() -> None:
    assert title_key("Økonomi") != title_key("Økonomiudvalget")
    assert title_key("KB-seminar") != title_key("KCL-seminar")


def test_title_heads_end_at_commas_parentheses_colons_and_spaced_dashes() -> None:
    assert title_heads("Eventuelt, herunder punkter til næste møde") == (
        "Eventuelt, herunder punkter til næste møde", "Eventuelt")
    assert title_heads("Beslutningsprotokoller og dagsordener (borgmester deltager)")[1] == (
        "Beslutningsprotokoller og dagsordener")
    assert title_heads("KCL – seminar i april - oplæg") == (
        "KCL – seminar i april - oplæg", "KCL", "KCL – seminar i april")
    assert title_heads("Opfølgning på KB- seminar") == ("Opfølgning på KB- seminar",)


def test_standing_items_and_title_variants_group_without_topics_lines(content: ContentFactory) -> None:
    (content.root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    content.meeting("d/1.md", meeting_text(date="2024-01-10", items=item(1, "Økonomi") + item(
        2, "Eventuelt, herunder punkter til næste møde") + item(3, "KB seminar")))
    content.meeting("d/2.md", meeting_text(date="2024-02-07", items=item(1, "ØKONOMI.") + item(
        2, "Beslutningsprotokoller og dagsordener (borgmester deltager)") + item(3, "Opfølgning på KB- seminar")
        + item(4, "Økonomi og budget 2025") + item(5, "KB-seminarets program")))
    assert topics_by_item(archive_of(content)) == {
        "2024-01-10 1": ["oekonomi"], "2024-01-10 2": ["eventuelt"], "2024-01-10 3": ["kb-seminar"],
        "2024-02-07 1": ["oekonomi"], "2024-02-07 2": ["beslutningsprotokoller"], "2024-02-07 3": ["kb-seminar"],
        # More words without a separator are another matter: no topic.
        "2024-02-07 4": [], "2024-02-07 5": []}


def test_topics_lines_name_topics_by_name_or_alias_and_unknown_names_become_topics(
        content: ContentFactory) -> None:
    (content.root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    content.meeting("d/1.md", meeting_text(items=item(1, "Seminarets program", "topics: [opfølgning på KB seminar]")
                                           + item(2, "Ny sag", "topics: [Sygefravær, økonomi]")
                                           + item(3, "Sag om fravær", "topics: [sygefravær]")))
    archive = archive_of(content)
    assert topics_by_item(archive) == {"2024-03-06 1": ["kb-seminar"], "2024-03-06 2": ["sygefravaer", "oekonomi"],
                                       "2024-03-06 3": ["sygefravaer"]}
    [warning] = archive.warnings
    assert str(warning.location) == "meeting direktionen 2024-03-06"
    assert warning.message.startswith('item 2: the topic "Sygefravær" is not in content/topics.yaml')


def test_without_a_topics_file_named_topics_need_no_warning(content: ContentFactory) -> None:
    content.meeting("d/1.md", meeting_text(items=item(1, "Sag", "topics: [Sygefravær]")))
    archive = archive_of(content)
    assert archive.warnings == ()
    assert [t.topic.name for t in archive.topics.timelines] == ["Sygefravær"]


def test_misspelt_topic_name_gets_a_suggestion(content: ContentFactory) -> None:
    (content.root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    content.meeting("d/1.md", meeting_text(items=item(1, "Sag", "topics: [Økonmi]")))
    [warning] = archive_of(content).warnings
    assert warning.hint.startswith('did you mean "Økonomi"?')


def test_recurring_titles_without_a_topic_are_reported_and_the_build_succeeds(
        content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    content.meeting("d/1.md", meeting_text(date="2024-01-10", items=item(1, "Direktionens årshjul") + item(
        2, "Personalesag", status="lukket") + item(3, "Økonomi")))
    content.meeting("d/2.md", meeting_text(date="2024-02-07", items=item(1, "Direktionens Årshjul.") + item(
        2, "Personalesag", status="lukket") + item(3, "Engangssag")))
    content.meeting("u/1.md", meeting_text(body="udvalg", date="2024-02-07", items=item(1, "Økonomi")))
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:") and "recurs" in line]
    assert warnings == [
        'warning: meeting direktionen 2024-01-10: item 1: the title "Direktionens årshjul" recurs '
        "(direktionen 2024-02-07 item 1) but belongs to no topic",
        'warning: meeting direktionen 2024-01-10: item 2: the title "Personalesag" recurs '
        "(direktionen 2024-02-07 item 2) but belongs to no topic",
    ]
    assert (tmp_path / "site/emner/oekonomi/index.html").is_file()
    checked = CliRunner().invoke(main, ["check", "--content", str(content.root)])
    assert checked.exit_code == 0, checked.output
    assert [line for line in checked.output.splitlines()
            if line.startswith("warning:") and "recurs" in line] == warnings


def test_earlier_and_later_follow_the_topic_across_meetings_and_bodies(content: ContentFactory) -> None:
    content.meeting("d/1.md", meeting_text(date="2024-01-10", items=item(1, "Økonomi", "topics: [Økonomi]")))
    content.meeting("u/1.md", meeting_text(body="udvalg", date="2024-01-15", items=item(1, "Intet") + item(
        2, "Budget", "topics: [Økonomi, Budget]")))
    content.meeting("d/2.md", meeting_text(date="2024-02-07", items=item(1, "Økonomi")))
    archive = archive_of(content)
    first, middle, last = archive.meetings
    [entry] = archive.topics.of_item(first, first.items[0])
    assert (entry.earlier, entry.later.href) == (None, "udvalg/2024-01-15/#punkt-2")
    economy, budget = archive.topics.of_item(middle, middle.items[1])
    assert (economy.earlier.href, economy.later.href) == ("direktionen/2024-01-10/#punkt-1",
                                                          "direktionen/2024-02-07/#punkt-1")
    assert (budget.timeline.topic.name, budget.earlier, budget.later) == ("Budget", None, None)
    [entry] = archive.topics.of_item(last, last.items[0])
    assert (entry.earlier.href, entry.later) == ("udvalg/2024-01-15/#punkt-2", None)


def test_topic_index_and_topic_page(content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    decision = "## Beslutning i Direktionen\n\nDirektionen **gennemgik** budgettet.\n\n"
    content.meeting("d/1.md", meeting_text(date="2024-01-10", items=item(1, "Økonomi") + decision
                                           + item(2, "Eventuelt")))
    content.meeting("u/1.md", meeting_text(body="udvalg", date="2024-02-07", items=item(
        1, "Regnskab", "topics: [Økonomi]") + item(2, "Økonomi", status="lukket")))
    site = tmp_path / "site"
    run_build(content.root, site)
    index = parse_html(site / "emner/index.html")
    assert index.h1.get_text() == "Emner"
    letters = [h2.get_text() for h2 in index.select("main section > h2")]
    assert letters == ["E", "Ø"]
    entries = {a.get_text(): (a["href"], a.find_next_sibling(class_="index-list__count").get_text())
               for a in index.select(".index-list a")}
    assert entries == {"Eventuelt": ("eventuelt/", "1 punkt"), "Økonomi": ("oekonomi/", "3 punkter")}
    page = parse_html(site / "emner/oekonomi/index.html")
    assert page.h1.get_text() == "Økonomi"
    assert "Det faste punkt om kommunens økonomi." in page.select_one(".lead").get_text()
    rows = [(li.select_one("time")["datetime"], li.select_one(".timeline__meta").get_text(" ", strip=True),
             li.select_one(".timeline__title a")["href"], li.select_one(".timeline__title").get_text(" ", strip=True),
             li.select_one(".timeline__excerpt").get_text(" ", strip=True) if li.select_one(".timeline__excerpt")
             else None) for li in page.select("ol.timeline > li")]
    assert rows == [
        ("2024-02-07", "7. februar 2024 · Økonomiudvalget · Punkt 1", "../../udvalg/2024-02-07/#punkt-1",
         "Regnskab", None),
        ("2024-02-07", "7. februar 2024 · Økonomiudvalget · Punkt 2", "../../udvalg/2024-02-07/#punkt-2",
         "Økonomi Lukket punkt", None),
        ("2024-01-10", "10. januar 2024 · Direktionen · Punkt 1", "../../direktionen/2024-01-10/#punkt-1",
         "Økonomi", "Beslutning: Direktionen gennemgik budgettet."),
    ]


def test_items_link_to_their_topics_and_neighbours(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/1.md", meeting_text(date="2024-01-10", items=item(1, "Økonomi", "topics: [Økonomi]")))
    content.meeting("d/2.md", meeting_text(date="2024-02-07", items=item(1, "Andet") + item(
        2, "Økonomi", "topics: [Økonomi, Budget]")))
    site = tmp_path / "site"
    run_build(content.root, site)
    soup = parse_html(site / "direktionen/2024-02-07/index.html")
    assert soup.find(id="punkt-1").parent.select(".item-topics") == []
    nav = soup.find(id="punkt-2").parent.select_one("nav.item-topics")
    assert nav["aria-label"] == "Emner for punkt 2"
    links = [(a.get_text(" ", strip=True), a["href"]) for a in nav.select("a")]
    assert links == [("Økonomi", "../../emner/oekonomi/"),
                     ("← Tidligere: 10. januar 2024", "../../direktionen/2024-01-10/#punkt-1"),
                     ("Budget", "../../emner/budget/")]
    older = parse_html(site / "direktionen/2024-01-10/index.html").select_one(".item-topics__later")
    assert (older.get_text(strip=True), older["href"]) == ("Senere: 7. februar 2024 →",
                                                           "../../direktionen/2024-02-07/#punkt-2")


def test_demo_topic_okonomi_spans_all_three_meetings(demo_site: Path) -> None:
    page = parse_html(demo_site / "emner/oekonomi/index.html")
    dates = [time["datetime"] for time in page.select("ol.timeline time")]
    assert dates == ["2025-01-22", "2023-11-01", "2023-08-30"]
    index = parse_html(demo_site / "emner/index.html")
    names = [a.get_text() for a in index.select(".index-list a")]
    assert names == sorted(names, key=lambda n: (n[0] in "ÆØÅ", n.casefold()))
    for a in index.select(".index-list a"):
        assert (demo_site / "emner" / a["href"] / "index.html").is_file()


def test_names_and_titles_are_keyed_once_however_many_meetings_repeat_them(
        content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    content.file("topics.yaml", TOPICS.encode())
    items = item(1, "Økonomi, herunder budget", "topics: [Økonomi, Anlæg]") + item(2, "Eventuelt") + item(3, "Status")
    for day in range(1, 9):
        content.meeting(f"direktionen/2024-03-{day:02}.md", meeting_text(date=f"2024-03-{day:02}", items=items))
    config, sources = load_content(content.root)
    meetings = tuple(redact_meeting(source)[0] for source in sources)
    keyed: list[str] = []

    def counting(text: str) -> str:
        keyed.append(text)
        return title_key(text)

    monkeypatch.setattr(topics, "title_key", counting)
    counts = []
    for count in (4, 8):
        keyed.clear()
        index, _ = topics.group_topics(config.topics, meetings[:count])
        assert len(index.timelines) == 3  # Økonomi, Anlæg, Eventuelt
        counts.append(len(keyed))
    assert counts[0] == counts[1]  # twice the meetings, no more keys: the work grows with the distinct names
