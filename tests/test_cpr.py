"""The CPR guard: what counts as a CPR number, the opt-out marker, and where the guard looks."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.cpr import find_cpr_numbers, is_cpr_date, unwrap_not_cpr
from generator.errors import BuildError
from tests.conftest import SITE_YAML, ContentFactory, meeting_text, parse_html, run_build


@pytest.mark.parametrize("text", [
    "Borgeren 010203-1234 klagede.",
    "Borgeren 0102031234 klagede.",
    "CPR: 311299-4321.",
    "(290200-1111)",  # 29 February 2000
    "nr.241224‑1234",  # a non-breaking hyphen, as word processors write it
    "x300101-0000y",
    # A space, a non-breaking space or an invisible character inside, fullwidth or other-script digits.
    "Borgeren 010190 1234 klagede.",
    "Borgeren 010190\u00a01234 klagede.",
    "Borgeren 0101\u200b90-1234 klagede.",
    "Borgeren 010190 - 1234 klagede.",
    "Borgeren 01019\u00ad0\u20601234 klagede.",
    "Borgeren ０１０１９０－１２３４ klagede.",
    "Borgeren \u0660\u0661\u0660\u0661\u0669\u0660\u0661\u0662\u0663\u0664 klagede.",
])
def test_cpr_numbers_are_found(text: str) -> None:
    findings = find_cpr_numbers(text)
    assert len(findings) == 1
    assert text[findings[0].offset].isdigit()
    assert "CPR" in findings[0].message and "0000" not in findings[0].message


@pytest.mark.parametrize("text", [
    "Kort resume (90145/23) og bilag 134567/24.",
    "Mødet 2023-08-30 kl. 10.15, budget 12.345.678 kr., tlf. 86 18 10 00 eller 86181000.",
    "Dato 30-08-2023 og 30.08.23.",
    "321299-1234 (day 32), 011399-1234 (month 13), 290201-1234 (29 February 2001)",
    "12345678901 and 1010101010101: longer runs of digits",
    "Ingen tal her.",
])
def test_other_numbers_are_not_cpr_numbers(text: str) -> None:
    assert find_cpr_numbers(text) == ()


@pytest.mark.parametrize("text", [
    "Sag [ikke-cpr: 010190 1234] og [ikke\u2011cpr:\u00a0010190\u00a01234].",
    "Sag [ikke-c\u200bpr: 0101\u200b90-1234] og [ikke-\u0441pr: 0101901234].",
])
def test_the_opt_out_is_found_in_the_normalised_text(text: str) -> None:
    assert find_cpr_numbers(text) == ()
    assert "ikke" not in unwrap_not_cpr(text) and unwrap_not_cpr(text).startswith("Sag 0101")


def test_findings_point_at_the_original_text() -> None:
    text = "\u200b\u200bø \u00a0010190\u00a01234"
    assert [f.offset for f in find_cpr_numbers(text)] == [text.index("0")]


def test_the_opt_out_marks_one_occurrence() -> None:
    text = "Sag [ikke-cpr: 010203-1234] og [IKKE-CPR:0102031234], men 010203-1234."
    findings = find_cpr_numbers(text)
    assert [text[f.offset:f.offset + 11] for f in findings] == ["010203-1234"]
    assert findings[0].offset == text.rindex("010203-1234")
    assert unwrap_not_cpr(text) == "Sag 010203-1234 og 0102031234, men 010203-1234."


@pytest.mark.parametrize("text", ["[ikke-cpr: abc]", "[ikke-cpr: 12]", "[ikke cpr 010203-1234]", "[ikkecpr: 1]",
                                  "[ikke-cpr:" + " " * 8000, "[ikke-cpr: 010203-1234 [ikke-cpr: 1]"])
def test_malformed_opt_outs_are_problems(text: str) -> None:
    assert find_cpr_numbers(text)


def test_century_is_unknown_so_a_leap_day_counts_when_either_century_allows_it() -> None:
    assert is_cpr_date(29, 2, 0) and is_cpr_date(29, 2, 96) and not is_cpr_date(29, 2, 97)


MEETING_ITEMS = """\
# 1. Sag om 010203-1234
status: åben

Tekst.
"""


def errors_of(content: ContentFactory, tmp_path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(BuildError) as raised:
        run_build(content.root, tmp_path / "site")
    report = raised.value.report()
    assert "010203-1234" not in report and "0102031234" not in report
    return [(e.location.line, e.location.column, e.message) for e in raised.value.errors]


@pytest.mark.parametrize(("items", "header", "line", "column"), [
    (MEETING_ITEMS, "", 15, 13),
    ("# 1. Sag\nstatus: åben\n\n## Tekst\n\n| a | b |\n| - | - |\n| x | 0102031234 |\n", "", 22, 7),
    ("# 1. Sag\nstatus: åben\n\n## Tekst 010203-1234\n\nx\n", "", 18, 10),
    ("# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: åben\n    title: Notat\n"
     "    ref: 010203-1234\n\nx\n", "", 21, 10),
    ("# 1. Sag\nstatus: lukket\n\n## Offentlig beslutning\n\nBorger 010203-1234 fik ret.\n", "", 20, 8),
    ("", "absent: []\nsuffix: ekstra\n# kommentar 010203-1234\n", 15, 13),
])
def test_a_published_cpr_number_stops_the_build(content: ContentFactory, tmp_path: Path, items: str, header: str,
                                                line: int, column: int) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=items, header=header))
    errors = errors_of(content, tmp_path)
    assert errors == [(line, column, errors[0][2])]
    assert "CPR number" in errors[0][2]


def test_cpr_numbers_in_closed_text_and_confidential_passages_are_no_error(content: ContentFactory,
                                                                           tmp_path: Path) -> None:
    items = """\
        # 1. Sag
        status: åben
        attachments:
          - number: 1
            status: åben
            title: Notat [ikke-cpr:2412241234]

        Journalnummer [ikke-cpr: 010203-1234]. [fortroligt]Borger 111111-1118[/fortroligt].

        # 2. Personalesag
        status: lukket
        attachments:
          - number: 1
            status: lukket
            title: Sagsakt 020304-2222

        ## Sagsfremstilling

        Borger 020304-2222.
        """
    content.meeting("direktionen/a.md", meeting_text(items=items))
    site = tmp_path / "site"
    run_build(content.root, site)
    page = parse_html(site / "direktionen/2024-03-06/index.html").get_text(" ", strip=True)
    assert "Journalnummer 010203-1234. [udeladt]" in page and "Notat 2412241234" in page
    assert "ikke-cpr" not in page
    for path in site.rglob("*.html"):
        assert b"111111-1118" not in path.read_bytes() and b"020304-2222" not in path.read_bytes()


def test_site_settings_are_guarded_too(content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "site.yaml").write_text(SITE_YAML.replace("Testreferater", "Referater 0102031234"), "utf-8")
    content.meeting("direktionen/a.md", meeting_text())
    assert [line for line, _, _ in errors_of(content, tmp_path)] == [1]


def test_the_topics_file_is_guarded_too(content: ContentFactory, tmp_path: Path) -> None:
    topics = "topics:\n  - slug: oekonomi\n    name: Økonomi\n    description: Sag 0102031234\n"
    (content.root / "topics.yaml").write_text(topics, "utf-8")
    content.meeting("direktionen/a.md", meeting_text())
    assert [(line, column) for line, column, _ in errors_of(content, tmp_path)] == [(4, 22)]
