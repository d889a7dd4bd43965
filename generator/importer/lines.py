"""Clean extracted lines: Markdown-like heading marks and bold, HTML bold, rules and spacing."""

from __future__ import annotations

import re

from generator.importer.model import Line

_HEADING_MARK = re.compile(r"#{1,6}[ \t]+")
_BOLD_LINE = re.compile(r"\*\*([^*]{1,1000})\*\*")
_HTML_BOLD = re.compile(r"</?b>", re.IGNORECASE)
_SPACES = re.compile(r" {2,}")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")


def clean_lines(raw: list[str]) -> list[Line]:
    """Return the input lines cleaned, numbered from 1; blank lines have empty text."""
    lines = []
    for number, text in enumerate(raw, start=1):
        text = text.rstrip(" \r\f\v")  # a trailing tab is kept: it ends a table row with an empty cell
        if not text.strip():
            text = ""
        indent = len(text) - len(text.lstrip(" "))
        text = text.lstrip(" ")
        heading = False
        if match := _HEADING_MARK.match(text):
            text, heading = text[match.end():], True
        text = _HTML_BOLD.sub("", text)
        if match := _BOLD_LINE.fullmatch(text.strip()):
            text, heading = match.group(1).strip(), True
        if _RULE.fullmatch(text):
            text = ""  # a Markdown rule of the extraction (signature lines): carries no text
        text = _SPACES.sub(" ", text).strip(" ")
        lines.append(Line(number, indent if text else 0, text, heading and bool(text)))
    return lines


def plain(text: str) -> str:
    """Return a title or heading compared loosely: no leader dots, page number, case or extra space."""
    before, tab, after = text.rpartition("\t")
    if tab and (not after.strip() or (after.strip().isdigit() and len(after.strip()) <= 4)):
        text = before  # 'Title .....<TAB>3': the page number column of a table of contents
    text = text.rstrip(" \t")
    digits = len(text) - len(text.rstrip("0123456789"))
    if 0 < digits <= 4 and text[:-digits].rstrip(" ").endswith(".."):
        text = text[:-digits]
    text = text.rstrip(" ")
    if text.endswith(".."):
        text = text.rstrip(".")
    return " ".join(text.split()).casefold()
