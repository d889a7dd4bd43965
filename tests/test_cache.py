"""The persistent per-meeting cache: used when nothing changed, recomputed otherwise, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import BuildOptions, build
from generator.cli import cache_folder, main
from generator.content import load
from generator.incremental.cache import ENTRIES, code_version, library_versions
from generator.incremental.meetingwork import process_meeting
from generator.incremental.rendered import RECORD
from generator.link import references
from generator.link.archive import link_archive
from generator.link.datephrases import candidate_dates
from generator.redaction import redact_meeting
from generator.render import excerpt as excerpt_module
from generator.render.excerpt import forget_plain_texts, visible_text
from generator.render.piececache import RECORD as PIECES
from tests.conftest import ContentFactory, meeting_text
from tests.leakscan import tree_digest
from tests.test_build import MARKER, closed_fixture

CONFIDENTIAL = "FORTROLIGMARKOER"


def _options(content: ContentFactory, tmp_path: Path, out: str = "site", cache: str = "cache") -> BuildOptions:
    return BuildOptions(content.root, tmp_path / out, search=False, cache_dir=tmp_path / cache)


def _count_work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the meetings worked on (not taken from the cache) from now on."""
    done: list[str] = []

    def counting(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        done.append(text.name)
        return process_meeting(text, *args, **kwargs)

    monkeypatch.setattr(load, "process_meeting", counting)
    return done


def _two_meetings(content: ContentFactory) -> None:
    content.file("files/notat.pdf", b"%PDF notat\n")
    attachment = "attachments:\n  - number: 1\n    status: åben\n    title: Notat\n    file: files/notat.pdf\n"
    items = f"# 1. Økonomi\nstatus: åben\n{attachment}\n## Sagsfremstilling\n\nBudgettet.\n"
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=items))
    content.meeting("direktionen/2024-03-13.md", meeting_text(date="2024-03-13"))


def test_an_unchanged_meeting_comes_from_the_cache_and_gives_the_same_site(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_meetings(content)
    build(BuildOptions(content.root, tmp_path / "clean", search=False))
    build(_options(content, tmp_path))
    done = _count_work(monkeypatch)
    build(_options(content, tmp_path))
    assert done == []
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "clean")


def test_an_edited_meeting_or_attachment_or_setting_is_worked_on_again(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_meetings(content)
    build(_options(content, tmp_path))
    done = _count_work(monkeypatch)
    path = content.root / "meetings/direktionen/2024-03-13.md"
    path.write_text(path.read_text(encoding="utf-8").replace("gennemgået", "vedtaget"), encoding="utf-8")
    build(_options(content, tmp_path))
    assert done == ["content/meetings/direktionen/2024-03-13.md"]
    done.clear()
    content.file("files/notat.pdf", b"%PDF notat, ny udgave\n")
    build(_options(content, tmp_path))
    assert done == ["content/meetings/direktionen/2024-03-06.md"]
    done.clear()
    site = content.root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("name: Direktionen", "name: Ledelsen"), encoding="utf-8")
    build(_options(content, tmp_path))
    assert len(done) == 2


def test_entries_of_deleted_meetings_are_removed(content: ContentFactory, tmp_path: Path) -> None:
    _two_meetings(content)
    build(_options(content, tmp_path))
    assert len(list((tmp_path / "cache" / ENTRIES).iterdir())) == 2
    (content.root / "meetings/direktionen/2024-03-13.md").unlink()
    build(_options(content, tmp_path))
    assert len(list((tmp_path / "cache" / ENTRIES).iterdir())) == 1


@pytest.mark.parametrize("damage", [b"", b"\x80\x05garbage", pickle.dumps({"not": "ours"}),
                                    pickle.dumps(("minutes-meeting-cache 1", "other key", None))])
def test_a_damaged_or_foreign_entry_is_recomputed(content: ContentFactory, tmp_path: Path, damage: bytes) -> None:
    _two_meetings(content)
    build(BuildOptions(content.root, tmp_path / "clean", search=False))
    build(_options(content, tmp_path))
    for entry in (tmp_path / "cache" / ENTRIES).iterdir():
        entry.write_bytes(damage or entry.read_bytes()[:40])
    report = build(_options(content, tmp_path))
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "clean")
    assert not any("cache" in warning for warning in report.warnings)
    assert all(entry.read_bytes().startswith(b"\x80") and len(entry.read_bytes()) > 100
               for entry in (tmp_path / "cache" / ENTRIES).iterdir())


