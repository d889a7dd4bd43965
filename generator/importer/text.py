"""Read an input file as lines of text: a text file as it is, a PDF through pdfplumber.

pdfplumber keeps the reading order of each page by position and gives each word its place, so a
wide gap between words on a line (a table column) becomes a tab, the way the text extractions of
the published minutes write tables. A page break becomes blank lines, as in those extractions.
"""

from __future__ import annotations

import itertools
from pathlib import Path

COLUMN_GAP = 14.0  # points between two words that mark a new table column (a space is about 3)
LINE_TOLERANCE = 3.0  # points two words' tops may differ and still share a line


class InputError(Exception):
    """An input file that cannot be read at all."""


def read_lines(path: Path) -> list[str]:
    """Return the lines of a text or PDF file."""
    if path.suffix.lower() == ".pdf":
        return _pdf_lines(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path.name} is not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    except OSError as error:
        raise InputError(f"{path.name} cannot be read: {error.strerror}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _pdf_lines(path: Path) -> list[str]:
    import pdfplumber

    lines: list[str] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                if lines:
                    lines += ["", "", ""]
                lines += _page_lines(page.extract_words(keep_blank_chars=False, use_text_flow=False))
    except Exception as error:  # a damaged PDF can fail anywhere in the parser; never show a traceback
        raise InputError(f"{path.name} cannot be read as a PDF ({type(error).__name__}); "
                         "check that it opens, or import the text extracted from it") from None
    return lines


def _page_lines(words: list[dict[str, object]]) -> list[str]:
    rows: list[list[dict[str, object]]] = []
    for word in sorted(words, key=lambda w: (_num(w, "top"), _num(w, "x0"))):
        if rows and abs(_num(rows[-1][0], "top") - _num(word, "top")) <= LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[str] = []
    previous_bottom: float | None = None
    for row in rows:
        row.sort(key=lambda w: _num(w, "x0"))
        top = _num(row[0], "top")
        if previous_bottom is not None and top - previous_bottom > _num(row[0], "bottom") - top:
            lines.append("")  # a gap of more than a line's height between lines: a new paragraph
        text = str(row[0]["text"])
        for before, word in itertools.pairwise(row):
            gap = _num(word, "x0") - _num(before, "x1")
            text += ("\t" if gap > COLUMN_GAP else " ") + str(word["text"])
        lines.append(text)
        previous_bottom = _num(row[0], "bottom")
    return lines


def _num(word: dict[str, object], key: str) -> float:
    value = word[key]
    assert isinstance(value, (int, float))
    return float(value)
