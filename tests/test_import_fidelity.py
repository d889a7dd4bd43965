"""Fidelity of `minutes import`: every unit of each seed reaches the built page, block by block, word by word.

The seed is cut into units here on its own terms, not with the importer's code: each line of an item is a
unit (a paragraph line, a list item, a table row, a section heading, an attachment line), and so are each
item's title and status. A unit is matched when its words, in order, are found in a built block of the
kind it must become (a list item in an <li>, a table row in a <tr>, an attachment in the item's attachment
list with the same number and status), after the units before it. The only differences allowed are the
extraction artefacts the site writes its own way, each counted separately:
- Markdown-table frame lines of an attachment list (`- | | | |`, `|---|--|`): no words;
- the 'Bilag:' label: the site heads the attachment list with its own 'Bilag';
- bullet characters, `<p>`/`<ul>` tags and leading '- ' markers: structure, not words;
- the table of contents, the attachment overview and the signature page: the site derives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator.content.config import load_config
from generator.importer.run import ImportOptions, import_file
from generator.model import SiteConfig
from tests.conftest import SUMMARY, ContentFactory, RecordProperty, parse_html, run_build

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # shared/ lies beside the project
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

_MARKS = re.compile(r"^#{1,6}\s+|\*\*|</?b>")
_TAG = re.compile(r"<[^<>]*>")
_STATUS = {"åben sag": False, "lukket sag": True}
_ATTACHMENT = re.compile(r"(\d{1,3})\s+(åben|lukket)\b\s*(.*)", re.IGNORECASE)
_REF = re.compile(r"\d{1,7}/\d{2}")


def words(text: str) -> list[str]:
    """Return the words of a text, case-folded, without punctuation, tags or bullets."""
    return re.findall(r"\w+", _TAG.sub(" ", text).casefold())


@dataclass(frozen=True)
class Unit:
    """One unit of the seed: its input line, kind, words (and for attachments number and status)."""

    line: int
    kind: str  # title, status, text, li, tr, attachment, ref, label
    words: tuple[str, ...]
    number: int = 0
    closed: bool = False


def seed_items(path: Path) -> dict[int, list[Unit]]:
    """Cut a seed into its items' units."""
    lines = [_MARKS.sub("", line.rstrip(" \r")).strip(" ") for line in path.read_text(encoding="utf-8").split("\n")]
    nonblank = [index for index, line in enumerate(lines) if line.strip()]
    items: dict[int, list[Unit]] = {}
    current: list[Unit] | None = None
    in_attachments = False
    expected = 1
    for position, index in enumerate(nonblank):
        line = lines[index]
        following = lines[nonblank[position + 1]].casefold() if position + 1 < len(nonblank) else ""
        if line.casefold() in ("bilagsoversigt", "underskriftsside") and expected > 1:
            break
        match = re.fullmatch(r"(\d+)\.\s+(.*)", line)
        if match and int(match.group(1)) == expected and following in _STATUS:
            current = items.setdefault(expected, [Unit(index + 1, "title", tuple(words(match.group(2))))])
            expected += 1
            in_attachments = False
            continue
        if current is None:
            continue
        number = index + 1
        if line.casefold() in _STATUS:
            current.append(Unit(number, "status", (), closed=_STATUS[line.casefold()]))
        elif line.casefold().rstrip(":") == "bilag":
            in_attachments = True
            current.append(Unit(number, "label", ()))
        elif in_attachments and not line.casefold().startswith("beslutning"):
            body = line.removeprefix("- ")
            cells = " ".join(cell.strip() for cell in re.split(r"[|\t]", body) if cell.strip())
            attachment = _ATTACHMENT.fullmatch(cells)
            if attachment:
                current.append(Unit(number, "attachment", tuple(words(attachment.group(3))), int(attachment.group(1)),
                                    attachment.group(2).casefold() == "lukket"))
            elif _REF.fullmatch(cells):
                current.append(Unit(number, "ref", tuple(words(cells))))
            elif words(cells):
                current.append(Unit(number, "text", tuple(words(cells))))
            # else: a table frame line, no words (an artefact)
        else:
            in_attachments = False
            if "\t" in line:
                kind = "tr"
            elif re.match(r"[-•]\s", line):
                kind = "li"
            else:
                kind = "text"
            current.append(Unit(number, kind, tuple(words(line))))
    return items


@dataclass(frozen=True)
class Block:
    """A built block of an item: its kind (p, li, tr, h3, attachment) and words."""

    kind: str
    words: tuple[str, ...]
    number: int = 0
    closed: bool = False


