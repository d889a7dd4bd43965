"""Attachment files: where they may lie, which types may be published, and under which name.

A file is attached only from below `content/files/`, only as an ordinary file of a document or image
type that does not run in a browser, and it is known by its device and inode, so that one file cannot
be published under a second name (a link, a hard link, a linked folder) while it is also closed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.names import ascii_slug

FILES_DIR = "files"
# Document and image types that browsers show or download but never run. HTML, SVG, XML and
# scripts are left out on purpose: served from the archive's address they could run script there.
ALLOWED_TYPES = ("csv", "doc", "docx", "gif", "jpeg", "jpg", "odp", "ods", "odt", "pdf", "png", "ppt", "pptx",
                 "rtf", "tif", "tiff", "txt", "webp", "xls", "xlsx")
MAX_NAME_BYTES = 100  # of a published file's name, before the '<item>-<attachment>-' prefix
MAX_COMPONENT_BYTES = 255
Identity = tuple[int, int]  # (st_dev, st_ino): the file itself, whatever it is called


@dataclass(frozen=True)
class AttachedFile:
    """A checked attachment file: its path from the content folder and the file it is."""

    path: str
    identity: Identity


@dataclass(frozen=True)
class FileProblem:
    """Why a file cannot be attached; `message` fits after 'the attachment file'."""

    message: str
    hint: str


TYPES_HINT = (f"attach files of these types only: {', '.join(ALLOWED_TYPES)}; web pages, SVG, XML and "
              "script files would run in the reader's browser, so save them as PDF instead")


def check_file(value: str, content_dir: Path) -> AttachedFile | FileProblem:
    """Check a `file:` value; return the file, or the problem, worded without the file's name."""
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        return FileProblem("must be a path inside the content folder, below files/, without '..'",
                           "write the path from the content folder, e.g. 'file: files/2023/notat.pdf'")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return FileProblem("has a control character in its name", "rename the file and write its name again")
    if len(relative.parts) < 2 or relative.parts[0] != FILES_DIR:
        return FileProblem("must be in the folder files/ of the content folder",
                           "move the file into content/files/ and write e.g. 'file: files/2023/notat.pdf'")
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_COMPONENT_BYTES for part in relative.parts):
        return FileProblem(f"has a name that is too long (more than {MAX_COMPONENT_BYTES} bytes)",
                           "give the file a shorter name")
    if file_type(relative.name) not in ALLOWED_TYPES:
        return FileProblem("is not of a type that may be published", TYPES_HINT)
    return _check_on_disk(relative, content_dir)


def _check_on_disk(relative: PurePosixPath, content_dir: Path) -> AttachedFile | FileProblem:
    files_root = content_dir / FILES_DIR
    try:
        if files_root.is_symlink() or files_root.resolve(strict=True) != content_dir.resolve(strict=True) / FILES_DIR:
            return FileProblem("lies in a linked folder files/", "make content/files/ an ordinary folder, not a link")
        real = (content_dir / relative).resolve(strict=True)
        if not _inside(real, files_root.resolve(strict=True)):
            return FileProblem("is a link to a place outside the content folder's files/ folder",
                               "copy the file into content/files/ instead of linking to it")
        if file_type(real.name) not in ALLOWED_TYPES:
            return FileProblem("is a link to a file of a type that may not be published", TYPES_HINT)
        status = os.stat(real)
        if not stat.S_ISREG(status.st_mode):
            return FileProblem("is not an ordinary file", "attach a file, not a folder or a device")
        os.close(os.open(real, os.O_RDONLY | os.O_NONBLOCK))
    except FileNotFoundError:
        return FileProblem("does not exist",
                           "check the spelling, or put the file there (paths start in the content folder)")
    except RuntimeError:  # Path.resolve reports a link loop this way before Python 3.13
        return _loop()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _loop()
        if error.errno == errno.ENAMETOOLONG:
            return FileProblem("has a name or a folder name that is too long",
                               "give the file or its folders shorter names")
        return FileProblem(f"cannot be read: {error.strerror}", "check that the file exists and may be read")
    return AttachedFile(relative.as_posix(), (status.st_dev, status.st_ino))


def _loop() -> FileProblem:
    return FileProblem("is a link that leads back to itself (a link loop)", "replace the link by the file itself")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def file_type(name: str) -> str:
    """Return a file name's type in lower case, without the dot ('' when it has none)."""
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def published_name(name: str) -> str:
    """Return a safe, bounded file name: 'Notat om Økonomi.PDF' → 'notat-om-oekonomi.pdf'."""
    kind = file_type(name)
    stem = ascii_slug(PurePosixPath(name).stem, "bilag")
    stem = stem[:MAX_NAME_BYTES - len(kind) - 1].rstrip("-") or "bilag"  # ASCII: one byte per character
    return f"{stem}.{kind}" if kind else stem


def read_identity(fd: int) -> Identity:
    """Return the device and inode of an open file."""
    status = os.fstat(fd)
    return status.st_dev, status.st_ino
