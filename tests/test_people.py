"""People: a page per member with the meetings attended and missed; a vacant seat is nobody."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

VACANT = """\
members:
  - role: Kommunaldirektør
    vacant: true
  - role: Velfærdsdirektør
    name: Lene Mehlsen Thomsen
"""


def test_people_pages_count_meetings_attended_and_missed(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text(date="2024-01-10"))
    content.meeting("d/b.md", meeting_text(date="2024-02-07", header="absent: [Jonas Kroustrup]\n"))
    content.meeting("u/a.md", meeting_text(body="udvalg", date="2024-02-20"))
    site = tmp_path / "site"
    run_build(content.root, site)
    index = parse_html(site / "personer/index.html")
    assert [(a.get_text(), a["href"]) for a in index.select(".index-list a")] == [
        ("Jonas Kroustrup", "jonas-kroustrup/"), ("Lene Mehlsen Thomsen", "lene-mehlsen-thomsen/")]
    assert [s.get_text() for s in index.select(".index-list__text")] == ["Deltog i 2 af 3 møder",
                                                                          "Deltog i 3 af 3 møder"]
    page = parse_html(site / "personer/jonas-kroustrup/index.html")
    assert page.h1.get_text() == "Jonas Kroustrup"
    assert page.select_one(".attendance-summary").get_text() == "Deltog i 2 af 3 møder, fraværende fra 1."
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("table.attendance tbody tr")]
    assert rows == [["20. februar 2024", "Økonomiudvalget", "Kommunaldirektør", "Deltog"],
                    ["7. februar 2024", "Direktionen", "Kommunaldirektør", "Fraværende"],
                    ["10. januar 2024", "Direktionen", "Kommunaldirektør", "Deltog"]]
    assert page.select_one("table.attendance a")["href"] == "../../udvalg/2024-02-20/"


def test_a_vacant_seat_is_not_a_person_and_members_link_to_their_pages(content: ContentFactory,
                                                                      tmp_path: Path) -> None:
    text = meeting_text().replace(
        "members:\n  - role: Kommunaldirektør\n    name: Jonas Kroustrup\n  - role: Velfærdsdirektør\n"
        "    name: Lene Mehlsen Thomsen\n", VACANT)
    content.meeting("d/a.md", text)
    site = tmp_path / "site"
    run_build(content.root, site)
    assert sorted(p.name for p in (site / "personer").iterdir()) == ["index.html", "lene-mehlsen-thomsen"]
    members = parse_html(site / "direktionen/2024-03-06/index.html").select("dl.facts ul li")
    assert [li.get_text(" ", strip=True) for li in members] == ["Kommunaldirektør: Vakant",
                                                               "Velfærdsdirektør: Lene Mehlsen Thomsen"]
    assert members[0].a is None
    assert members[1].a["href"] == "../../personer/lene-mehlsen-thomsen/"


def test_a_person_with_roles_in_two_bodies_has_one_page(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text(date="2024-01-10"))
    other = meeting_text(body="udvalg", date="2024-02-20").replace("role: Kommunaldirektør", "role: Formand")
    content.meeting("u/a.md", other)
    site = tmp_path / "site"
    run_build(content.root, site)
    page = parse_html(site / "personer/jonas-kroustrup/index.html")
    assert page.select_one(".lead").get_text() == "Formand, Kommunaldirektør"


def test_demo_people(demo_site: Path) -> None:
    index = parse_html(demo_site / "personer/index.html")
    assert [a.get_text() for a in index.select(".index-list a")] == [
        "Jonas Kroustrup", "Kim Bruun Nielsen", "Lene Mehlsen Thomsen"]
    lene = parse_html(demo_site / "personer/lene-mehlsen-thomsen/index.html")
    assert lene.select_one(".attendance-summary").get_text() == "Deltog i 3 af 3 møder."
    jonas = parse_html(demo_site / "personer/jonas-kroustrup/index.html")
    assert len(jonas.select("table.attendance tbody tr")) == 2  # the seat was vacant in August 2023


def test_every_attendance_cell_names_its_column_for_the_phone_layout(demo_site: Path) -> None:
    # On a narrow screen the table is shown one block per meeting, each cell labelled by data-label.
    page = parse_html(demo_site / "personer/jonas-kroustrup/index.html")
    headers = [th.get_text(strip=True) for th in page.select("table.attendance thead th")]
    rows = page.select("table.attendance tbody tr")
    assert headers and rows
    for row in rows:
        assert [td.get("data-label") for td in row.select("td")] == headers
