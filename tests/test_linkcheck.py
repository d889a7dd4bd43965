"""The link checker used by the build tests finds what is broken (so those tests can fail)."""

from __future__ import annotations

from pathlib import Path

from tests.linkcheck import broken_links


def write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")


def test_finds_missing_pages_fragments_and_escapes(tmp_path: Path) -> None:
    write(tmp_path / "index.html", '<a href="a/">ok</a><a href="b/">missing</a><a href="a/#x">frag</a>'
                                   '<a href="a/#nope">bad frag</a><a href="../up/">leaves</a>'
                                   '<a href="javascript:alert(1)">js</a><a href="https://example.dk/">ext</a>')
    write(tmp_path / "a/index.html", '<h2 id="x">X</h2><a href="../">home</a><a href="/referater/">abs</a>')
    problems = broken_links(tmp_path, "/referater/")
    assert len(problems) == 4, problems
    assert any("b/" in p and "no such file" in p for p in problems)
    assert any("#nope" in p or "'nope'" in p for p in problems)
    assert any("leaves the site" in p for p in problems)
    assert any("unexpected scheme javascript" in p for p in problems)
