"""Each meeting's pieces of the channel files are kept between builds, and never stand for changed input."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildOptions, build
from generator.render import channels
from generator.render.piececache import RECORD
from tests.conftest import DEMO_CONTENT
from tests.leakscan import tree_digest

BASE_URL = "https://referater.example.dk/"  # absolute: the OParl export and the sitemap are written too


def _build(content: Path, tmp_path: Path) -> None:
    build(BuildOptions(content, tmp_path / "site", base_url=BASE_URL, search=False, cache_dir=tmp_path / "cache"))


def _clean(content: Path, tmp_path: Path) -> str:
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    build(BuildOptions(content, tmp_path / "clean", base_url=BASE_URL, search=False))
    return tree_digest(tmp_path / "clean")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The meetings whose pieces are made (not taken from the previous build), from now on."""
    paths: list[str] = []
    real = channels.meeting_pieces

    def counting(archive: Any, strings: Any, meeting: Any, *args: Any) -> Any:
        paths.append(meeting.path)
        return real(archive, strings, meeting, *args)

    monkeypatch.setattr(channels, "meeting_pieces", counting)
    return paths


def test_unchanged_meetings_pieces_are_taken_and_an_edited_ones_made(demo: Path, tmp_path: Path,
                                                                      made: list[str]) -> None:
    _build(demo, tmp_path)
    assert len(made) == 3
    made.clear()
    _build(demo, tmp_path)
    assert made == []
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)
    made.clear()
    newest = demo / "meetings" / "direktionen" / "2025-01-22.md"
    newest.write_text(newest.read_text(encoding="utf-8").replace("Direktionen arbejdede videre",
                                                                 "Direktionen opsummerede"), encoding="utf-8")
    _build(demo, tmp_path)
    assert made[0] == "direktionen/2025-01-22/"
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)
    assert "opsummerede" in (tmp_path / "site" / "oparl" / "meeting" / "direktionen" / "2025-01-22.json").read_text()


def test_a_piece_reaching_beyond_its_view_is_made_from_the_archive_and_not_kept(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: list[str]) -> None:
    real = channels.event_text

    def reaching(archive: Any, meeting: Any, strings: Any) -> Any:
        assert archive.meetings  # the whole archive has them; a meeting's view does not
        return real(archive, meeting, strings)

    monkeypatch.setattr(channels, "event_text", reaching)
    _build(demo, tmp_path)
    made.clear()
    _build(demo, tmp_path)
    assert len(made) == 6  # each meeting tried on its view, then made from the archive: nothing was kept
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)


def test_a_record_that_is_not_ours_is_ignored(demo: Path, tmp_path: Path, made: list[str]) -> None:
    _build(demo, tmp_path)
    (tmp_path / "cache" / RECORD).write_bytes(b"not a record")
    made.clear()
    _build(demo, tmp_path)
    assert len(made) == 3
    assert tree_digest(tmp_path / "site") == _clean(demo, tmp_path)
