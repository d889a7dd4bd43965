"""What the previous build rendered: each page's input digest and the digest of the bytes it wrote.

Kept in the cache folder (`pages.json`), never in the output. A page whose inputs have the same digest
as last time would render to the same bytes, so the build takes the current site's file instead,
after checking that the file still holds exactly the bytes recorded (a file changed by hand, or by a
build that did not record it, is rendered again). The record is only ever an aid: one that cannot be
read is ignored, and one that cannot be written is a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import cast

from generator.publish.sitefiles import Identity

MAGIC = "minutes-rendered-pages 2"
RECORD = "pages.json"


@dataclass(frozen=True)
class Rendered:
    """One page as the previous build made it: the digest of its inputs and of its bytes (hex).

    `identity` is its file's identity in the site, when it was settled (see settled_identity): a file
    that still has it holds these bytes, and is taken without reading it.
    """

    inputs: str
    output: str
    identity: Identity | None = None


def output_digest(data: bytes) -> str:
    """The digest of a written file's bytes, as the record keeps it."""
    return hashlib.sha256(data).hexdigest()


def read_templates(templates_dir: Path) -> dict[str, bytes]:
    """Read every file of the templates folder by its name there, following linked folders as Jinja does."""
    files: dict[str, bytes] = {}
    _read_folder(templates_dir, "", frozenset(), files)
    return files


def _read_folder(folder: Path, prefix: str, above: frozenset[tuple[int, int]], files: dict[str, bytes]) -> None:
    status = folder.stat()
    above = above | {(status.st_dev, status.st_ino)}
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda entry: entry.name)
    for entry in found:
        path = Path(entry.path)
        if entry.is_dir():  # a linked folder too: Jinja and the interface words read through links
            inner = entry.stat()
            if (inner.st_dev, inner.st_ino) not in above:  # a link back up would hold only files already read
                _read_folder(path, f"{prefix}{entry.name}/", above, files)
        elif entry.is_file():
            files[prefix + entry.name] = path.read_bytes()


def zone_file(key: str) -> bytes:
    """Return the bytes of the time-zone file zoneinfo reads for a key: the system's first, else tzdata's."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder, *key.split("/"))
        if path.is_file():
            return path.read_bytes()
    try:
        return resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except (ImportError, OSError):
        return b""


# The libraries that run while a page is made. Each is a requirement of the project, so its version is
# digested already; what they require in turn is not (MarkupSafe escapes every value a template prints,
# mdurl writes the links of Markdown). Every lookup costs a millisecond or two, so not the whole project's.
PAGE_LIBRARIES = ("jinja2", "markdown-it-py", "nh3", "pyyaml", "tzdata")


def installed_versions(roots: tuple[str, ...] = PAGE_LIBRARIES) -> str:
    """Return the versions of what some installed libraries require, and of what those require, all the way down."""
    versions: dict[str, str] = {}
    waiting = list(roots)
    while waiting:
        try:
            requirements = metadata.requires(waiting.pop()) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requirements:
            if "extra ==" in requirement:
                continue
            name = re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            if name and name not in versions:
                try:
                    versions[name] = metadata.version(name)
                except metadata.PackageNotFoundError:
                    versions[name] = "missing"
                waiting.append(name)
    return ";".join(f"{name}=={version}" for name, version in sorted(versions.items()))


def environment_digest(templates: Mapping[str, bytes], code: str, libraries: str, zone: bytes = b"") -> bytes:
    """Digest what every page depends on besides its context: the templates, the code, the libraries, the time zone."""
    state = hashlib.sha256(f"{MAGIC}\0{code}\0{libraries}\0".encode("utf-8", "surrogatepass"))
    state.update(len(zone).to_bytes(8, "big") + zone)
    for name, data in sorted(templates.items()):
        state.update(name.encode("utf-8", "surrogatepass") + b"\0" + len(data).to_bytes(8, "big") + data)
    return state.digest()


def load_rendered(cache_dir: Path | None) -> dict[str, Rendered]:
    """Read the previous build's record; an empty one when there is none or it cannot be read."""
    if cache_dir is None:
        return {}
    try:
        data = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
        if data.get("magic") != MAGIC:
            return {}
        return {str(path): _entry(*fields) for path, fields in data["pages"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _entry(inputs: object, output: object, *known: object) -> Rendered:
    if len(known) != 4 or not all(isinstance(number, int) for number in known):
        return Rendered(str(inputs), str(output))  # no identity recorded: the file is read
    return Rendered(str(inputs), str(output), cast(Identity, tuple(known)))


def write_atomically(folder: Path, name: str, data: bytes) -> None:
    """Write a file of the cache folder whole or not at all (a temporary file, then a rename); raise OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_rendered(cache_dir: Path | None, pages: dict[str, Rendered]) -> list[str]:
    """Write this build's record atomically; return a warning if it cannot be written."""
    if cache_dir is None:
        return []
    text = json.dumps({"magic": MAGIC, "pages": {path: [entry.inputs, entry.output, *(entry.identity or ())]
                                                  for path, entry in sorted(pages.items())}},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        write_atomically(cache_dir, RECORD, text.encode("utf-8"))
    except OSError as error:
        return [f"the record of rendered pages cannot be written to {cache_dir}: {error.strerror}; "
                "the next build renders every page again"]
    return []
