"""The server of `minutes serve`: the reload script in HTML responses only, never on disk, and the build events."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve.livereload import EVENTS_PATH, SCRIPT_PATH, STYLE_PATH, BuildEvents, BuildState, inject
from generator.serve.server import make_server
from tests.conftest import all_output_bytes


@pytest.fixture
def served(demo_site: Path) -> Iterator[tuple[str, BuildEvents]]:
    """The demo site served with build events, as `minutes serve` serves it."""
    events = BuildEvents()
    server = make_server(demo_site, "/", 0, events)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", events
    finally:
        events.close()
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    """Return the status, content type and body of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_inject_puts_the_tag_before_the_last_body_end() -> None:
    page = b"<html><body><pre>&lt;/body&gt; </body></pre></BODY >\n</html>"
    tag = b'<script src="/__minutes/reload.js" data-site="7"></script>\n'
    assert inject(page, 7) == b"<html><body><pre>&lt;/body&gt; </body></pre>" + tag + b"</BODY >\n</html>"
    assert inject(b"<p>no body end", 0) == b"<p>no body end" + tag.replace(b"7", b"0")


def test_html_responses_carry_the_script_and_the_files_on_disk_do_not(
        served: tuple[str, BuildEvents], demo_site: Path) -> None:
    url, _ = served
    before = all_output_bytes(demo_site)()
    pages = [path for path, _ in before if path.suffix == ".html"]
    assert len(pages) > 20
    for path, data in before:
        if path.suffix not in (".html", ".css", ".js", ".xml", ".json") or path.name == "404.html":
            continue
        address = "/" + path.relative_to(demo_site).as_posix().removesuffix("index.html")
        status, kind, body = fetch(url + address)
        assert status == 200, address
        if path.suffix == ".html":
            assert kind.startswith("text/html")
            assert body == inject(data, 0), address
            assert body.count(SCRIPT_PATH.encode()) == 1
        else:
            assert body == data, address  # stylesheets, scripts, feeds, the index: as built
    status, _, body = fetch(url + "/findes-ikke/")
    assert status == 404 and body == inject((demo_site / "404.html").read_bytes(), 0)
    assert all_output_bytes(demo_site)() == before
    assert not any(SCRIPT_PATH.encode() in data for _, data in before)


def test_a_finished_build_changes_the_site_number_in_new_pages(served: tuple[str, BuildEvents]) -> None:
    url, events = served
    events.publish(ok=True)
    events.publish(ok=False, lines=("x.md:3: bad",))
    assert b'data-site="1"' in fetch(url + "/")[2]


def test_the_script_and_style_are_served_and_other_reserved_addresses_are_not(
        served: tuple[str, BuildEvents]) -> None:
    url, _ = served
    status, kind, body = fetch(url + SCRIPT_PATH)
    assert (status, kind) == (200, "text/javascript; charset=utf-8") and b"EventSource" in body
    status, kind, _ = fetch(url + STYLE_PATH)
    assert (status, kind) == (200, "text/css; charset=utf-8")
    assert fetch(url + "/__minutes/other")[0] == 404
    assert fetch(url + "/__minutes/../index.html")[0] in (400, 404)
    assert fetch(url + "/a/%2e%2e/index.html")[0] == 400


def test_a_plain_server_adds_nothing(demo_site: Path) -> None:
    server = make_server(demo_site, "/", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert fetch(url + "/")[2] == (demo_site / "index.html").read_bytes()
        assert fetch(url + SCRIPT_PATH)[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def read_event(stream: object) -> dict[str, object]:
    """Read the next `data:` event of a Server-Sent Events stream, skipping comments."""
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        assert line, "the stream ended"
        if line.startswith(b"data: "):
            assert stream.readline() == b"\n"  # type: ignore[attr-defined]
            event: dict[str, object] = json.loads(line[6:])
            return event


def test_the_event_stream_sends_the_latest_build_then_each_new_one_and_ends_on_close(
        served: tuple[str, BuildEvents]) -> None:
    url, events = served
    events.publish(ok=False, lines=("content/meetings/a.md:4: item 1: <b>bad</b>", "1 error; nothing was written."))
    with urllib.request.urlopen(url + EVENTS_PATH, timeout=10) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"
        assert read_event(stream) == {"attempt": 1, "site": 0, "ok": False,
                                      "lines": ["content/meetings/a.md:4: item 1: <b>bad</b>",
                                                "1 error; nothing was written."]}
        events.publish(ok=True)
        assert read_event(stream) == {"attempt": 2, "site": 2, "ok": True, "lines": []}
        events.close()
        assert stream.read() == b""


def test_events_wait_for_a_newer_build_and_close_releases_waiters() -> None:
    events = BuildEvents(BuildState(ok=False, lines=("a",)))
    assert events.wait(-1, 0) == BuildState(0, 0, False, ("a",))
    assert events.wait(0, 0.01) == events.state  # nothing newer: the same state after the timeout
    results: list[BuildState | None] = []
    waiter = threading.Thread(target=lambda: results.append(events.wait(0, 30)))
    waiter.start()
    events.publish(ok=True)
    waiter.join(10)
    assert results == [BuildState(1, 1, True, ())]
    waiter = threading.Thread(target=lambda: results.append(events.wait(1, 30)))
    waiter.start()
    events.close()
    waiter.join(10)
    assert not waiter.is_alive() and results[-1] is None
