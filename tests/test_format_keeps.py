"""The format keeps what the minutes have (issue 11, point 5)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

AGENDA = """\
# 1. Eventuelt, herunder punkter til næste møde
status: åben
attachments:
  - number: 1
    title: Notat
    ref: 123/24
    status: åben
  - number: 2
    status: lukket

## Sagsgang

| Dato | Punkter |
| --- | --- |
| 3. Apr. | <ul><li>Direktionens årshjul</li><li>Budget</li></ul> |
| 10. Apr. | Påskeferie |

| Tid | Punkt |
| --- | --- |
| 10.00 | Kommissorium<br>Chefen præsenterer modellen. |

- 1) Fagudvalgenes arbejde
- 12. feb. Vinterferie

# 2. Personalesag
status: lukket
"""


def _page(content: ContentFactory, tmp_path: Path, date: str = "2024-03-06") -> object:
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=AGENDA))
    content.meeting("direktionen/2024-04-03.md", meeting_text(date="2024-04-03"))
    run_build(content.root, tmp_path / "site")
    return parse_html(tmp_path / "site" / "direktionen" / date / "index.html")


def test_a_forward_agenda_table_links_its_dates_to_the_meetings(content: ContentFactory, tmp_path: Path) -> None:
    page = _page(content, tmp_path)
    first = page.select("section.item table")[0]  # type: ignore[attr-defined]
    cells = [td for tr in first.select("tbody tr") for td in tr.select("td")[:1]]
    assert [(td.get_text(), [a["href"] for a in td.select("a")]) for td in cells] == [
        ("3. Apr.", ["../../direktionen/2024-04-03/"]), ("10. Apr.", [])]
    target = parse_html(tmp_path / "site" / "direktionen" / "2024-04-03" / "index.html")
    announced = target.select_one("section.crossrefs").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "Direktionens årshjul" in announced and "Budget" in announced


def test_a_table_cell_keeps_the_break_between_title_and_description(content: ContentFactory,
                                                                     tmp_path: Path) -> None:
    page = _page(content, tmp_path)
    cell = page.select("section.item table")[1].select("tbody td")[1]  # type: ignore[attr-defined]
    assert [str(part) for part in cell.contents] == ["Kommissorium", "<br/>", "Chefen præsenterer modellen."]


def test_open_items_and_attachments_say_aaben_where_closed_ones_say_lukket(content: ContentFactory,
                                                                             tmp_path: Path) -> None:
    page = _page(content, tmp_path)
    open_item, closed_item = page.select("section.item")  # type: ignore[attr-defined]
    assert open_item.select_one(".open-note").get_text(strip=True) == "Åbent punkt"
    assert closed_item.select_one(".closed-note .badge").get_text(strip=True) == "Lukket punkt"
    assert closed_item.select_one(".open-note") is None
    attachments = [li.get_text(" ", strip=True) for li in open_item.select(".attachments li")]
    assert attachments == ["Åbent bilag Notat (123/24)", "Lukket bilag"]
    # Text, not an icon or a colour: a screen reader reads it (it is not hidden from them).
    assert not open_item.select(".open-note [aria-hidden], .attachments [aria-hidden]")


def test_a_numbered_line_inside_a_list_item_stays_text(content: ContentFactory, tmp_path: Path) -> None:
    page = _page(content, tmp_path)
    item = page.select("section.item")[0]  # type: ignore[attr-defined]
    assert not [ol for ol in item.select("ol") if ol.find_parent(class_="attachments") is None]
    texts = [li.get_text(" ", strip=True) for li in item.select("li") if li.find_parent(class_="attachments") is None
             and li.find_parent("td") is None]
    assert texts == ["1) Fagudvalgenes arbejde", "12. feb. Vinterferie"]
