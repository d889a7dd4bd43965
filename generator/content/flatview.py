"""A flattened view of Markdown text, as a reader sees it, for finding markers hidden by inline markup.

`[**fortroligt**]`, `[<b>fortroligt</b>]`, `&#91;fortroligt&#93;`, `[for&#116;roligt]`,
`[fort<!-- -->roligt]` and `[fortro-` + line break + `ligt]` all show on the page as a marker, but the
source text holds no marker and no near miss of one, so the passage after them would be published. The
flattened view decodes character references, drops emphasis and code marks, backslashes, HTML tags and
comments, joins words hyphenated across a line break and turns line breaks into spaces; confidential.py
looks for markers in it and treats any it finds that is not a real marker as an error. The view is only
matched, never published; offsets map back to the original text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from generator.content.normalise import Normalised

# Each alternative is bounded, so a failed match costs at most a few hundred characters: linear overall.
_HIDING = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});"
                     r"|<[^<>\n]{0,300}>|[*_~`\\]+|-\n[ \t]{0,40}|\n")


@lru_cache(maxsize=64)  # the marker and the personal-data checks flatten the same text one after the other
def flatten(text: str) -> Normalised:
    """Return the text as a reader sees it, with inline markup, references and line breaks resolved.

    The result maps back to the original offsets like a normalised text does.
    """
    parts: list[str] = []
    starts, origins, same = [0], [0], [True]
    copied = 0
    length = 0
    for match in _HIDING.finditer(text):
        token = match.group()
        shown = html.unescape(token) if token.startswith("&") else " " if token == "\n" else ""
        parts.append(text[copied:match.start()])
        length += match.start() - copied
        starts.append(length)
        origins.append(match.start())
        same.append(False)
        parts.append(shown)
        length += len(shown)
        copied = match.end()
        starts.append(length)
        origins.append(copied)
        same.append(True)
    parts.append(text[copied:])
    return Normalised("".join(parts), tuple(starts), tuple(origins), tuple(same))
