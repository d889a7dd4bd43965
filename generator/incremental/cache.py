"""The persistent per-meeting cache: one entry per meeting file, outside the output folder.

An entry is a pickled `MeetingResult` (public model, published files, warnings, leak-guard prints:
hashes only), keyed by the file's name and text, the site settings, the interface strings and the
code, and used only while the attachment files it read are unchanged. The names of those files may be
closed (a closed attachment's file name), so they are kept sealed with a key taken from the meeting
file's own text: the cache alone never tells them. Entries are written atomically;
one that cannot be read or is not ours is ignored and recomputed. The cache is only ever an aid: a
cache folder that cannot be used gives one warning and a build without it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from generator.content.sources import SourceText
from generator.incremental.meetingwork import MeetingResult, file_stamp
from generator.incremental.rendered import installed_versions
from generator.model import SiteConfig
from generator.render.pages import Strings

MAGIC = "minutes-meeting-cache 2"
ENTRIES = "meetings"
SUFFIX = ".pickle"
CODE_DIR = Path(__file__).resolve().parent.parent  # the whole generator package


def code_version(folder: Path = CODE_DIR) -> str:
    """Return a hash of the generator package's Python files: any change of code invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def library_versions() -> str:
    """Return Python's version and those of the libraries the build runs: an upgrade invalidates the cache."""
    try:
        requirements = metadata.requires("minutes-archive") or []
    except metadata.PackageNotFoundError:
        requirements = []
    names = sorted({re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0] for requirement in requirements
                    if "extra ==" not in requirement})
    versions = []
    for name in names:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return ";".join([sys.version, *versions])


def settings_digest(config: SiteConfig, strings: Strings, code: str | None = None) -> str:
    """Return a hash of everything besides the meeting file that a meeting's result depends on."""
    text = json.dumps([repr(config), sorted((str(k), repr(v)) for k, v in strings.items()),
                       code or code_version(), library_versions(), installed_versions()])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def seal(data: bytes, text: SourceText) -> bytes:
    """Seal (or unseal) bytes with a key stream taken from a meeting file's text: only its reader can read them."""
    stream = hashlib.shake_256(b"minutes-cache-seal\0" + text.text.encode("utf-8", "surrogatepass")).digest(len(data))
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


class MeetingCache:
    """Per-meeting results kept between builds under a folder; only public data and hashes."""

    def __init__(self, folder: Path, content_dir: Path) -> None:
        self.folder = folder / ENTRIES
        self.content_dir = content_dir
        self.settings = ""
        self.used: set[str] = set()
        self.pending: dict[str, tuple[MeetingResult, bytes]] = {}  # key → (result without stamps, sealed stamps)
        self.warnings: list[str] = []
        self.hits = 0
        self.writable = True

    def start(self, settings: str) -> None:
        """Set the digest of the site settings, strings and code that this build's entries belong to."""
        self.settings = settings

    def key(self, text: SourceText) -> str:
        """Return the key of a meeting file's entry."""
        digest = hashlib.sha256(self.settings.encode())
        for part in (text.name, text.text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def get(self, text: SourceText) -> MeetingResult | None:
        """Return the cached result of a meeting file, or None if there is none that may be used."""
        key = self.key(text)
        try:
            with open(self.folder / f"{key}{SUFFIX}", "rb") as handle:
                entry = pickle.load(handle)
        except Exception:  # missing, unreadable, truncated or not ours: recompute
            return None
        if not (isinstance(entry, tuple) and len(entry) == 4 and entry[0] == MAGIC and entry[1] == key
                and isinstance(entry[2], MeetingResult) and isinstance(entry[3], bytes)):
            return None
        try:
            stamps = pickle.loads(seal(entry[3], text))
        except Exception:  # not sealed with this text: recompute
            return None
        result: MeetingResult = dataclasses.replace(entry[2], stamps=stamps)
        if any(file_stamp(self.content_dir, name, folder=len(stamp) == 3) != (name, stamp)
               for name, stamp in result.stamps):
            return None
        self.used.add(key)
        self.hits += 1
        return result

    def put(self, text: SourceText, result: MeetingResult) -> None:
        """Keep a meeting's result until `save` (a failed build writes nothing, not even the cache)."""
        key = self.key(text)
        self.used.add(key)
        if result.cacheable:
            sealed = seal(pickle.dumps(result.stamps, protocol=pickle.HIGHEST_PROTOCOL), text)
            self.pending[key] = (dataclasses.replace(result, stamps=()), sealed)

    def save(self) -> None:
        """Write the new entries atomically and remove unused ones; a failure turns the cache off with a warning."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, (result, sealed) in sorted(self.pending.items()):
                data = pickle.dumps((MAGIC, key, result, sealed), protocol=pickle.HIGHEST_PROTOCOL)
                fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
                try:
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(data)
                    os.replace(temporary, self.folder / f"{key}{SUFFIX}")
                except BaseException:
                    os.unlink(temporary)
                    raise
        except OSError as error:
            self._give_up(error)
            return
        finally:
            self.pending.clear()
        self._prune()

    def _prune(self) -> None:
        """Remove the entries this build did not use, and temporary files a killed build left."""
        try:
            names: Iterable[str] = os.listdir(self.folder)
            for name in names:
                if name.startswith(".tmp-") or (name.endswith(SUFFIX) and name[:-len(SUFFIX)] not in self.used):
                    (self.folder / name).unlink(missing_ok=True)
        except OSError as error:
            self._give_up(error)

    def _give_up(self, error: OSError) -> None:
        if self.writable:
            self.warnings.append(f"the cache folder {self.folder.parent} cannot be used ({error.strerror or error}); "
                                 "building without it, which is slower; use --cache DIR or --no-cache")
        self.writable = False
