"""The hostile corpus: malformed or hostile content either builds safely or fails cleanly.

Each case in tests/hostile/ (a meeting `NAME.md`, or site settings `NAME.site.yaml`) and each case made
here (symlinks, a 10 MB line, 10,000 items) is built through the real command line into an output folder
pre-filled with a previous site. A failing case must exit 1 with a message naming the file and line,
show no traceback, quote no closed text, and leave the output folder byte-identical; a case that builds
must produce pages with no risky markup, the Content-Security-Policy, and no closed text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.write import SITE_MARKER
from tests.conftest import SITE_YAML, meeting_text
from tests.leakscan import audit_markup, find_markers, tree_digest

HOSTILE = Path(__file__).resolve().parent / "hostile"
SECRET = "zqhostilesecretxq"  # written into closed text of the corpus: never in the output or a message


@dataclass(frozen=True)
class Fails:
    """The build must fail; the first error names this line of the case's file and says these words."""

    line: int
    words: str


@dataclass(frozen=True)
class Builds:
    """The build must succeed, and the meeting page show these texts literally."""

    shows: tuple[str, ...] = ()


CASES: dict[str, Fails | Builds] = {
    "empty.md": Fails(1, "must start with a line '---'"),
    "only-blank-lines.md": Fails(1, "must start with a line '---'"),
    "no-front-matter.md": Fails(1, "must start with a line '---'"),
    "front-matter-never-closed.md": Fails(1, "never closed"),
    "broken-yaml-indentation.md": Fails(10, "YAML cannot be read"),
    "yaml-anchor-and-alias.md": Fails(6, "anchors"),
    "yaml-alias-copies-closed-title.md": Fails(20, "aliases"),
    "yaml-merge-key.md": Fails(18, "merge keys"),
    "yaml-python-tag.md": Fails(6, "tags"),
    "yaml-duplicate-key.md": Fails(8, "appears twice"),
    "wrong-types.md": Fails(3, "'date' must be a text"),
    "status-yaml-boolean.md": Fails(16, "'status' must be"),
    "public-title-yes.md": Fails(21, "'public_title' must be true or false"),
    "invalid-utf8.md": Fails(20, "not valid UTF-8"),
    "byte-order-mark.md": Builds(("Budgettet blev gennemgået.",)),
    "crlf-line-endings.md": Builds(("Budgettet blev gennemgået.",)),
    "old-mac-line-endings.md": Builds(("Budgettet blev gennemgået.",)),
    "nul-byte.md": Fails(20, "NUL character"),
    "attachment-dotdot.md": Fails(21, "inside the content folder"),
    "attachment-absolute.md": Fails(21, "inside the content folder"),
    "attachment-backslash.md": Fails(21, "inside the content folder"),
    "closed-attachment-missing-file.md": Fails(20, "does not exist"),
    "script-in-title.md": Builds(("Økonomi <script>alert('titel')</script>",
                                  "Sagsfremstilling <img src=x onerror=alert(1)>")),
    "html-in-member-name.md": Builds(("Jonas <b onmouseover=alert(1)>Kroustrup</b>",
                                      "<iframe src=javascript:alert(1)>")),
    "raw-html-attacks.md": Builds(("klik", "stil")),
    "jinja-in-content.md": Builds(("Økonomi {{ 7*7 }}", "Sagsfremstilling {% raw %}", "{{ config.__class__ }}",
                                   "{{ site.title }} {% include 'base.html' %} {# kommentar #}")),
    "deeply-nested-list.md": Fails(27, "nested too deeply"),
    "deeply-nested-quote.md": Fails(22, "nested too deeply"),
    "deeply-nested-html.md": Fails(20, "nested more than"),
    "confusable-suffix.md": Fails(8, "'suffix' must use only a-z"),
    "unclosed-confidential-passage.md": Fails(20, "not closed in the same section"),
    "misspelt-confidential-marker.md": Fails(20, "looks like a confidential-passage marker"),
    "confidential-marker-in-title.md": Fails(15, "only be marked in an item's text"),
    "cpr-in-open-text.md": Fails(22, "CPR number"),
    "cpr-in-closed-item-and-passage.md": Builds(("journal 230815-0012.",)),
    "link-reference-from-closed-item.md": Builds(("Se [bilaget][hemmelig] og [x].",)),
    "html-comment-across-items.md": Builds(("Start",)),
    "text-before-first-item.md": Fails(15, "text before the first agenda item"),
    "unknown-field-in-closed-item.md": Fails(24, "unknown field 'notat'"),
    "huge-item-number.md": Fails(15, "should be number 1"),
    "tab-indented-yaml.md": Fails(9, "YAML cannot be read"),
    "unicode-tricks-in-title.md": Builds(("Øko\u202enomi",)),
    "very-long-title.md": Builds(("Økonomi Økonomi",)),
    "absent-not-a-member.md": Fails(8, "is listed as absent but is not a member"),
    "end-before-start.md": Fails(5, "ends before it starts"),
    "colliding-body-slugs.site.yaml": Fails(7, "used by two bodies"),
    "confusable-body-slug.site.yaml": Fails(7, "'slug' must use only a-z"),
    "reserved-body-slug.site.yaml": Fails(7, "used by the site's own pages"),
    "hostile-site-title.site.yaml": Builds(("</title><script>alert(1)</script> {{ 7*7 }}",
                                            "Udvalg {{ 7*7 }} & {% raw %}")),
    # Body names are search filter labels, which Pagefind's interface shows as HTML: refused, not escaped.
    "hostile-body-name.site.yaml": Fails(8, "'name' may not contain '<' or '>'"),
    "base-url-javascript.site.yaml": Fails(3, "'base_url' must be a path"),
    "language-path-traversal.site.yaml": Fails(2, "no interface words"),
    "site-yaml-alias.site.yaml": Fails(1, "anchors"),
    # importer (issue 11, point 7): the clerk's habits, accepted or refused with what to write instead.
    "importer-public-decision-with-words.md": Builds(("Offentlig beslutning i Direktionen den 06-03-2024",
                                                      "Direktionen traf beslutning i sagen.")),
    "importer-bilag-section.md": Fails(23, "does not make an attachment list"),
    "importer-table-without-separator.md": Fails(21, "table row without the line that makes it a table"),
    "importer-tab-in-header.md": Fails(12, "there is a tab on this line"),
}


