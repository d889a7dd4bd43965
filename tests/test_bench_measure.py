"""The benchmark's measuring: a run's cost is read back, and a run that would exhaust memory is stopped."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import measure
from benchmarks.sidebyside import MeetingFile
from benchmarks.synth import BODIES, MAX_YEARS, NEWEST_YEAR, bodies, meeting_files, write_archive
from generator.content.fields import MIN_YEAR


def test_run_measures_a_command_and_its_children(tmp_path: Path) -> None:
    # A child that holds 64 MiB: the peak memory covers it, and its output comes back.
    script = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'b = bytearray(64 << 20); print(len(b))'])"
    result = measure.run([sys.executable, "-c", script], cwd=tmp_path)
    assert result.stdout.strip() == str(64 << 20)
    assert result.peak_bytes >= 64 << 20
    assert result.wall > 0 and result.cpu > 0


def test_run_stops_a_command_when_memory_is_about_to_run_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the machine had less memory left than the reserve: the command is stopped at the first sample.
    monkeypatch.setattr(measure, "MEMORY_RESERVE", measure.available_bytes() + 2**40)
    started = time.perf_counter()
    with pytest.raises(measure.OutOfMemory, match=r"less than \d+ MiB of memory was left"):
        measure.run([sys.executable, "-c", "import time; time.sleep(60)"], cwd=tmp_path)
    assert time.perf_counter() - started < 30


def test_run_raises_when_a_command_fails(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        measure.run([sys.executable, "-c", "raise SystemExit(3)"], cwd=tmp_path)


def test_meeting_files_name_the_files_the_synthetic_archive_has(tmp_path: Path) -> None:
    # The benchmark picks the meetings it edits and adds from this list, without loading the archive.
    content = write_archive(tmp_path / "content", 40)
    listed = [MeetingFile(body, date.isoformat(), date.year) for body, date in meeting_files(40)]
    assert sorted(str(content / f.minutes_path) for f in listed) == sorted(
        str(path) for path in (content / "meetings").rglob("*.md"))
    assert listed == sorted(listed, key=lambda f: (f.slug, f.body))  # oldest first


def test_a_large_synthetic_archive_gets_more_bodies_instead_of_years_the_build_refuses() -> None:
    # 100,000 meetings of 25 bodies would reach back to 1791: the build refuses years before MIN_YEAR.
    large = meeting_files(100_000)
    assert min(date for _, date in large).year >= max(MIN_YEAR, NEWEST_YEAR - MAX_YEARS)
    assert {body for body, _ in large} == {slug for slug, _ in bodies(100_000)} and len(bodies(100_000)) > 25
    # The archives measured so far keep their 25 bodies, so their figures stay comparable.
    assert bodies(10_000) == BODIES and {body for body, _ in meeting_files(10_000)} == {slug for slug, _ in BODIES}


SHARED_BY_FORK = """
import os, time
data = b"x" * (256 << 20)  # written, so resident; forked children share these pages without touching them
children = [os.fork() for _ in range(2)]
if 0 in children:
    time.sleep(1.5)
    os._exit(0)
for child in children:
    os.waitpid(child, 0)
"""


def test_pages_that_forked_workers_share_are_counted_once(tmp_path: Path) -> None:
    probe = measure.MemoryGroup.create(f"minutes-bench-probe-{time.monotonic_ns()}")
    if probe is None:
        pytest.skip("this machine lets the benchmark make no memory cgroup: it sums the processes' memory")
    probe.remove()
    result = measure.run([sys.executable, "-c", SHARED_BY_FORK], cwd=tmp_path)
    # Summed over the three processes this is at least 768 MiB; the group counts the 256 MiB once.
    assert 256 << 20 <= result.peak_bytes < 400 << 20
    assert not list(probe.folder.parent.glob("minutes-bench-*"))  # the group is removed after the run
