"""Pages whose inputs did not change are not rendered again, and the skip never serves a stale page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import meta, nodes

from generator.build import DEFAULT_TEMPLATES, BuildOptions, BuildReport, build
from generator.incremental.rendered import RECORD, load_rendered
from generator.publish import write
from generator.render.pages import load_strings, make_environment
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text
from tests.leakscan import tree_digest


def _build(content: Path, tmp_path: Path, templates: Path = DEFAULT_TEMPLATES) -> BuildReport:
    return build(BuildOptions(content, tmp_path / "site", templates, search=False, cache_dir=tmp_path / "cache"))


def _clean(content: Path, tmp_path: Path, templates: Path = DEFAULT_TEMPLATES) -> str:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(content, out, templates, search=False))
    return tree_digest(out)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo content, to edit."""
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    return tmp_path / "content"


def test_a_rebuild_with_nothing_changed_renders_no_page(demo: Path, tmp_path: Path) -> None:
    first = _build(demo, tmp_path)
    assert first.rendered_pages == first.pages
    record = load_rendered(tmp_path / "cache")
    assert len(record) == first.pages and all(entry.inputs for entry in record.values())  # every page digested
    again = _build(demo, tmp_path)
    assert again.rendered_pages == 0
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)


def test_an_edit_renders_the_pages_that_show_it_and_gives_a_clean_builds_site(demo: Path, tmp_path: Path) -> None:
    _build(demo, tmp_path)
    newest = demo / "meetings" / "direktionen" / "2025-01-22.md"
    newest.write_text(newest.read_text(encoding="utf-8").replace("Direktionen samler op", "Direktionen opsummerer"),
                      encoding="utf-8")
    report = _build(demo, tmp_path)
    assert 0 < report.rendered_pages < report.pages
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)
    assert "Direktionen opsummerer" in (tmp_path / "site" / "direktionen" / "2025-01-22" / "index.html").read_text()


def test_what_a_page_shows_of_another_meeting_is_an_input_of_that_page(content: ContentFactory,
                                                                        tmp_path: Path) -> None:
    # The earlier meeting's page shows the later meeting's reference to it (its item title), the pager's
    # date of the later meeting, and the topic's later treatment: editing only the later file changes them.
    def items(title: str, text: str) -> str:
        return f"# 1. {title}\nstatus: åben\ntopics: [Økonomi]\n\n## Sagsfremstilling\n\n{text}\n"

    content.meeting("direktionen/2024-03-06.md", meeting_text(items=items("Plan", "Budgettet.")))
    reference = "På direktionens møde d. 6. marts 2024 blev det besluttet."
    later = content.meeting("direktionen/2024-03-13.md", meeting_text(date="2024-03-13",
                                                                      items=items("Budget", reference)))
    _build(content.root, tmp_path)
    earlier_page = tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html"
    assert "punkt 1: Budget" in earlier_page.read_text()
    later.write_text(meeting_text(date="2024-03-20", items=items("Regnskab", reference)), encoding="utf-8")
    report = _build(content.root, tmp_path)
    page = earlier_page.read_text()
    assert "punkt 1: Regnskab" in page and "20. marts 2024" in page and "13. marts" not in page
    assert report.rendered_pages < report.pages
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path)


