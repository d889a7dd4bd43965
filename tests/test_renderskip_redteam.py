"""Attacks on the skip of unchanged pages: a rebuild with the cache must equal a clean build without it.

Each test changes something a page's bytes depend on between two builds that share an output and a cache
folder, and compares the rebuilt site with a clean build (no cache, fresh folder) of the same input.
The docstrings say what would make each test fail.
"""

from __future__ import annotations

import re
import shutil
import zoneinfo
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pytest

from generator.build import DEFAULT_TEMPLATES, BuildOptions, BuildReport, build
from generator.incremental import rendered
from generator.publish.write import OutputFolderError
from generator.render import renderpool, seo
from tests.conftest import ContentFactory, meeting_text
from tests.leakscan import tree_digest


def _build(content: Path, tmp_path: Path, templates: Path = DEFAULT_TEMPLATES, out: str = "site",
           base_url: str | None = None, cache: bool = True) -> BuildReport:
    return build(BuildOptions(content, tmp_path / out, templates, base_url, search=False,
                              cache_dir=tmp_path / "cache" if cache else None))


def _clean(content: Path, tmp_path: Path, templates: Path = DEFAULT_TEMPLATES, base_url: str | None = None) -> str:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(content, out, templates, base_url, search=False))
    return tree_digest(out)


def _meetings(content: ContentFactory) -> Path:
    content.meeting("direktionen/2024-03-06.md", meeting_text())
    return content.meeting("direktionen/2024-03-13.md", meeting_text(date="2024-03-13"))


# --- the time-zone data ---------------------------------------------------------------------------


def _zone_folder(folder: Path, source_key: str) -> Path:
    """A time-zone folder in which Europe/Copenhagen holds the rules of `source_key` (from the tzdata package)."""
    (folder / "Europe").mkdir(parents=True)
    data = resources.files("tzdata.zoneinfo").joinpath(*source_key.split("/")).read_bytes()
    (folder / "Europe" / "Copenhagen").write_bytes(data)
    return folder