def prefill(site: Path) -> str:
    """Make the output folder look like a previous site, and return its digest."""
    (site / "direktionen").mkdir(parents=True)
    (site / SITE_MARKER).write_text("This folder is made by 'minutes build'.\n", encoding="utf-8")
    (site / "index.html").write_text("<!doctype html><title>Forrige site</title>\n", encoding="utf-8")
    (site / "direktionen" / "index.html").write_text("forrige\n", encoding="utf-8")
    return tree_digest(site)


@dataclass(frozen=True)
class Outcome:
    """What one run of `minutes build` did."""

    code: int
    output: str
    site: Path
    before: str


def build_cli(root: Path) -> Outcome:
    """Run `python -m generator build` in root (content/ → site/), as a clerk would."""
    site = root / "site"
    before = prefill(site)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, errors="replace", timeout=300, env=env)
    return Outcome(result.returncode, result.stdout + result.stderr, site, before)


def check_clean_failure(outcome: Outcome, file: str, line: int, words: str) -> None:
    """A failure: exit 1, file and line, a hint, no traceback, no closed text, the old site untouched."""
    assert outcome.code == 1, outcome.output
    first = next(row for row in outcome.output.splitlines() if row.startswith("content/"))
    assert first.startswith(f"{file}:{line}:") or first.startswith(f"{file}:{line} "), outcome.output
    assert words in first, outcome.output
    assert "how to fix:" in outcome.output
    assert tree_digest(outcome.site) == outcome.before
    assert sorted(p.name for p in outcome.site.parent.iterdir()) == ["content", "site"]


def check_safe_site(outcome: Outcome, shows: tuple[str, ...] = ()) -> None:
    """A success: exit 0, no leftovers, safe markup and the policy on every page, no closed text."""
    assert outcome.code == 0, outcome.output
    assert sorted(p.name for p in outcome.site.parent.iterdir()) == ["content", "site"]
    assert find_markers(outcome.site, [SECRET])[SECRET] == []
    pages = sorted(outcome.site.rglob("*.html"))
    for page in pages:
        problems, policies = audit_markup(page.read_text(encoding="utf-8"))
        assert problems == [] and len(policies) == 1, page
    meeting = next(p for p in pages if p.parent.name.startswith("2024-"))
    text = " ".join(BeautifulSoup(meeting.read_text(encoding="utf-8"), "html.parser").get_text().split())
    for shown in shows:
        assert shown in text


