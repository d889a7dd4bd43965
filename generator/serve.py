"""Serve a built site on 127.0.0.1, under its base path, as a static web server would."""

from __future__ import annotations

import functools
import http.server
import posixpath
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at `base_path`; unknown addresses get the site's 404 page."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        # Only called through send_head, which has answered 404 for addresses outside the base path.
        request_path = unquote(urlsplit(path).path).removeprefix(self.base_path)
        relative = posixpath.normpath("/" + request_path).lstrip("/")
        return str(Path(self.directory) / relative)

    def send_head(self) -> BinaryIO | None:
        if not unquote(urlsplit(self.path).path).startswith(self.base_path):
            self.send_error(404)
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
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


def make_server(site_dir: Path, base_path: str, port: int) -> http.server.ThreadingHTTPServer:
    """Return a server for the site on 127.0.0.1 (port 0 picks a free port)."""
    handler = functools.partial(type("Handler", (SiteRequestHandler,), {"base_path": base_path}),
                                directory=str(site_dir))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
