"""For search engines and sharing: descriptions, Open Graph, canonical links, Event data, sitemap and robots.txt."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import ContentFactory, meeting_text, parse_html, run_build
from tests.leakscan import audit_markup

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ITEMS = """\
# 1. Budget 2025
status: åben

## Beslutning

Godkendt.

# 2. Personalesag
status: lukket

## Sagsfremstilling

Hemmeligt.
"""


def event_of(soup: BeautifulSoup) -> dict[str, object]:
    """The schema.org data of a page, parsed as JSON."""
    [block] = soup.find_all("script", type="application/ld+json")
    data: dict[str, object] = json.loads(block.string)
    return data


def test_meeting_pages_describe_themselves_and_carry_event_data(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text(date="2024-06-05", items=ITEMS))
    content.meeting("d/b.md", meeting_text(date="2024-12-04", header="kind: dagsorden\n").replace(
        "kind: referat\n", ""))
    out = tmp_path / "site"
    run_build(content.root, out, base_url="https://example.dk/referater/")
    soup = parse_html(out / "direktionen/2024-06-05/index.html")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Referat: Direktionen, onsdag den 5. juni 2024, Rådhuset.")
    assert "1. Budget 2025; 2. Personalesag" in description and "Hemmeligt" not in description
    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:description"] == description and og["og:type"] == "article"
    assert og["og:title"] == soup.title.string and og["og:locale"] == "da_DK"
    assert og["og:url"] == "https://example.dk/referater/direktionen/2024-06-05/"
    assert soup.find("link", rel="canonical")["href"] == og["og:url"]
    event = event_of(soup)
    assert event["@type"] == "Event" and event["url"] == og["og:url"]
    assert event["startDate"] == "2024-06-05T09:00:00+02:00"  # summer time
    assert event["location"] == {"@type": "Place", "name": "Rådhuset", "address": "Rådhuset"}
    assert event["organizer"] == {"@type": "GovernmentOrganization", "name": "Testkommune",
                                  "url": "https://www.example.dk"}
    winter = event_of(parse_html(out / "direktionen/2024-12-04/index.html"))
    assert winter["startDate"] == "2024-12-04T09:00:00+01:00" and winter["name"] == "Dagsorden: Direktionen"
    for page in out.rglob("*.html"):
        page_soup = parse_html(page)
        assert page_soup.find("meta", attrs={"name": "description"})["content"].strip(), page
        if page.name != "404.html":
            canonical = page_soup.find("link", rel="canonical")["href"]
            assert canonical == "https://example.dk/referater/" + page.relative_to(out).as_posix().removesuffix(
                "index.html")


def test_event_data_cannot_close_its_script_element(content: ContentFactory, tmp_path: Path) -> None:
    hostile = "Sal </script><script>alert(1)</script> & <!-- x"
    content.meeting("d/a.md", meeting_text().replace("location: Rådhuset", f"location: '{hostile}'"))
    out = tmp_path / "site"
    run_build(content.root, out)
    html = (out / "direktionen/2024-03-06/index.html").read_text(encoding="utf-8")
    problems, _ = audit_markup(html)
    assert problems == []
    event = event_of(BeautifulSoup(html, "html.parser"))
    assert event["location"] == {"@type": "Place", "name": hostile, "address": hostile}
    assert "url" not in event  # a relative base URL gives no absolute address


def test_the_audit_still_sees_inline_code_next_to_json_ld() -> None:
    problems, _ = audit_markup('<script type="application/ld+json">{}</script><script type="module">x()</script>')
    assert problems == ["inline <script>"]


def test_sitemap_and_robots_with_an_absolute_base_url(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text(date="2024-06-05", items=ITEMS, header="corrections:\n"
                                           "  - date: 2024-07-01\n    text: Fremmødelisten er rettet.\n"))
    out = tmp_path / "site"
    run_build(content.root, out, base_url="https://example.dk/referater")
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    entries = {url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
               for url in root.iter(f"{SITEMAP_NS}url")}
    pages = {"https://example.dk/referater/" + p.relative_to(out).as_posix().removesuffix("index.html")
             for p in out.rglob("*.html") if p.name != "404.html"}
    assert set(entries) == pages
    assert entries["https://example.dk/referater/direktionen/2024-06-05/"] == "2024-07-01"  # the correction
    assert (out / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.dk/referater/sitemap.xml\n")


def test_no_sitemap_robots_or_canonical_link_without_a_host(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    out = tmp_path / "site"
    run_build(content.root, out, base_url="/referater/")
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    soup = parse_html(out / "direktionen/2024-03-06/index.html")
    assert soup.find("link", rel="canonical") is None and soup.find("meta", property="og:url") is None
    assert soup.find("meta", property="og:description") is not None
