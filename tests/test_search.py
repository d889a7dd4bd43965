"""The Pagefind index written by `minutes build`: what it holds, and above all what it never holds."""

from __future__ import annotations

import gzip
import html
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.publish import search
from generator.publish.search import SearchIndexError
from generator.publish.sitefiles import pagefind_bundles
from generator.publish.write import MARKER_TEXT, SITE_MARKER
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

# Pagefind gzips its index files; once decompressed they start with this signature (pagefind's
# `pagefind_dcd`, see its source: the fragments are JSON, the rest CBOR).
SIGNATURE = b"pagefind_dcd"
COMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")

CLOSED_MARKERS = ("lukketsektion4711", "lukketbilagtitel4711", "lukketbilagref4711", "lukketfil4711",
                  "lukketemne4711", "offentligtitel4711")
OPEN_CONTROL = "aabenkontrol4711"
SHARDS = (search.shard_key(2024), search.shard_key(2013))  # of marked_site's two meetings, newest first

MARKED_ITEMS = f"""\
# 1. Økonomi
status: åben
topics: [Økonomi, Budgetopfølgning]
attachments:
  - number: 1
    title: Notat om budget
    ref: 1/24
    status: åben
  - number: 2
    status: lukket
    title: Notat {CLOSED_MARKERS[1]}
    ref: {CLOSED_MARKERS[2]}/24
    file: files/{CLOSED_MARKERS[3]}.pdf

## Sagsfremstilling

Budgettet blev gennemgået, {OPEN_CONTROL}.

# 2. Personalesag
status: lukket
topics: [{CLOSED_MARKERS[4]}]
attachments:
  - number: 1
    status: lukket
    title: Bilag {CLOSED_MARKERS[1]}

## Sagsfremstilling

Fortroligt: {CLOSED_MARKERS[0]}.

## Beslutning

Også fortroligt: {CLOSED_MARKERS[0]}.

# 3. Anden sag
status: lukket

## Offentlig beslutning

Direktionen traf beslutning i sagen.
"""


def decompressed_index(site: Path) -> dict[str, bytes]:
    """Every file Pagefind wrote, by its path in the bundle, with the compressed ones decompressed."""
    files = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name.endswith(COMPRESSED):
            data = gzip.decompress(data)
            assert data.startswith(SIGNATURE), f"{path.name} is not Pagefind data"
            data = data[len(SIGNATURE):]
        files[path.relative_to(site / "pagefind").as_posix()] = data
    return files


def fragments(site: Path) -> dict[str, dict[str, object]]:
    """The indexed pages by URL, from Pagefind's decompressed fragment files."""
    pages = {}
    for name, data in decompressed_index(site).items():
        if "/fragment/" in name:
            fragment = json.loads(data)
            pages[fragment["url"]] = fragment
    return pages


@pytest.fixture
def marked_site(content: ContentFactory, tmp_path: Path) -> Path:
    """A site with markers in closed items and closed attachments, and a control word in an open item."""
    content.file(f"files/{CLOSED_MARKERS[3]}.pdf")
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=MARKED_ITEMS))
    content.meeting("udvalg/2013-05-10.md", meeting_text(body="udvalg", date="2013-05-10"))  # another shard
    run_build(content.root, tmp_path / "site")
    return tmp_path / "site"


def test_no_closed_marker_is_in_any_decompressed_index_file(marked_site: Path) -> None:
    files = decompressed_index(marked_site)
    for folder in ("fragment", "index", "filter"):
        assert {name.split("/")[0] for name in files if f"/{folder}/" in name} == set(SHARDS)
    everything = b"\n".join(files.values()).decode("utf-8", errors="replace").casefold()
    assert OPEN_CONTROL in everything  # the check can see a planted word when it is public
    for marker in CLOSED_MARKERS:
        assert marker not in everything, f"{marker} is in the search index"


