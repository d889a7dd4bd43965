"""Every output channel is documented, scanned, and carries no risky markup; the scanner itself works."""

from __future__ import annotations

import fnmatch
import gzip
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from tests.conftest import DEMO_CONTENT, meeting_text
from tests.leakscan import UnreadableOutput, audit_markup, build_options, find_markers, output_blobs

PROJECT_DIR = Path(__file__).resolve().parent.parent
SECURITY_DOC = PROJECT_DIR / "docs" / "security.md"
OPEN = "zqchannelopenxq"
CLOSED = "zqchannelshutxq"

ITEMS = f"""\
# 1. Bilag {OPEN}
status: åben
topics: [Emne {OPEN}]
attachments:
  - number: 1
    status: åben
    title: Notat {OPEN}
    ref: {OPEN}-1/24
    file: files/notat-{OPEN}.pdf
  - number: 2
    status: lukket
    title: {CLOSED} titel
    ref: {CLOSED}-2/24
    file: files/{CLOSED}.pdf

## Sagsfremstilling

Tekst {OPEN} [fortroligt]{CLOSED}[/fortroligt] med [link](https://example.dk/{OPEN}) og
<abbr title="{OPEN} forkortelse">KL</abbr>.

| a | b |
| - | -: |
| {OPEN} | <p>{OPEN}</p> |

# 2. Lukket {OPEN}
status: lukket
topics: [Emne {CLOSED}]

## Sagsfremstilling

{CLOSED} tekst.
"""


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content plus a meeting with open and closed attachments, built with every channel on."""
    root = tmp_path_factory.mktemp("channels")
    content = root / "content"
    shutil.copytree(DEMO_CONTENT, content)
    (content / "files").mkdir()
    (content / "files" / f"notat-{OPEN}.pdf").write_bytes(f"%PDF open {OPEN}\n".encode())
    (content / "files" / f"{CLOSED}.pdf").write_bytes(f"%PDF closed {CLOSED}\n".encode())
    (content / "meetings" / "direktionen" / "2024-03-06.md").write_text(meeting_text(items=ITEMS), "utf-8")
    site = root / "site"
    build(build_options(content, site, search=True, base_url="https://example.dk/referater/"))  # every channel
    return site


def documented_patterns() -> list[str]:
    """The path patterns of the channel table in docs/security.md."""
    text = SECURITY_DOC.read_text(encoding="utf-8")
    section = text.split("## Output channels", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [pattern for row in rows for pattern in re.findall(r"`([^`]+)`", row.split("|")[1])]


def test_every_output_file_is_a_documented_channel(full_site: Path) -> None:
    patterns = documented_patterns()
    assert "*.html" in patterns and "pagefind/*" in patterns
    files = [p.relative_to(full_site).as_posix() for p in full_site.rglob("*") if p.is_file()]
    assert any(f.endswith(f"notat-{OPEN}.pdf") for f in files)
    undocumented = [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
    assert undocumented == [], "add these output channels to docs/security.md"


def test_open_text_reaches_every_channel_and_closed_text_none(full_site: Path) -> None:
    found = find_markers(full_site, [OPEN, CLOSED])
    assert found[CLOSED] == []
    places = found[OPEN]
    assert any(place.endswith("(name)") for place in places)  # the attachment's file name
    assert any("bilag" in place and not place.endswith("(name)") for place in places)  # the file's bytes
    assert any(place.endswith("index.html") for place in places)


EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def test_every_page_carries_the_policy_and_no_risky_markup(full_site: Path) -> None:
    pages = sorted(full_site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        problems, policies = audit_markup(html)
        assert problems == [], page
        assert len(policies) == 1, page
        directives = {part.split()[0]: part.split()[1:] for part in policies[0].split(";") if part.strip()}
        assert directives == EXPECTED_CSP, page
        head = BeautifulSoup(html, "html.parser").head
        first = head.find_all(["meta", "link", "script", "style"])[:2]
        assert first[0].get("charset") == "utf-8" and first[1].get("http-equiv") == "Content-Security-Policy"


def test_the_audit_sees_risky_markup() -> None:
    html = ('<script>x()</script><p style="x" onclick="y">a</p><a href=" javascript:z">b</a>'
            '<iframe src="https://e"></iframe><img src="data:image/png;base64,AA">')
    problems, _ = audit_markup(html)
    assert sorted(problems) == sorted(["inline <script>", "<p onclick> event handler", "<p style> attribute",
                                       "<a href> with a javascript: URL", "<iframe> element",
                                       "<img src> with a data: URL"])


def test_the_scanner_opens_compressed_layers(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.json", f'{{"t": "{OPEN.upper()}"}}')
    (tmp_path / "x.bin").write_bytes(gzip.compress(inner.getvalue()))
    (tmp_path / "plain.txt").write_text("nothing")
    found = find_markers(tmp_path, [OPEN, CLOSED])
    assert found == {OPEN: ["x.bin → gzip → a.json"], CLOSED: []}
    (tmp_path / "y.zst").write_bytes(b"\x28\xb5\x2f\xfd\x00")
    with pytest.raises(UnreadableOutput):
        list(output_blobs(tmp_path))


def test_the_scanner_reads_pagefinds_compressed_index(full_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(full_site, site)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], check=True, capture_output=True)
    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments and not any(OPEN.encode() in f.read_bytes() for f in fragments)  # compressed on disk
    places = find_markers(site, [OPEN, CLOSED])
    assert any(".pf_fragment → gzip" in place for place in places[OPEN])
    assert any(".pf_index → gzip" in place for place in places[OPEN])
    assert places[CLOSED] == []