@pytest.fixture
def zone_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Point zoneinfo at a given folder, as a changed system time-zone database would (restored afterwards)."""

    def use(folder: Path) -> None:
        zoneinfo.reset_tzpath([str(folder)])
        monkeypatch.setattr(seo, "TIMEZONE", zoneinfo.ZoneInfo.no_cache("Europe/Copenhagen"))

    yield use
    zoneinfo.reset_tzpath()


def test_new_time_zone_rules_render_the_meeting_pages_again(content: ContentFactory, tmp_path: Path,
                                                            zone_path: Any) -> None:
    """A meeting page's event data holds the offset of Danish time, read from the time-zone files zoneinfo
    finds (the system's /usr/share/zoneinfo before the tzdata package). Fails if those files are not an
    input of the pages: the rebuild would keep '+01:00' where a clean build writes '+09:00'."""
    _meetings(content)
    zone_path(_zone_folder(tmp_path / "zones-before", "Europe/Copenhagen"))
    _build(content.root, tmp_path)
    zone_path(_zone_folder(tmp_path / "zones-after", "Asia/Tokyo"))  # e.g. summer time abolished
    report = _build(content.root, tmp_path)
    page = (tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html").read_text(encoding="utf-8")
    assert "2024-03-06T09:00:00+09:00" in page
    assert report.rendered_pages > 0
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path)


# --- the libraries --------------------------------------------------------------------------------


@pytest.fixture
def new_process() -> Iterator[Any]:
    """Forget what this process read once of its code and libraries, as a new process would not know it."""
    yield renderpool.running_code.cache_clear
    renderpool.running_code.cache_clear()


@pytest.mark.parametrize("library", ["markupsafe", "mdurl"])
def test_an_upgrade_of_a_library_the_pages_are_made_with_renders_every_page(
        library: str, content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        new_process: Any) -> None:
    """MarkupSafe escapes every value a template prints and mdurl writes the links of Markdown; neither is a
    direct requirement of the project. Fails if only the direct requirements' versions are digested: after an
    upgrade of either, the rebuild would keep every page as the old version made it (0 rendered)."""
    _meetings(content)
    _build(content.root, tmp_path)
    real = metadata.version
    monkeypatch.setattr(metadata, "version",
                        lambda name: "999.0" if name.lower() == library else real(name))
    new_process()
    report = _build(content.root, tmp_path)
    assert report.rendered_pages == report.pages


def test_the_libraries_pages_are_made_with_are_requirements_whose_versions_are_digested() -> None:
    """Only what the page libraries require is looked up beyond the project's own requirements. Fails if one of
    them is not a requirement of the project (its own version would then be in no digest)."""
    requirements = {re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0].lower()
                    for requirement in metadata.requires("minutes-archive") or [] if "extra ==" not in requirement}
    assert set(rendered.PAGE_LIBRARIES) <= requirements
    assert {"markupsafe", "mdurl"} <= {entry.split("==")[0] for entry in rendered.installed_versions().split(";")}


# --- the templates folder -------------------------------------------------------------------------


def _templates_with_linked_words(tmp_path: Path) -> tuple[Path, Path]:
    """A templates folder whose i18n folder is a symbolic link to a folder elsewhere (shared words)."""
    templates, words = tmp_path / "templates", tmp_path / "shared-words"
    shutil.copytree(DEFAULT_TEMPLATES, templates, ignore=shutil.ignore_patterns("i18n"))
    shutil.copytree(DEFAULT_TEMPLATES / "i18n", words)
    (templates / "i18n").symlink_to(words, target_is_directory=True)
    return templates, words / "da.yaml"


def test_words_in_a_linked_folder_of_the_templates_are_an_input(content: ContentFactory, tmp_path: Path) -> None:
    """Jinja and the interface words follow a symbolic link inside the templates folder. Fails if the digest of
    the templates does not (Path.rglob before Python 3.13 does not enter linked folders): an edited word
    would not reach the pages that were not rendered again."""
    _meetings(content)
    templates, words = _templates_with_linked_words(tmp_path)
    _build(content.root, tmp_path, templates)
    text = words.read_text(encoding="utf-8")
    assert "\nhome: Forside\n" in text
    words.write_text(text.replace("\nhome: Forside\n", "\nhome: Til forsiden\n"), encoding="utf-8")
    report = _build(content.root, tmp_path, templates)
    assert report.rendered_pages == report.pages
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path, templates)


def test_a_linked_folder_that_links_to_itself_is_read_once(tmp_path: Path) -> None:
    """A link cycle in the templates folder must not make the digest loop. Fails (hangs or recurses) if linked
    folders are followed without remembering the ones seen; and if a cycle changed the digest each time."""
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    (templates / "assets" / "loop").symlink_to(templates, target_is_directory=True)
    files = rendered.read_templates(templates)
    assert "base.html" in files and "i18n/da.yaml" in files and not any("loop/" in name for name in files)
    first = rendered.environment_digest(files, "code", "libraries")
    assert first == rendered.environment_digest(rendered.read_templates(templates), "code", "libraries")
    (templates / "base.html").write_text("changed", encoding="utf-8")
    assert rendered.environment_digest(rendered.read_templates(templates), "code", "libraries") != first


def test_a_template_edited_while_a_build_runs_is_not_recorded_under_the_old_digest(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk saves a template while a build runs (minutes serve rebuilds on every save), then undoes the
    edit. Fails if the templates are digested at one moment and read by Jinja at another: the pages made
    from the edited template would be recorded under the digest of the original, and the next build would
    keep them."""
    _meetings(content)
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    base = templates / "base.html"
    original = base.read_text(encoding="utf-8")
    edited = original.replace("<main ", "<main data-edit=\"during the build\" ")
    digest = renderpool.environment_digest

    def digest_then_edit(*args: Any) -> bytes:
        result = digest(*args)
        base.write_text(edited, encoding="utf-8")  # lands after the digest, before Jinja reads the file
        return result

    monkeypatch.setattr(renderpool, "environment_digest", digest_then_edit)
    _build(content.root, tmp_path, templates)
    monkeypatch.undo()
    base.write_text(original, encoding="utf-8")
    _build(content.root, tmp_path, templates)
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path, templates)


