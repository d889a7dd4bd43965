"""Rendering in a process pool straight into the staging folder, and linking unchanged files."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.incremental import meetingwork
from generator.publish.write import write_page
from tests.conftest import ContentFactory, meeting_text
from tests.leakscan import tree_digest


def _archive(content: ContentFactory, count: int) -> None:
    for n in range(count):
        day = f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}"
        items = f"# 1. Sag {n}\nstatus: åben\ntopics: [Emne {n % 3}]\n\n## Sagsfremstilling\n\nTekst nummer {n}.\n"
        content.meeting(f"direktionen/{day}.md", meeting_text(date=day, items=items))


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_one_worker_and_two_workers_write_the_same_tree(content: ContentFactory, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(content, 12)
    monkeypatch.setattr(meetingwork, "POOL_THRESHOLD", 2)
    build(BuildOptions(content.root, tmp_path / "one", search=False, workers=1))
    build(BuildOptions(content.root, tmp_path / "two", search=False, workers=2))
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_a_rebuild_links_the_unchanged_files_and_writes_the_changed_ones(content: ContentFactory, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(content, 12)
    site = tmp_path / "site"
    first = build(BuildOptions(content.root, site, search=False))
    assert first.linked_files == 0
    before = _inodes(site)
    newest = content.root / "meetings/direktionen/2024-01-12.md"
    newest.write_text(newest.read_text(encoding="utf-8").replace("Tekst nummer 11", "Rettet tekst"), encoding="utf-8")
    second = build(BuildOptions(content.root, site, search=False))
    after = _inodes(site)
    page = "direktionen/2024-01-12/index.html"
    assert after[page] != before[page] and "Rettet tekst" in (site / page).read_text(encoding="utf-8")
    assert after["direktionen/2024-01-01/index.html"] == before["direktionen/2024-01-01/index.html"]
    assert 0 < second.linked_files < len(after)
    build(BuildOptions(content.root, tmp_path / "clean", search=False))
    assert tree_digest(site) == tree_digest(tmp_path / "clean")


def test_without_hard_links_the_files_are_written(content: ContentFactory, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(content, 5)
    site = tmp_path / "site"
    build(BuildOptions(content.root, site, search=False))
    digest, before = tree_digest(site), _inodes(site)

    def cross_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    report = build(BuildOptions(content.root, site, search=False))
    assert report.linked_files == 0 and tree_digest(site) == digest
    assert not set(before.values()) & set(_inodes(site).values())


def test_a_file_that_differs_or_is_a_link_is_written_not_linked(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    (old / "same.html").write_bytes(b"same")
    (old / "other.html").write_bytes(b"before")
    (old / "link.html").symlink_to(old / "same.html")
    assert write_page(new, "same.html", b"same", old) is True
    assert write_page(new, "other.html", b"after", old) is False
    assert write_page(new, "link.html", b"same", old) is False
    assert write_page(new, "gone.html", b"new", old) is False
    assert (old / "other.html").read_bytes() == b"before" and (new / "other.html").read_bytes() == b"after"
    assert not (new / "link.html").is_symlink()
