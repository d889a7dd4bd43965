"""Short plain-text excerpts of rendered sections, for timelines and cross-references.

Excerpts are taken from the HTML the site publishes, not from the clerk's Markdown, so whatever
rendering leaves out (raw HTML, anything a later stage removes) cannot reappear in an excerpt.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser

EXCERPT_LENGTH = 280
# Text in these elements is separated from its neighbours, so "<li>a</li><li>b</li>" reads "a b".
_BLOCKS = frozenset({"p", "li", "ul", "ol", "br", "div", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5",
                     "h6", "blockquote", "pre", "hr"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    """Return the visible text of an HTML fragment with whitespace collapsed (worked out anew; see plain_text)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


# The same decision is excerpted for its topic (in the link stage), then for its meeting's page and
# decisions page (in the forked render workers, which inherit what the link stage found), feeds and
# export. Kept for one build, unbounded: the build forgets it when it starts, then takes over the texts
# of the decisions from each meeting's work (`remember_plain_texts`), which keeps them in the cache.
_PLAIN_TEXTS: dict[str, str] = {}


def plain_text(html: str) -> str:
    """Return the visible text of an HTML fragment with whitespace collapsed, kept for the build."""
    found = _PLAIN_TEXTS.get(html)
    if found is None:
        found = _PLAIN_TEXTS[html] = visible_text(html)
    return found


def remember_plain_texts(found: Iterable[tuple[str, str]]) -> None:
    """Take texts worked out elsewhere (a pool worker, the cache), as (HTML, `visible_text(HTML)`), for this build."""
    _PLAIN_TEXTS.update(found)


def forget_plain_texts() -> None:
    """Forget the plain texts of an earlier build (a long-running `minutes serve` builds many times)."""
    _PLAIN_TEXTS.clear()


def shorten(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """Cut a text to at most `limit` characters at a word boundary, marking the cut with '…'."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


def excerpt(html: str, limit: int = EXCERPT_LENGTH) -> str:
    """Return a short plain-text excerpt of a rendered HTML fragment."""
    return shorten(plain_text(html), limit)