def test_an_mdurl_upgrade_changes_the_links_of_a_rebuild_as_of_a_clean_build(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_process: Any) -> None:
    """mdurl writes the addresses of Markdown links; its upgrade must reach every page, as in a clean build.
    The pages are rendered again (their digest holds mdurl's version), and so are the item texts' HTML the
    per-meeting cache kept: fails if that cache is keyed by the direct requirements only (as it was)."""
    items = "# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\nSe <https://www.example.dk/økonomi>.\n"
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=items))
    _build(content.root, tmp_path)
    import mdurl

    real_encode, real_version = mdurl.encode, metadata.version
    monkeypatch.setattr(mdurl, "encode",
                        lambda *args, **kwargs: real_encode(*args, **kwargs).replace("%C3%B8", "%c3%b8"))
    monkeypatch.setattr(metadata, "version", lambda name: "999.0" if name.lower() == "mdurl" else real_version(name))
    new_process()
    _build(content.root, tmp_path)
    page = (tmp_path / "site" / "direktionen" / "2024-03-06" / "index.html").read_text(encoding="utf-8")
    assert "%c3%b8konomi" in page
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path)


# --- the record and the current site (the strongest attempts that found no hole) ------------------


def _edit(meeting: Path, old: str, new: str) -> None:
    text = meeting.read_text(encoding="utf-8")
    assert old in text
    meeting.write_text(text.replace(old, new), encoding="utf-8")


def test_two_sites_sharing_one_cache_folder_stay_their_own(tmp_path: Path) -> None:
    """Two outputs beside each other share the default cache folder (.minutes-cache beside them), so each build
    finds the other site's record. Fails if a page were taken on the strength of the record alone, without
    checking that the current site's file holds the recorded bytes."""
    first, second = ContentFactory(tmp_path / "first"), ContentFactory(tmp_path / "second")
    _meetings(first)
    later = _meetings(second)
    _edit(later, "Budgettet blev gennemgået.", "Budgettet blev vedtaget.")
    for _ in range(2):
        for factory, out in ((first, "site-first"), (second, "site-second")):
            _build(factory.root, tmp_path, out=out)
            assert tree_digest(tmp_path / out) == _clean(factory.root, tmp_path)


def test_a_build_without_the_cache_in_between_leaves_no_stale_page(content: ContentFactory, tmp_path: Path) -> None:
    """A --no-cache build replaces the site but not the record; the record then describes files that are gone.
    Fails if the next build with the cache took a page because its inputs match the (older) record while the
    current site holds what the build without the cache wrote."""
    later = _meetings(content)
    _build(content.root, tmp_path)
    _edit(later, "Budgettet blev gennemgået.", "Budgettet blev vedtaget.")
    _build(content.root, tmp_path, cache=False)
    _edit(later, "Budgettet blev vedtaget.", "Budgettet blev gennemgået.")  # the inputs the record holds again
    report = _build(content.root, tmp_path)
    assert report.rendered_pages > 0
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path)


