"""The one Markdown configuration: CommonMark with tables, raw HTML off, headings shifted down.

Each section is rendered on its own, so a link reference or an HTML comment cannot cross from
one section or item into another.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# On a meeting page the items are h2 and their sections h3, so a clerk's '### ' becomes h4.
HEADING_SHIFT = 1
# The env key of a callable that may adjust one rendering's tokens (used to link dates to meetings).
TOKEN_HOOK = "token_hook"


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


@lru_cache(maxsize=1)
def markdown_renderer() -> MarkdownIt:
    """Return the shared renderer: CommonMark, tables, no raw HTML, safe links only."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.core.ruler.push("token_hook", _token_hook)
    return md


def render_markdown(text: str, env: dict[str, Any] | None = None) -> str:
    """Render one section's Markdown to HTML; `env` may carry a TOKEN_HOOK."""
    if not text.strip():
        return ""
    return str(markdown_renderer().render(text, env))
