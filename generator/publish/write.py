"""Write the site atomically: into a fresh folder next to the target, then swapped into place.

A failed or killed build never leaves a half-written site: until the swap the old site is
untouched, and the swap itself is one `renameat2(RENAME_EXCHANGE)` call on Linux.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.publish.sitefiles import Identity, identity

SITE_MARKER = ".minutes-site"
MARKER_TEXT = "This folder is made by 'minutes build'.\n"
MEETINGS_LINE = re.compile(r"meetings: ([0-9]{1,9})\Z")
MEETING_FOLDER = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-[a-z0-9-]{1,80})?\Z")
_NEW_PREFIX = ".{name}.new-"
_OLD_PREFIX = ".{name}.old-"


class OutputFolderError(Exception):
    """The output folder cannot be used safely."""


class SourceChanged(Exception):
    """A file to copy is no longer the file that was checked."""


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


def settled_before(site: Path) -> int:
    """Return the modification time before which a file's identity may be recorded: the marker's (none without).

    The marker is written when the staging folder is made. A file modified later may be modified again
    within the clock's resolution without its time changing (git's "racy" files): its identity does
    not tell its bytes, so it is not recorded until a later build finds it older than its own marker.
    """
    try:
        return os.lstat(site / SITE_MARKER).st_mtime_ns
    except OSError:
        return -1  # not a staging folder: record no identity


def settled_identity(path: Path, settled: int) -> Identity | None:
    """The identity of an ordinary file if it may be recorded (modified before `settled`), else None."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return identity(status) if stat.S_ISREG(status.st_mode) and status.st_mtime_ns < settled else None


def previous_meetings(out_dir: Path) -> int:
    """Return how many meetings the site in `out_dir` holds: 0 for no site, -1 when it cannot be told."""
    try:
        if not (out_dir / SITE_MARKER).is_file():
            return 0
        for line in (out_dir / SITE_MARKER).read_text(encoding="utf-8", errors="replace").splitlines():
            if match := MEETINGS_LINE.match(line):
                return int(match.group(1))
        # A site from before the marker held a count: count its meeting pages (<body>/<date>/index.html).
        return sum(1 for body in out_dir.iterdir() if body.is_dir() and not body.is_symlink()
                   for page in body.iterdir() if MEETING_FOLDER.match(page.name) and (page / "index.html").is_file())
    except OSError:
        return -1


def remove_folder(folder: Path) -> None:
    """Remove a folder and all below it; what cannot be removed is left for the next build's clean-up."""
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def atomic_output(out_dir: Path, meetings: int = 0, discard: Callable[[Path], object] = remove_folder
                  ) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces `out_dir`, on failure it is removed.

    Any error of the file system becomes an OutputFolderError; the previous site is left as it was.
    After the swap the previous site, moved aside, is given to `discard` (e.g. to be removed in the
    background); one that is still there at the next build is removed then.
    """
    staging: Path | None = None
    try:
        parent = out_dir.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out_dir)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=_NEW_PREFIX.format(name=out_dir.name)))
        staging.chmod(0o755)
        (staging / SITE_MARKER).write_text(f"{MARKER_TEXT}meetings: {meetings}\n", encoding="utf-8")
        yield staging
        previous = _swap_into_place(staging, out_dir.resolve())
        staging = None  # it is the site now, or holds the previous site, which is discard's
        if previous is not None:
            discard(previous)
    except OSError as error:
        raise OutputFolderError(f"the site could not be written to {out_dir}: {error.strerror or error}; "
                                "check that the folder and the folder around it may be written to") from None
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(out_dir: Path) -> None:
    """Remove staging and old folders that an interrupted build left next to the output.

    Names are compared as exact prefixes, never as patterns, so an --out such as 'site?' or '*'
    cannot match another folder.
    """
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        return
    prefixes = tuple(prefix.format(name=out_dir.name) for prefix in (_NEW_PREFIX, _OLD_PREFIX))
    for name in sorted(os.listdir(parent)):
        if name.startswith(prefixes):
            shutil.rmtree(parent / name, ignore_errors=True)


def _swap_into_place(staging: Path, target: Path) -> Path | None:
    """Put the staging folder in the target's place; return where the previous site now is, if there was one."""
    if not target.exists():
        os.rename(staging, target)
        return None
    if _exchange(staging, target):
        return staging  # now holds the previous site
    # Without an atomic exchange: move the old site aside first, so that an interruption leaves
    # either the old folder (still findable under its .old- name) or the complete new one.
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_OLD_PREFIX.format(name=target.name)))
    old.rmdir()
    os.rename(target, old)
    os.rename(staging, target)
    return old


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


