"""A build killed with SIGKILL at any moment leaves the old site or the new one, complete, never a mix.

`minutes build` runs as a real process on a fixture big enough that a kill can land while it renders,
writes and swaps. Kills come at spread-out delays and at moments seen on disk (the staging folder
appearing, half the pages written). After each kill the output folder must equal, byte for byte, the
tree the previous build made or the tree this build makes; the next build must then succeed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEMO_CONTENT, SUMMARY, RecordProperty
from tests.leakscan import tree_digest

MEETINGS = 60
ATTACHMENT_BYTES = 2 * 2**20


def make_content(root: Path, variant: str) -> Path:
    """Many copies of the demo meetings, each with an attachment; `variant` changes every page."""
    content = root / f"content-{variant}"
    (content / "meetings").mkdir(parents=True)
    (content / "files").mkdir()
    shutil.copy(DEMO_CONTENT / "site.yaml", content / "site.yaml")
    demo = sorted((DEMO_CONTENT / "meetings").rglob("*.md"))
    for number in range(MEETINGS):
        text = demo[number % len(demo)].read_text(encoding="utf-8")
        date = dt.date(2010, 1, 4) + dt.timedelta(days=7 * number)
        text = re.sub(r"(?m)^date: .*$", f"date: {date.isoformat()}", text, count=1)
        text = re.sub(r"(?m)^location: .*$", f"location: Mødelokale {variant} {number}", text, count=1)
        text = text.replace("status: åben\n", f"status: åben\nattachments:\n  - number: 1\n    status: åben\n"
                            f"    title: Bilag {variant}\n    file: files/{number}.pdf\n", 1)
        (content / "meetings" / f"{number}.md").write_text(text, encoding="utf-8")
        (content / "files" / f"{number}.pdf").write_bytes(variant.encode() * (ATTACHMENT_BYTES // len(variant)))
    return content


def start_build(content: Path, site: Path) -> subprocess.Popen[bytes]:
    """Start `python -m generator build` in its own process group."""
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(content),
                             "--out", str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the build and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


def complete_build(content: Path, site: Path) -> None:
    """Build to the end and assert success."""
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--out",
                             str(site)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def staging(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}.new-*"))


def after(seconds: float) -> Callable[[Path], bool]:
    """A kill moment: a delay after the start."""
    deadline = time.monotonic() + seconds
    return lambda site: time.monotonic() >= deadline


def when_staging_exists(site: Path) -> bool:
    """A kill moment: rendering is done and writing has begun."""
    return bool(staging(site))


def when_half_written(site: Path) -> bool:
    """A kill moment: about half the meeting pages are in the staging folder."""
    return any(sum(1 for _ in folder.glob("direktionen/*/index.html")) >= MEETINGS // 2 for folder in staging(site))


def when_fully_written(site: Path) -> bool:
    """A kill moment: every attachment is copied, so the swap is next (or has just happened)."""
    return any(sum(1 for _ in folder.glob("direktionen/*/bilag/*")) >= MEETINGS for folder in staging(site))


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path], dict[str, str], float]:
    """Two contents, the digest of each one's complete site, and how long a build takes."""
    root = tmp_path_factory.mktemp("interrupted")
    contents = {variant: make_content(root, variant) for variant in ("gammel", "ny")}
    digests = {}
    for variant, content in contents.items():
        started = time.monotonic()
        complete_build(content, root / f"reference-{variant}" / "site")
        duration = time.monotonic() - started
        digests[variant] = tree_digest(root / f"reference-{variant}" / "site")
    assert digests["gammel"] != digests["ny"]
    return root, contents, digests, duration


def test_a_killed_build_leaves_the_old_or_the_new_site(
        trees: tuple[Path, dict[str, Path], dict[str, str], float], record_property: RecordProperty) -> None:
    root, contents, digests, duration = trees
    site = root / "work" / "site"
    complete_build(contents["gammel"], site)
    current = "gammel"
    moments: list[tuple[str, Callable[[], Callable[[Path], bool]]]] = [
        ("the staging folder appears", lambda: when_staging_exists),
        ("half the pages are written", lambda: when_half_written),
        ("every file is written", lambda: when_fully_written),
        *[(f"{fraction:.0%} of a build", lambda fraction=fraction: after(fraction * duration))
          for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.05)],
    ]
    seen: dict[str, int] = {"old": 0, "new": 0}
    for label, make_moment in moments:
        target = "ny" if current == "gammel" else "gammel"
        moment = make_moment()
        process = start_build(contents[target], site)
        while process.poll() is None and not moment(site):
            time.sleep(0.002)
        kill(process)
        digest = tree_digest(site)
        assert digest in (digests[current], digests[target]), f"a mixed site after a kill at: {label}"
        seen["new" if digest == digests[target] else "old"] += 1
        complete_build(contents[target], site)
        assert tree_digest(site) == digests[target]
        assert staging(site) == [] and not list(site.parent.glob(f".{site.name}.old-*"))
        current = target
    record_property(SUMMARY, f"[interrupted builds] {len(moments)} kills: {seen['old']} left the old site, "
                    f"{seen['new']} the new; every next build succeeded")
    assert seen["old"] >= 2  # the kills on disk events land before the swap
