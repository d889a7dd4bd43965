"""In Chromium: the Content-Security-Policy is in force, and no page of the site violates it."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build
from generator.serve.server import make_server
from tests.conftest import DEMO_CONTENT
from tests.leakscan import build_options

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (make browser)")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo site, with the search index where the build makes one, served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("csp") / "site"
    build(build_options(DEMO_CONTENT, site, search=True))
    server = make_server(site, "/", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


def violations_on(browser: object, url: str, action: str | None = None) -> tuple[list[str], object]:
    """Load a page (and run an action through devtools); return its CSP reports and the page."""
    page = browser.new_page()  # type: ignore[attr-defined]
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
    page.goto(url, wait_until="networkidle")
    result = page.evaluate(action) if action else None
    page.wait_for_timeout(100)
    reports = [m for m in messages if "Content Security Policy" in m or m.startswith("page error")]
    return reports, result


def test_the_policy_is_in_force(browser: object, served: tuple[str, Path]) -> None:
    url, _ = served
    inject = """() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.appendChild(script);
        const div = document.createElement('div');
        div.innerHTML = '<img src="https://example.invalid/x.png" onerror="window.handler = true">';
        document.body.appendChild(div);
        return [window.injected === true, window.handler === true];
    }"""
    reports, result = violations_on(browser, url, inject)
    assert result == [False, False]
    assert any("inline script" in report or "script-src" in report for report in reports), reports


def test_no_page_violates_the_policy(browser: object, served: tuple[str, Path]) -> None:
    url, site = served
    every = sorted(p.relative_to(site).parts for p in site.rglob("*.html") if "pagefind" not in p.parts)
    # One page of each kind (folder and depth: home, body, year, meeting, topic, person, search, 404).
    kinds = {(parts[0] if len(parts) > 1 else parts[-1], len(parts), len(parts) > 2 and "-" in parts[1]): parts
             for parts in reversed(every)}
    pages = sorted("/".join(parts) for parts in kinds.values())
    assert len(pages) >= 6
    # The search page with a query and a meeting page opened from a result run Pagefind's scripts.
    for path in [*pages, "soeg/?q=budget", "direktionen/2023-08-30/?fremhaev=budget"]:
        reports, _ = violations_on(browser, url + path)
        assert reports == [], path