def test_a_cache_folder_that_cannot_be_used_gives_one_warning(content: ContentFactory, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _two_meetings(content)
    (tmp_path / "cache").write_text("a file, not a folder")
    report = build(_options(content, tmp_path))
    assert (tmp_path / "site" / "index.html").is_file()
    assert [w for w in report.warnings if "cache" in w] == [
        f"the cache folder {tmp_path / 'cache'} cannot be used (Not a directory); building without it, "
        "which is slower; use --cache DIR or --no-cache"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    report = build(_options(content, tmp_path, out="site2", cache="cache2"))
    assert (tmp_path / "site2" / "index.html").is_file()
    assert len([w for w in report.warnings if "cache" in w and "Permission denied" in w]) == 1


def test_the_code_version_changes_with_any_python_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    before = code_version(tmp_path)
    (tmp_path / "a.py").write_text("x = 2\n")
    assert code_version(tmp_path) != before


def _confidential_fixture(content: ContentFactory) -> None:
    closed_fixture(content)
    items = (f"# 1. Sag\nstatus: åben\n\n## Sagsfremstilling\n\nOffentlig start.\n\n"
             f"[fortroligt]\n{CONFIDENTIAL} fortrolig passage.\n[/fortroligt]\n\nOffentlig slutning.\n")
    content.meeting("direktionen/2024-03-20.md", meeting_text(date="2024-03-20", items=items))


def _cache_bytes(folder: Path) -> list[tuple[str, bytes]]:
    return [(path.relative_to(folder).as_posix(), path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()]


def test_the_scan_sees_closed_text_in_the_meetings_it_builds(content: ContentFactory, tmp_path: Path) -> None:
    # Shows that the check below can fail: the source files themselves hold the markers.
    _confidential_fixture(content)
    sources = b"".join(data for _, data in _cache_bytes(content.root))
    assert MARKER.encode() in sources and CONFIDENTIAL.encode() in sources


def test_no_closed_text_and_no_source_model_in_the_cache(content: ContentFactory, tmp_path: Path) -> None:
    _confidential_fixture(content)
    build(_options(content, tmp_path))
    stored = _cache_bytes(tmp_path / "cache")
    assert stored
    for name, data in stored:
        for word in (MARKER, CONFIDENTIAL, MARKER.lower(), CONFIDENTIAL.lower()):
            assert word.encode() not in name.encode() and word.encode() not in data, f"closed text in {name}"
        assert b"MeetingSource" not in data and b"ItemSource" not in data, f"a source model in {name}"
    assert sorted(os.listdir(tmp_path / "cache")) == sorted([ENTRIES, "verify", RECORD, PIECES])


def test_the_key_holds_the_versions_of_the_libraries_that_shape_the_result() -> None:
    versions = library_versions()
    assert "markdown-it-py==" in versions and "nh3==" in versions and "jinja2==" in versions


def test_the_command_line_keeps_the_cache_where_it_is_told(content: ContentFactory, tmp_path: Path) -> None:
    _two_meetings(content)
    args = ["build", "--content", str(content.root), "--out", str(tmp_path / "site")]
    assert CliRunner().invoke(main, [*args, "--cache", str(tmp_path / "here")]).exit_code == 0
    assert len(list((tmp_path / "here" / ENTRIES).iterdir())) == 2
    result = CliRunner().invoke(main, [*args, "--cache", str(tmp_path / "site" / "cache")])
    assert result.exit_code == 2 and "overlaps the output folder" in result.output
    assert cache_folder(tmp_path / "site", None, no_cache=False) == tmp_path / ".minutes-cache"
    assert cache_folder(tmp_path / "site", tmp_path / "here", no_cache=True) is None


def _linked_pair(content: ContentFactory, decision: str = "Budgettet blev godkendt.",
                 mention: str = "Sagen blev drøftet på direktionens møde d. 6. marts.") -> None:
    """Two meetings on one topic; the second refers to the first by its date."""
    first = f"# 1. Økonomi\nstatus: åben\ntopics: [Økonomi]\n\n## Beslutning\n\n{decision}\n"
    second = (f"# 1. Økonomi\nstatus: åben\ntopics: [Økonomi]\n\n## Sagsfremstilling\n\n{mention}\n\n"
              "## Beslutning\n\nTaget til efterretning.\n")
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=first))
    content.meeting("direktionen/2024-03-13.md", meeting_text(date="2024-03-13", items=second))


def _count_link_work(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """Count, from now on, the texts the link stage reads for dates and the decision HTML it reads for excerpts."""
    dated: list[str] = []
    excerpted: list[str] = []

    def dates(text: str, *args: object) -> set[dt.date]:
        dated.append(text)
        return candidate_dates(text, *args)  # type: ignore[arg-type]

    def reading(html: str) -> str:
        excerpted.append(html)
        return visible_text(html)

    monkeypatch.setattr(references, "candidate_dates", dates)
    monkeypatch.setattr(excerpt_module, "visible_text", reading)
    return dated, excerpted


def test_a_rebuild_takes_the_link_stages_dates_and_excerpts_from_the_cache(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _linked_pair(content)
    build(BuildOptions(content.root, tmp_path / "clean", search=False))
    dated, excerpted = _count_link_work(monkeypatch)
    references.forget_dates()
    forget_plain_texts()
    config, sources = load.load_content(content.root)
    link_archive(config, tuple(redact_meeting(source)[0] for source in sources))
    assert dated and excerpted  # the counting works: without the facts the link stage does this work
    build(_options(content, tmp_path))
    dated.clear()
    excerpted.clear()
    build(_options(content, tmp_path))
    assert dated == [] and excerpted == []
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "clean")
    page = (tmp_path / "site" / "direktionen/2024-03-13/index.html").read_text()
    assert 'href="../../direktionen/2024-03-06/">' in page


def test_the_link_stages_facts_follow_an_edited_meeting(content: ContentFactory, tmp_path: Path) -> None:
    _linked_pair(content)
    build(_options(content, tmp_path))
    _linked_pair(content, decision="Budgettet blev forkastet.", mention="Sagen blev drøftet den 13. maj.")
    build(_options(content, tmp_path))
    build(BuildOptions(content.root, tmp_path / "clean", search=False))
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "clean")
    topic = (tmp_path / "site" / "emner" / "oekonomi" / "index.html").read_text()
    assert "forkastet" in topic and "godkendt" not in topic
    page = (tmp_path / "site" / "direktionen/2024-03-13/index.html").read_text()
    assert 'href="../../direktionen/2024-03-06/">' not in page
