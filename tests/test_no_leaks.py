"""Property test: in generated archives no closed text reaches any output byte, and all open text does.

Every field of every generated archive holds a unique marker, `zqo…xq` where the field is published
and `zqc…xq` where it is not (closed items' text, topics and attachments, closed attachments' titles,
document numbers and files, confidential passages). Each archive is built and every byte under the
output is scanned, compressed files opened. A closed marker anywhere is a leak; an open marker missing
means the scan (or the build) is blind, so that fails too.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from tests.conftest import SUMMARY, RecordProperty
from tests.leakscan import build_options, find_markers, has_search_option

ARCHIVES = 200
ARCHIVES_WITH_SEARCH = 10
OPEN_TOPICS_MUST_APPEAR = True  # set to True once the pages show an item's topics
LETTERS = "bcdfghjklmnprtvw"
WORDS = ("møde", "Økonomi", "æblegrød", "Århus", "budget", "på", "ændring", "Sagsfremstilling", "{{ 7*7 }}",
         "{% include 'base.html' %}", "&amp;", "5 < 7", "a & b", "100 %", "–", "»citat«", "'", '"', "\\", "ÆØÅ æøå")


@dataclass
class Markers:
    """Hands out unique markers and remembers which must and which must not be published."""

    published: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    indexed: list[str] = field(default_factory=list)  # published in an open item's text: must be searchable
    optional: list[str] = field(default_factory=list)  # may be published, need not be

    def new(self, published: bool | None, indexed: bool = False) -> str:
        number = len(self.published) + len(self.withheld) + len(self.optional)
        code = "".join(LETTERS[(number >> shift) & 15] for shift in (12, 8, 4, 0))
        marker = f"zq{'c' if published is False else 'o'}{code}xq"
        {True: self.published, False: self.withheld, None: self.optional}[published].append(marker)
        if indexed:
            self.indexed.append(marker)
        return marker


def q(text: str) -> str:
    """Quote a text for YAML (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def inline(draw: st.DrawFn, mk: Markers, published: bool, indexed: bool = False) -> str:
    """A run of inline Markdown holding one marker where it survives rendering."""
    marker = mk.new(published, indexed)
    shapes = ["plain", "em", "strong", "link", "b", "span", "code", "abbr", "sup"]
    if not published:  # places that are dropped anyway: a closed field may hide its marker anywhere
        shapes += ["comment", "script", "attribute", "url"]
    shape = draw(st.sampled_from(shapes))
    piece = {
        "plain": marker, "em": f"*{marker}*", "strong": f"**{marker}**",
        "link": f"[{marker}](https://example.dk/sag/{draw(st.integers(1, 99))})", "b": f"<b>{marker}</b>",
        "span": f'<span class="x" onclick="alert(1)">{marker}</span>', "code": f"`{marker}`",
        "abbr": f'<abbr title="KL">{marker}</abbr>', "sup": f"m<sup>{marker}</sup>",
        "comment": f"<!-- {marker} -->", "script": f"<script>{marker}</script>",
        "attribute": f'<a title="{marker}" href="javascript:{marker}">x</a>', "url": f"[x](https://e.dk/{marker})",
    }[shape]
    before = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=3)))
    after = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=3)))
    return f"{before} {piece} {after}".strip()


