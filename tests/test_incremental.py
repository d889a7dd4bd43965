"""Incremental equals clean: after any sequence of edits, a rebuild with the previous site and the cache
writes, byte for byte, the site a clean build of the same content writes; closed text leaves every file at once.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.build import DEFAULT_TEMPLATES, BuildOptions, build
from tests.conftest import ContentFactory, meeting_text
from tests.leakscan import find_markers, has_search_option

EDITS = ("change text", "add meeting", "delete meeting", "rename topic", "close item", "open attachment",
         "edit template")
CHANGED = re.compile("blev (?:gennemgået|rettet [0-9]+ gange)")
TOPICS = "topics:\n  - slug: oekonomi\n    name: {name}\n    aliases: [Økonomi]\n"


def _item(number: int, marker: str, status: str = "åben") -> str:
    return (f"# {number}. Sag\nstatus: {status}\ntopics: [Økonomi]\n\n## Sagsfremstilling\n\n"
            f"Teksten om {marker} blev gennemgået af direktionen.\n")


def _meeting(day: int, marker: str) -> str:
    attachment = ("attachments:\n  - number: 1\n    status: lukket\n    title: Bilag om budgettet\n"
                  f"    file: files/bilag-{day}.pdf\n")
    items = _item(1, f"{marker}a") + "\n" + _item(2, f"{marker}b").replace("topics: [Økonomi]\n",
                                                                           f"topics: [Økonomi]\n{attachment}")
    return meeting_text(date=f"2024-03-{day:02d}", items=items)


class Archive:
    """A small content folder, its templates, and the edits the property test makes to them."""

    def __init__(self, root: Path) -> None:
        self.content = ContentFactory(root / "content")
        self.templates = root / "templates"
        shutil.copytree(DEFAULT_TEMPLATES, self.templates)
        (self.content.root / "topics.yaml").write_text(TOPICS.format(name="Økonomi"), encoding="utf-8")
        self.days = [1, 2, 3]
        for day in self.days:
            self.add(day)
        self.count = 0
        self.closed: list[str] = []

    def add(self, day: int) -> None:
        self.content.file(f"files/bilag-{day}.pdf", f"%PDF bilag {day} om budgettet\n".encode())
        self.content.meeting(f"direktionen/2024-03-{day:02d}.md", _meeting(day, f"zqsag{day}"))

    def path(self, day: int) -> Path:
        return self.content.root / "meetings" / f"direktionen/2024-03-{day:02d}.md"

    def replace(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def edit(self, kind: str) -> None:
        self.count += 1
        newest = self.path(max(self.days))
        if kind == "change text":
            text = newest.read_text(encoding="utf-8")
            newest.write_text(CHANGED.sub(f"blev rettet {self.count} gange", text, count=1), encoding="utf-8")
        elif kind == "add meeting":
            self.days.append(max(self.days) + 1)
            self.add(max(self.days))
        elif kind == "delete meeting" and len(self.days) > 1:
            self.path(self.days.pop(0)).unlink()
        elif kind == "rename topic":
            (self.content.root / "topics.yaml").write_text(TOPICS.format(name=f"Økonomi {self.count}"),
                                                           encoding="utf-8")
        elif kind == "close item":
            day = max(self.days)
            text = self.path(day).read_text(encoding="utf-8")
            number = next((n for n in (1, 2) if f"# {n}. Sag\nstatus: åben" in text), None)
            if number is not None:
                self.replace(self.path(day), f"# {number}. Sag\nstatus: åben", f"# {number}. Sag\nstatus: lukket")
                self.closed.append(f"zqsag{day}{'ab'[number - 1]}")
        elif kind == "open attachment":
            self.replace(newest, "    status: lukket\n    title: Bilag", "    status: åben\n    title: Bilag")
        elif kind == "edit template":
            self.replace(self.templates / "base.html", "</body>", f"<!-- udgave {self.count} --></body>")

    def options(self, out: Path, cache: Path | None) -> BuildOptions:
        return BuildOptions(self.content.root, out, self.templates, search=has_search_option(), cache_dir=cache)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@settings(max_examples=4, deadline=None)
@example(edits=list(EDITS))
@given(edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
def test_an_incremental_build_writes_what_a_clean_build_writes(edits: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        archive = Archive(root)
        site, cache = root / "site", root / "cache"
        build(archive.options(site, cache))
        for step, kind in enumerate(edits):
            archive.edit(kind)
            incremental = build(archive.options(site, cache))
            clean = root / f"clean-{step}"
            build(archive.options(clean, None))
            got, want = _files(site), _files(clean)
            assert sorted(got) == sorted(want), f"after {edits[:step + 1]}"
            assert [path for path in want if got[path] != want[path]] == [], f"after {edits[:step + 1]}"
            assert incremental.linked_files > 0
            if archive.closed:
                assert find_markers(site, archive.closed) == {marker: [] for marker in archive.closed}
            shutil.rmtree(clean)
