"""Drive Debian's Chromium with Playwright: the launch settings, and what a first search costs a browser."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, Request

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync")


def chromium_path() -> Path | None:
    """Return Debian's Chromium, or another chromium on PATH, or None."""
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def launch(playwright: Playwright, executable: Path) -> Browser:
    """Launch Chromium headless with the project's settings (Playwright's own browser is not used)."""
    return playwright.chromium.launch(executable_path=str(executable), headless=True, args=list(LAUNCH_ARGS),
                                      env={**os.environ, "LANG": "da_DK.UTF-8"})


@dataclass(frozen=True)
class QueryCost:
    """Bytes a browser downloaded: for the search page itself and for Pagefind's files for one query."""

    page_bytes: int
    pagefind_bytes: int
    pagefind_requests: int

    @property
    def total_bytes(self) -> int:
        return self.page_bytes + self.pagefind_bytes


def first_query_cost(page: Page, search_page_url: str, term: str) -> QueryCost:
    """Open the search page with `?q=term` in a fresh page and count the bytes of every response until results show."""
    sizes: dict[str, int] = {}

    def record(request: Request) -> None:
        measured = request.sizes()
        sizes[request.url] = sizes.get(request.url, 0) + measured["responseBodySize"] + measured["responseHeadersSize"]

    page.on("requestfinished", record)
    page.goto(f"{search_page_url}?q={quote(term)}")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", record)
    pagefind = {url: size for url, size in sizes.items() if "/pagefind/" in url}
    return QueryCost(page_bytes=sum(sizes.values()) - sum(pagefind.values()),
                     pagefind_bytes=sum(pagefind.values()), pagefind_requests=len(pagefind))