def built_items(page: BeautifulSoup) -> dict[int, tuple[str, bool, list[Block]]]:
    """Return each built item's title words, whether it is closed, and its blocks in page order."""
    result = {}
    for section in page.select("section.item"):
        heading = section.find("h2")
        assert isinstance(heading, Tag)
        number_tag = heading.find(class_="item__number")
        assert isinstance(number_tag, Tag)
        number = int(number_tag.get_text().strip(". "))
        title = heading.get_text(" ").replace(number_tag.get_text(), "", 1).rstrip(" #")
        blocks: list[Block] = []
        for element in section.find_all(["p", "li", "tr", "h3", "h4"]):
            if element.find_parent("nav") is not None:
                continue
            if element.name == "li" and element.find_parent(class_="attachments") is not None:
                badge = element.find(class_="badge")
                blocks.append(Block("attachment", tuple(words(element.get_text(" "))), int(str(element["value"])),
                                    badge is not None and "Lukket" in badge.get_text()))
                continue
            if element.name == "li":
                copy = BeautifulSoup(str(element), "html.parser")
                for nested in copy.find_all(["ul", "ol"]):
                    nested.decompose()  # a nested list is its own blocks
                text = copy.get_text(" ")
            else:
                text = element.get_text(" ")
            kind = "h3" if element.name in ("h3", "h4") else element.name
            blocks.append(Block(kind, tuple(words(text))))
        result[number] = (" ".join(words(title)), "item--closed" in (section.get("class") or []), blocks)
    return result


ALLOWED = {"text": {"p", "h3"}, "li": {"li"}, "tr": {"tr"}}


def match_item(units: list[Unit], title: str, closed: bool, blocks: list[Block]) -> list[Unit]:
    """Match the units of one item in order; return those not found."""
    missing: list[Unit] = []
    at, offset = 0, 0
    last_attachment: Block | None = None
    for unit in units:
        if unit.kind == "title":
            ok = " ".join(unit.words) == title
        elif unit.kind == "status":
            ok = unit.closed == closed
        elif unit.kind == "label":
            ok = any(block.kind == "attachment" for block in blocks)
        elif unit.kind == "attachment":
            found = [b for b in blocks if b.kind == "attachment" and b.number == unit.number]
            last_attachment = found[0] if found else None
            ok = bool(found) and found[0].closed == unit.closed and (
                unit.closed or _contains(found[0].words, unit.words, 0) is not None)
        elif unit.kind == "ref":
            ok = last_attachment is not None and _contains(last_attachment.words, unit.words, 0) is not None
        else:
            kinds = ALLOWED[unit.kind] | ({"li"} if unit.kind == "text" and unit.words and unit.words[0].islower()
                                          and unit.words[0][0].isalpha() else set())
            ok = False
            for index in range(at, len(blocks)):
                if blocks[index].kind not in kinds:
                    continue
                end = _contains(blocks[index].words, unit.words, offset if index == at else 0)
                if end is not None:
                    at, offset, ok = index, end, True
                    break
        if not ok:
            missing.append(unit)
    return missing


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...], start: int) -> int | None:
    for index in range(start, len(haystack) - len(needle) + 1):
        if haystack[index:index + len(needle)] == needle:
            return index + len(needle)
    return None


@pytest.fixture
def config(content: ContentFactory) -> SiteConfig:
    loaded = load_config(content.root)
    assert not isinstance(loaded, list)
    return loaded


@pytest.mark.skipif(not SEED_FILES, reason="the seeds (shared/seeds) are not beside the project")
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name[:3])
def test_every_unit_of_the_seed_reaches_the_built_page(seed: Path, content: ContentFactory, config: SiteConfig,
                                                       tmp_path: Path, record_property: RecordProperty) -> None:
    result = import_file(seed, ImportOptions(content.root), config)
    assert result.errors == () and result.written is not None
    assert not [note for note in result.notes if note.kind in ("unplaced", "status")]
    run_build(content.root, tmp_path / "site")
    date = result.written.stem
    page = parse_html(tmp_path / "site" / "direktionen" / date / "index.html")
    seed_units = seed_items(seed)
    built = built_items(page)
    assert sorted(built) == sorted(seed_units), "the items differ"
    total = sum(len(units) for units in seed_units.values())
    missing = [unit for number, units in seed_units.items() for unit in match_item(units, *built[number])]
    record_property(SUMMARY, f"[seed {seed.name[:3]}] {total - len(missing)}/{total} units on the built page")
    assert missing == []
    assert total > 50


def test_a_unit_missing_from_the_page_is_found_missing() -> None:
    units = [Unit(1, "text", ("budgettet", "blev", "godkendt")), Unit(2, "li", ("første", "punkt"))]
    blocks = [Block("p", ("budgettet", "blev", "godkendt")), Block("p", ("første", "punkt"))]
    assert match_item(units, "", False, blocks) == [units[1]]  # right words, wrong kind of block


@pytest.mark.skipif(not SEED_FILES, reason="the seeds (shared/seeds) are not beside the project")
def test_the_demo_is_the_import_of_the_seeds_plus_topics(content: ContentFactory, config: SiteConfig) -> None:
    """The demo content is what the importer writes from the seeds, plus only the clerk's `topics:` lines."""
    demo = Path(__file__).resolve().parents[1] / "content" / "meetings" / "direktionen"
    for seed in SEED_FILES:
        result = import_file(seed, ImportOptions(content.root), config)
        assert result.written is not None, result.errors
        shown = (demo / result.written.name).read_text(encoding="utf-8")
        without_topics = "".join(line for line in shown.splitlines(keepends=True) if not line.startswith("topics: "))
        assert without_topics == result.written.read_text(encoding="utf-8"), seed.name
