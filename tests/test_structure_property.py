"""Property test: whatever mix of fences, HTML, lists, quotes and invisible characters a body holds,
either the build stops with a file:line error, or no closed item's text reaches any output byte and the
items built are exactly the level-1 headings Markdown sees.

Every closed item's text carries unique `zqc…xq` markers; every item title a `zqt…xq` marker.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.build import BuildOptions, build
from generator.errors import BuildError
from tests.conftest import SITE_YAML, meeting_text
from tests.leakscan import find_markers

EXAMPLES = 150
INVISIBLE = ("\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u00a0", "\u2007", "\u202f", "\u3000")


@dataclass
class Markers:
    """Unique markers: closed text (never published) and item titles (published when Markdown sees the item)."""

    closed: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    def new(self, kind: str) -> str:
        number = len(self.closed) + len(self.titles)
        marker = f"zq{kind}{number:04d}xq"
        (self.closed if kind == "c" else self.titles).append(marker)
        return marker


@st.composite
def block(draw: st.DrawFn, text: str, number: int) -> str:
    """One Markdown block holding `text`: fences of every kind, HTML, lists, quotes and look-alikes."""
    invisible = draw(st.sampled_from(INVISIBLE))
    return draw(st.sampled_from([
        f"Tekst {text}.",
        f"```\n{text}\n```",
        f"```\n{text}",
        f"~~~~\n{text}\n~~~",
        f"```a`b\n{text}\n```",
        f"``` sprog\n{text}\n````",
        f"<div>\n```\n{text}\n</div>",
        f"<!--\n{text}",
        f"<pre>\n{text}",
        f"- {text}\n\n  ```\n  kode",
        f"> {text}\n> ```",
        f"1. {text}\n   ~~~",
        f"{text}\n---",
        f"{text}\n===",
        f"{invisible}# {number}. Falsk\n\n{text}",
        f"\t# {number}. Falsk\n\n{text}",
        f"#{number}. Falsk\n{text}",
        f"**{number}. Falsk**\n\n{text}",
        f"{number}. Falsk\nstatus: lukket\n\n{text}",
        f"{invisible}## Afsnit\n\n{text}",
        f"    ## Afsnit\n{text}",
    ]))


@st.composite
def heading(draw: st.DrawFn, number: int, title: str) -> str:
    """An item heading: mostly right, sometimes one of the slips a clerk makes."""
    invisible = draw(st.sampled_from(INVISIBLE))
    return draw(st.sampled_from([
        f"# {number}. {title}", f"# {number}. {title}", f"# {number}. {title}", f"   # {number}. {title} ##",
        f"#{number}. {title}", f"## {number}. {title}", f"**{number}. {title}**", f"{number}. {title}",
        f"{invisible}# {number}. {title}", f"\t# {number}. {title}", f"    # {number}. {title}",
    ]))


@st.composite
def item(draw: st.DrawFn, mk: Markers, number: int) -> str:
    """An item: heading, settings, intro and sections; a closed item's text carries closed markers."""
    closed = draw(st.booleans())
    lines = [draw(heading(number, f"Punkt {mk.new('t')}")), f"status: {'lukket' if closed else 'åben'}", ""]
    text = (lambda: mk.new("c")) if closed else (lambda: "åben tekst")
    for _ in range(draw(st.integers(0, 2))):
        lines += [draw(block(text(), number + 1)), ""]
    for _ in range(draw(st.integers(0, 2))):
        if closed and draw(st.booleans()):
            # The public decision is published: only open words in it, but look-alikes after them.
            lines += ["## Offentlig beslutning", "", draw(block("Beslutningen blev taget", number + 1)), ""]
        lines += [f"## Afsnit {number}", "", draw(block(text(), number + 1)), ""]
    return "\n".join(lines)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, Markers]:
    """A meeting body of one to four items, and its markers."""
    mk = Markers()
    items = [draw(item(mk, number)) for number in range(1, draw(st.integers(1, 4)) + 1)]
    return "\n".join(items), mk


def markdown_items(body: str) -> list[str]:
    """The text of each level-1 heading a plain CommonMark parser sees at the top level."""
    tokens = MarkdownIt("commonmark").parse(body)
    return [tokens[i + 1].content for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == "h1" and t.level == 0]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_structure_is_markdowns_or_the_build_stops(body_and_markers: tuple[str, Markers]) -> None:
    body, mk = body_and_markers
    with tempfile.TemporaryDirectory() as temporary:
        content, site = Path(temporary) / "content", Path(temporary) / "site"
        (content / "meetings").mkdir(parents=True)
        (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        (content / "meetings" / "m.md").write_text(meeting_text(items=body), encoding="utf-8")
        try:
            report = build(BuildOptions(content_dir=content, out_dir=site, search=False))
        except BuildError as error:
            messages = "\n".join(map(str, error.errors))
            assert all(e.location.path.endswith("meetings/m.md") and e.location.line > 0 for e in error.errors)
            assert not any(marker in messages for marker in mk.closed), messages
            return
        found = find_markers(site, mk.closed + mk.titles)
    assert {marker: places for marker in mk.closed if (places := found[marker])} == {}
    seen = markdown_items(body)
    assert report.items == len(seen)
    for title in seen:
        marker = title.split()[-1].strip("#")
        assert marker in mk.titles and found[marker], title
