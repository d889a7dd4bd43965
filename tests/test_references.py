"""Date references become relative links in rendered items, and the meetings referred to list them."""

from __future__ import annotations

from pathlib import Path

from generator.content.load import load_content
from generator.link.archive import link_archive
from generator.markdown import render_markdown
from generator.redaction import redact_meeting
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build
from tests.linkcheck import broken_links


def item(number: int, title: str, text: str, status: str = "åben") -> str:
    return f"# {number}. {title}\nstatus: {status}\n\n## Sagsfremstilling\n\n{text}\n\n"


def three_meetings(content: ContentFactory, text: str, source_date: str = "2024-03-06") -> None:
    content.meeting("d/oct.md", meeting_text(date="2023-10-11", items=item(1, "Oktober", "Tekst.")))
    content.meeting("d/jan.md", meeting_text(date="2024-01-31", items=item(1, "Januar", "Tekst.")))
    content.meeting("d/src.md", meeting_text(date=source_date, items=item(1, "Opfølgning", text)))


def item_links(site: Path, page: str, number: int = 1) -> list[tuple[str, str]]:
    """The links in the text of an item (not its permalink or its topic links)."""
    soup = parse_html(site / page)
    section = soup.find(id=f"punkt-{number}").parent
    return [(a.get_text(), a["href"]) for a in section.select("a")
            if "#" not in a["href"] and not a.find_parent(class_="item-topics")]


def test_references_link_to_archived_meetings_and_others_stay_plain(content: ContentFactory, tmp_path: Path) -> None:
    three_meetings(content, "På direktionens møde d. 11. oktober 2023 blev det besluttet. Direktionen drøftede "
                            "d. 31. jan. sagen. På direktionens møde d. 14. februar blev den udsat.")
    site = tmp_path / "site"
    run_build(content.root, site)
    assert item_links(site, "direktionen/2024-03-06/index.html") == [
        ("11. oktober 2023", "../../direktionen/2023-10-11/"), ("31. jan.", "../../direktionen/2024-01-31/")]
    paragraph = parse_html(site / "direktionen/2024-03-06/index.html").find(id="punkt-1").parent.select_one(
        "p:not(.open-note)")
    assert "d. 14. februar blev den udsat." in paragraph.get_text()
    target = parse_html(site / "direktionen/2024-01-31/index.html").select_one("section.crossrefs")
    assert target.h2.get_text() == "Henvisninger til mødet"
    [entry] = target.select("ul > li")
    assert entry.get_text(" ", strip=True) == "Omtalt i Direktionen, 6. marts 2024, punkt 1: Opfølgning"
    assert entry.a["href"] == "../../direktionen/2024-03-06/#punkt-1"
    assert broken_links(site) == []


def test_links_stay_relative_under_a_sub_path(content: ContentFactory, tmp_path: Path) -> None:
    three_meetings(content, "Direktionen drøftede d. 31. januar sagen.")
    site = tmp_path / "site"
    run_build(content.root, site, base_url="https://example.dk/referater/")
    assert item_links(site, "direktionen/2024-03-06/index.html") == [("31. januar", "../../direktionen/2024-01-31/")]
    assert broken_links(site, "/referater/") == []


def test_link_insertion_keeps_markup_intact(content: ContentFactory) -> None:
    three_meetings(content, "x")
    config, sources = load_content(content.root)
    archive = link_archive(config, tuple(redact_meeting(source)[0] for source in sources))
    source = archive.meetings[-1]
    links = archive.references.markdown_for(source, "../../")
    text = ("Direktionen **drøftede** d. 31. januar\nsagen, jf. [referatet fra 31. januar](https://x.dk/), "
            "`d. 31. januar` og *direktionens møde d. 11. okt.*\n\n"
            "| Tid | Punkt |\n| --- | --- |\n| 9 | På direktionens møde d.\n\n"
            "- Direktionen drøftede d. 31.\n  januar sagen.\n")
    html = links.render(text)
    assert html == (
        '<p>Direktionen <strong>drøftede</strong> d. <a href="../../direktionen/2024-01-31/">31. januar</a>\n'
        'sagen, jf. <a href="https://x.dk/">referatet fra 31. januar</a>, <code>d. 31. januar</code> og '
        '<em>direktionens møde d. <a href="../../direktionen/2023-10-11/">11. okt.</a></em></p>\n'
        '<div class="table-scroll"><table>\n<thead>\n<tr>\n<th>Tid</th>\n<th>Punkt</th>\n</tr>\n</thead>\n'
        '<tbody>\n<tr>\n<td>9</td>\n<td>På direktionens møde d.</td>\n</tr>\n</tbody>\n</table>\n</div>'
        '<ul>\n<li>Direktionen drøftede d. <a href="../../direktionen/2024-01-31/">31.\njanuar</a> sagen.</li>\n'
        '</ul>\n')
    assert archive.references.markdown_for(source, "../").render(text) == html.replace("../../", "../")
    assert render_markdown(text) == render_markdown(text, {})


