"""Write the site atomically: into a fresh folder next to the target, then swapped into place.

A failed or killed build never leaves a half-written site: until the swap the old site is
untouched, and the swap itself is one `renameat2(RENAME_EXCHANGE)` call on Linux.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SITE_MARKER = ".minutes-site"
_NEW_PREFIX = ".{name}.new-"
_OLD_PREFIX = ".{name}.old-"


class OutputFolderError(Exception):
    """The output folder cannot be used safely."""


def check_output_folder(out_dir: Path, content_dir: Path) -> None:
    """Refuse an output folder that would overwrite content or a folder minutes did not make."""
    out, content = out_dir.resolve(), content_dir.resolve()
    if out == content or out in content.parents or content in out.parents:
        raise OutputFolderError(f"the output folder {out_dir} overlaps the content folder {content_dir}; "
                                "choose another --out")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(f"{out_dir} exists and is not a folder; choose another --out")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).exists():
        raise OutputFolderError(f"the folder {out_dir} exists and was not made by 'minutes build', "
                                "so it is not replaced; choose another --out or empty the folder")


@contextmanager
def atomic_output(out_dir: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces `out_dir`, on failure it is removed."""
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=_NEW_PREFIX.format(name=out_dir.name)))
    try:
        staging.chmod(0o755)
        (staging / SITE_MARKER).write_text("This folder is made by 'minutes build'.\n", encoding="utf-8")
        yield staging
        _swap_into_place(staging, out_dir.resolve())
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(out_dir: Path) -> None:
    """Remove staging and old folders that an interrupted build left next to the output."""
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        return
    for prefix in (_NEW_PREFIX, _OLD_PREFIX):
        for leftover in parent.glob(prefix.format(name=out_dir.name) + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous site
        return
    # Without an atomic exchange: move the old site aside first, so that an interruption leaves
    # either the old folder (still findable under its .old- name) or the complete new one.
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_OLD_PREFIX.format(name=target.name)))
    old.rmdir()
    os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two folders with renameat2 (Linux); return False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def write_pages(root: Path, pages: dict[str, str]) -> None:
    """Write rendered pages below the staging folder."""
    for path, text in sorted(pages.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def copy_file(source: Path, root: Path, target: str) -> None:
    """Copy one file (an asset or a published attachment) below the staging folder."""
    destination = root / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
