"""Serve a built site on 127.0.0.1, under its base path, as a static web server would."""

from __future__ import annotations

import functools
import http.server
import io
import os
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
        raw_path = urlsplit(self.path).path
        request_path = unquote(raw_path, errors="strict") if _decodable(raw_path) else None
        if request_path is None or not _plain_path(request_path):
            self.send_error(400, "Bad request path")
            return None
        if not request_path.startswith(self.base_path):
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        # A folder without index.html is not a page: no listing of what lies in it.
        self.send_error(404)
        return None

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


def make_server(site_dir: Path, base_path: str, port: int) -> http.server.ThreadingHTTPServer:
    """Return a server for the site on 127.0.0.1 (port 0 picks a free port)."""
    handler = functools.partial(type("Handler", (SiteRequestHandler,), {"base_path": base_path}),
                                directory=str(site_dir))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
