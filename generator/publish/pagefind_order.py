"""Make Pagefind's filter files byte-identical from one build to the next.

Pagefind 1.5 writes each filter's values, and the list of filters in its metadata file, in the order of
a Rust hash map, which changes from run to run. The content is the same, so this rewrites those files in
sorted order and renames them by a hash of their content, as Pagefind names its files. Fragments, index
chunks and the rest are already written in a stable order and are left alone.

The files are gzip-compressed CBOR behind the signature `pagefind_dcd` (Pagefind's source:
pagefind/src/output/mod.rs and the `pagefind_dcd` check in pagefind_web). The layouts used here are the
metadata `[version, pages, index_chunks, filters: [[name, file hash]], sorts, meta_fields]` and a filter
file `[name, [[value, [page numbers]]]]`.

Pagefind's interface inserts filter names and values as HTML, so every one must be plain text escaped
for HTML (see `search.filter_value`); one that is not would become markup on the search page, and the
build stops instead.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # the position of the filter list in the metadata file
SUPPORTED_VERSIONS = ("1.5.",)


class UnexpectedPagefindOutput(Exception):
    """Pagefind's files are not laid out as this module expects (a new Pagefind version?)."""


def read_compressed(path: Path) -> Any:
    """Decode one of Pagefind's compressed CBOR files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnexpectedPagefindOutput(f"{path.name} does not start with Pagefind's signature")
    return cbor2.loads(data[len(SIGNATURE):])


def write_compressed(folder: Path, language: str, name: str, value: Any, hash_length: int) -> str:
    """Write a value as Pagefind does, under `name` with `{hash}` filled in; return the hash, e.g. 'da_1a2b3c4'."""
    data = SIGNATURE + cbor2.dumps(value)
    digest = f"{language}_{hashlib.sha256(data).hexdigest()[:hash_length]}"
    (folder / name.format(hash=digest)).write_bytes(gzip.compress(data, mtime=0))
    return digest


def check_escaped(name: str, labels: list[str]) -> None:
    """Stop unless a filter's name and values in the index are text escaped for HTML, as the interface needs."""
    if any(html.escape(html.unescape(label)) != label for label in labels):
        raise UnexpectedPagefindOutput(
            f"a value of the search filter '{name}' would be shown as HTML on the search page: filter values "
            "must pass through filter_value in the meeting template")


def order_bundle(bundle: Path) -> None:
    """Rewrite the filter files and the metadata of every language in sorted order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not str(entry.get("version", "")).startswith(SUPPORTED_VERSIONS):
        raise UnexpectedPagefindOutput(f"Pagefind {entry.get('version')} is not a version this build knows")
    for language in entry["languages"].values():
        language["hash"] = order_language(bundle, language["hash"])
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def order_language(bundle: Path, meta_hash: str) -> str:
    """Rewrite one language's filters and metadata; return the metadata's new hash."""
    language = meta_hash.split("_", 1)[0]
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read_compressed(meta_path)
    ordered = {}
    for name, file_hash in meta[META_FILTERS]:
        path = bundle / "filter" / f"{file_hash}.pf_filter"
        filter_name, values = read_compressed(path)
        if filter_name != name:
            raise UnexpectedPagefindOutput(f"{path.name} holds the filter '{filter_name}', not '{name}'")
        check_escaped(name, [name, *(value for value, _ in values)])
        ordered[name] = [name, sorted([value, sorted(pages)] for value, pages in values)]
        path.unlink()
    meta[META_FILTERS] = [[name, write_compressed(bundle / "filter", language, "{hash}.pf_filter", ordered[name], 7)]
                          for name in sorted(ordered)]
    meta_path.unlink()
    return write_compressed(bundle, language, "pagefind.{hash}.pf_meta", meta, 10)
