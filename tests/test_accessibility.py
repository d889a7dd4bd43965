"""The accessibility gate: axe-core (npm, installed by `make test` from package-lock.json) in Chromium over
one page of every page type, the search page with results included: WCAG 2.1 A/AA and best practice."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from benchmarks.browser import chromium_path, launch
from tests.conftest import DEMO_CONTENT, run_build
from tests.test_search_browser import ANSWERED, PAGE_SIZE, RESULT_LINK, serve

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = {
    "home": "",
    "body": "direktionen/",
    "year": "direktionen/2023/",
    "decisions": "direktionen/2023/beslutninger/",
    "meeting": "direktionen/2025-01-22/",
    "topic index": "emner/",
    "topic": "emner/budgetopfoelgning/",
    "people index": "personer/",
    "person": "personer/jonas-kroustrup/",
    "search with results": "soeg/?q=direktionen",
    "not found": "findes-ikke/",
}


@pytest.fixture(scope="module")
def axe_browser() -> Iterator[Browser]:
    """Chromium with axe-core at hand; missing tools fail in CI and skip elsewhere."""
    executable = chromium_path()
    missing = "Chromium is not installed (make browser)" if executable is None else (
        "axe-core is not installed (make test runs npm ci)" if not AXE.is_file() else None)
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = launch(playwright, executable)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("axe") / "site"
    run_build(DEMO_CONTENT, site, base_url="/referater/")
    yield from serve(site)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_accessibility_violations(axe_browser: Browser, site_url: str, kind: str) -> None:
    # The site's policy forbids inline scripts; axe is injected by the test, so the test context bypasses it.
    context = axe_browser.new_context(locale="da-DK", bypass_csp=True, viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(site_url + PAGES[kind])
        assert response is not None and response.status == (404 if kind == "not found" else 200)
        if kind.startswith("search"):
            page.wait_for_function(ANSWERED, arg={"selector": RESULT_LINK, "pageSize": PAGE_SIZE})
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES)
    finally:
        context.close()
    violations = [f"{v['id']} ({v['impact']}): {v['help']} – " + ", ".join(str(n["target"]) for n in v["nodes"][:3])
                  for v in result["violations"]]
    assert violations == [], f"{kind}: " + "\n".join(violations)


def test_the_gate_sees_a_violation(axe_browser: Browser, site_url: str) -> None:
    context = axe_browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        page.evaluate("""() => { document.documentElement.removeAttribute('lang');
                                document.querySelector('main').append(document.createElement('img')); }""")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES)
    finally:
        context.close()
    assert {"html-has-lang", "image-alt"} <= {v["id"] for v in result["violations"]}
