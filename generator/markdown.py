"""The one Markdown configuration: CommonMark with tables, headings shifted down, HTML sanitised.

Each section is rendered on its own, so a link reference or an HTML comment cannot cross from
one section or item into another. Raw HTML is parsed (minutes carry fragments like `<p>` in table
cells) and every rendered section passes through the allowlist in `sanitize.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.render.sanitize import is_clean, sanitize_html

_ORDERED_MARKER = re.compile(r"\d{1,9}[.)](?=[ \t]|$)")

# On a meeting page the items are h2 and their sections h3, so a clerk's '### ' becomes h4.
HEADING_SHIFT = 1
# The env key of a callable that may adjust one rendering's tokens (used to link dates to meetings).
TOKEN_HOOK = "token_hook"
# markdown-it silently drops what lies deeper than its nesting limit (20 token levels); a guard
# below that limit turns such a text into an error instead. A list level takes two token levels.
MAX_NESTING = 20
NESTING_GUARD = 16


class NestingTooDeep(Exception):
    """Lists or quotes nest deeper than the renderer keeps; `line` is 0-based in the text."""

    def __init__(self, line: int) -> None:
        super().__init__(f"lists or quotes nested too deeply at line {line + 1}")
        self.line = line


def _nesting_guard(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.level >= NESTING_GUARD:
        raise NestingTooDeep(start_line)
    return False


def _heading_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
    token.tag = f"h{level}"
    return str(self.renderToken(tokens, idx, options, env))


def _heading_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"
    return str(self.renderToken(tokens, idx, options, env))


def _table_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # A wrapper lets wide tables scroll on a phone instead of widening the page.
    return '<div class="table-scroll">' + str(self.renderToken(tokens, idx, options, env))


def _table_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return str(self.renderToken(tokens, idx, options, env)) + "</div>"


def _token_hook(state: StateCore) -> None:
    hook = state.env.get(TOKEN_HOOK) if isinstance(state.env, dict) else None
    if hook is not None:
        hook(state.tokens)


def _cell_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # Column alignment as a class: the Content-Security-Policy forbids style attributes.
    token = tokens[idx]
    style = str(token.attrs.pop("style", ""))
    if style.startswith("text-align:"):
        token.attrSet("class", "align-" + style.removeprefix("text-align:"))
    return str(self.renderToken(tokens, idx, options, env))


@lru_cache(maxsize=1)
def markdown_renderer() -> MarkdownIt:
    """Return the shared renderer: CommonMark, tables, raw HTML (sanitised afterwards), no images."""
    # HTML rather than XHTML ('<br>', '<hr>'): the form nh3 writes, so clean output need not pass through it.
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False, "xhtmlOut": False,
                                   "maxNesting": MAX_NESTING})
    md.enable("table")
    md.disable("image")  # an image would load from another server; its text stays as a link
    md.block.ruler.before("table", "nesting_guard", _nesting_guard)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.add_render_rule("th_open", _cell_open)
    md.add_render_rule("td_open", _cell_open)
    md.core.ruler.push("token_hook", _token_hook)
    return md


def render_markdown(text: str, env: dict[str, Any] | None = None) -> str:
    """Render one section's Markdown to sanitised HTML; `env` may carry a TOKEN_HOOK."""
    if not text.strip():
        return ""
    if env is None:
        return _render_plain(text)
    return _render(text, env)


# A text without a hook renders the same every time; the link stage, pages, feeds and excerpts ask for it
# again. The renderings are kept for one build (`forget_plain` starts afresh), and taken over from the
# per-meeting work, which renders its open texts in the pool and keeps them in the cache.
_PLAIN: dict[str, str] = {}


def _render_plain(text: str) -> str:
    html = _PLAIN.get(text)
    if html is None:
        html = _PLAIN[text] = _render(text, {})
    return html


def plain_renderings(texts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Render texts without a hook; return each distinct non-blank text with its HTML.

    The renderings are not kept in the process: a pool worker would keep those of every meeting it
    worked on. The build takes them over from the results (`remember_plain`).
    """
    return tuple((text, _render(text, {})) for text in dict.fromkeys(texts) if text.strip())


def remember_plain(renderings: Iterable[tuple[str, str]]) -> None:
    """Take renderings made by `plain_renderings` elsewhere (a pool worker, the cache) for this build."""
    _PLAIN.update(renderings)


def forget_plain() -> None:
    """Forget the renderings of an earlier build (the code or the texts may have changed since)."""
    _PLAIN.clear()


def _render(text: str, env: dict[str, Any]) -> str:
    md = markdown_renderer()
    tokens = md.parse(numbers_in_list_items_as_text(text), env)
    html = str(md.renderer.render(tokens, md.options, env))
    # Markdown without raw HTML gives well-formed markup; if every tag and attribute of it is allowed,
    # nh3 would return it unchanged (tests/test_sanitize_skip.py holds this over the corpora).
    if has_raw_html(tokens) or not is_clean(html):
        return sanitize_html(html)
    return html


def has_raw_html(tokens: list[Token]) -> bool:
    """Tell whether a rendering's tokens hold raw HTML (an HTML block or inline HTML)."""
    for token in tokens:
        if token.type == "html_block":
            return True
        if token.children and any(child.type == "html_inline" for child in token.children):
            return True
    return False


_NUMBER_AFTER_BULLET = re.compile(r"( {0,12}[-*+][ \t]+)(\d{1,9})([.)])(?=[ \t]|$)")
_FENCE_LINE = re.compile(r" {0,3}(?:`{3}|~{3})")


def numbers_in_list_items_as_text(text: str) -> str:
    """Keep '- 1) …' and '- 12. feb.' a list item whose text starts with a number, not a list inside it.

    Minutes write numbered points and dates inside bullet items; CommonMark would open an ordered list
    there, which changes the item and loses its meeting link. Fenced code is left alone.
    """
    lines = text.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and (match := _NUMBER_AFTER_BULLET.match(line)):
            lines[index] = f"{match.group(1)}{match.group(2)}\\{match.group(3)}{line[match.end():]}"
    return "\n".join(lines)


def block_tokens(text: str) -> list[Token]:
    """Return the block tokens of a text as the shared renderer sees them (inline content left unparsed)."""
    md = markdown_renderer()
    tokens: list[Token] = []
    md.block.parse(text, md, {}, tokens)  # the text is already normalised (see sources.decode)
    return tokens


def nesting_problem(text: str) -> int | None:
    """Return the 0-based line where lists or quotes nest too deeply for the renderer, or None."""
    if all(_prefix_columns(line) < NESTING_GUARD for line in text.split("\n")):
        return None  # a token level costs at least one column of markers or indentation
    try:
        markdown_renderer().parse(text)
    except NestingTooDeep as error:
        return error.line
    return None


def _prefix_columns(line: str) -> int:
    """Count the columns of indentation, quote markers and list markers at the start of a line."""
    columns, index = 0, 0
    while index < len(line):
        char = line[index]
        if char == "\t":
            columns += 4 - columns % 4
        elif char in " >" or (char in "-*+" and line[index + 1:index + 2] in ("", " ", "\t")):
            columns += 1
        elif (match := _ORDERED_MARKER.match(line, index)) is not None:
            columns += match.end() - index
            index = match.end()
            continue
        else:
            break
        index += 1
    return columns
