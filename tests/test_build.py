"""End-to-end: build fixture sites and the demo into tmp folders and check the parsed HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text, parse_html, run_build
from tests.linkcheck import broken_links

DEMO_MEETINGS = sorted((DEMO_CONTENT / "meetings").rglob("*.md"))


def source_items(path: Path) -> list[tuple[int, str]]:
    """The (number, title) of every item heading in a meeting source, outside code fences."""
    return [(int(n), t) for n, t in re.findall(r"^# (\d+)\. (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)]


def test_demo_has_a_page_per_meeting_with_every_item_and_anchor(demo_site: Path) -> None:
    assert len(DEMO_MEETINGS) == 3
    for source in DEMO_MEETINGS:
        page = demo_site / "direktionen" / source.stem / "index.html"
        soup = parse_html(page)
        items = source_items(source)
        assert items, source
        headings = soup.select("section.item > h2")
        assert [h["id"] for h in headings] == [f"punkt-{n}" for n, _ in items]
        for heading, (number, title) in zip(headings, items, strict=True):
            assert heading.get_text(" ", strip=True).startswith(f"{number}. {title}".replace("  ", " "))
        toc = [a["href"] for a in soup.select("nav.toc a")]
        assert [f"#punkt-{n}" for n, _ in items] == [href for href in toc if href.startswith("#punkt-")]


def test_seed_counts_are_all_present(demo_site: Path) -> None:
    counts = {p.stem: len(source_items(p)) for p in DEMO_MEETINGS}
    assert counts == {"2023-08-30": 4, "2023-11-01": 4, "2025-01-22": 11}


def test_every_page_has_one_h1_language_and_skip_link(demo_site: Path) -> None:
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        soup = parse_html(page)
        assert len(soup.find_all("h1")) == 1, page
        assert soup.html["lang"] == "da"
        skip = soup.select_one("a.skip-link")
        assert skip is not None and skip["href"] == "#indhold"
        assert soup.find(id="indhold") is not None
        assert soup.title and soup.title.get_text(strip=True)
        assert soup.find("meta", attrs={"name": "viewport"}) is not None
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"duplicate ids on {page}"


@pytest.mark.parametrize("base_url", [None, "/referater/", "https://example.dk/arkiv/referater/"])
def test_every_internal_link_resolves(tmp_path: Path, base_url: str | None) -> None:
    site = tmp_path / "site"
    run_build(DEMO_CONTENT, site, base_url=base_url)
    base_path = {None: "/", "/referater/": "/referater/"}.get(base_url, "/arkiv/referater/")
    assert broken_links(site, base_path) == []
    not_found = parse_html(site / "404.html")
    assert not_found.select_one("link[rel=stylesheet]")["href"] == f"{base_path}assets/style.css"


def test_meeting_header_members_tables_and_lists(demo_site: Path) -> None:
    soup = parse_html(demo_site / "direktionen/2023-08-30/index.html")
    facts = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
             zip(soup.select("dl.facts dt"), soup.select("dl.facts dd"), strict=True)}
    assert facts["Sted"] == "Mødelokale 250, rådhuset"
    assert facts["Tidspunkt"] == "9:00–17:00"
    assert facts["Dato"] == "Onsdag den 30. august 2023"
    assert "Kommunaldirektør: Vakant" in facts["Medlemmer"]
    assert facts["Fraværende"] == "Ingen"
    item3 = soup.find(id="punkt-3").parent
    assert item3.find("table") is not None
    assert [th.get_text() for th in item3.select("table th")] == ["Tid", "Punkt"]
    item1 = soup.find(id="punkt-1").parent
    assert item1.select("ul > li > ul > li"), "nested lists render"
    item2 = soup.find(id="punkt-2").parent
    attachment = item2.select_one(".attachments li")
    assert attachment.get_text(" ", strip=True) == "Åbent bilag Kort resume hovedoversigten august 2023 (90145/23)"
    headings = [h.get_text(strip=True) for h in item2.find_all(["h3", "div"]) if h.name == "h3"]
    assert headings.index("Bilag") == headings.index("Beslutning i Direktionen den 30-08-2023") - 1


def test_closed_items_and_attachments_in_the_demo(demo_site: Path) -> None:
    soup = parse_html(demo_site / "direktionen/2025-01-22/index.html")
    for number in (7, 8, 9):
        item = soup.find(id=f"punkt-{number}").parent
        assert "item--closed" in item["class"]
        assert item.select_one(".closed-note .badge").get_text() == "Lukket punkt"
        assert item.find("h3") is None
    item4 = soup.find(id="punkt-4").parent
    assert [li.get_text(" ", strip=True) for li in item4.select(".attachments li")] == ["Lukket bilag"] * 2


def test_previous_and_next_meeting_links(demo_site: Path) -> None:
    soup = parse_html(demo_site / "direktionen/2023-11-01/index.html")
    assert soup.select_one("a[rel=prev]")["href"] == "../../direktionen/2023-08-30/"
    assert soup.select_one("a[rel=next]")["href"] == "../../direktionen/2025-01-22/"


def test_body_page_groups_meetings_by_year(demo_site: Path) -> None:
    soup = parse_html(demo_site / "direktionen/index.html")
    years = [h.get_text(strip=True) for h in soup.select("main section > h2")]
    assert years == ["2025", "2023"]
    section_2023 = soup.find(id="aar-2023").parent
    assert [a["href"] for a in section_2023.select(".meeting-list a")] == ["../direktionen/2023-11-01/",
                                                                          "../direktionen/2023-08-30/"]
    year_page = parse_html(demo_site / "direktionen/2023/index.html")
    assert len(year_page.select(".meeting-list li")) == 2


def test_home_lists_latest_meetings_and_bodies(demo_site: Path) -> None:
    soup = parse_html(demo_site / "index.html")
    assert [a["href"] for a in soup.select("#seneste + ul a")][:1] == ["direktionen/2025-01-22/"]
    assert [a.get_text(strip=True) for a in soup.select(".body-list a")] == ["Direktionen"]


MARKER = "HEMMELIGMARKOER"


def closed_fixture(content: ContentFactory) -> None:
    """A meeting with a marker in every field of closed items and closed attachments."""
    content.file("files/aaben.pdf", b"%PDF open attachment\n")
    content.file(f"files/{MARKER}-fil.pdf", f"%PDF {MARKER} closed file\n".encode())
    content.file("files/lukket2.pdf", f"%PDF {MARKER} closed file two\n".encode())
    items = f"""\
        # 1. Åben sag
        status: åben
        topics: [Økonomi]
        attachments:
          - number: 1
            status: åben
            title: Offentligt notat
            ref: 111/24
            file: files/aaben.pdf
          - number: 2
            status: lukket
            title: {MARKER} bilagstitel
            ref: {MARKER}/24
            file: files/{MARKER}-fil.pdf
          - number: 3
            status: lukket
            title: Offentlig titel på lukket bilag
            ref: {MARKER}-ref
            file: files/lukket2.pdf
            public_title: true

        ## Sagsfremstilling

        Offentlig tekst.

        # 2. Personalesag
        status: lukket
        topics: [{MARKER}-emne]
        attachments:
          - number: 1
            status: åben
            title: {MARKER} åbent bilag i lukket sag
            ref: {MARKER}-9/24

        {MARKER} indledning.

        ## Sagsfremstilling

        {MARKER} sagsfremstilling med [link]({MARKER}.html) og **fed**.

        [ref]: https://example.dk/{MARKER}

        ## Beslutning

        {MARKER} beslutning.

        ## Offentlig beslutning

        Direktionen traf beslutning i sagen.
        """
    content.meeting("direktionen/a.md", meeting_text(items=items))


def test_no_closed_marker_anywhere_in_the_output(content: ContentFactory, tmp_path: Path) -> None:
    closed_fixture(content)
    site = tmp_path / "site"
    run_build(content.root, site)
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert MARKER.encode() not in path.read_bytes(), path
        assert MARKER not in path.as_posix()
    soup = parse_html(site / "direktionen/2024-03-06/index.html")
    closed = soup.find(id="punkt-2").parent
    assert closed.find("h2").get_text(" ", strip=True).startswith("2. Personalesag")
    assert "Direktionen traf beslutning i sagen." in closed.get_text(" ", strip=True)
    attachments = [li.get_text(" ", strip=True) for li in soup.find(id="punkt-1").parent.select(".attachments li")]
    assert attachments == ["Åbent bilag Offentligt notat (111/24)", "Lukket bilag",
                           "Lukket bilag Offentlig titel på lukket bilag"]
    open_file = soup.find(id="punkt-1").parent.select_one(".attachments a")["href"]
    assert (site / "direktionen/2024-03-06" / open_file).read_bytes() == b"%PDF open attachment\n"
    assert len(list(site.rglob("*.pdf"))) == 1
