"""nh3 runs only where it could change something: raw HTML, or markup outside the allowlist.

`render_markdown` leaves out the sanitiser for a fragment whose tokens hold no raw HTML and whose
rendered markup `is_clean` accepts. These tests hold that this gives the same bytes as sanitising
every fragment, over the demo content, the hostile corpus and a synthetic archive, and that raw HTML
is still sanitised.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import generator.markdown as markdown
from benchmarks.synth import write_archive
from generator.markdown import NestingTooDeep, markdown_renderer, numbers_in_list_items_as_text, render_markdown
from generator.render.sanitize import is_clean, sanitize_html

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^#{1,2} ", re.MULTILINE)


def _fragments(folder: Path) -> list[str]:
    """Every item and section text of the Markdown files under a folder, and every whole file."""
    fragments = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        fragments.append(text)
        fragments.extend(HEADING.split(text))
    return [text for text in fragments if _renders(text)]


def _renders(text: str) -> bool:
    """Tell whether a fragment can be rendered at all (the build refuses nesting beyond the guard)."""
    try:
        markdown_renderer().parse(numbers_in_list_items_as_text(text))
    except NestingTooDeep:
        return False
    return True


def _always_sanitised(text: str) -> str:
    """The rendering as it was before: every fragment through nh3."""
    if not text.strip():
        return ""
    return sanitize_html(str(markdown_renderer().render(numbers_in_list_items_as_text(text))))


@pytest.mark.parametrize("folder", [ROOT / "content", ROOT / "tests" / "hostile"], ids=["demo", "hostile"])
def test_skipping_nh3_changes_no_byte(folder: Path) -> None:
    fragments = _fragments(folder)
    assert len(fragments) > 20
    for text in fragments:
        assert markdown._render(text, {}) == _always_sanitised(text), text[:200]


def test_skipping_nh3_changes_no_byte_in_a_synthetic_archive(tmp_path: Path) -> None:
    write_archive(tmp_path, 12)
    fragments = _fragments(tmp_path)
    skipped = 0
    for text in fragments:
        assert markdown._render(text, {}) == _always_sanitised(text), text[:200]
        tokens = markdown_renderer().parse(numbers_in_list_items_as_text(text))
        skipped += not markdown.has_raw_html(tokens) and is_clean(markdown_renderer().render(
            numbers_in_list_items_as_text(text)))
    assert skipped > len(fragments) // 2  # the fast way is really taken for ordinary minutes


def test_raw_html_is_still_sanitised() -> None:
    html = render_markdown('Tekst <b onclick="alert(1)">fed</b> <script>alert(2)</script>\n\n'
                           '<div style="x"><iframe src="https://example.org"></iframe>ok</div>')
    assert "onclick" not in html and "script" not in html and "iframe" not in html and "style" not in html
    assert "<b>fed</b>" in html and "ok" in html


def test_raw_html_that_looks_allowed_still_goes_through_nh3(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(markdown, "sanitize_html", lambda html: calls.append(html) or sanitize_html(html))
    # Each tag is allowed, but the HTML is unbalanced: only nh3 closes it as a browser would.
    assert markdown._render("<p>a <em>b</p>", {}) == "<p>a <em>b</em></p>"
    assert len(calls) == 1
    assert markdown._render("Helt *almindelig* tekst.", {}) == "<p>Helt <em>almindelig</em> tekst.</p>\n"
    assert len(calls) == 1  # no raw HTML, nothing outside the allowlist: nh3 is not needed


@pytest.mark.parametrize("text", [
    "# Overskrift i et afsnit",  # h2 is not allowed in a section
    'Han sagde "ja".',  # nh3 writes '&quot;' in text as '"'
    "Et\u00a0hårdt mellemrum",
    "```python\nx = 1\n```",  # the language class on <code> is not allowed
    "[link](ftp://example.org/fil)",  # a scheme outside http, https and mailto
])
def test_markup_nh3_would_change_is_not_clean(text: str) -> None:
    rendered = str(markdown_renderer().render(text))
    assert sanitize_html(rendered) != rendered  # nh3 changes it, so it must not be skipped
    assert not is_clean(rendered)
    assert render_markdown(text) == _always_sanitised(text)
