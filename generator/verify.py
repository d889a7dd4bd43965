"""The build proves its own output: no fragment of closed text in any file it wrote.

Before the new site is swapped in, every file in the staging folder is read back (its name, its text,
and the search index decompressed and decoded) and looked up against the fingerprints of the closed
text (generator/leakguard.py). Each text is normalised and split into words once, and its words and
runs of words are looked up in hash sets, so the check is linear in the size of the output. Any hit
stops the build: the staging folder is discarded and the previous site is left as it was. Messages
name the closed item by content file and line and the output file; they never quote the text.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator
from pathlib import Path

from generator.errors import BuildError, ContentError, SourceLocation
from generator.leakguard import Fingerprints, Origin, runs_of, words
from generator.sitefiles import GZIP_MAGIC, UnreadableOutput, index_words, json_text, layers, written_files

SHOWN_FILES = 3
FILE_HIT = ": its file"
HOW_TO_REPORT = ("nothing was published and the previous site is left as it was; this means the redaction "
                 "failed: report it to whoever maintains minutes-archive, without sending the closed text")


class ClosedTextInOutput(BuildError):
    """The build wrote closed text (or a closed attachment's file); the new site is discarded."""


def verify_output(site: Path, fingerprints: Fingerprints) -> int:
    """Check every file below the staging folder; return how many; raise ClosedTextInOutput on a hit."""
    found: dict[Origin, list[str]] = {}
    count = 0
    try:
        for written in written_files(site):
            count += 1
            for origin in _scan_file(written.path, written.data, written.link, fingerprints):
                files = found.setdefault(origin, [])
                if written.path not in files:
                    files.append(written.path)
    except (UnreadableOutput, OSError) as error:
        problem = error.strerror if isinstance(error, OSError) else str(error)
        raise ClosedTextInOutput([ContentError(SourceLocation("(the new site)"),
                                               f"a written file cannot be checked for closed text: {problem}",
                                               HOW_TO_REPORT)]) from None
    if found:
        raise ClosedTextInOutput([_message(origin, files) for origin, files in found.items()])
    return count


def _scan_file(path: str, data: bytes, link: bool, fingerprints: Fingerprints) -> Iterator[Origin]:
    yield from _scan_words(words(path), fingerprints)
    if link:
        yield from _scan_words(words(data.decode("utf-8", "replace")), fingerprints)
        return
    for layer in layers(path, data):
        if (origin := fingerprints.hashes.get(hashlib.sha256(layer.data).hexdigest())) is not None:
            yield Origin(origin.location, origin.what + FILE_HIT)
        if layer.pagefind:
            stems = index_words(layer.value) if path.endswith(".pf_index") else None
            if stems is not None:  # an index chunk holds word stems: looked up one by one
                found = words("\n".join(stems))
                yield from (fingerprints.long_words[word] for word in fingerprints.index_words.intersection(found))
            else:
                yield from _scan_words(words(json_text(path, layer.value)), fingerprints)
        elif not layer.data.startswith(GZIP_MAGIC):
            yield from _scan_words(_text_words(path, layer.data), fingerprints)


def _text_words(path: str, data: bytes) -> list[bytes]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []  # not text (images, PDF files): compared by their hash only
    if path.endswith(".json"):
        try:
            return words(json_text(path, json.loads(text)))
        except ValueError:
            pass
    if path.endswith(".ics"):  # iCalendar folds long lines and escapes line breaks
        text = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\\n", "\n").replace("\\N", "\n")
    return words(html.unescape(text))


def _scan_words(found: list[bytes], fingerprints: Fingerprints) -> Iterator[Origin]:
    yield from (fingerprints.long_words[word] for word in fingerprints.long_keys.intersection(found))
    for length, keys in fingerprints.run_keys.items():
        runs = fingerprints.runs[length]
        yield from (runs[run] for run in keys.intersection(runs_of(found, length)))


def _message(origin: Origin, files: list[str]) -> ContentError:
    shown = ", ".join(files[:SHOWN_FILES])
    more = f" (and {len(files) - SHOWN_FILES} more)" if len(files) > SHOWN_FILES else ""
    if origin.what.endswith(FILE_HIT):
        return ContentError(origin.location, f"{origin.what} is published, byte for byte, as {shown}{more}",
                            "if the same document is also attached to an open item under another name, remove it "
                            "there or close that attachment too; otherwise " + HOW_TO_REPORT)
    return ContentError(origin.location, f"{origin.what}: words of it were found in the new site, in {shown}{more}",
                        HOW_TO_REPORT)
