"""Scan every byte a build wrote: file names, file contents, and what compressed files hold.

Search indexes (Pagefind's fragments, index chunks, metadata and filters are gzip files), archives
and anything else compressed are opened, layer by layer, so a marker cannot hide in a channel the
scan cannot read: a compressed format it cannot open is an error, not a pass. Pagefind's data is
also decoded (JSON or CBOR, with the build's own decoder in generator/publish/sitefiles.py), so a marker
is found as the text it is.
"""

from __future__ import annotations

import bz2
import dataclasses
import gzip
import hashlib
import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.build import BuildOptions
from generator.publish.sitefiles import UnreadableOutput, json_text, pagefind_value

MAX_LAYERS = 4


@dataclass(frozen=True)
class Blob:
    """Bytes found in the output: where (a file, its name, or a layer inside it) and what."""

    where: str
    data: bytes


def output_blobs(site: Path) -> Iterator[Blob]:
    """Yield every name and every file's bytes under the site, with what compressed files hold."""
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        yield Blob(f"{relative} (name)", relative.encode("utf-8", "surrogateescape"))
        if path.is_symlink():
            yield Blob(f"{relative} (link)", str(path.readlink()).encode())
        elif path.is_file():
            yield from _layers(relative, path.read_bytes(), 0)


def _layers(where: str, data: bytes, depth: int) -> Iterator[Blob]:
    yield Blob(where, data)
    if depth >= MAX_LAYERS:
        return
    for name, inner in _unpack(where, data):
        yield from _layers(f"{where} → {name}", inner, depth + 1)


def _unpack(where: str, data: bytes) -> list[tuple[str, bytes]]:
    if data[:2] == b"\x1f\x8b":
        inner = gzip.decompress(data)
        value = pagefind_value(where, inner)
        decoded = [] if value is None else [("Pagefind data", json_text(where, value).encode())]
        return [("gzip", inner), *decoded]
    if data[:3] == b"BZh":
        return [("bzip2", bz2.decompress(data))]
    if data[:6] == b"\xfd7zXZ\x00":
        return [("xz", lzma.decompress(data))]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info.filename, archive.read(info)) for info in archive.infolist()]
    if data[:4] == b"\x28\xb5\x2f\xfd" or where.endswith((".br", ".zst")):
        raise UnreadableOutput(f"{where}: a compressed format the leak scan cannot open")
    if len(data) > 2 and data[0] == 0x78 and (data[0] * 256 + data[1]) % 31 == 0:
        try:
            return [("zlib", zlib.decompress(data))]
        except zlib.error:
            return []
    return []


def tree_digest(root: Path) -> str:
    """Return a hash of a whole folder: every path, link and file content."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def find_markers(site: Path, markers: Iterable[str]) -> dict[str, list[str]]:
    """Return, for each marker, the places in the output where it occurs (case-insensitively)."""
    wanted = {marker: marker.lower().encode() for marker in markers}
    found: dict[str, list[str]] = {marker: [] for marker in wanted}
    for blob in output_blobs(site):
        data = blob.data.lower()
        for marker, needle in wanted.items():
            if needle in data:
                found[marker].append(blob.where)
    return found


# --- markup that could run code or load from elsewhere ------------------------------------------

RISKY_ELEMENTS = frozenset({"iframe", "frame", "object", "embed", "applet", "base", "svg", "math"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background"})


class _MarkupAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.csp: list[str] = []
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in RISKY_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "style":
            self.problems.append("<style> element (inline style)")
        # A JSON-LD block is data the browser never runs (CSP does not apply to it); any other inline script is code.
        if tag == "script" and "src" not in values and values.get("type") != "application/ld+json":
            self.problems.append("inline <script>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.csp.append(values.get("content", ""))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style> attribute")
            scheme = _SCHEME.match("".join(value.split()).lower())
            if name in ("action", "formaction") and (scheme or value.strip().startswith("//")):
                self.problems.append(f"<{tag} {name}> sends a form to another site")
            elif name in URL_ATTRIBUTES and scheme and scheme.group(1) not in ("http", "https", "mailto"):
                self.problems.append(f"<{tag} {name}> with a {scheme.group(1)}: URL")


def audit_markup(html: str) -> tuple[list[str], list[str]]:
    """Return (problems, Content-Security-Policy values) of an HTML page."""
    audit = _MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit.problems, audit.csp


# --- building with or without the search index ----------------------------------------------------

def has_search_option() -> bool:
    """Tell whether the build can make a search index (BuildOptions has a `search` field)."""
    return "search" in {f.name for f in dataclasses.fields(BuildOptions)}


def build_options(content_dir: Path, out_dir: Path, search: bool, base_url: str | None = None) -> BuildOptions:
    """Return build options with the search index on or off, where the build has that option."""
    extra = {"search": search} if has_search_option() else {}
    return BuildOptions(content_dir=content_dir, out_dir=out_dir, base_url=base_url, **extra)  # type: ignore[arg-type]