def test_the_corpus_is_complete() -> None:
    files = sorted(p.name for p in HOSTILE.iterdir() if p.suffix in (".md", ".yaml"))
    assert len(files) >= 30
    assert files == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_case(name: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True)
    data = (HOSTILE / name).read_bytes()
    if name.endswith(".site.yaml"):
        (content / "site.yaml").write_bytes(data)
        (content / "meetings" / "m.md").write_text(meeting_text(), encoding="utf-8")
        file = "content/site.yaml"
    else:
        (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        (content / "meetings" / name).write_bytes(data)
        file = f"content/meetings/{name}"
    outcome = build_cli(tmp_path)
    assert "Traceback" not in outcome.output and SECRET not in outcome.output
    expected = CASES[name]
    if isinstance(expected, Fails):
        check_clean_failure(outcome, file, expected.line, expected.words)
    else:
        check_safe_site(outcome, expected.shows)


# --- cases made here: too big, too many, or needing links outside the content folder --------------

def _symlinked_meeting(content: Path, outside: Path) -> None:
    (outside / "m.md").write_text(meeting_text(), encoding="utf-8")
    (content / "meetings" / "m.md").symlink_to(outside / "m.md")


def _symlinked_folder(content: Path, outside: Path) -> None:
    (outside / "moeder").mkdir()
    (outside / "moeder" / "m.md").write_text(meeting_text(), encoding="utf-8")
    (content / "meetings" / "moeder").symlink_to(outside / "moeder", target_is_directory=True)
    (content / "meetings" / "a.md").write_text(meeting_text(date="2024-01-01"), encoding="utf-8")


def _symlinked_attachment(content: Path, outside: Path) -> None:
    (outside / "hemmelig.pdf").write_bytes(f"%PDF {SECRET}\n".encode())
    (content / "files").mkdir()
    (content / "files" / "bilag.pdf").symlink_to(outside / "hemmelig.pdf")
    items = "# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: åben\n    title: Bilag\n" \
            "    file: files/bilag.pdf\n\nTekst.\n"
    (content / "meetings" / "m.md").write_text(meeting_text(items=items), encoding="utf-8")


def _ten_megabyte_line(content: Path, outside: Path) -> None:
    items = "# 1. Sag\nstatus: åben\n\n## Tekst\n\n" + "ord " * 2_621_440 + "\n"
    (content / "meetings" / "m.md").write_text(meeting_text(items=items), encoding="utf-8")


def _file_over_the_size_limit(content: Path, outside: Path) -> None:
    paragraph = "Et langt referat med mange ord. " * 100 + "\n\n"
    items = "# 1. Sag\nstatus: åben\n\n## Tekst\n\n" + paragraph * 7000
    (content / "meetings" / "m.md").write_text(meeting_text(items=items), encoding="utf-8")


def _same_address_twice(content: Path, outside: Path) -> None:
    (content / "meetings" / "a.md").write_text(meeting_text(), encoding="utf-8")
    (content / "meetings" / "b.md").write_text(meeting_text(), encoding="utf-8")


GENERATED: dict[str, tuple[Callable[[Path, Path], None], str, int, str]] = {
    "symlinked meeting file": (_symlinked_meeting, "content/meetings/m.md", 1, "outside the content folder"),
    "symlinked attachment": (_symlinked_attachment, "content/meetings/m.md", 21, "outside the content folder"),
    "10 MB line": (_ten_megabyte_line, "content/meetings/m.md", 20, "longer than"),
    "file over 20 MB": (_file_over_the_size_limit, "content/meetings/m.md", 1, "larger than"),
    "two meetings at one address": (_same_address_twice, "content/meetings/a.md", 1, "same address"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_case(name: str, tmp_path: Path) -> None:
    make, file, line, words = GENERATED[name]
    content, outside = tmp_path / "content", tmp_path.parent / f"{tmp_path.name}-outside"
    (content / "meetings").mkdir(parents=True)
    outside.mkdir()
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    make(content, outside)
    outcome = build_cli(tmp_path)
    assert "Traceback" not in outcome.output and SECRET not in outcome.output
    check_clean_failure(outcome, file, line, words)


def test_linked_folders_are_refused_not_skipped(tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path.parent / f"{tmp_path.name}-outside"
    (content / "meetings").mkdir(parents=True)
    outside.mkdir()
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    _symlinked_folder(content, outside)
    (content / "meetings" / "inde").symlink_to(content / "meetings", target_is_directory=True)
    outcome = build_cli(tmp_path)
    assert "Traceback" not in outcome.output
    check_clean_failure(outcome, "content/meetings/inde", 1, "the folder is a link")
    assert "content/meetings/moeder:1: the file is a link to a place outside the content folder" in outcome.output


def test_ten_thousand_items_build_bounded(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    items = "".join(f"# {n}. Punkt <b>{n}</b>\nstatus: {'lukket' if n % 3 == 0 else 'åben'}\n\n## Tekst\n\n"
                    f"{SECRET if n % 3 == 0 else 'Tekst'} {n} med *fed* og <i>kursiv</i>.\n\n"
                    for n in range(1, 10_001))
    (content / "meetings" / "m.md").write_text(meeting_text(items=items), encoding="utf-8")
    outcome = build_cli(tmp_path)
    assert "Traceback" not in outcome.output
    check_safe_site(outcome, ("Punkt <b>10000</b>", "Tekst 9998 med fed og kursiv."))
    page = outcome.site / "direktionen" / "2024-03-06" / "index.html"
    assert page.stat().st_size < 20 * 2**20
    assert len(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("section.item")) == 10_000
