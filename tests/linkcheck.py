"""Resolve every internal link of a built site to a file (and, for #fragments, to an id)."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"),
                   ("source", "src"), ("iframe", "src"))


def page_url(site: Path, page: Path, base_path: str) -> str:
    """The address at which a page is served, e.g. '/referater/direktionen/index.html'."""
    return base_path + page.relative_to(site).as_posix()


def target_file(site: Path, url: str, base_path: str) -> Path | None:
    """The file an absolute site URL path points to, or None when it is outside the site."""
    if not url.startswith(base_path):
        return None
    relative = url[len(base_path):]
    path = site / unquote(relative)
    if url.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


@cache
def _ids(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(str(tag["id"]) for tag in soup.find_all(id=True))


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Return a description of every internal link that does not resolve."""
    _ids.cache_clear()
    problems = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        here = page_url(site, page, base_path)
        for tag_name, attribute in LINK_ATTRIBUTES:
            for tag in soup.find_all(tag_name):
                value = tag.get(attribute)
                if value is None:
                    continue
                problem = _check(site, page, here, str(value), base_path)
                if problem:
                    problems.append(f"{page.relative_to(site)}: {tag_name}[{attribute}]={value!r}: {problem}")
    return problems


def _check(site: Path, page: Path, here: str, value: str, base_path: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None if parts.scheme in ("http", "https", "mailto") else f"unexpected scheme {parts.scheme}"
    if not parts.path:
        target = page
    else:
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(here), parts.path))
        if parts.path.endswith("/") and not absolute.endswith("/"):
            absolute += "/"
        resolved = target_file(site, absolute, base_path)
        if resolved is None:
            return f"leaves the site ({absolute})"
        if not resolved.is_file():
            return f"no such file {resolved.relative_to(site)}"
        target = resolved
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
        return f"no element with id {parts.fragment!r}"
    return None
