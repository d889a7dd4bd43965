"""Content errors: data with a location, collected and reported together."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a content file: the path as shown to the clerk, and a 1-based line."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in the content: where, what is wrong, and how to fix it.

    A message names fields, never quotes the text of a closed item.
    """

    location: SourceLocation
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f"\n    how to fix: {self.hint}"
        return text


class BuildError(Exception):
    """The content has mistakes; nothing was written."""

    def __init__(self, errors: list[ContentError] | tuple[ContentError, ...]) -> None:
        self.errors = tuple(sorted(set(errors)))
        super().__init__(f"{len(self.errors)} error(s) in the content")

    def report(self) -> str:
        """Return every error, one block each, followed by a count."""
        lines = [str(error) for error in self.errors]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''}; nothing was written.")
        return "\n".join(lines)


@dataclass
class ErrorCollector:
    """Collects the errors of one file so that all of them are reported at once."""

    path: str
    errors: list[ContentError] = field(default_factory=list)

    def add(self, line: int, message: str, hint: str = "", column: int = 0) -> None:
        """Record an error at a line of this file."""
        self.errors.append(ContentError(SourceLocation(self.path, line, column), message, hint))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of an offset in a text."""
    # Thousands of errors in one large text must not each count its lines from the start.
    starts = _line_starts(text)
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


@functools.lru_cache(maxsize=8)
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(index + 1 for index, char in enumerate(text) if char == "\n"))


def display_path(path: Path, content_dir: Path) -> str:
    """Return how a content file is named in messages: relative to the working folder where possible."""
    resolved = path.parent.resolve() / path.name  # a link is named as the clerk wrote it, not its target
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        pass
    try:
        return (Path(content_dir.name) / resolved.relative_to(content_dir.resolve())).as_posix()
    except ValueError:
        return path.as_posix()
