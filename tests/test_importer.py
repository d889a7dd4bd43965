"""`minutes import`: what it reads, what it reports, and that it fails closed."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner
from fpdf import FPDF

from generator.cli import main
from generator.importer.read import read_minutes
from tests.conftest import ContentFactory, parse_html, run_build

HEADER = """\
Direktionen

REFERAT

Sted: Mødelokale 250, rådhuset

Dato: Onsdag den 6. marts 2024

Start kl.: 9:00

Slut kl.: 12.30

Medlemmer: Kommunaldirektør Vakant
Velfærdsdirektør Lene Mehlsen Thomsen

Fraværende:

"""


def _run(content: ContentFactory, tmp_path: Path, text: str, *options: str) -> tuple[int, str]:
    source = tmp_path / "referat.txt"
    source.write_text(textwrap.dedent(text), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "--content", str(content.root), *options, str(source)])
    return result.exit_code, result.output


def test_an_item_without_a_readable_status_is_imported_closed_and_reported(content: ContentFactory,
                                                                           tmp_path: Path) -> None:
    code, output = _run(content, tmp_path, HEADER + "1. Økonomi\n\nÅben sag\n\nSagsfremstilling\n\nTal.\n\n"
                        "2. Personalesag\n\nSagsfremstilling\n\nzqhostilesecretxq\n")
    assert code == 0, output
    assert "referat.txt:26: status: item 2: no 'Åben sag' or 'Lukket sag' line; imported as closed" in output
    assert "zqhostilesecretxq" not in output
    written = (content.root / "meetings" / "direktionen" / "2024-03-06.md").read_text(encoding="utf-8")
    assert "# 2. Personalesag\nstatus: lukket\n" in written
    run_build(content.root, tmp_path / "site")
    page = parse_html(tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html")
    assert "zqhostilesecretxq" not in str(page) and "Tal." in page.get_text()


def test_the_header_is_read_with_a_vacant_seat_and_a_dotted_time(content: ContentFactory, tmp_path: Path) -> None:
    code, output = _run(content, tmp_path, HEADER + "1. Økonomi\n\nÅben sag\n\nIndstilling\n\nDrøftes.\n")
    assert code == 0, output
    written = (content.root / "meetings" / "direktionen" / "2024-03-06.md").read_text(encoding="utf-8")
    assert 'end: "12:30"' in written
    assert "  - role: Kommunaldirektør\n    vacant: true\n" in written
    assert "location: Mødelokale 250, rådhuset" in written


def test_an_attachment_line_it_cannot_read_is_reported_with_its_line(content: ContentFactory, tmp_path: Path) -> None:
    code, output = _run(content, tmp_path, HEADER + "1. Økonomi\n\nÅben sag\n\nBilag:\n\n1 Åben Notat 123/24\n\n"
                        "se vedlagte mappe\n\n2 Halvåben Noget\n")
    assert code == 0, output
    assert "referat.txt:26: unplaced: item 1: a line under 'Bilag' is not an attachment" in output
    assert "referat.txt:28: status: item 1, attachment 2: no 'Åben' or 'Lukket'; imported as closed" in output
    written = (content.root / "meetings" / "direktionen" / "2024-03-06.md").read_text(encoding="utf-8")
    assert "  - number: 1\n    title: Notat\n    ref: 123/24\n    status: åben\n" in written
    assert "  - number: 2\n    title: Halvåben Noget\n    status: lukket\n" in written


def test_a_fragment_without_a_date_is_not_imported(content: ContentFactory, tmp_path: Path) -> None:
    fragment = "Medlemmer: Kommunaldirektør Jonas Kroustrup\n\n1. Økonomi\n\nÅben sag\n\nIndstilling\n\nOk.\n"
    code, output = _run(content, tmp_path, fragment, "--body", "direktionen", "--start", "9.00", "--end", "10:00",
                        "--location", "Rådhuset")
    assert code == 1
    assert "the input does not say the meeting's date; give it with --date" in output
    assert not (content.root / "meetings").exists()
    code, output = _run(content, tmp_path, fragment, "--body", "direktionen", "--start", "9.00", "--end", "10:00",
                        "--location", "Rådhuset", "--date", "2024-05-01")
    assert code == 0, output
    assert "referat.txt:1: check: no 'REFERAT' or 'DAGSORDEN' line; written as 'kind: referat'" in output
    assert (content.root / "meetings" / "direktionen" / "2024-05-01.md").is_file()


def test_an_existing_meeting_file_is_never_overwritten(content: ContentFactory, tmp_path: Path) -> None:
    existing = content.meeting("direktionen/2024-03-06.md", "the clerk's own file\n")
    code, output = _run(content, tmp_path, HEADER + "1. Økonomi\n\nÅben sag\n\nIndstilling\n\nOk.\n")
    assert code == 1 and "already exists" in output
    assert existing.read_text(encoding="utf-8") == "the clerk's own file\n"


def test_numbered_list_text_stays_text_and_page_breaks_are_joined(content: ContentFactory, tmp_path: Path) -> None:
    body = ("1. Økonomi\n\nÅben sag\n\nSagsfremstilling\n\n- 1) Fagudvalgenes arbejde\n- 12. feb. Vinterferie\n"
            "- Alle ledere deltager. Bilag\n\n\n\ner vedlagt.\n")
    code, output = _run(content, tmp_path, HEADER + body)
    assert code == 0, output
    assert "joined: text split by a page break" in output
    run_build(content.root, tmp_path / "site")
    page = parse_html(tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html")
    items = [li.get_text() for li in page.select("section.item li")]
    assert items == ["1) Fagudvalgenes arbejde", "12. feb. Vinterferie", "Alle ledere deltager. Bilag er vedlagt."]
    assert not page.select("section.item ol")


def test_a_pdf_is_read_with_its_table_columns(content: ContentFactory, tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)  # a core font: Latin-1, which has æ, ø and å
    lines: list[str | tuple[str, str]] = [
        *[line for line in HEADER.split("\n") if line], "1. Punkter til behandling", "Åben sag", "Sagsfremstilling",
        "Direktionen har følgende punkter:", ("Tid", "Punkt"), ("10.00", "Projektforslag"),
        ("10.15", "Kommissorium"), "Indstilling", "Det indstilles, at punkterne behandles."]
    for line in lines:
        if isinstance(line, tuple):
            pdf.cell(30, 8, line[0])
            pdf.cell(0, 8, line[1], new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    source = tmp_path / "referat.pdf"
    pdf.output(str(source))
    result = CliRunner().invoke(main, ["import", "--content", str(content.root), str(source)])
    assert result.exit_code == 0, result.output
    written = (content.root / "meetings" / "direktionen" / "2024-03-06.md").read_text(encoding="utf-8")
    assert "| Tid | Punkt |\n| --- | --- |\n| 10.00 | Projektforslag |\n| 10.15 | Kommissorium |" in written
    assert "## Indstilling\n\nDet indstilles, at punkterne behandles." in written


def test_both_seed_styles_read_alike() -> None:
    plain = HEADER + "1. Økonomi\n\nÅben sag\n\nSagsfremstilling\n\nTal.\n"
    marked = (HEADER.replace("Direktionen", "## **Direktionen**")
              + "### 1. Økonomi\n\nÅben sag\n\n#### **Sagsfremstilling**\n\nTal.\n")
    assert read_minutes(plain.split("\n")).items == read_minutes(marked.split("\n")).items


def test_a_damaged_pdf_is_reported_without_a_traceback(content: ContentFactory, tmp_path: Path) -> None:
    source = tmp_path / "referat.pdf"
    source.write_bytes(b"%PDF-1.4 not really")
    result = CliRunner().invoke(main, ["import", "--content", str(content.root), str(source)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "referat.pdf cannot be read as a PDF" in result.output and "Traceback" not in result.output


def test_text_that_looks_like_markdown_structure_stays_text(content: ContentFactory, tmp_path: Path) -> None:
    body = ("1. Økonomi\n\nÅben sag\n\nSagsfremstilling\n\n| ikke en tabel |\n\n+ ikke en liste\n\n"
            "> ikke et citat\n")
    code, output = _run(content, tmp_path, HEADER + body)
    assert code == 0, output
    run_build(content.root, tmp_path / "site")
    page = parse_html(tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html")
    texts = [p.get_text() for p in page.select("section.item p:not(.open-note)")]
    assert texts == ["| ikke en tabel |", "+ ikke en liste", "> ikke et citat"]


def test_long_hostile_lines_are_read_in_linear_time() -> None:
    # Each of these takes minutes with a backtracking pattern (quadratic in the line); linear, well under a second.
    import time

    for bad in ["\t" * 100_000 + "x", "." * 100_000 + "\t1", "1 " + "x" * 100_000, "1 Åben " + "a " * 50_000]:
        started = time.monotonic()
        read_minutes(["Direktionen", "", "Dato: " + bad, "", "1. X", "", "Åben sag", "", "Bilag:", "", bad, "", bad])
        assert time.monotonic() - started < 5, bad[:10]