def test_only_meeting_pages_are_indexed(marked_site: Path) -> None:
    assert set(fragments(marked_site)) == {"/direktionen/2024-03-06/", "/udvalg/2013-05-10/"}
    assert json.loads((marked_site / "pagefind" / "shards.json").read_text(encoding="utf-8")) == list(SHARDS)
    for shard in SHARDS:
        entry = json.loads((marked_site / "pagefind" / shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["da"]["page_count"] == 1  # indexed in Danish, so Danish stemming applies
    assert search.indexed_pages(marked_site) == 2


def test_facets_come_from_open_items_and_the_meeting(marked_site: Path) -> None:
    page = fragments(marked_site)["/direktionen/2024-03-06/"]
    assert page["filters"] == {"Udvalg": ["Direktionen"], "År": ["2024"], "Type": ["Referat"],
                               "Emne": ["Budgetopfølgning", "Økonomi"]}
    assert page["meta"] == {"title": "Direktionen, 6. marts 2024"}


def test_items_are_the_anchors_of_sub_results(marked_site: Path) -> None:
    page = fragments(marked_site)["/direktionen/2024-03-06/"]
    anchors = [(anchor["id"], anchor["text"]) for anchor in page["anchors"]]  # type: ignore[attr-defined]
    assert anchors == [("punkt-1", "1. Økonomi"), ("punkt-2", "2. Personalesag"), ("punkt-3", "3. Anden sag")]


def test_navigation_members_and_notices_stay_out_of_the_indexed_text(marked_site: Path) -> None:
    text = str(fragments(marked_site)["/direktionen/2024-03-06/"]["content"])
    assert text.startswith("Direktionen, 6. marts 2024. 1. Økonomi")
    assert "Budgettet blev gennemgået" in text
    assert "Direktionen traf beslutning i sagen" in text  # a closed item's public decision is public
    for left_out in ("Indhold", "Jonas Kroustrup", "Rådhuset", "Punktet er behandlet for lukkede døre",
                     "Underskrevet af", "Bilagsoversigt", "Forrige møde", "Referat", "#"):
        assert left_out not in text


def test_the_index_is_the_same_for_the_same_content(marked_site: Path, content: ContentFactory, tmp_path: Path) -> None:
    run_build(content.root, tmp_path / "again")
    assert decompressed_index(tmp_path / "again") == decompressed_index(marked_site)
    first = {p.relative_to(marked_site): p.read_bytes() for p in (marked_site / "pagefind").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again"): p.read_bytes()
              for p in (tmp_path / "again" / "pagefind").rglob("*") if p.is_file()}
    assert first == second


def test_a_failing_indexer_leaves_the_previous_site(content: ContentFactory, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("direktionen/2024-03-06.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    before = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    content.meeting("direktionen/2024-04-03.md", meeting_text(date="2024-04-03"))
    monkeypatch.setattr(search, "pagefind_executable", lambda: Path("/bin/false"))
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        run_build(content.root, site)
    assert {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == before
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(site)])
    assert result.exit_code == 1
    assert "Pagefind failed" in result.output
    assert "left as it was" in result.output


def templates_without(templates: Path, text: bytes) -> Path:
    """Copy the project's templates into a folder with every occurrence of `text` removed; return it."""
    project_templates = Path(__file__).resolve().parent.parent / "templates"
    for path in project_templates.rglob("*"):
        if path.is_file():
            target = templates / path.relative_to(project_templates)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes().replace(text, b""))
    return templates


def test_a_missing_data_pagefind_body_fails_the_build(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("direktionen/2024-03-06.md", meeting_text())
    templates = templates_without(tmp_path / "templates", b" data-pagefind-body")
    from generator.build import BuildOptions, build

    with pytest.raises(SearchIndexError, match=r"Pagefind failed .*the site has 1 meeting pages"):
        build(BuildOptions(content_dir=content.root, out_dir=tmp_path / "site", templates_dir=templates))
    assert not (tmp_path / "site").exists()


def test_a_meeting_page_left_out_of_the_index_is_an_error(tmp_path: Path) -> None:
    for name, body in (("a", " data-pagefind-body"), ("b", "")):
        page = tmp_path / name / "2024-01-10" / "index.html"
        page.parent.mkdir(parents=True)
        html = f'<html lang="da"><body><article{body}><h1>Møde {name}</h1><p>Tekst.</p></article></body></html>'
        page.write_text(html, encoding="utf-8")
    shard = search.Shard("2024", ("a/2024-01-10/index.html", "b/2024-01-10/index.html"))
    with pytest.raises(SearchIndexError, match="Pagefind indexed 1 pages in the shard 2024, but the site has 2 "):
        search.index_shards(tmp_path, [shard])


def test_an_archive_without_meetings_builds_without_an_index(content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "meetings").mkdir()
    run_build(content.root, tmp_path / "site")
    assert (tmp_path / "site" / "soeg" / "index.html").is_file()
    assert not (tmp_path / "site" / "pagefind").exists()


def test_the_search_page_loads_its_scripts_from_files_and_explains_itself_without_them(
        marked_site: Path) -> None:
    soup = parse_html(marked_site / "soeg" / "index.html")
    scripts = soup.find_all("script")
    assert [script["src"] for script in scripts] == ["../pagefind/pagefind-ui.js", "../assets/search.js"]
    assert all(not script.string for script in scripts)  # no inline script
    assert soup.find_all("style") == [] and soup.select("[style]") == []
    fallback = soup.find(id="soegning-uden-js")
    assert "Søgningen kræver JavaScript" in fallback.get_text()
    assert [a["href"] for a in fallback.find_all("a")] == ["../direktionen/", "../udvalg/"]
    assert soup.find(id="soegning").has_attr("hidden")
    strings = json.loads(soup.find(id="soegning")["data-strings"])
    assert strings["zero_results"] == "Ingen resultater for [SEARCH_TERM]"
    for path in ("pagefind/pagefind-ui.js", "pagefind/pagefind-highlight.js", "assets/search.js",
                 "assets/highlight.js", "assets/pagefind/pagefind.js", f"pagefind/{SHARDS[1]}/pagefind.js"):
        assert (marked_site / path).is_file()


@pytest.mark.parametrize(("page", "action"), [("index.html", "soeg/"), ("direktionen/index.html", "../soeg/"),
                                              ("direktionen/2024-03-06/index.html", "../../soeg/")])
def test_every_page_has_a_search_field_leading_to_the_search_page(marked_site: Path, page: str, action: str) -> None:
    form = parse_html(marked_site / page).find("header").find("form", role="search")
    assert form["action"] == action and form["method"] == "get"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Søg i referaterne"


def test_the_search_page_has_one_search_box_with_a_visible_label(marked_site: Path) -> None:
    soup = parse_html(marked_site / "soeg" / "index.html")
    assert soup.find("header").find("form") is None  # Pagefind's field is the only one (made by search.js)
    assert soup.find("label", attrs={"for": "soegefelt"}).get_text(strip=True) == "Søg i referaterne"


def test_meeting_pages_load_the_highlighter_and_other_pages_do_not(marked_site: Path) -> None:
    meeting = parse_html(marked_site / "direktionen" / "2024-03-06" / "index.html")
    assert [s["src"] for s in meeting.find_all("script", src=True)] == ["../../assets/highlight.js"]
    assert parse_html(marked_site / "index.html").find_all("script") == []


# Names that look like markup, written with character references in YAML: Pagefind's interface inserts
# filter values as HTML, so the index must hold each escaped once (the interface then shows it as written).
MARKUP_TOPICS = ("&lt;u&gt;x&lt;/u&gt;", "A &amp; B", "C & D", "&#60;i&#62;y", "&amp;lt;s&amp;gt;", "q\"'")
MARKUP_BODY = "Direktionen &lt;s&gt;&amp;"


def markup_named_site(content: ContentFactory, site: Path, templates: Path | None = None) -> None:
    """Build a meeting of a body and with topics whose names read like markup."""
    site_yaml = content.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "name: Direktionen", f"name: {json.dumps(MARKUP_BODY)}"), encoding="utf-8")
    topics = ", ".join(json.dumps(topic) for topic in MARKUP_TOPICS)
    items = f"# 1. Økonomi\nstatus: åben\ntopics: [{topics}]\n\n## Sagsfremstilling\n\nTekst.\n"
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=items))
    from generator.build import BuildOptions, build

    build(BuildOptions(content_dir=content.root, out_dir=site, **({"templates_dir": templates} if templates else {})))


