"""Atom feeds, read back with feedparser as a feed reader would: whole archive, each body, each topic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser  # type: ignore[import-untyped]
import pytest
from feedgen.entry import FeedEntry  # type: ignore[import-untyped]
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.render.feeds import entry_xml, feed_xml
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text, parse_html, run_build
from tests.leakscan import find_markers, tree_digest

SECRET = "zqfeedsecretxq"
ITEMS = f"""\
# 1. Budget 2025
status: åben
topics: [Budget]

## Beslutning

Budgettet blev **godkendt**.

# 2. Personalesag
status: lukket
topics: [Budget {SECRET}]

## Beslutning

{SECRET} blev afskediget.
"""
CORRECTIONS = """\
published: 2024-06-07
corrections:
  - date: 2024-06-20
    text: Fremmødelisten er rettet.
"""


@pytest.fixture
def site(content: ContentFactory, tmp_path: Path) -> Path:
    """Three meetings in two bodies, one with a closed item, a publication date and a correction."""
    content.meeting("d/1.md", meeting_text(date="2024-06-05", items=ITEMS, header=CORRECTIONS))
    content.meeting("d/2.md", meeting_text(date="2024-09-04", items="# 1. Budget\nstatus: åben\n\nTekst.\n"))
    content.meeting("u/1.md", meeting_text(body="udvalg", date="2024-08-14"))
    out = tmp_path / "site"
    run_build(content.root, out, base_url="/referater/")
    return out


def read_feed(path: Path) -> feedparser.FeedParserDict:
    """Parse a feed file; a feed a reader cannot parse fails the test."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    return parsed


def page_of(out: Path, href: str) -> Path:
    """The file a link of the site under /referater/ leads to."""
    path = urlsplit(href).path.removeprefix("/referater/")
    return out / (path + "index.html" if path.endswith("/") or not path else path)


def test_every_feed_parses_and_links_to_pages_that_exist(site: Path) -> None:
    feeds = sorted(site.rglob("atom.xml"))
    names = {p.relative_to(site).as_posix() for p in feeds}
    assert {"atom.xml", "direktionen/atom.xml", "udvalg/atom.xml", "emner/budget/atom.xml"} <= names
    for path in feeds:
        parsed = read_feed(path)
        assert parsed.feed.title and parsed.feed.author == "Testkommune" and parsed.entries
        assert {link.rel for link in parsed.feed.links} == {"self", "alternate"}
        assert page_of(site, next(link.href for link in parsed.feed.links if link.rel == "self")) == path
        for entry in parsed.entries:
            assert entry.id.startswith("urn:uuid:")
            assert page_of(site, entry.link).is_file(), entry.link
    ids = [entry.id for entry in read_feed(site / "atom.xml").entries]
    assert len(ids) == len(set(ids)) == 3


def test_the_archive_feed_has_meetings_newest_first_with_decisions_and_corrections(site: Path) -> None:
    parsed = read_feed(site / "atom.xml")
    assert [entry.title for entry in parsed.entries] == [
        "Referat: Direktionen, 4. september 2024",
        "Referat: Økonomiudvalget, 14. august 2024",
        "Referat: Direktionen, 5. juni 2024",  # by the last change: its correction of 20 June
    ]
    corrected = parsed.entries[2]
    assert corrected.published.startswith("2024-06-07T00:00:00+02:00")
    assert corrected.updated.startswith("2024-06-20T00:00:00+02:00")
    assert parsed.feed.updated.startswith("2024-09-04")
    content = corrected.content[0].value
    assert "1. Budget 2025</a> – Beslutning: Budgettet blev godkendt." in content
    assert "2. Personalesag</a> (Lukket punkt)" in content
    assert "Offentliggjort 7. juni 2024." in content and "20. juni 2024: Fremmødelisten er rettet." in content
    assert corrected.link == "/referater/direktionen/2024-06-05/"


def test_body_and_topic_feeds_hold_their_own_entries(site: Path) -> None:
    assert [e.title for e in read_feed(site / "udvalg/atom.xml").entries] == [
        "Referat: Økonomiudvalget, 14. august 2024"]
    topic = read_feed(site / "emner/budget/atom.xml")
    assert topic.feed.title == "Budget – Emner – Testreferater"
    assert [e.link for e in topic.entries] == ["/referater/direktionen/2024-09-04/#punkt-1",
                                              "/referater/direktionen/2024-06-05/#punkt-1"]
    assert topic.entries[1].content[0].value == "<p>Beslutning: Budgettet blev godkendt.</p>"


def test_no_closed_text_in_any_feed(site: Path) -> None:
    assert find_markers(site, [SECRET]) == {SECRET: []}
    for path in site.rglob("atom.xml"):
        assert "afskediget" not in path.read_text(encoding="utf-8")


def test_pages_link_their_feeds(site: Path) -> None:
    expected = {
        "index.html": ["atom.xml"],
        "direktionen/index.html": ["atom.xml", "direktionen/atom.xml"],
        "direktionen/2024/index.html": ["atom.xml", "direktionen/atom.xml"],
        "direktionen/2024-06-05/index.html": ["atom.xml", "direktionen/atom.xml"],
        "emner/budget/index.html": ["atom.xml", "emner/budget/atom.xml"],
    }
    for page, feeds in expected.items():
        links = parse_html(site / page).find_all("link", rel="alternate", type="application/atom+xml")
        base = "https://x.dk/referater/" + page
        found = [urljoin(base, link["href"]).removeprefix("https://x.dk/referater/") for link in links]
        assert found == feeds, page
        assert all(link.get("title") for link in links)
        assert all((site / feed).is_file() for feed in found)


def test_absolute_base_url_gives_absolute_ids_and_links(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/1.md", meeting_text())
    out = tmp_path / "site"
    run_build(content.root, out, base_url="https://example.dk/referater/")
    parsed = read_feed(out / "direktionen/atom.xml")
    [entry] = parsed.entries
    assert entry.id == entry.link == "https://example.dk/referater/direktionen/2024-03-06/"
    assert parsed.feed.id == "https://example.dk/referater/direktionen/atom.xml"


def test_the_same_content_gives_the_same_bytes(tmp_path: Path) -> None:
    digests = []
    for name in ("a", "b"):
        out = tmp_path / name
        build(BuildOptions(content_dir=DEMO_CONTENT, out_dir=out, base_url="https://example.dk/", search=False))
        digests.append(tree_digest(out))
    assert digests[0] == digests[1]


XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t<>&\"'"), max_size=40)


@given(st.lists(st.tuples(XML_TEXT, XML_TEXT), max_size=4))
def test_entries_written_once_read_as_feedgen_writes_them_in_a_feed(texts: list[tuple[str, str]]) -> None:
    """Each entry written on its own and placed in a feed gives the bytes feedgen writes for the whole feed."""
    def head() -> FeedGenerator:
        feed = FeedGenerator()
        feed.id("urn:test")
        feed.title("Feed")
        feed.updated(dt.datetime(2024, 6, 5, tzinfo=dt.UTC))
        feed.link(href="/atom.xml", rel="self")
        return feed

    entries = []
    for number, (title, content) in enumerate(texts):
        entry = FeedEntry()
        entry.id(f"urn:test:{number}")
        entry.title(title or "-")
        entry.updated(dt.datetime(2024, 6, 5, tzinfo=dt.UTC))
        entry.content(content, type="html")
        entries.append(entry)
    whole = head()
    for entry in entries:
        whole.add_entry(entry, order="append")
    assert feed_xml(head(), [entry_xml(entry) for entry in entries]) == whole.atom_str(pretty=True).decode("utf-8")
