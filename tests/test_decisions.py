"""The "Beslutninger" page of each body and year, and the short overview of decisions on each meeting page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ContentFactory, meeting_text, parse_html, run_build
from tests.leakscan import find_markers

SECRET = "zqdecisionsecretxq"
ITEMS = f"""\
# 1. Budget 2025
status: åben

## Sagsfremstilling

Forslaget blev fremlagt.

## Beslutning

Budgettet blev **godkendt**, som drøftet på direktionens møde d. 6. marts 2024.

# 2. Orientering
status: åben

## Sagsfremstilling

Kun til orientering.

# 3. Personalesag
status: lukket

## Sagsfremstilling

{SECRET} i sagen.

## Beslutning

{SECRET} blev besluttet.

## Offentlig beslutning

Direktionen traf en afgørelse i sagen.

# 4. Lukket uden offentlig beslutning
status: lukket

## Beslutning

{SECRET} igen.
"""


@pytest.fixture
def site(content: ContentFactory, tmp_path: Path) -> Path:
    content.meeting("d/1.md", meeting_text(date="2024-03-06", items="# 1. Sag\nstatus: åben\n\n## Beslutning\n\nOK.\n"))
    content.meeting("d/2.md", meeting_text(date="2024-06-05", items=ITEMS))
    content.meeting("d/3.md", meeting_text(date="2023-11-01", items="# 1. Sag\nstatus: åben\n\nTekst.\n"))
    out = tmp_path / "site"
    run_build(content.root, out, base_url="/referater/")
    return out


def test_the_decisions_page_lists_each_decision_with_a_link_to_its_item(site: Path) -> None:
    soup = parse_html(site / "direktionen/2024/beslutninger/index.html")
    assert soup.h1.get_text() == "Beslutninger: Direktionen 2024"
    meetings = [h2.get_text(strip=True) for h2 in soup.select("main section.decisions > h2")]
    assert meetings == ["Onsdag den 5. juni 2024", "Onsdag den 6. marts 2024"]  # newest first
    first = soup.select("main section.decisions")[0]
    titles = [h3.get_text(" ", strip=True) for h3 in first.select("h3")]
    assert titles == ["1. Budget 2025", "3. Personalesag Lukket punkt"]  # no decision in 2 and 4
    links = [h3.a["href"] for h3 in first.select("h3")]
    assert links == ["../../../direktionen/2024-06-05/#punkt-1", "../../../direktionen/2024-06-05/#punkt-3"]
    for link in links:
        assert (site / "direktionen/2024/beslutninger" / link.split("#")[0] / "index.html").resolve().is_file()
    text = first.get_text(" ", strip=True)
    assert "Budgettet blev godkendt" in text and "Direktionen traf en afgørelse i sagen." in text
    assert "Forslaget blev fremlagt" not in text
    date_link = first.find("a", string="6. marts 2024")
    assert date_link is not None and date_link["href"] == "../../../direktionen/2024-03-06/"


def test_a_year_without_decisions_says_so_and_year_pages_link_their_decisions(site: Path) -> None:
    soup = parse_html(site / "direktionen/2023/beslutninger/index.html")
    assert "Der er ingen beslutninger i dette år." in soup.get_text()
    year = parse_html(site / "direktionen/2024/index.html")
    assert year.select_one(".decisions-link a")["href"] == "beslutninger/"
    body = parse_html(site / "direktionen/index.html")
    assert [a["href"] for a in body.select(".decisions-link a")] == ["2024/beslutninger/", "2023/beslutninger/"]


def test_the_meeting_page_opens_with_its_decisions_in_brief(site: Path) -> None:
    soup = parse_html(site / "direktionen/2024-06-05/index.html")
    overview = soup.select_one(".decision-overview")
    assert overview is not None
    assert overview.find_next("nav", class_="toc") is not None  # before the table of contents and the items
    rows = [li.get_text(" ", strip=True) for li in overview.select("li")]
    assert rows == ["1. Budget 2025 : Budgettet blev godkendt, som drøftet på direktionens møde d. 6. marts 2024.",
                    "3. Personalesag Lukket punkt : Direktionen traf en afgørelse i sagen."]
    assert [a["href"] for a in overview.select("li a")] == ["#punkt-1", "#punkt-3"]
    assert overview.get("data-pagefind-ignore") is not None
    assert parse_html(site / "direktionen/2023-11-01/index.html").select(".decision-overview") == []


def test_no_closed_decision_reaches_any_page(site: Path) -> None:
    assert find_markers(site, [SECRET]) == {SECRET: []}