def test_filter_values_are_indexed_escaped_once_so_the_interface_shows_them_as_text(
        content: ContentFactory, tmp_path: Path) -> None:
    markup_named_site(content, tmp_path / "site")
    page = fragments(tmp_path / "site")["/direktionen/2024-03-06/"]
    filters = page["filters"]
    assert isinstance(filters, dict)
    assert filters["Udvalg"] == [html.escape(MARKUP_BODY)]
    assert sorted(filters["Emne"]) == sorted(html.escape(topic) for topic in MARKUP_TOPICS)
    assert filters["Type"] == ["Referat"]
    # The page itself shows the names as written (Jinja escapes them once).
    shown = parse_html(tmp_path / "site" / "emner" / "index.html").get_text()
    assert "&lt;u&gt;x&lt;/u&gt;" in shown and "A &amp; B" in shown


def test_a_filter_value_left_unescaped_stops_the_build(content: ContentFactory, tmp_path: Path) -> None:
    # The guard can fail: a template that hands Pagefind the names unescaped would put markup on the search page.
    templates = templates_without(tmp_path / "templates", b" | filter_value")
    with pytest.raises(SearchIndexError, match="would be shown as HTML on the search page"):
        markup_named_site(content, tmp_path / "site", templates)
    assert not (tmp_path / "site").exists()


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, with its bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def shard_of(command: list[str]) -> str:
    """The shard a Pagefind command line writes, from its output folder."""
    return Path(command[command.index("--output-path") + 1]).name


