"""The search in a real browser: Debian's Chromium, driven by Playwright, against the built demo site
served on 127.0.0.1 under the sub-path /referater/."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from benchmarks.browser import chromium_path, first_query_cost, launch
from generator.publish.search import shard_key
from generator.serve.server import make_server
from tests.conftest import DEMO_CONTENT, RecordProperty, meeting_text, run_build

BASE = "/referater/"
CLOSED_MARKER = "hemmeligord4711"
OPEN_CONTROL = "aabentord4711"
PAGE_SIZE = 5  # results Pagefind's interface shows before "Vis flere resultater"
# True once Pagefind's message is an answer ("3 resultater for …", "Ingen resultater for …") and the
# results it counts are on the page with their data loaded.
ANSWERED = """({selector, pageSize}) => {
    const message = document.querySelector(".pagefind-ui__message");
    const text = message ? message.textContent.trim() : "";
    const answer = text.match(/^(\\d+) resultat(er)? for |^Ingen resultater for /);
    if (!answer) return false;
    const expected = Math.min(answer[1] ? Number(answer[1]) : 0, pageSize);
    return document.querySelectorAll(selector).length === expected
        && !document.querySelector(".pagefind-ui__loading, .pagefind-ui__result--loading");
}"""
RESULT_LINK = ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module; missing Chromium fails in CI and skips elsewhere.

    Module scope, not session: Playwright's sync API runs an event loop while it is open, and another
    module's own sync_playwright() (test_watch, test_csp_browser) refuses to start inside it.
    """
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (make browser installs Debian's chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = launch(playwright, executable)
        yield chromium
        chromium.close()


def serve(site: Path, base: str = BASE) -> Iterator[str]:
    """Serve a built site under a base path on a free port; yield its root URL."""
    server = make_server(site, base, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo content, built once for the sub-path and served."""
    site = tmp_path_factory.mktemp("demo-referater") / "site"
    run_build(DEMO_CONTENT, site, base_url=BASE)
    yield from serve(site)


@pytest.fixture(scope="session")
def root_url(demo_site: Path) -> Iterator[str]:
    """The demo as built for the root of a host (conftest's demo_site), served at /."""
    yield from serve(demo_site, "/")


@pytest.fixture(scope="session")
def marker_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo plus a meeting whose closed item and closed attachment hold a marker word."""
    content = tmp_path_factory.mktemp("marker") / "content"
    shutil.copytree(DEMO_CONTENT, content)
    items = f"""\
        # 1. Åbent punkt
        status: åben
        attachments:
          - number: 1
            status: lukket
            title: Notat {CLOSED_MARKER}
            ref: {CLOSED_MARKER}

        ## Sagsfremstilling

        Direktionen drøftede {OPEN_CONTROL}.

        # 2. Personalesag
        status: lukket
        topics: [{CLOSED_MARKER}]

        ## Sagsfremstilling

        Fortroligt: {CLOSED_MARKER}.
        """
    (content / "meetings" / "direktionen" / "2024-05-15.md").write_text(
        meeting_text(date="2024-05-15", items=items), encoding="utf-8")
    site = content.parent / "site"
    run_build(content, site, base_url=BASE)
    yield from serve(site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page (its own cache and history) with Danish as the browser's language."""
    context = browser.new_context(locale="da-DK", viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def search(page: Page, root: str, words: str) -> list[str]:
    """Open the search page with ?q=words and return the addresses of the results, in order."""
    page.goto(f"{root}soeg/?q={quote(words)}")
    return result_links(page)


def result_links(page: Page) -> list[str]:
    """Wait until Pagefind has answered and shown its results; return their addresses, in order."""
    page.wait_for_function(ANSWERED, arg={"selector": RESULT_LINK, "pageSize": PAGE_SIZE})
    return [link.get_attribute("href") or "" for link in page.locator(RESULT_LINK).all()]


def meeting_of(href: str) -> str:
    """The meeting path of a result address, e.g. 'direktionen/2023-08-30/'."""
    return urlsplit(href).path.removeprefix(BASE)


def test_budget_follow_up_lists_30_august_first_with_a_link_to_item_2(page: Page, demo_url: str) -> None:
    links = search(page, demo_url, "budgetopfølgning")
    assert links, "no results"
    first = urlsplit(links[0])
    assert first.path == f"{BASE}direktionen/2023-08-30/"
    assert first.fragment == "punkt-2"
    title = page.locator(RESULT_LINK).first.inner_text()
    assert title.startswith("Direktionen, 30. august 2023")


def test_the_demo_spans_several_shards_of_the_index(demo_site: Path) -> None:
    shards = json.loads((demo_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert shards == [shard_key(2025), shard_key(2023)]  # the 2025 meeting alone in the newest


def test_the_best_match_in_an_older_shard_ranks_first(page: Page, demo_url: str) -> None:
    # "dialogmøde": six times on 30 August 2023, five on 1 November 2023, once on 22 January 2025. The
    # newest shard (2025) is Pagefind's primary index; the 2023 meetings are in a merged one.
    links = [meeting_of(link) for link in search(page, demo_url, "dialogmøde")]
    assert set(links) == {"direktionen/2023-08-30/", "direktionen/2023-11-01/", "direktionen/2025-01-22/"}
    assert links[-1] == "direktionen/2025-01-22/"


def test_filters_count_and_narrow_across_shards(page: Page, demo_url: str) -> None:
    search(page, demo_url, "direktionen")
    page.locator("summary", has_text="Udvalg").click()
    assert page.locator("label", has_text="Direktionen").inner_text().split() == ["Direktionen", "(3)"]
    page.locator("summary", has_text="År").click()
    labels = [label.strip() for label in page.locator(".pagefind-ui__filter-label").all_inner_texts()]
    assert {"2023 (2)", "2025 (1)"} <= set(labels), labels
    page.get_by_label("2023").check()
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 2")
    assert {meeting_of(link) for link in result_links(page)} == {"direktionen/2023-08-30/", "direktionen/2023-11-01/"}


def test_search_works_at_the_root_of_a_host_too(page: Page, root_url: str) -> None:
    links = search(page, root_url, "budgetopfølgning")
    assert urlsplit(links[0]).path == "/direktionen/2023-08-30/"
    page.locator(RESULT_LINK).first.click()
    page.wait_for_url(f"{root_url}direktionen/2023-08-30/?fremhaev=budgetopf%C3%B8lgning#punkt-2")
    page.wait_for_selector("mark.pagefind-highlight")


def test_word_in_one_meeting_finds_it_and_opens_the_page_at_the_item(page: Page, demo_url: str) -> None:
    links = search(page, demo_url, "Ipads")
    assert [meeting_of(link) for link in links] == ["direktionen/2023-08-30/"]
    page.locator(RESULT_LINK).first.click()
    page.wait_for_url("**/direktionen/2023-08-30/**#punkt-3")
    page.wait_for_selector("mark.pagefind-highlight")
    top = page.evaluate("document.getElementById('punkt-3').getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 0
    assert 0 <= top < 100, f"item 3 is {top}px from the top of the window"
    marked = {text.casefold() for text in page.locator("mark.pagefind-highlight").all_inner_texts()}
    assert marked == {"ipads"}
    assert page.locator("#punkt-3 ~ * mark.pagefind-highlight, section:has(#punkt-3) mark").count() > 0


def test_a_danish_inflected_form_finds_its_stem(page: Page, demo_url: str) -> None:
    # "budgetopfølgningen" is written nowhere in the demo; "budgetopfølgning" and "budgetopfølgningerne" are.
    links = search(page, demo_url, "budgetopfølgningen")
    assert {meeting_of(link) for link in links} == {"direktionen/2023-08-30/", "direktionen/2023-11-01/"}


def test_a_year_filter_narrows_the_results(page: Page, demo_url: str) -> None:
    assert len(search(page, demo_url, "direktionen")) == 3
    page.locator("summary", has_text="År").click()
    page.get_by_label("2025").check()
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 1")
    assert [meeting_of(link) for link in result_links(page)] == ["direktionen/2025-01-22/"]


def test_results_can_be_sorted_newest_first_keeping_words_and_filters(page: Page, demo_url: str) -> None:
    search(page, demo_url, "direktionen")
    page.get_by_label("Nyeste først").check()
    page.wait_for_url("**/soeg/?q=direktionen&sortering=nyeste")
    expect(page.get_by_label("Nyeste først")).to_be_focused()
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 3")
    order = [meeting_of(link) for link in result_links(page)]
    assert order == ["direktionen/2025-01-22/", "direktionen/2023-11-01/", "direktionen/2023-08-30/"]
    page.locator("summary", has_text="År").click()
    page.get_by_label("2023").check()
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 2")
    assert [meeting_of(link) for link in result_links(page)] == ["direktionen/2023-11-01/", "direktionen/2023-08-30/"]
    page.get_by_label("Bedste match først").check()
    page.wait_for_url("**/soeg/?q=direktionen&filter=%C3%85r%3A2023")  # the filter is kept in the address
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 2")
    assert page.get_by_label("2023").is_checked()
    assert {meeting_of(link) for link in result_links(page)} == {"direktionen/2023-11-01/", "direktionen/2023-08-30/"}


def test_q_in_the_address_runs_the_search_and_back_returns_to_it(page: Page, demo_url: str) -> None:
    links = search(page, demo_url, "Ipads")
    assert page.locator(".pagefind-ui__search-input").input_value() == "Ipads"
    assert len(links) == 1
    page.locator(RESULT_LINK).first.click()
    page.wait_for_url("**/direktionen/2023-08-30/**")
    page.go_back()
    assert unquote(page.url).endswith("/soeg/?q=Ipads")
    assert [meeting_of(link) for link in result_links(page)] == ["direktionen/2023-08-30/"]


def test_typing_updates_the_address(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}soeg/")
    page.locator(".pagefind-ui__search-input").fill("økonomichef")
    page.wait_for_url("**/soeg/?q=%C3%B8konomichef")
    assert result_links(page)


def test_the_header_field_leads_to_the_search(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}direktionen/2023/")
    page.get_by_role("search").get_by_label("Søg i referaterne").fill("Ipads")
    page.keyboard.press("Enter")
    page.wait_for_url("**/referater/soeg/?q=Ipads")
    assert [meeting_of(link) for link in result_links(page)] == ["direktionen/2023-08-30/"]


def test_search_works_by_keyboard_alone(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}soeg/")
    search_field = page.locator(".pagefind-ui__search-input")
    expect(search_field).to_be_focused()
    page.keyboard.type("Ipads")
    result_links(page)
    assert page.get_by_role("status").inner_text() == "1 resultat for Ipads"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.pagefind-ui__result-link')"):
            break
    else:
        pytest.fail("the results cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/direktionen/2023-08-30/**#punkt-3")


def test_the_search_controls_have_accessible_names(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}soeg/")
    page.wait_for_selector(".pagefind-ui__search-input")
    # One search field on the search page: Pagefind's, named by its visible label (the header's is left out).
    assert page.locator("input[type=search], input[type=text]").count() == 1
    field = page.get_by_role("textbox", name="Søg i referaterne")
    expect(field).to_have_class(re.compile("pagefind-ui__search-input"))
    expect(page.locator("label[for=soegefelt]")).to_be_visible()
    assert page.get_by_role("group", name="Sortér resultaterne").count() == 1
    assert page.get_by_role("status").count() == 1


def test_without_javascript_the_page_explains_and_links_to_the_browse_pages(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_url}soeg/")
    assert page.get_by_text("Søgningen kræver JavaScript").is_visible()
    link = page.get_by_role("link", name="Direktionen").last
    assert link.is_visible()
    link.click()
    page.wait_for_url(f"{demo_url}direktionen/")
    context.close()


def test_a_marker_in_a_closed_item_finds_nothing(page: Page, marker_url: str) -> None:
    assert [meeting_of(link) for link in search(page, marker_url, OPEN_CONTROL)] == ["direktionen/2024-05-15/"]
    assert search(page, marker_url, CLOSED_MARKER) == []
    assert page.get_by_role("status").inner_text() == f"Ingen resultater for {CLOSED_MARKER}"


def test_first_query_cost(page: Page, demo_url: str, record_property: RecordProperty) -> None:
    cost = first_query_cost(page, f"{demo_url}soeg/", "budgetopfølgning")
    record_property("first_query_bytes", cost.total_bytes)
    print(f"\nfirst query on the demo: {cost.total_bytes} B = site {cost.site_bytes} B + Pagefind's program "
          f"{cost.program_bytes} B + index data {cost.index_bytes} B in {cost.index_requests} requests")
    assert cost.index_requests >= 4  # entry, metadata, a word-index chunk and at least one fragment
    assert 0 < cost.index_bytes < cost.program_bytes
    assert cost.total_bytes < 1_000_000
    assert 0 < cost.seconds < 30  # the time to the first result is measured, and within the default timeout


def test_chosen_filters_are_kept_in_the_address_and_restored_from_it(page: Page, demo_url: str) -> None:
    search(page, demo_url, "direktionen")
    page.locator("summary", has_text="År").click()
    page.get_by_label("2023").check()
    page.wait_for_url("**/soeg/?q=direktionen&filter=%C3%85r%3A2023")
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 2")
    assert {meeting_of(link) for link in result_links(page)} == {"direktionen/2023-11-01/", "direktionen/2023-08-30/"}
    page.locator("summary", has_text="År").click()
    assert page.get_by_label("2023").is_checked()


def test_pagefind_takes_the_sites_fonts_and_colours(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}soeg/")
    page.wait_for_selector(".pagefind-ui__search-input")
    styles = page.evaluate("""() => {
        const ui = getComputedStyle(document.querySelector('.pagefind-ui'));
        const body = getComputedStyle(document.body);
        return {font: ui.fontFamily, body: body.fontFamily,
                primary: ui.getPropertyValue('--pagefind-ui-primary').trim(),
                brand: getComputedStyle(document.documentElement).getPropertyValue('--brand').trim(),
                text: ui.getPropertyValue('--pagefind-ui-text').trim()};
    }""")
    assert styles["font"] == styles["body"]
    assert styles["primary"] == styles["brand"] == "#0b3d63"
    assert styles["text"] == "#1b1f24"
# Filter labels: Pagefind's interface inserts them as HTML. Names that read like markup, entity-encoded
# in YAML or (if the clerk's fields ever allow them) with raw angle brackets, must show as written.
LABEL_TOPICS = ("&lt;u&gt;x&lt;/u&gt;", "A &amp; B", "C & D", "<b>fed</b>", "<img src=x onerror=alert(1)>")
LABEL_BODY = "Direktionen &lt;s&gt;"


@pytest.fixture
def markup_labels_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A site whose body and topics are named like markup: entity-encoded in YAML, and raw (added behind the
    clerk's fields, which refuse '<' and '>', to show that the search page would not need that refusal)."""
    content = tmp_path / "content"
    (content / "meetings" / "direktionen").mkdir(parents=True)
    site_yaml = (DEMO_CONTENT / "site.yaml").read_text(encoding="utf-8")
    assert "name: Direktionen\n" in site_yaml
    (content / "site.yaml").write_text(site_yaml.replace("name: Direktionen\n", f'name: "{LABEL_BODY}"\n'),
                                       encoding="utf-8")
    items = """\
        # 1. Økonomi
        status: åben
        topics: ["&lt;u&gt;x&lt;/u&gt;", "A &amp; B", "C & D"]

        ## Sagsfremstilling

        Budgettet &lt;u&gt;z&lt;/u&gt; blev gennemgået labeltest.
        """
    (content / "meetings" / "direktionen" / "2024-05-15.md").write_text(
        meeting_text(date="2024-05-15", items=items), encoding="utf-8")
    from generator.link.topics import TopicIndex

    named = TopicIndex.names_of_open_items
    monkeypatch.setattr(TopicIndex, "names_of_open_items",
                        lambda self, meeting: tuple(sorted({*named(self, meeting), *LABEL_TOPICS[3:]})))
    site = tmp_path / "site"
    run_build(content, site, base_url=BASE)
    yield from serve(site)


def test_filter_labels_that_read_like_markup_show_as_text(page: Page, markup_labels_url: str) -> None:
    search(page, markup_labels_url, "labeltest")
    for name in ("Emne", "Udvalg"):
        page.locator("summary", has_text=name).click()
    labels = [label.strip() for label in page.locator(".pagefind-ui__filter-label").all_inner_texts()]
    for topic in LABEL_TOPICS:
        assert f"{topic} (1)" in labels, labels
    assert f"{LABEL_BODY} (1)" in labels
    panel = page.locator(".pagefind-ui__filter-panel")
    assert panel.locator("u, b, s, img").count() == 0
    assert page.locator(".pagefind-ui__results u, .pagefind-ui__results img").count() == 0
    title = page.locator(RESULT_LINK).first.inner_text()
    assert title.startswith(f"{LABEL_BODY}, 15. maj 2024")
    excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert "<u>z</u>" in excerpt
    # The filter still narrows: choosing a topic named like markup keeps the meeting that has it.
    page.get_by_label("&lt;u&gt;x&lt;/u&gt; (1)").check()
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINK}').length === 1")
    assert [meeting_of(link) for link in result_links(page)] == ["direktionen/2024-05-15/"]
