"""Run a command in a subprocess and measure its wall time, CPU time and peak memory, children included."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.1
RESCAN_EVERY = 10  # samples between two scans of /proc for new descendants: a scan costs milliseconds
# Below this much available memory the measured command is stopped, before the kernel's OOM killer picks a
# process (which may be the benchmark itself, or the shell around it) and the machine stalls swapping.
MEMORY_RESERVE = 768 * 2**20
CGROUP_MOUNT = Path("/sys/fs/cgroup")
# What a memory cgroup's memory.stat calls its processes' resident pages, each page counted once: anonymous
# memory and mapped files (the programs' own code), in cgroup v1 (with its descendants) and v2.
GROUP_FIELDS = {1: ("total_rss", "total_mapped_file"), 2: ("anon", "file_mapped")}


class OutOfMemory(RuntimeError):
    """A measured command was stopped because the machine was about to run out of memory."""


@dataclass(frozen=True)
class Run:
    """What one command cost: wall and CPU seconds, peak memory in bytes, and what it printed."""

    wall: float
    cpu: float
    peak_bytes: int
    stdout: str


@dataclass(frozen=True)
class MemoryGroup:
    """A memory cgroup of the benchmark's own, holding one measured command and every process it starts.

    Forked workers share the pages of their parent until they write to them, so the sum of the processes'
    resident memory counts those pages once per worker (at 100,000 meetings, 41 GiB summed on a machine
    of 24); the kernel charges each page to the group once.
    """

    folder: Path
    version: int

    @classmethod
    def create(cls, name: str) -> MemoryGroup | None:
        """Make a group below the benchmark's own memory cgroup; None where that is not possible."""
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if "memory" in controllers.split(","):
                base, version = CGROUP_MOUNT / "memory" / path.lstrip("/"), 1
            elif controllers == "" and "memory" in _read(CGROUP_MOUNT / "cgroup.controllers").split():
                base, version = CGROUP_MOUNT / path.lstrip("/"), 2
            else:
                continue
            try:
                (base / name).mkdir()
            except OSError:
                return None
            group = cls(base / name, version)
            if group.resident() is None:
                group.remove()
                return None
            return group
        return None

    def wrap(self, command: list[str]) -> list[str]:
        """The command, started in this group: a shell puts itself in it and becomes the command."""
        return ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(self.folder / "cgroup.procs"), *command]

    def resident(self) -> int | None:
        """The group's resident memory now, in bytes; None if it cannot be read."""
        fields = dict(line.split(" ", 1) for line in _read(self.folder / "memory.stat").splitlines() if " " in line)
        try:
            return sum(int(fields[name]) for name in GROUP_FIELDS[self.version])
        except (KeyError, ValueError):
            return None

    def remove(self) -> None:
        """Remove the group (its processes have ended)."""
        with contextlib.suppress(OSError):
            self.folder.rmdir()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # it ended while we looked
        # The command name in parentheses may hold spaces; the parent id is the second field after it.
        found[int(stat.parent.name)] = int(text[text.rindex(")") + 2:].split(" ", 2)[1])
    return found


def descendants(root: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents().items():
        children.setdefault(parent, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def resident_bytes(pids: list[int]) -> int:
    """The summed resident memory of some processes right now (those that ended count nothing)."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        except (OSError, IndexError, ValueError):
            continue
    return total


def available_bytes() -> int:
    """The memory the kernel says is available for new allocations (MemAvailable), or a large number."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 2**62


def stop_tree(pids: list[int]) -> None:
    """Kill some processes at once (those that ended are skipped)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to its end; raise CalledProcessError if it fails, OutOfMemory if memory ran out.

    Peak memory is the larger of two figures: the resident memory of the whole process tree, sampled
    every 100 ms (it catches a Python build and its Pagefind child alive at the same time), and the
    kernel's exact peak of the largest single process in the tree (from wait4, which also covers a peak
    shorter than a sample interval). The tree's memory is its memory cgroup's (`MemoryGroup`: each page
    counted once) where the benchmark may make one, else the sum of its processes' resident memory, which
    counts the pages forked workers share with their parent once per process.
    """
    out_path, err_path = cwd / ".bench-stdout", cwd / ".bench-stderr"
    group = MemoryGroup.create(f"minutes-bench-{os.getpid()}-{time.monotonic_ns()}")
    started = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(group.wrap(command) if group else command, cwd=cwd, env=env, stdout=out,
                                 stderr=err)
        sampled = 0
        starved = False
        done = threading.Event()


        def sample() -> None:
            nonlocal sampled, starved
            tree, count = [child.pid], 0
            while not done.wait(SAMPLE_SECONDS):
                if count % RESCAN_EVERY == 0:
                    tree = descendants(child.pid)
                count += 1
                now = group.resident() if group is not None else None
                sampled = max(sampled, now if now is not None else resident_bytes(tree))
                if available_bytes() < MEMORY_RESERVE:
                    starved = True
                    stop_tree(descendants(child.pid))
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    if group is not None:
        group.remove()
    child.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink()
    err_path.unlink()
    if starved:
        raise OutOfMemory(f"{command[0]} stopped after {wall:.0f} s: less than {MEMORY_RESERVE // 2**20} MiB "
                          f"of memory was left, with {sampled / 2**30:.1f} GiB resident in its processes")
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, command, stdout, stderr)
    # ru_maxrss is in KiB on Linux; for a reaped child it covers the children it waited for.
    return Run(wall, usage.ru_utime + usage.ru_stime, max(sampled, usage.ru_maxrss * 1024), stdout)


def chain(runs: list[Run]) -> Run:
    """The cost of commands run one after the other: summed times, the largest peak."""
    return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.peak_bytes for r in runs),
               "".join(r.stdout for r in runs))
