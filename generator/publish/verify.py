"""The build proves its own output: no fragment of closed text in any file it wrote.

Before the new site is swapped in, every file in the staging folder is read back (its name, its text,
and the search index decompressed and decoded) and looked up against the fingerprints of the closed
text (generator/publish/leakguard.py). Each text is normalised and split into words once; its words are hashed
as the fingerprints are, and only a file holding a closed word has its runs of words looked up, so the
check is linear in the size of the output. Large sites are read by several processes, with the same
result in the same order. Any hit stops the build: the staging folder is discarded and the previous
site is left as it was. Messages name the closed item by content file and line and the output file;
they never quote the text.

With a cache folder, a manifest (`verify/manifest.json`) records the sha256 of every file found clean
and a digest of the fingerprints it was checked against; a later build looks only at the files whose bytes
changed, or at all of them when the fingerprints changed. The manifest also records each ordinary file's
identity (device, inode, size, modification time): the write stage links unchanged files from the previous
site, so a file with the recorded identity is the very file found clean, and is not even read again.
Writing into a file changes its modification time, and a copy or a new file has another inode. An identity
is recorded only for a file last modified before the staging folder's marker was written (the rule git
uses for its index): a write after the check, even within the file system's timestamp resolution, then
always gives another modification time (unless a tool sets the time back on purpose, as `touch -d` may).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError, ContentError, SourceLocation
from generator.publish.leakguard import Fingerprints, Origin
from generator.publish.leakwords import NEEDS_CONTEXT, SEPARATORS, runs_of, token_hash, word_hash, words
from generator.publish.sitefiles import (
    GZIP_MAGIC,
    Identity,
    UnreadableOutput,
    index_words,
    json_text,
    layers,
    read_written,
    site_entries,
)
from generator.publish.write import settled_before

SHOWN_FILES = 3
FILE_HIT = ": its file"
HOW_TO_REPORT = ("nothing was published and the previous site is left as it was; this means the redaction "
                 "failed: report it to whoever maintains minutes-archive, without sending the closed text")
MANIFEST = Path("verify") / "manifest.json"
SCAN_VERSION = b"verify-2"  # part of the manifest's fingerprint digest: a changed scan checks every file again
PARALLEL_FILES = 1000  # below this many files, starting processes costs more than it saves
BATCH = 100  # files a worker checks at a time


class ClosedTextInOutput(BuildError):
    """The build wrote closed text (or a closed attachment's file); the new site is discarded."""


@dataclass(frozen=True)
class Checked:
    """What the leak guard checked: every file, and how many of them it had to look into (the rest unchanged)."""

    files: int
    scanned: int
    read: int = 0  # files whose bytes were read (the rest had the identity recorded when found clean)


@dataclass(frozen=True)
class _Result:
    path: str
    digest: str  # sha256 of the file's bytes (or of its link target)
    origins: tuple[Origin, ...] = ()
    scanned: bool = False
    problem: str | None = None  # the file cannot be read or decoded


# The worker processes are forked: they find what to check against here, without pickling it.
_JOB: tuple[Path, Fingerprints, dict[str, str]] | None = None
DIGEST_LENGTH = 64  # a manifest entry is the file's sha256 in hex, then ":" and its identity if recorded


def verify_output(site: Path, fingerprints: Fingerprints, cache_dir: Path | None = None,
                  workers: int | None = None) -> Checked:
    """Check every file below the staging folder; raise ClosedTextInOutput on a hit, else say what was checked."""
    global _JOB
    digest = _fingerprints_digest(fingerprints)
    known = _load_manifest(cache_dir, digest)
    entries = site_entries(site)
    unread = {path: record[:DIGEST_LENGTH] for path, _, identity in entries
              if identity and (record := known.get(path)) is not None and record.endswith(_identity_text(identity))}
    _JOB = (site, fingerprints, known)
    try:
        results = _check_files([(path, link) for path, link, _ in entries if path not in unread], bool(known), workers)
    finally:
        _JOB = None
    found: dict[Origin, list[str]] = {}
    for result in results:
        if result.problem is not None:
            raise ClosedTextInOutput([ContentError(
                SourceLocation("(the new site)"), f"a written file cannot be checked for closed text: {result.problem}",
                HOW_TO_REPORT)])
        for origin in result.origins:
            files = found.setdefault(origin, [])
            if result.path not in files:
                files.append(result.path)
    if found:
        raise ClosedTextInOutput([_message(origin, files) for origin, files in found.items()])
    if cache_dir is not None:
        settled = settled_before(site)
        digests = unread | {result.path: result.digest for result in results}
        _save_manifest(cache_dir, digest, {
            path: digests[path] + _identity_text(identity) if identity and identity[3] < settled else digests[path]
            for path, _, identity in entries})
    return Checked(len(entries), sum(result.scanned for result in results), len(results))


def _check_files(paths: list[tuple[str, bool]], known: bool, workers: int | None) -> list[_Result]:
    """Check files in order: those the manifest knows clean by their bytes here, the others in processes if many."""
    # Reading and hashing is quick; only looking into a file is worth a process.
    first = _known_clean(paths) if known else [None] * len(paths)
    rest = iter(_check_all([path for path, result in zip(paths, first, strict=True) if result is None], workers))
    return [result if result is not None else next(rest) for result in first]


def _check_all(paths: list[tuple[str, bool]], workers: int | None) -> Iterator[_Result]:
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    # A daemonic process (a pool's worker) may not start processes of its own.
    if count < 2 or (len(paths) < PARALLEL_FILES and workers is None) or multiprocessing.current_process().daemon:
        yield from _check_batch(paths)
        return
    batches = [paths[start:start + BATCH] for start in range(0, len(paths), BATCH)]
    with multiprocessing.get_context("fork").Pool(count) as pool:
        for batch in pool.imap(_check_batch, batches):  # in order, whatever finishes first
            yield from batch


def _known_clean(paths: Sequence[tuple[str, bool]]) -> list[_Result | None]:
    """Read and hash each file: its result if the manifest knows these bytes clean, else None (to be checked)."""
    assert _JOB is not None
    site, _, known = _JOB
    results: list[_Result | None] = []
    for relative, link in paths:
        try:
            digest = _digest(read_written(site, relative, link).data, link)
        except OSError:
            digest = ""  # _check_batch reads it again and reports what is wrong
        results.append(_Result(relative, digest) if digest and known.get(relative, "")[:DIGEST_LENGTH] == digest
                       else None)
    return results


def _digest(data: bytes, link: bool) -> str:
    return hashlib.sha256((b"link:" if link else b"file:") + data).hexdigest()


def _check_batch(paths: Sequence[tuple[str, bool]]) -> list[_Result]:
    assert _JOB is not None
    site, fingerprints, known = _JOB
    results = []
    for relative, link in paths:
        try:
            written = read_written(site, relative, link)
        except OSError as error:
            results.append(_Result(relative, "", problem=error.strerror or type(error).__name__))
            continue
        digest = _digest(written.data, link)
        if known.get(relative, "")[:DIGEST_LENGTH] == digest:
            results.append(_Result(relative, digest))
            continue
        try:
            origins = tuple(_scan_file(relative, written.data, link, fingerprints))
        except UnreadableOutput as error:
            results.append(_Result(relative, digest, problem=str(error)))
            continue
        results.append(_Result(relative, digest, origins, scanned=True))
    return results


def _scan_file(path: str, data: bytes, link: bool, fingerprints: Fingerprints) -> Iterator[Origin]:
    yield from _scan_text(path, fingerprints)
    if link:
        yield from _scan_text(data.decode("utf-8", "replace"), fingerprints)
        return
    for layer in layers(path, data):
        if (origin := fingerprints.hashes.get(hashlib.sha256(layer.data).hexdigest())) is not None:
            yield Origin(origin.location, origin.what + FILE_HIT)
        if layer.pagefind:
            stems = index_words(layer.value) if path.endswith(".pf_index") else None
            if stems is not None:  # an index chunk holds word stems: looked up one by one
                found = set(map(word_hash, words("\n".join(stems))))
                yield from (fingerprints.long_words[word] for word in fingerprints.index_words.intersection(found))
            else:
                yield from _scan_text(json_text(path, layer.value), fingerprints)
        elif not layer.data.startswith(GZIP_MAGIC):
            yield from _scan_text(_text_of(path, layer.data), fingerprints)


def _text_of(path: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # not text (images, PDF files): compared by their hash only
    if path.endswith(".json"):
        try:
            return json_text(path, json.loads(text))
        except ValueError:
            pass
    if path.endswith(".ics"):  # iCalendar folds long lines and escapes line breaks
        text = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\\n", "\n").replace("\\N", "\n")
    return html.unescape(text)


def _scan_text(text: str, fingerprints: Fingerprints) -> Iterator[Origin]:
    # Split first and normalise each distinct token once (token_hash is cached in C): the same words as
    # normalising the whole text, which is done instead in the rare text where a token needs its context.
    found = text.encode("utf-8", "replace").translate(SEPARATORS).split()
    hash_of = token_hash
    distinct = set(map(hash_of, set(found)))
    if NEEDS_CONTEXT in distinct:
        found, hash_of = words(text), word_hash
        distinct = set(map(hash_of, set(found)))
    present = fingerprints.closed_words.intersection(distinct)
    if not present:
        return
    yield from (fingerprints.long_words[word] for word in fingerprints.long_keys.intersection(present))
    hashed = list(map(hash_of, found))
    for length, keys in fingerprints.run_keys.items():
        runs = fingerprints.runs[length]
        yield from (runs[run] for run in keys.intersection(runs_of(hashed, length)))


def _fingerprints_digest(fingerprints: Fingerprints) -> str:
    return hashlib.sha256(SCAN_VERSION + fingerprints.digest().encode()).hexdigest()


def _identity_text(identity: Identity | None) -> str:
    return ":{}:{}:{}:{}".format(*identity) if identity is not None else ""


def _load_manifest(cache_dir: Path | None, digest: str) -> dict[str, str]:
    """Return the files known clean against these fingerprints; nothing if the manifest is missing or broken."""
    if cache_dir is None:
        return {}
    try:
        manifest = json.loads((cache_dir / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("fingerprints") != digest:
        return {}
    files = manifest.get("files")
    if not isinstance(files, dict):
        return {}
    return {path: value for path, value in files.items() if isinstance(value, str)}


def _save_manifest(cache_dir: Path, digest: str, files: dict[str, str]) -> None:
    """Write the manifest atomically (a new file renamed over the old); one that cannot be written is skipped."""
    target = cache_dir / MANIFEST
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"fingerprints": digest, "files": files}), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):  # e.g. the cache folder is a file: there is nothing to remove
            temporary.unlink()


def _message(origin: Origin, files: list[str]) -> ContentError:
    shown = ", ".join(files[:SHOWN_FILES])
    more = f" (and {len(files) - SHOWN_FILES} more)" if len(files) > SHOWN_FILES else ""
    if origin.what.endswith(FILE_HIT):
        return ContentError(origin.location, f"{origin.what} is published, byte for byte, as {shown}{more}",
                            "if the same document is also attached to an open item under another name, remove it "
                            "there or close that attachment too; otherwise " + HOW_TO_REPORT)
    return ContentError(origin.location, f"{origin.what}: words of it were found in the new site, in {shown}{more}",
                        HOW_TO_REPORT)
