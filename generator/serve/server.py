"""Serve a built site on 127.0.0.1, under its base path, as a static web server would.

With build events (`minutes serve`), HTML responses also carry the reload script and the server answers
its own addresses under /__minutes/; the files on disk are never changed.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import posixpath
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from generator.serve.livereload import (
    EVENTS_PATH,
    RELOAD_SCRIPT,
    RELOAD_STYLE,
    RESERVED,
    SCRIPT_PATH,
    STYLE_PATH,
    BuildEvents,
    inject,
)

KEEPALIVE = 15.0  # seconds between comments on an idle event stream, so a closed page is noticed


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at `base_path`; unknown addresses get the site's 404 page."""

    base_path = "/"
    events: BuildEvents | None = None  # set by `minutes serve`: pages reload after each build

    def do_GET(self) -> None:
        if not self._reserved():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._reserved():
            super().do_HEAD()

    def translate_path(self, path: str) -> str:
        # Only called through send_head, which has answered 404 for addresses outside the base path.
        request_path = unquote(urlsplit(path).path).removeprefix(self.base_path)
        relative = posixpath.normpath("/" + request_path).lstrip("/")
        return str(Path(self.directory) / relative)

    def send_head(self) -> BinaryIO | None:
        raw_path = urlsplit(self.path).path
        request_path = unquote(raw_path, errors="strict") if _decodable(raw_path) else None
        if request_path is None or not _plain_path(request_path):
            self.send_error(400, "Bad request path")
            return None
        if not request_path.startswith(self.base_path):
            self.send_error(404)
            return None
        if self.events is not None and (page := self._page_file(raw_path)) is not None:
            site = self.events.state.site  # read before the file: a newer site then means a reload, never a miss
            try:
                body = page.read_bytes()
            except OSError:
                self.send_error(404)
                return None
            return self._send_page(200, inject(body, site))
        return super().send_head()

    def _page_file(self, raw_path: str) -> Path | None:
        """Return the HTML file an address names, or None for other files, folders to redirect and misses."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not raw_path.endswith("/"):
                return None
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def _send_page(self, code: int, body: bytes) -> io.BytesIO:
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the rebuilt page
        self.end_headers()
        return io.BytesIO(body)

    def _reserved(self) -> bool:
        """Answer the server's own addresses under /__minutes/ (only with events); tell whether it did."""
        path = urlsplit(self.path).path
        if self.events is None or not path.startswith(RESERVED):
            return False
        files = {SCRIPT_PATH: ("text/javascript; charset=utf-8", RELOAD_SCRIPT),
                 STYLE_PATH: ("text/css; charset=utf-8", RELOAD_STYLE)}
        if path == EVENTS_PATH and self.command == "GET":
            self._stream_events(self.events)
        elif path in files:
            kind, text = files[path]
            body = text.encode()
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        else:
            self.send_error(404)
        return True

    def _stream_events(self, events: BuildEvents) -> None:
        """Send the latest build's outcome, then each new one, as Server-Sent Events until the page goes."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1  # so the first answer is the latest build, at once
        try:
            while True:
                latest = events.wait(seen, KEEPALIVE)
                if latest is None:
                    return
                if latest.attempt > seen:
                    self.wfile.write(f"data: {latest.to_json()}\n\n".encode())
                    seen = latest.attempt
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        # A folder without index.html is not a page: no listing of what lies in it.
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            if self.events is not None:
                body = inject(body, self.events.state.site)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _decodable(raw_path: str) -> bool:
    try:
        unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _plain_path(path: str) -> bool:
    """Tell whether a decoded request path is an ordinary one: no NUL, control characters, '\\', '.' or '..'."""
    if any(ord(char) < 32 or ord(char) == 127 for char in path) or "\\" in path:
        return False
    return not any(segment in (".", "..") for segment in path.split("/"))


def make_server(site_dir: Path, base_path: str, port: int,
                events: BuildEvents | None = None) -> http.server.ThreadingHTTPServer:
    """Return a server for the site on 127.0.0.1 (port 0 picks a free port); with events, pages reload."""
    attributes = {"base_path": base_path, "events": events}
    handler = functools.partial(type("Handler", (SiteRequestHandler,), attributes), directory=str(site_dir))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