def test_a_template_edit_renders_every_page_again(demo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    _build(demo, tmp_path, templates)
    macros = templates / "_macros.html"
    macros.write_text(macros.read_text(encoding="utf-8") + "{# a comment changes no page, but it is an edit #}\n",
                      encoding="utf-8")
    report = _build(demo, tmp_path, templates)
    assert report.rendered_pages == report.pages


@pytest.mark.parametrize("builds", [1, 2], ids=["bytes-recorded", "identity-recorded"])
def test_a_page_changed_in_the_current_site_is_rendered_again_not_taken(demo: Path, tmp_path: Path,
                                                                         builds: int) -> None:
    for _ in range(builds):  # after the second build the record holds each page file's identity too
        _build(demo, tmp_path)
    page = tmp_path / "site" / "direktionen" / "2023-08-30" / "index.html"
    assert (load_rendered(tmp_path / "cache")["direktionen/2023-08-30/index.html"].identity is None) == (builds == 1)
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Direktionen", b"Direktionem", 1))  # same size, changed in place
    report = _build(demo, tmp_path)
    assert report.rendered_pages == 1
    assert page.read_bytes() == good


def test_a_page_file_with_its_recorded_identity_is_taken_without_reading_it(demo: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first = _build(demo, tmp_path)
    # The first build's files were written during it: not settled, so their identity is not recorded.
    assert all(entry.identity is None for entry in load_rendered(tmp_path / "cache").values())
    _build(demo, tmp_path)  # reads and hashes each page, links it, and records its (now settled) identity
    assert all(entry.identity is not None for entry in load_rendered(tmp_path / "cache").values())
    site = tmp_path / "site"
    opened: list[Path] = []

    def watching_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(Path(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(write, "open", watching_open, raising=False)
    # In this process (the demo's 32 pages would be rendered in a forked pool), where the opens are seen.
    third = build(BuildOptions(demo, site, search=False, cache_dir=tmp_path / "cache", workers=1))
    assert third.rendered_pages == 0 and third.pages == first.pages
    assert not [path for path in opened if path.name == "index.html" and site in path.parents]
    assert tree_digest(site) == _clean(demo, tmp_path)


def test_a_lost_or_foreign_record_renders_every_page(demo: Path, tmp_path: Path) -> None:
    _build(demo, tmp_path)
    (tmp_path / "cache" / RECORD).write_text('{"magic": "something else", "pages": {}}', encoding="utf-8")
    assert _build(demo, tmp_path).rendered_pages > 0
    (tmp_path / "cache" / RECORD).write_text("not json", encoding="utf-8")
    report = _build(demo, tmp_path)
    assert report.rendered_pages == report.pages
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)


def test_a_build_without_the_cache_records_nothing_and_renders_every_page(demo: Path, tmp_path: Path) -> None:
    report = build(BuildOptions(demo, tmp_path / "site", search=False))
    assert report.rendered_pages == report.pages
    assert not (tmp_path / "cache").exists()


# Everything a template may read: the render context (renderpool.page_context, pages.list_pages and
# meetingview's contexts), the environment's globals, and names a template sets itself.
CONTEXT = {"site", "root", "page_path", "page_address", "latest", "upcoming", "meeting_counts", "body", "years",
           "year", "meetings", "newer", "older", "decisions", "links", "meeting", "previous", "next", "date_links",
           "item_topics", "facet_topics", "member_paths", "incoming", "timeline", "letters", "person",
           "item"}  # set by the meeting page around its include of _item_topics.html


def _declared(tree: nodes.Template) -> set[str]:
    """The names a template gives values itself: imported macros and top-level sets, which blocks read."""
    names = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "store"}
    for node in tree.find_all(nodes.FromImport):
        names.update(name if isinstance(name, str) else name[1] for name in node.names)
    return names


def _unknown_names(source: str) -> set[str]:
    """The names a template reads that are neither its page's context nor the environment's nor its own."""
    env = make_environment(DEFAULT_TEMPLATES, load_strings(DEFAULT_TEMPLATES, "da"))
    tree = env.parse(source)
    return meta.find_undeclared_variables(tree) - CONTEXT - set(env.globals) - _declared(tree)


@pytest.mark.parametrize("template", sorted(p.name for p in DEFAULT_TEMPLATES.glob("*.html")))
def test_templates_read_only_their_page_context(template: str) -> None:
    # A template reaching the whole archive would make a page depend on inputs its digest does not hold.
    assert _unknown_names((DEFAULT_TEMPLATES / template).read_text(encoding="utf-8")) == set()


def test_the_guard_sees_a_template_that_reaches_the_archive() -> None:
    source = '{% from "_macros.html" import breadcrumb %}{% for m in archive.meetings %}{{ breadcrumb(m) }}{% endfor %}'
    assert _unknown_names(source) == {"archive"}