def test_an_edit_re_indexes_only_its_shard_and_gives_the_clean_build(content: ContentFactory, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for date in ("2013-05-10", "2018-02-01", "2024-03-06"):
        content.meeting(f"direktionen/{date}.md", meeting_text(date=date))
    site = tmp_path / "site"
    run_build(content.root, site)
    runs: list[str] = []
    original = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda command, cwd, pages: runs.append(shard_of(command)) or
                        original(command, cwd, pages))
    run_build(content.root, site)
    assert runs == []  # nothing changed: every shard is linked from the previous site
    edited = f"# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\nBudgettet, {OPEN_CONTROL}.\n"
    content.meeting("direktionen/2018-02-01.md", meeting_text(date="2018-02-01", items=edited))
    run_build(content.root, site)
    assert runs == [search.shard_key(2018)]
    runs.clear()
    run_build(content.root, tmp_path / "clean")
    assert len(runs) == 3
    assert site_files(site) == site_files(tmp_path / "clean")
    assert OPEN_CONTROL in json.dumps(fragments(site), ensure_ascii=False)


def test_a_shard_whose_recorded_digest_differs_is_indexed_again(content: ContentFactory, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("direktionen/2024-03-06.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    shard = search.shard_folders(site)[0]
    (shard / search.DIGEST_FILE).write_text("0" * 64 + "\n", encoding="utf-8")
    runs: list[str] = []
    original = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda command, cwd, pages: runs.append(shard_of(command)) or
                        original(command, cwd, pages))
    run_build(content.root, site)
    assert len(runs) == 1
    assert (shard / search.DIGEST_FILE).read_text(encoding="utf-8") != "0" * 64 + "\n"


def test_the_site_files_reader_finds_every_shard(marked_site: Path) -> None:
    assert pagefind_bundles(marked_site) == sorted(search.shard_folders(marked_site))
    (marked_site / "pagefind" / "shards.json").unlink()  # found by their entry files, not by the build's list
    assert [bundle.name for bundle in pagefind_bundles(marked_site)] == sorted(SHARDS)


def previous_with_planted_record(tmp_path: Path, shard: search.Shard) -> tuple[Path, str, str]:
    """Make a previous site whose record holds a digest only it knows; return it, that record and the true one."""
    old = tmp_path / "old"
    (old / "a").mkdir(parents=True)
    (old / "a" / "index.html").write_text("<html><body>Møde</body></html>", encoding="utf-8")
    record = search.shard_record(old, shard, None)
    (old / "pagefind" / "2024").mkdir(parents=True)
    planted = record.replace(record.split("\n")[1].split(" ")[0], "f" * 64)
    (old / "pagefind" / "2024" / search.DIGEST_FILE).write_text(planted, encoding="utf-8")
    (old / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    began = (old / SITE_MARKER).stat().st_mtime_ns
    os.utime(old / "a" / "index.html", ns=(began - 10**10, began - 10**10))  # written before the build began
    return old, planted, record


def test_a_page_linked_from_the_previous_site_keeps_its_recorded_digest(tmp_path: Path) -> None:
    shard = search.Shard("2024", ("a/index.html",))
    old, planted, record = previous_with_planted_record(tmp_path, shard)
    linked, copied = tmp_path / "linked", tmp_path / "copied"
    for folder in (linked, copied):
        (folder / "a").mkdir(parents=True)
    (linked / "a" / "index.html").hardlink_to(old / "a" / "index.html")
    (copied / "a" / "index.html").write_bytes((old / "a" / "index.html").read_bytes())
    assert search.shard_record(linked, shard, old) == planted  # the same file: not read again
    assert search.shard_record(copied, shard, old) == record  # another file: read


def test_a_linked_page_written_into_since_the_previous_build_began_is_read(tmp_path: Path) -> None:
    shard = search.Shard("2024", ("a/index.html",))
    old, planted, _ = previous_with_planted_record(tmp_path, shard)
    (tmp_path / "new" / "a").mkdir(parents=True)
    (tmp_path / "new" / "a" / "index.html").hardlink_to(old / "a" / "index.html")
    assert search.shard_record(tmp_path / "new", shard, old) == planted
    with (old / "a" / "index.html").open("r+b") as page:  # in place: the same file, the same size
        page.write(b"<HTML>")
    changed = search.shard_record(tmp_path / "new", shard, old)
    assert changed != planted
    assert changed == search.shard_record(old, shard, None)  # read: the digest of the bytes it holds now
    (old / SITE_MARKER).unlink()  # a previous site without its marker: no digest is taken from it
    os.utime(old / "a" / "index.html", ns=(0, 0))
    assert search.shard_record(tmp_path / "new", shard, old) == changed


def test_a_previous_site_without_pagefinds_files_is_not_reused(content: ContentFactory, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("direktionen/2024-03-06.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    (site / "pagefind" / "pagefind-ui.js").unlink()
    runs: list[str] = []
    original = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda command, cwd, pages: runs.append(shard_of(command)) or
                        original(command, cwd, pages))
    run_build(content.root, site)
    assert len(runs) == 1
    assert (site / "pagefind" / "pagefind-ui.js").is_file()


def test_shards_are_fixed_groups_of_years_and_their_pattern_names_their_pages() -> None:
    first = 2024 - 2024 % search.YEARS_PER_SHARD
    assert {search.shard_key(year) for year in range(first, first + search.YEARS_PER_SHARD)} == {
        search.shard_key(first)}
    assert search.shard_key(first - 1) != search.shard_key(first)  # a new group never moves an older year
    shard = search.Shard("2024-2025", ("a/2024-01-10/index.html", "b/2025-03-01-2/index.html"))
    assert search.shard_glob(shard) == "*/{2024-*,2025-*}/index.html"
