"""The HTML allowlist: what of a clerk's raw HTML may reach a page, enforced by nh3 (ammonia).

Markdown is rendered with raw HTML on, because real minutes carry fragments such as `<p>` and
`<ul><li>` inside table cells. Every rendered section then passes through nh3 with a small
allowlist: text structure, tables, emphasis and links survive; scripts, event handlers, styles,
frames, forms, images and every URL scheme but http, https and mailto are removed.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt",
    "em", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Classes the renderer itself writes (table alignment, the scrolling wrapper of wide tables).
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"div": {"table-scroll"}, "th": ALIGN_CLASSES, "td": ALIGN_CLASSES}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content rather than shown as text.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})

MAX_HTML_DEPTH = 100
MAX_HTML_TAGS = 5000
# The name is taken whole (possessive), so that '<aaaa…' without '>' is read once, not once per letter.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)[^<>]*?(/?)>")
_UNNESTED = frozenset({  # void elements and those whose end tag may be left out
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup", "caption",
})


def sanitize_html(html: str) -> str:
    """Return the HTML with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # target is never allowed, so no link can reach back through window.opener
        strip_comments=True,
    )


# What the renderer writes for Markdown without raw HTML: a tag and its attributes, each a name with a
# quoted value (the renderer escapes '"' in values), or a text without markup.
_RENDERED_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)((?: [a-z]+=\"[^\"<>]*\")*)>")
_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"]*)"')
_SAFE_HREF = re.compile(r"(?:https?://|mailto:)|[^:]*\Z")  # an allowed scheme, or no scheme at all


def is_clean(html: str) -> bool:
    """Tell whether nh3 would return this rendered HTML unchanged: allowed tags and attributes only.

    Conservative: a False answer only means the HTML must pass through `sanitize_html`. Meant for what
    the renderer writes from Markdown without raw HTML (no comments, no '<' outside tags).
    """
    # nh3 writes '&quot;' in text as '"' and a no-break space as '&nbsp;'.
    if "&quot;" in html or "\u00a0" in html or "<!" in html:
        return False
    for tag in _RENDERED_TAG.finditer(html):
        name = tag.group(2)
        if name not in ALLOWED_TAGS:
            return False
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            key, value = attribute.groups()
            if "&lt;" in value or "&gt;" in value:  # HTML serialisers differ here: left to nh3
                return False
            if key == "class":
                if value not in ALLOWED_CLASSES.get(name, ()):
                    return False
            elif key not in ALLOWED_ATTRIBUTES.get(name, ()) or (key == "href" and not _SAFE_HREF.match(value)):
                return False
    # Every '<' must start a tag read above; anything else is left to nh3.
    return html.count("<") == len(_RENDERED_TAG.findall(html))


def html_bounds_problem(text: str) -> tuple[int, str] | None:
    """Return (offset, what) where raw HTML in a text nests or repeats beyond the limits, or None.

    The HTML parser behind nh3 slows down with the square of the nesting depth; the limits lie far
    above anything minutes contain and keep a hostile text from stalling the build.
    """
    stack: list[str] = []
    opened = 0
    for tag in _TAG.finditer(text):
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _UNNESTED or self_closing:
            continue
        if not closing:
            stack.append(name)
            opened += 1
            if opened > MAX_HTML_TAGS:
                return tag.start(), f"more than {MAX_HTML_TAGS} HTML elements in one section"
            if len(stack) > MAX_HTML_DEPTH:
                return tag.start(), f"HTML elements nested more than {MAX_HTML_DEPTH} levels deep"
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name):]
    return None
