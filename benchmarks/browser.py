"""Drive Debian's Chromium with Playwright: the launch settings, and what a first search costs a browser."""

from __future__ import annotations

import os
import shutil
import time
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
    """Bytes a browser downloaded for a first search: the site's own files, Pagefind's program files
    (scripts, styles, WebAssembly: the same for any archive) and the index data for the query."""

    site_bytes: int
    program_bytes: int
    index_bytes: int
    index_requests: int
    seconds: float  # from opening the page to the first result shown

    @property
    def total_bytes(self) -> int:
        return self.site_bytes + self.program_bytes + self.index_bytes


def first_query_cost(page: Page, search_page_url: str, term: str, timeout: float = 30) -> QueryCost:
    """Open the search page with `?q=term` in a fresh page and count the bytes of every response until results show.

    Playwright's TimeoutError if no result shows within `timeout` seconds.
    """
    sizes: dict[str, int] = {}

    def record(request: Request) -> None:
        measured = request.sizes()
        body = measured["responseBodySize"]
        response = request.response()
        if not body and response is not None:  # Chromium reports 0 for a worker's own script
            body = int(response.headers.get("content-length", "0"))
        sizes[request.url] = sizes.get(request.url, 0) + body + measured["responseHeadersSize"]

    page.on("requestfinished", record)
    started = time.perf_counter()
    page.goto(f"{search_page_url}?q={quote(term)}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=timeout * 1000)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", record)
    pagefind = {url: size for url, size in sizes.items() if "/pagefind/" in url}
    index = {url: size for url, size in pagefind.items() if ".pf_" in url or "pagefind-entry.json" in url}
    return QueryCost(site_bytes=sum(sizes.values()) - sum(pagefind.values()),
                     program_bytes=sum(pagefind.values()) - sum(index.values()),
                     index_bytes=sum(index.values()), index_requests=len(index), seconds=seconds)