def test_two_meetings_on_the_date_make_the_reference_ambiguous(content: ContentFactory, tmp_path: Path) -> None:
    three_meetings(content, "Direktionen drøftede d. 31. januar sagen.")
    content.meeting("d/jan2.md", meeting_text(date="2024-01-31", header="suffix: ekstra\n",
                                              items=item(1, "Ekstra", "Tekst.")))
    site = tmp_path / "site"
    run_build(content.root, site)
    assert item_links(site, "direktionen/2024-03-06/index.html") == []
    assert parse_html(site / "direktionen/2024-01-31/index.html").select(".crossrefs") == []


def test_a_reference_to_another_body_links_to_that_body(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("u/a.md", meeting_text(body="udvalg", date="2024-03-12", items=item(1, "Budget", "Tekst.")))
    content.meeting("d/a.md", meeting_text(date="2024-03-12", items=item(1, "Møde", "Tekst.")))
    content.meeting("d/b.md", meeting_text(date="2024-03-06", items=item(
        1, "Budget", "Sagen behandles på møde i Økonomiudvalget den 12. marts.")))
    site = tmp_path / "site"
    run_build(content.root, site)
    assert item_links(site, "direktionen/2024-03-06/index.html") == [("12. marts", "../../udvalg/2024-03-12/")]


def test_forward_agenda_links_the_date_and_the_meeting_shows_where_it_was_announced(
        content: ContentFactory, tmp_path: Path) -> None:
    agenda = ("- 6\\. Mar.\n  - Direktionens årshjul 2024\n  - APV for ledere\n- 13\\. mar.\n  - Vinterferie\n"
              "- 20\\. Mar.: Budgetopfølgning\n")
    content.meeting("d/a.md", meeting_text(date="2024-02-28", items=item(1, "Eventuelt", agenda)))
    content.meeting("d/b.md", meeting_text(date="2024-03-06", items=item(1, "Økonomi", "Tekst.")))
    content.meeting("d/c.md", meeting_text(date="2024-03-20", items=item(1, "Økonomi", "Tekst.")))
    site = tmp_path / "site"
    run_build(content.root, site)
    assert item_links(site, "direktionen/2024-02-28/index.html") == [
        ("6. Mar.", "../../direktionen/2024-03-06/"), ("20. Mar.", "../../direktionen/2024-03-20/")]
    announced = parse_html(site / "direktionen/2024-03-06/index.html").select_one("section.crossrefs > ul > li")
    assert announced.a.get_text(" ", strip=True) == "Direktionen, 28. februar 2024, punkt 1: Eventuelt"
    assert announced.get_text(" ", strip=True).startswith("Varslet på")
    assert [li.get_text() for li in announced.select("ul li")] == ["Direktionens årshjul 2024", "APV for ledere"]
    later = parse_html(site / "direktionen/2024-03-20/index.html").select_one("section.crossrefs > ul > li")
    assert [li.get_text() for li in later.select("ul li")] == ["Budgetopfølgning"]


def test_demo_references(demo_site: Path) -> None:
    # The meeting of 22 January 2025 refers to 15 January 2025, 6 November 2024 and its coming meetings:
    # none of them is in the archive, so every one stays plain text.
    january = parse_html(demo_site / "direktionen/2025-01-22/index.html")
    links = [a["href"] for a in january.select("section.item a") if not a.find_parent(class_="item-topics")]
    assert links and all(href.startswith("#") for href in links), links
    assert "den 15. januar" in january.find(id="punkt-5").parent.get_text()
    # The forward agenda of 30 August 2023 announced 1 November 2023, which is in the archive.
    assert item_links(demo_site, "direktionen/2023-08-30/index.html", 4) == [
        ("1. Nov.", "../../direktionen/2023-11-01/")]
    november = parse_html(demo_site / "direktionen/2023-11-01/index.html")
    [announced] = november.select("section.crossrefs > ul > li")
    assert announced.a["href"] == "../../direktionen/2023-08-30/#punkt-4"
    assert announced.select("ul li")[0].get_text() == (
        "Årligt dialogmøde med sundheds- og omsorgschef d. 1. november 2023")
