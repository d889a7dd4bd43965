"""The search stage: Pagefind's indexer run over the written site, before it is swapped into place.

Only elements marked `data-pagefind-body` are indexed (the meeting pages mark their content; the
templates mark navigation, tables of contents and repeated lists `data-pagefind-ignore`). The index
is built from the rendered pages, which hold no closed text, so it cannot hold any either.

Pagefind's own binary (shipped by the `pagefind_bin` package) is run as one process over the whole
folder: on 1,000 meetings it was no slower than the in-process Python API and needs no event loop
or service protocol (figures in docs/search.md).
"""

from __future__ import annotations

import html
import json
import os
import subprocess
from pathlib import Path

import pagefind_bin  # type: ignore[import-untyped]  # the package ships no type information

from generator.pagefind_order import UnexpectedPagefindOutput, order_bundle

BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "[data-pagefind-body]"


class SearchIndexError(Exception):
    """Pagefind could not index the site; the previous site is left as it was."""


def filter_value(name: str) -> str:
    """Return a filter value (a body, topic or kind name) as the meeting template must hand it to Pagefind.

    Pagefind's interface inserts filter names and values into the page as HTML, and its indexer decodes
    character references in an attribute twice. So the value is escaped twice here and once more by the
    template: the index then holds the name escaped once, and the interface shows it exactly as written,
    `&lt;u&gt;` as `&lt;u&gt;` and `<b>` as `<b>`, never as markup. `order_bundle` checks the result.
    """
    return html.escape(html.escape(name))


def pagefind_executable() -> Path:
    """Return the path of the Pagefind binary that the `pagefind_bin` package ships."""
    return Path(pagefind_bin.get_executable())


def index_site(site_dir: Path, expected_pages: int) -> int:
    """Index the meeting pages of a written site into `<site>/pagefind/`; return the number of pages indexed."""
    if expected_pages == 0:
        return 0  # Pagefind refuses to write an index of nothing; the search page says it found nothing.
    # Pagefind reads pagefind.yml and PAGEFIND_* variables; the build must not depend on either.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    command = [str(pagefind_executable()), "--site", ".", "--output-subdir", BUNDLE_DIR,
               "--root-selector", ROOT_SELECTOR, "--quiet"]
    try:
        result = subprocess.run(command, cwd=site_dir, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from error
    hint = f"the site has {expected_pages} meeting pages: does the meeting template mark its content {ROOT_SELECTOR}?"
    if result.returncode != 0:
        output = " ".join(dict.fromkeys((result.stderr or result.stdout).split("\n"))).strip()
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): {output} ({hint})")
    try:
        order_bundle(site_dir / BUNDLE_DIR)
    except UnexpectedPagefindOutput as error:
        raise SearchIndexError(str(error)) from error
    indexed = indexed_pages(site_dir)
    if indexed != expected_pages:
        raise SearchIndexError(f"Pagefind indexed {indexed} pages, but {hint}")
    return indexed


def indexed_pages(site_dir: Path) -> int:
    """Return how many pages the index in a built site holds, from Pagefind's entry file."""
    entry = json.loads((site_dir / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