def test_a_build_that_fails_after_rendering_leaves_a_record_the_next_build_can_trust(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that renders, then fails (here: the verify stage) swaps nothing in. Fails if its record were kept
    and trusted: the next build would take pages for the edited inputs from a site that still holds the old
    ones."""
    from generator import build as build_module

    later = _meetings(content)
    _build(content.root, tmp_path)
    _edit(later, "Budgettet blev gennemgået.", "Budgettet blev vedtaget.")

    def fail(*args: Any) -> None:
        raise OutputFolderError("the disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "verify_stage", fail)
        with pytest.raises(OutputFolderError):
            _build(content.root, tmp_path)
    report = _build(content.root, tmp_path)
    assert report.rendered_pages > 0
    assert "vedtaget" in (tmp_path / "site" / "direktionen" / "2024-03-13" / "index.html").read_text(encoding="utf-8")
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path)


def test_without_hard_links_the_taken_pages_are_copies_of_the_right_bytes(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system without hard links a taken page is copied. Fails if the copy were not made (a missing
    page) or made from other bytes than the ones checked."""
    later = _meetings(content)
    _build(content.root, tmp_path)
    _edit(later, "Budgettet blev gennemgået.", "Budgettet blev vedtaget.")

    def no_links(*args: Any, **kwargs: Any) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("os.link", no_links)
    report = _build(content.root, tmp_path)
    assert 0 < report.rendered_pages < report.pages
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path)


def test_templates_are_found_by_the_names_jinja_accepts(content: ContentFactory, tmp_path: Path) -> None:
    """The pages are rendered from the bytes that were digested, not from the folder; a template named as
    Jinja's folder loader allows ('./_macros.html') must still be found. Fails if the names are looked up
    as written (TemplateNotFound)."""
    _meetings(content)
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    _edit(templates / "meeting.html", '{% from "_macros.html"', '{% from "./_macros.html"')
    _build(content.root, tmp_path, templates)
    assert tree_digest(tmp_path / "site") == _clean(content.root, tmp_path, templates)


# --- the code a process runs ------------------------------------------------------------------------

_BUILD = """
import sys
from pathlib import Path
from generator.build import BuildOptions, build
content, out, templates, cache, edit = sys.argv[1:6]
assert Path(build.__code__.co_filename).is_relative_to(Path.cwd())  # the copy's code, not the worktree's
options = BuildOptions(Path(content), Path(out), Path(templates), search=False,
                       cache_dir=Path(cache) if cache != "-" else None)
build(options)
if edit != "-":  # the code on disk changes while this process runs (an upgrade, an edit), then it builds again
    pages = Path(edit)
    pages.write_text(pages.read_text(encoding="utf-8").replace('den {date.day}.', 'd. {date.day}.'), encoding="utf-8")
    build(options)
"""


def _run(code: Path, *args: str) -> None:
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", _BUILD, *args], env=environment, cwd=code, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_process_records_pages_under_the_digest_of_the_code_it_runs(content: ContentFactory,
                                                                      tmp_path: Path) -> None:
    """`minutes serve` keeps running while the package is upgraded (or its code edited), and rebuilds on the next
    save with the code it imported. Fails if the digest of the code is read from the disk at each build: the
    old code's pages would be recorded under the new code's digest, and the next build, running the new code,
    would keep them ('onsdag den 6. marts' where a clean build writes 'onsdag d. 6. marts')."""
    _meetings(content)
    code = tmp_path / "code"
    shutil.copytree(Path(rendered.__file__).parent.parent, code / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DEFAULT_TEMPLATES, code / "templates")  # where the copy looks for the languages
    templates = str(code / "templates")
    pages = code / "generator" / "render" / "pages.py"
    assert "den {date.day}." in pages.read_text(encoding="utf-8")
    site, cache = str(tmp_path / "site"), str(tmp_path / "cache")
    _run(code, str(content.root), site, templates, cache, str(pages))  # builds, code edited, builds
    _run(code, str(content.root), site, templates, cache, "-")  # a new process: the new code
    _run(code, str(content.root), str(tmp_path / "clean"), templates, "-", "-")
    assert "d. 6. marts" in (tmp_path / "clean" / "direktionen" / "2024-03-06" / "index.html").read_text(
        encoding="utf-8")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "clean")