@st.composite
def blocks(draw: st.DrawFn, mk: Markers, published: bool, in_open_item: bool) -> str:
    """Some Markdown blocks: paragraphs, lists, tables, quotes, HTML, confidential passages."""
    indexed = published and in_open_item
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["paragraph", "list", "ordered", "table", "quote", "html", "subheading",
                                     "passage", "block passage", "reference"]))
        run = lambda: draw(inline(mk, published, indexed))  # noqa: E731 - a short local helper
        if kind == "paragraph":
            out.append(" ".join(run() for _ in range(draw(st.integers(1, 3)))))
        elif kind == "list":
            lines = [f"- {run()}" for _ in range(draw(st.integers(1, 3)))]
            if draw(st.booleans()):
                lines.append(f"  - {run()}")
            out.append("\n".join(lines))
        elif kind == "ordered":
            out.append("\n".join(f"{n}. {run()}" for n in range(1, draw(st.integers(2, 4)))))
        elif kind == "table":
            rows = [f"| {run()} | <p>{run()}</p> <ul><li>{run()}</li></ul> |" for _ in range(draw(st.integers(1, 3)))]
            out.append("\n".join(["| Tid | Punkt |", "| --- | ---: |", *rows]))
        elif kind == "quote":
            out.append(f"> {run()}")
        elif kind == "html":
            out.append(f'<div class="x" style="color:red">\n<p>{run()}</p>\n</div>')
        elif kind == "subheading":
            out.append(f"### {run()}")
        elif kind == "passage" and published:
            out.append(f"{run()} [fortroligt]{draw(inline(mk, False))}[/fortroligt] {run()}")
        elif kind == "block passage" and published:
            secret = draw(inline(mk, False))
            out.append(f"[fortroligt]\n{secret}\n\n- {draw(inline(mk, False))}\n[/fortroligt]")
        elif kind == "reference":
            # A link definition in withheld text must not resolve a link in another section.
            out.append(f"[se her][ref1] {run()}" if published else f"[ref1]: https://example.dk/{mk.new(False)}")
        else:
            out.append(run())
    return "\n\n".join(out)


@st.composite
def attachment(draw: st.DrawFn, mk: Markers, number: int, item_open: bool, files: dict[str, bytes]) -> str:
    """One attachment's settings, with a file of its own when drawn."""
    status = draw(st.sampled_from(["åben", "lukket"]))
    public_title = status == "lukket" and draw(st.booleans())
    published = item_open and status == "åben"
    lines = [f"  - number: {number}", f"    status: {status}"]
    if status == "åben" or draw(st.booleans()):
        lines.append(f"    title: {q('Bilag ' + mk.new(published or (item_open and public_title)))}")
    if draw(st.booleans()):
        lines.append(f"    ref: {q(mk.new(published) + '-1/24')}")
    if draw(st.booleans()):
        marker = mk.new(published)
        name = f"files/bilag-{marker}.pdf"
        files[name] = f"%PDF-1.4 {marker}\n".encode()
        lines.append(f"    file: {name}")
    if public_title:
        lines.append("    public_title: true")
    return "\n".join(lines)


@st.composite
def item(draw: st.DrawFn, mk: Markers, number: int, files: dict[str, bytes]) -> str:
    """An agenda item, open or closed, with settings, intro and sections."""
    is_open = draw(st.booleans())
    title = draw(inline(mk, True))
    lines = [f"# {number}. {title}", f"status: {'åben' if is_open else 'lukket'}"]
    if draw(st.booleans()):
        # An open item's topics are published once the pages show topics; until then they may be absent.
        lines.append(f"topics: [{q('Emne ' + mk.new(None if is_open and not OPEN_TOPICS_MUST_APPEAR else is_open))}]")
    count = draw(st.integers(0, 3))
    if count:
        lines.append("attachments:")
        lines.extend(draw(attachment(mk, n, is_open, files)) for n in range(1, count + 1))
    lines.append("")
    if draw(st.booleans()):
        lines += [draw(blocks(mk, is_open, is_open)), ""]
    for _ in range(draw(st.integers(1, 3))):
        lines += [f"## Afsnit {mk.new(is_open)}", "", draw(blocks(mk, is_open, is_open)), ""]
    if not is_open and draw(st.booleans()):
        lines += ["## Offentlig beslutning", "", draw(blocks(mk, True, False)), ""]
    return "\n".join(lines)