def write_pages(root: Path, pages: dict[str, str], previous: Path | None = None) -> int:
    """Write rendered pages below the staging folder; return how many were linked unchanged from `previous`."""
    return sum(write_page(root, path, text.encode("utf-8"), previous) for path, text in sorted(pages.items()))


def write_page(root: Path, path: str, data: bytes, previous: Path | None = None) -> bool:
    """Write one file below the staging folder, or hard-link it from `previous` if that holds the same bytes.

    Return whether it was linked. The staging folder is new, so a file is always created, never
    overwritten: a linked file is shared with the current site, which must stay as it is until the swap.
    """
    if previous is not None and _same_bytes(previous / path, data):
        return _link_or_write(root / path, previous / path, data)
    _link_or_write(root / path, None, data)
    return False


def _link(target: Path, source: Path) -> bool:
    """Hard-link `source` to a new file `target`, making its folder; tell whether links are possible there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
        return True
    except OSError:
        return False  # another file system, or links not allowed (EXDEV, EPERM)


def _link_or_write(target: Path, source: Path | None, data: bytes) -> bool:
    """Hard-link `source` (which holds `data`) to a new file `target`, or write `data` there; tell if linked."""
    if source is not None and _link(target, source):
        return True
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)
    return False


def reuse_page(root: Path, path: str, previous: Path, sha256: str, known: Identity | None = None) -> bool:
    """Place the current site's file of a path in the staging folder if it holds the bytes with this digest.

    Return whether it did: it is hard-linked, or copied where links are impossible. A file that is not
    an ordinary file or holds other bytes is left alone, for the page to be rendered again. A file with
    the `known` identity (recorded with this digest, see settled_identity) is linked without reading it.
    """
    source = previous / path
    try:
        status = os.lstat(source)
        if not stat.S_ISREG(status.st_mode):
            return False
        if known is not None and identity(status) == known and _link(root / path, source):
            return True
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    if hashlib.sha256(data).hexdigest() != sha256:
        return False
    _link_or_write(root / path, source, data)
    return True


def _same_bytes(path: Path, data: bytes) -> bool:
    """Tell whether an ordinary file (not a link) holds exactly these bytes."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def previous_site(out_dir: Path) -> Path | None:
    """Return the current site made by 'minutes build' whose unchanged files a new build may link, if any."""
    try:
        out = out_dir.resolve()
        return out if out.is_dir() and (out / SITE_MARKER).is_file() else None
    except (OSError, RuntimeError):
        return None


def copy_file(source: Path, root: Path, target: str) -> None:
    """Copy one file (an asset or a published attachment) below the staging folder."""
    destination = root / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)


def copy_checked(source: Path, root: Path, target: str, identity: tuple[int, int] | None) -> None:
    """Copy a file that must still be the ordinary file checked (device and inode), reading it once.

    Raises SourceChanged if it is not, OSError (with filename set to the source) if it cannot be read.
    """
    fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: a pipe put in its place never blocks
    with os.fdopen(fd, "rb") as reader:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or (identity is not None and (status.st_dev, status.st_ino) != identity):
            raise SourceChanged(str(source))
        destination = root / target
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with open(destination, "xb") as writer:
                shutil.copyfileobj(reader, writer)
        except OSError as error:
            raise OutputFolderError(f"the site could not be written: {error.strerror or error}") from None
