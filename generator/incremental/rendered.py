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
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAGIC = "minutes-rendered-pages 1"
RECORD = "pages.json"


@dataclass(frozen=True)
class Rendered:
    """One page as the previous build made it: the digest of its inputs and of its bytes (hex)."""

    inputs: str
    output: str


def output_digest(data: bytes) -> str:
    """The digest of a written file's bytes, as the record keeps it."""
    return hashlib.sha256(data).hexdigest()


def environment_digest(templates_dir: Path, code: str, libraries: str) -> bytes:
    """Digest what every page depends on besides its context: the templates, the code and the libraries."""
    state = hashlib.sha256(f"{MAGIC}\0{code}\0{libraries}\0".encode("utf-8", "surrogatepass"))
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file():
            state.update(path.relative_to(templates_dir).as_posix().encode("utf-8", "surrogatepass") + b"\0")
            state.update(path.read_bytes() + b"\0")
    return state.digest()


def load_rendered(cache_dir: Path | None) -> dict[str, Rendered]:
    """Read the previous build's record; an empty one when there is none or it cannot be read."""
    if cache_dir is None:
        return {}
    try:
        data = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
        if data.get("magic") != MAGIC:
            return {}
        return {str(path): Rendered(str(inputs), str(output)) for path, (inputs, output) in data["pages"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def save_rendered(cache_dir: Path | None, pages: dict[str, Rendered]) -> list[str]:
    """Write this build's record atomically; return a warning if it cannot be written."""
    if cache_dir is None:
        return []
    text = json.dumps({"magic": MAGIC, "pages": {path: [entry.inputs, entry.output]
                                                  for path, entry in sorted(pages.items())}},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".pages-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, cache_dir / RECORD)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        return [f"the record of rendered pages cannot be written to {cache_dir}: {error.strerror}; "
                "the next build renders every page again"]
    return []
