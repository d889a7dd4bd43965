"""Find and read content files: decoding, line endings and the front matter split."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ErrorCollector, SourceLocation, display_path

FRONT_MATTER_FENCE = "---"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 100_000  # far above any real line; keeps the Markdown parser's worst cases small
ODD_LINE_BREAK = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # line breaks other than LF
_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")  # the same, one by one


@dataclass(frozen=True)
class SourceText:
    """A content file's text, normalised to '\\n' line endings, and how to name it in messages."""

    name: str
    text: str


@dataclass(frozen=True)
class SplitSource:
    """A meeting file split into its front matter and its Markdown body."""

    front_matter: str
    front_matter_line: int  # line of the first front matter line
    body: str
    body_line: int  # line of the first body line


def find_meeting_files(content_dir: Path) -> tuple[list[Path], list[ContentError]]:
    """Return every meeting file below `content/meetings/`, in a stable order, and every folder not read.

    A folder that cannot be read is an error, never a folder without meetings.
    """
    meetings = content_dir / "meetings"
    errors: list[ContentError] = []

    def unreadable(error: OSError) -> None:
        name = display_path(Path(os.fsdecode(error.filename or meetings)), content_dir)
        errors.append(ContentError(SourceLocation(name), f"the folder cannot be read: {error.strerror}",
                                   "check that the folder exists and that the build may read it"))

    try:
        os.stat(meetings)
    except FileNotFoundError:
        return [], []  # no meetings yet; replacing a site that holds meetings needs --allow-empty
    except OSError as error:
        unreadable(error)
        return [], errors
    found: list[Path] = []
    for folder, folders, files in os.walk(meetings, onerror=unreadable):
        here = Path(folder)
        # Linked folders are returned too (os.walk does not enter them), so that they are reported, not skipped.
        found.extend(here / name for name in folders if (here / name).is_symlink())
        found.extend(here / name for name in files if name.endswith(".md") and not name.startswith("."))
        for name in files:
            if _misnamed(name):
                errors.append(ContentError(SourceLocation(display_path(here / name, content_dir), 1),
                                           "the file looks like a meeting file, but only files ending in '.md' "
                                           "(lower case) are read, so this meeting would be left out of the site",
                                           "rename the file to end in '.md', or move it out of the meetings folder"))
    return sorted(found), errors


def _misnamed(name: str) -> bool:
    """Tell whether a file name is a meeting file's with another spelling of '.md' ('.MD', '.markdown')."""
    lower = name.casefold()
    return (not name.startswith(".") and not name.endswith(".md")
            and lower.endswith((".md", ".markdown", ".mdown", ".mkd")))


class Folders:
    """The content folder, the working folder and the folders of the files read, each resolved once.

    For reading many files of one content folder: `display` and `resolve` give what `display_path` and
    `Path.resolve` give, with one look at the file itself (is it a link?) instead of one at every folder
    on its way, for each file.
    """

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.content = content_dir.resolve()
        self.cwd = Path.cwd().resolve()
        self._parents: dict[Path, Path] = {}

    def parent(self, path: Path) -> Path:
        """Return the resolved folder of a file."""
        folder = self._parents.get(path.parent)
        if folder is None:
            folder = self._parents[path.parent] = path.parent.resolve()
        return folder

    def display(self, path: Path) -> str:
        """Return how a content file is named in messages, as `display_path` names it."""
        resolved = self.parent(path) / path.name  # a link is named as the clerk wrote it, not its target
        try:
            return resolved.relative_to(self.cwd).as_posix()
        except ValueError:
            pass
        try:
            return (Path(self.content_dir.name) / resolved.relative_to(self.content)).as_posix()
        except ValueError:
            return path.as_posix()

    def resolve(self, path: Path) -> Path:
        """Return the resolved path of a file, as `Path.resolve` does: a link is followed to its end."""
        return path.resolve() if os.path.islink(path) else self.parent(path) / path.name