@st.composite
def archives(draw: st.DrawFn) -> tuple[dict[str, bytes], Markers, str]:
    """A content folder (path → bytes), its markers, and a base URL."""
    mk = Markers()
    files: dict[str, bytes] = {}
    slugs = [f"organ-{letter}" for letter in "abc"[:draw(st.integers(1, 3))]]
    site = [f"title: {q('Referater ' + mk.new(True))}", "language: da", "base_url: /", "bodies:"]
    for slug in slugs:
        # Body names are shown as search filter labels, where '<' and '>' are refused (see test_parse).
        site += [f"  - slug: {slug}", f"    name: {q('Udvalg for æøå & ' + mk.new(True))}"]
    files["site.yaml"] = ("\n".join(site) + "\n").encode()
    for index in range(draw(st.integers(1, 3))):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=37 * index)
        names = [f"Navn {mk.new(True)} <script>alert(1)</script>" for _ in range(draw(st.integers(1, 3)))]
        header = [
            "---", f"body: {draw(st.sampled_from(slugs))}", f"date: {date.isoformat()}", 'start: "9:00"',
            'end: "12:30"', f"location: {q('Rådhuset ' + mk.new(True))}",
            f"kind: {draw(st.sampled_from(['referat', 'dagsorden']))}", "members:",
        ]
        for name in names:
            header += [f"  - role: {q('Direktør ' + mk.new(True))}", f"    name: {q(name)}"]
        if draw(st.booleans()):
            header.append(f"absent: [{q(names[0])}]")
        header += ["---", ""]
        items = [draw(item(mk, number, files)) for number in range(1, draw(st.integers(1, 4)) + 1)]
        files[f"meetings/m{index}.md"] = ("\n".join(header) + "\n".join(items)).encode()
    # An absolute base URL also makes the sitemap, robots.txt and the OParl export (feeds part).
    return files, mk, draw(st.sampled_from(["/", "/referater/", "https://example.dk/referater/"]))


@dataclass
class Tally:
    """What the property test saw, for its report."""

    archives: int = 0
    leaks: int = 0
    published: int = 0
    withheld: int = 0


def build_and_scan(archive: tuple[dict[str, bytes], Markers, str], tally: Tally, search: bool) -> None:
    """Write an archive, build it, and assert no withheld and every published marker in the output."""
    files, mk, base_url = archive
    with tempfile.TemporaryDirectory() as temporary:
        content, site = Path(temporary) / "content", Path(temporary) / "site"
        for name, data in files.items():
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            (content / name).write_bytes(data)
        build(build_options(content, site, search=search, base_url=base_url))
        found = find_markers(site, mk.published + mk.withheld)
    tally.archives += 1
    tally.published += len(mk.published)
    tally.withheld += len(mk.withheld)
    leaks = {marker: places for marker in mk.withheld if (places := found[marker])}
    tally.leaks += len(leaks)
    assert leaks == {}, "closed text reached the output"
    missing = [marker for marker in mk.published if not found[marker]]
    assert missing == [], "published text is missing from the output: the scan or the build is blind"
    if search:
        unindexed = [m for m in mk.indexed if not any(p.startswith("pagefind/") for p in found[m])]
        assert unindexed == [], "open item text is missing from the search index"


def report(record_property: RecordProperty, tally: Tally, what: str) -> None:
    record_property(SUMMARY, f"[no-leak property test{what}] {tally.archives} generated archives built and "
                    f"scanned: {tally.leaks} leaks; {tally.withheld} closed markers absent, "
                    f"{tally.published} open markers present")


def test_no_closed_text_in_any_output_byte(record_property: RecordProperty) -> None:
    tally = Tally()

    @settings(max_examples=ARCHIVES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])
    @given(archives())
    def check(archive: tuple[dict[str, bytes], Markers, str]) -> None:
        build_and_scan(archive, tally, search=False)

    check()
    report(record_property, tally, "")
    record_property("archives", tally.archives)
    record_property("leaks", tally.leaks)
    assert tally.archives >= ARCHIVES and tally.leaks == 0


@pytest.mark.skipif(not has_search_option(), reason="the build has no search index yet (BuildOptions.search)")
def test_no_closed_text_in_the_search_index(record_property: RecordProperty) -> None:
    tally = Tally()

    @settings(max_examples=ARCHIVES_WITH_SEARCH, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(archives())
    def check(archive: tuple[dict[str, bytes], Markers, str]) -> None:
        build_and_scan(archive, tally, search=True)

    check()
    report(record_property, tally, " with search index")
    assert tally.archives >= ARCHIVES_WITH_SEARCH and tally.leaks == 0
