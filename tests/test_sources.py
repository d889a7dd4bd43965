"""Reading content files: the folders resolved once name and place each file as resolving it whole does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.content.sources import _ODD_BREAKS, ODD_LINE_BREAK, Folders, first_odd_line_break, read_source
from generator.errors import ContentError, display_path


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A content folder reached through a linked folder, with plain, linked, outside and looping files."""
    real = tmp_path / "real"
    (real / "meetings" / "direktionen").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "m.md").write_text("---\n---\n")
    (real / "meetings" / "direktionen" / "a.md").write_text("---\n---\n")
    (real / "meetings" / "direktionen" / "b.md").symlink_to(real / "meetings" / "direktionen" / "a.md")
    (real / "meetings" / "c.md").symlink_to(tmp_path / "outside" / "m.md")
    (real / "meetings" / "d.md").symlink_to(real / "meetings" / "e.md")
    (real / "meetings" / "e.md").symlink_to(real / "meetings" / "d.md")
    (tmp_path / "content").symlink_to(real, target_is_directory=True)
    content = tmp_path / "content"
    names = ["direktionen/a.md", "direktionen/b.md", "c.md", "d.md", "missing.md"]
    return content, [content / "meetings" / name for name in names]


def test_the_folders_name_and_resolve_each_file_as_a_whole_resolution_does(tree: tuple[Path, list[Path]]) -> None:
    content, paths = tree
    folders = Folders(content)
    for path in paths:
        assert folders.display(path) == display_path(path, content)
        if path.name != "d.md":  # a link loop: both raise the same way (checked below)
            assert folders.resolve(path) == path.resolve()


def test_reading_with_the_folders_gives_what_reading_alone_gives(tree: tuple[Path, list[Path]],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    content, paths = tree
    monkeypatch.chdir(content.parent)
    folders = Folders(content)
    results = [(read_source(path, content, folders), read_source(path, content)) for path in paths]
    assert all(shared == alone for shared, alone in results)
    outcomes = [result if isinstance(result, ContentError) else "read" for result, _ in results]
    assert outcomes[:2] == ["read", "read"]
    assert all(isinstance(outcome, ContentError) for outcome in outcomes[2:])  # outside, a loop, missing
    assert "outside the content folder" in str(outcomes[2]) and "itself" in str(outcomes[3])


def test_each_folder_is_resolved_once(tree: tuple[Path, list[Path]], monkeypatch: pytest.MonkeyPatch) -> None:
    content, paths = tree
    folders = Folders(content)
    resolved: list[Path] = []
    resolve = Path.resolve

    def counting(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", counting)
    for _ in range(3):
        for path in paths[:1] + paths[2:3]:
            read_source(path, content, folders)
    # The two folders once each, and the linked file (followed each time it is read).
    assert sorted(map(os.fspath, resolved)) == sorted(map(os.fspath, [paths[0].parent, paths[2].parent,
                                                                      *[paths[2]] * 3]))


def test_the_odd_line_breaks_looked_for_one_by_one_are_those_of_the_pattern() -> None:
    matched = {chr(code) for code in range(0x110000) if ODD_LINE_BREAK.fullmatch(chr(code))}
    assert matched == set(_ODD_BREAKS)


@pytest.mark.parametrize("text", ["", "æøå\nlinje\n", "a\u2029b\x0bc", "\x85", "x" * 50 + "\x0c" + "\u2028",
                                  "\x1e\x1d\x1c", "tekst\r\n"])
def test_the_first_odd_line_break_is_where_the_pattern_finds_it(text: str) -> None:
    match = ODD_LINE_BREAK.search(text)
    assert first_odd_line_break(text) == (match.start() if match else -1)