def read_source(path: Path, content_dir: Path, folders: Folders | None = None) -> SourceText | ContentError:
    """Read a content file as UTF-8 text, or return the error that prevents it.

    `folders`, for a content folder of many files, saves resolving the same folders for each one.
    """
    folders = folders if folders is not None else Folders(content_dir)
    name = folders.display(path)
    try:
        # Checked on the resolved path, so a linked folder on the way counts as well as a linked file.
        if not _inside(folders.resolve(path), folders.content):
            return ContentError(SourceLocation(name, 1), "the file is a link to a place outside the content folder",
                                "copy the file into the content folder instead of linking to it")
        if path.is_dir():
            return ContentError(SourceLocation(name, 1), "the folder is a link; linked folders are not read",
                                "move the meeting files into the content folder instead of linking to them")
        if path.stat().st_size > MAX_FILE_BYTES:
            return ContentError(SourceLocation(name, 1), f"the file is larger than {MAX_FILE_BYTES // 2**20} MB",
                                "split the meeting or move large material into attachment files")
        data = path.read_bytes()
    except RuntimeError:  # Path.resolve reports a link loop this way before Python 3.13
        return ContentError(SourceLocation(name, 1), "the file is a link that leads back to itself (a link loop)",
                            "replace the link by the file itself")
    except OSError as error:
        return ContentError(SourceLocation(name, 1), f"the file cannot be read: {error.strerror}",
                            "check that the file exists and may be read")
    return decode(data, name)


def decode(data: bytes, name: str) -> SourceText | ContentError:
    """Decode bytes as UTF-8 (a byte-order mark is allowed) with '\\n' line endings."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return ContentError(SourceLocation(name, line), "the file is not valid UTF-8 text",
                            "save the file with the UTF-8 encoding (in most editors: 'Save as' → UTF-8)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\0")
    if nul >= 0:
        return ContentError(SourceLocation(name, text.count("\n", 0, nul) + 1),
                            "the file contains a NUL character",
                            "remove the invisible character, e.g. by retyping the line")
    odd = first_odd_line_break(text)
    if odd >= 0:
        # Editors (and Python's splitlines) may show a new line here; Markdown and YAML readers may not.
        return ContentError(SourceLocation(name, text.count("\n", 0, odd) + 1),
                            f"the file contains an unusual line break character (U+{ord(text[odd]):04X}); some "
                            "editors show a new line there, but Markdown does not, so a heading or a setting after "
                            "it would not count", "replace it by an ordinary line break, e.g. by retyping the line")
    if len(text) > MAX_LINE_CHARS:
        for number, text_line in enumerate(text.split("\n"), start=1):
            if len(text_line) > MAX_LINE_CHARS:
                return ContentError(SourceLocation(name, number),
                                    f"the line is longer than {MAX_LINE_CHARS} characters",
                                    "break the text into paragraphs, or move long material into an attachment")
    return SourceText(name, text)


def first_odd_line_break(text: str) -> int:
    """Return where the first line break other than LF is in a text (see ODD_LINE_BREAK), or -1."""
    # One search per character is many times faster than ODD_LINE_BREAK's scan over the whole text.
    return min((index for char in _ODD_BREAKS if (index := text.find(char)) >= 0), default=-1)


def split_front_matter(source: SourceText, errors: ErrorCollector) -> SplitSource | None:
    """Split a meeting file at its `---` fences, recording an error if they are missing."""
    lines = source.text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        errors.add(1, "the file must start with a line '---' that opens the meeting header (front matter)",
                   "put the meeting header between two lines '---' at the top of the file")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FRONT_MATTER_FENCE:
            return SplitSource(
                front_matter="\n".join(lines[1:index]),
                front_matter_line=2,
                body="\n".join(lines[index + 1:]),
                body_line=index + 2,
            )
    errors.add(1, "the meeting header (front matter) is opened with '---' but never closed",
               "add a line '---' after the last line of the meeting header")
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def is_inside(path: Path, folder: Path) -> bool:
    """Tell whether a resolved path lies inside a folder."""
    return _inside(path.resolve(), folder.resolve())

