"""Build mechanics: atomic replacement, failed builds leave the old site, determinism."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.publish.write import SITE_MARKER, OutputFolderError, atomic_output
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text, run_build


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below root (also hidden ones) with the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_failed_build_leaves_the_previous_site_byte_identical(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    before = tree_digest(site)
    assert "direktionen/2024-03-06/index.html" in before
    content.meeting("d/b.md", meeting_text(date="2024-04-31"))
    with pytest.raises(BuildError):
        run_build(content.root, site)
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"], "no staging folder left behind"


def test_successful_build_replaces_the_site_as_a_whole(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    (content.root / "meetings/d/a.md").unlink()
    content.meeting("d/b.md", meeting_text(date="2024-05-01"))
    run_build(content.root, site)
    assert not (site / "direktionen/2024-03-06").exists(), "pages of removed meetings disappear"
    assert (site / "direktionen/2024-05-01/index.html").is_file()
    assert (site / SITE_MARKER).is_file()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    run_build(DEMO_CONTENT, tmp_path / "one")
    run_build(DEMO_CONTENT, tmp_path / "two")
    first, second = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert first == second
    assert len(first) > 5


def test_no_absolute_paths_in_the_output(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_build(DEMO_CONTENT, site)
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert str(tmp_path).encode() not in data and str(DEMO_CONTENT).encode() not in data, path


def test_a_folder_not_made_by_minutes_is_never_replaced(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="was not made by 'minutes build'"):
        run_build(content.root, foreign)
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_output_may_not_overlap_the_content(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text())
    with pytest.raises(OutputFolderError, match="overlaps the content folder"):
        run_build(content.root, content.root / "site")


def test_leftovers_of_an_interrupted_build_are_removed(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    leftover = tmp_path / ".site.new-abc123"
    leftover.mkdir()
    (leftover / "half.html").write_text("half", encoding="utf-8")
    run_build(content.root, tmp_path / "site")
    assert not leftover.exists()


def test_the_previous_site_is_handed_over_after_the_swap_and_gone_when_the_build_returns(
        content: ContentFactory, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / SITE_MARKER).write_text("old\n", encoding="utf-8")
    (site / "old.html").write_text("old", encoding="utf-8")
    handed: list[tuple[Path, list[str]]] = []
    with atomic_output(site, discard=lambda folder: handed.append((folder, sorted(os.listdir(folder))))) as staging:
        (staging / "new.html").write_text("new", encoding="utf-8")
        assert handed == [], "nothing is discarded before the swap"
    # The discarded folder is the previous site, left whole for the discarder (the build removes it in the
    # background while it saves its caches); the new site is in place.
    assert handed == [(handed[0][0], [SITE_MARKER, "old.html"])] and handed[0][0].parent == tmp_path
    assert sorted(os.listdir(site)) == [SITE_MARKER, "new.html"]

    shutil.rmtree(handed[0][0])

    # A whole build waits for the removal: when it returns, only the content and the site are there.
    content.meeting("d/a.md", meeting_text())
    for _ in range(2):
        run_build(content.root, site)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]
