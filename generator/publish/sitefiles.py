"""Read back what a build wrote: every file's name and bytes, and the text inside them.

Compressed files (gzip, as Pagefind writes its index) are opened; Pagefind's data files, once
decompressed, start with the signature `pagefind_dcd` followed by JSON (fragments) or CBOR (index
chunks, filters, metadata) and are decoded into the strings they hold. Anything that claims to be
Pagefind data but cannot be decoded is an error, never a pass: what cannot be read cannot be checked.
The search index is several Pagefind bundles (one per shard, `pagefind/<years>/`); `pagefind_bundles`
finds every one, whatever its name, so nothing relies on the list the build wrote.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

import cbor2

from generator.publish.pagefind_order import SIGNATURE

ENTRY_FILE = "pagefind-entry.json"  # what makes a folder a Pagefind bundle
GZIP_MAGIC = b"\x1f\x8b"
WASM_MAGIC = b"\x00asm"
MAX_DECOMPRESSED = 256 * 2**20  # far above any index file; bounds a decompression bomb
Identity = tuple[int, int, int, int]  # (st_dev, st_ino, st_size, st_mtime_ns)
BY_NAME = attrgetter("name")


class UnreadableOutput(Exception):
    """A written file cannot be decoded, so it cannot be checked."""


@dataclass(frozen=True)
class WrittenFile:
    """One file below the site folder: its path relative to the site (POSIX style) and its bytes."""

    path: str
    data: bytes
    link: bool = False  # a symbolic link: `data` is the link's target, as bytes


@dataclass(frozen=True)
class Layer:
    """Bytes found in a written file: the file itself, or what a compressed file holds."""

    where: str
    data: bytes
    pagefind: bool = False  # decoded Pagefind data: `value` holds it
    value: Any = None


def written_files(site: Path) -> Iterator[WrittenFile]:
    """Yield every file and link below a folder, in a stable order; folders are named by their files."""
    for relative, link in site_files(site):
        yield read_written(site, relative, link)


def site_files(site: Path) -> list[tuple[str, bool]]:
    """List every file and link below a folder (relative POSIX path, is it a link) in a stable order, reading none."""
    return [(relative, link) for relative, link, _ in site_entries(site)]


def site_entries(site: Path) -> list[tuple[str, bool, Identity | None]]:
    """List every file and link below a folder as site_files does, each ordinary file with its identity.

    A folder's files and links come first, by name, then its folders, each in turn: the order os.walk
    gives. The entries come from os.scandir, so a file costs one lstat; a link has no identity.
    """
    found: list[tuple[str, bool, Identity | None]] = []
    _list_folder(os.fspath(site), "", found)
    return found


def _list_folder(folder: str, prefix: str, found: list[tuple[str, bool, Identity | None]]) -> None:
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=BY_NAME)
    folders = []
    for entry in entries:
        if entry.is_symlink():
            found.append((prefix + entry.name, True, None))
        elif entry.is_dir(follow_symlinks=False):
            folders.append(entry)
        elif entry.is_file(follow_symlinks=False):
            found.append((prefix + entry.name, False, identity(entry.stat(follow_symlinks=False))))
    for entry in folders:
        _list_folder(entry.path, f"{prefix}{entry.name}/", found)


def identity(status: os.stat_result) -> Identity:
    """Return what tells a file's bytes unchanged without reading them: device, inode, size, modification time."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def read_written(site: Path, relative: str, link: bool) -> WrittenFile:
    """Read one file (or link) that site_files listed."""
    path = site / relative
    return WrittenFile(relative, os.fsencode(os.readlink(path)) if link else path.read_bytes(), link)


def pagefind_bundles(site: Path) -> list[Path]:
    """Return every Pagefind bundle below a site folder (each folder holding an entry file), in a stable order."""
    return sorted(entry.parent for entry in site.rglob(ENTRY_FILE) if entry.is_file())


def layers(where: str, data: bytes) -> list[Layer]:
    """Return a file's bytes and, for a gzip file, what it holds (decoded where it is Pagefind data)."""
    found = [Layer(where, data)]
    if data.startswith(GZIP_MAGIC):
        inner = gunzip(where, data)
        value = pagefind_value(where, inner)
        found.append(Layer(f"{where} (decompressed)", inner, value is not None, value))
    return found


def gunzip(where: str, data: bytes) -> bytes:
    """Decompress gzip data, refusing more than MAX_DECOMPRESSED bytes."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        inner = decompressor.decompress(data, MAX_DECOMPRESSED)
    except zlib.error as error:
        raise UnreadableOutput(f"{where}: the compressed file cannot be opened ({error})") from error
    if decompressor.unconsumed_tail:
        raise UnreadableOutput(f"{where}: the compressed file holds more than {MAX_DECOMPRESSED // 2**20} MB")
    return inner


def pagefind_value(where: str, data: bytes) -> Any:
    """Return decompressed Pagefind data decoded, or None if it is not Pagefind data (or is its wasm program)."""
    if not data.startswith(SIGNATURE):
        return None
    payload = data[len(SIGNATURE):]
    if payload.startswith(WASM_MAGIC):
        return None
    try:
        return json.loads(payload) if payload[:1] == b"{" else cbor2.loads(payload)
    except (ValueError, RecursionError, cbor2.CBORDecodeError) as error:
        raise UnreadableOutput(f"{where}: Pagefind data that cannot be decoded ({type(error).__name__})") from error


def json_text(where: str, value: Any) -> str:
    """Return a decoded value as JSON text, line breaks and quotes inside its strings made spaces."""
    # json.dumps walks the value in C; what it escapes inside strings is put back as spaces.
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (ValueError, RecursionError) as error:
        raise UnreadableOutput(f"{where}: data that cannot be read ({type(error).__name__})") from error
    return text.replace("\\n", " ").replace("\\t", " ").replace("\\r", " ").replace('\\"', " ")


def index_words(value: Any) -> list[str] | None:
    """Return the words of a decoded Pagefind index chunk (`[[[word, pages, …], …]]`), or None if not laid out so."""
    if not isinstance(value, list):
        return None
    found = []
    for chunk in value:
        if not isinstance(chunk, list):
            return None
        for entry in chunk:
            if not (isinstance(entry, list) and entry and isinstance(entry[0], str)):
                return None
            found.append(entry[0])
    return found
