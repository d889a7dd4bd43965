"""The build's own leak guard: it reads back everything it wrote and stops on closed text.

Each test breaks redaction (or the search index) on purpose and shows the guard catching it through the
real command line: exit 1, the closed item named by file and line, the output file named, the closed
text never quoted, and the previous site left byte-identical. Other tests show it does not cry wolf.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import cbor2
import pytest
from click.testing import CliRunner, Result

from benchmarks.synth import write_archive
from generator import redaction
from generator.build import DEFAULT_TEMPLATES
from generator.cli import main
from generator.content.load import load_content
from generator.model import Attachment, AttachmentSource, Status
from generator.publish import search
from generator.publish.leakguard import fingerprint
from generator.publish.pagefind_order import SIGNATURE
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text, run_build
from tests.leakscan import tree_digest

SECRETS = ("zqlukket", "zqfortrolig", "medarbejders opsigelse", "helbred og fravær")
CLOSED_SENTENCE = "Zqlukketsagstekst vedrørende en navngiven medarbejders opsigelse efter samtalen"
ITEMS = f"""\
# 1. Økonomi
status: åben
attachments:
  - number: 1
    title: Notat om budget
    ref: 1/24
    status: åben
    file: files/budget.pdf
  - number: 2
    status: lukket
    title: Zqlukketbilagtitel notat
    file: files/zqlukketfil.pdf

## Sagsfremstilling

Det indstilles, at punktet drøftes. [fortroligt]Zqfortroligpassage om medarbejderens helbred og fravær[/fortroligt]

# 2. Personalesag
status: lukket

## Sagsfremstilling

Det indstilles, at punktet drøftes. {CLOSED_SENTENCE}.

## Offentlig beslutning

Direktionen traf beslutning i sagen.
"""
MEETING = meeting_text(items=ITEMS)
PAGE = "direktionen/2024-03-06/index.html"


def line_of(needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the meeting file where `needle` starts a line for the n-th time."""
    lines = [n for n, line in enumerate(MEETING.split("\n"), start=1) if line.startswith(needle)]
    return lines[occurrence - 1]


@pytest.fixture
def site(content: ContentFactory, tmp_path: Path) -> tuple[Path, Path, str]:
    """A fixture content folder built once into site/: (content folder, site, digest of the site)."""
    content.meeting("d/m.md", MEETING)
    content.file("files/budget.pdf", b"%PDF-1.4 budget\n")
    content.file("files/zqlukketfil.pdf", b"%PDF-1.4 lukket indhold, kun til direktionen\n")
    out = tmp_path / "site"
    assert build_cli(content.root, out).exit_code == 0
    return content.root, out, tree_digest(out)


def build_cli(content_dir: Path, out: Path) -> Result:
    """Run `minutes build` in-process (so monkeypatches apply)."""
    return CliRunner().invoke(main, ["build", "--content", str(content_dir), "--out", str(out)])


def assert_caught(result: Result, out: Path, digest: str, location: str, what: str) -> str:
    """Assert the build failed cleanly on closed text; return the error line that names it."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for secret in SECRETS:
        assert secret not in result.output.casefold()
    assert "The previous site in" in result.output
    assert tree_digest(out) == digest
    assert not list(out.parent.glob(".site.new-*"))
    line = next((line for line in result.output.splitlines() if f"meetings/d/m.md:{location}: {what}" in line), None)
    assert line is not None, result.output
    return line


def test_a_closed_item_rendered_by_a_broken_redaction_is_caught(site: tuple[Path, Path, str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir, out, digest = site
    original = redaction.redact_item
    monkeypatch.setattr(redaction, "redact_item", lambda item, base: original(replace(item, status=Status.OPEN), base))
    line = assert_caught(build_cli(content_dir, out), out, digest, str(line_of("## Sagsfremstilling", 2)),
                         "closed item 2: words of it were found in the new site, in ")
    assert PAGE in line and re.search(r"pagefind/[\w-]+/fragment/", line), line


def test_a_closed_attachment_file_published_under_another_name_is_caught(site: tuple[Path, Path, str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir, out, digest = site
    original = redaction.redact_attachment

    def broken(attachment: AttachmentSource, item_number: int, files_base: str) -> Attachment:
        if attachment.status is Status.OPEN:
            return original(attachment, item_number, files_base)
        return Attachment(attachment.number, closed=False, title="Bilag", ref=None,
                          file=f"{files_base}/{item_number}-{attachment.number}-bilag.pdf")

    monkeypatch.setattr(redaction, "redact_attachment", broken)
    line = assert_caught(build_cli(content_dir, out), out, digest, str(line_of("  - number: 2")),
                         "closed attachment 2 of item 1: its file is published, byte for byte, as ")
    assert line.endswith("as direktionen/2024-03-06/bilag/1-2-bilag.pdf")


def test_a_copy_of_a_closed_attachment_attached_as_open_is_caught(site: tuple[Path, Path, str],
                                                                   content: ContentFactory) -> None:
    content_dir, out, digest = site
    content.file("files/kopi.pdf", (content_dir / "files/zqlukketfil.pdf").read_bytes())
    content.meeting("d/m.md", MEETING.replace("file: files/budget.pdf", "file: files/kopi.pdf"))
    line = assert_caught(build_cli(content_dir, out), out, digest, str(line_of("  - number: 2")),
                         "closed attachment 2 of item 1: its file is published, byte for byte, as ")
    assert line.endswith("bilag/1-1-kopi.pdf")


def test_a_confidential_passage_left_in_is_caught(site: tuple[Path, Path, str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir, out, digest = site
    monkeypatch.setattr(redaction, "remove_passages", lambda text: text)
    line = assert_caught(build_cli(content_dir, out), out, digest, str(line_of("## Sagsfremstilling")),
                         "a confidential passage of item 1 (in the part starting at this line): words of it")
    assert PAGE in line


def rewrite(bundle: Path, folder: str, change: Callable[[Any], Any]) -> None:
    """Rewrite the first Pagefind data file of a folder of the bundle, as Pagefind writes them."""
    path = min((bundle / folder).iterdir())
    data = gzip.decompress(path.read_bytes())[len(SIGNATURE):]
    is_json = data[:1] == b"{"
    value = change(json.loads(data) if is_json else cbor2.loads(data))
    encoded = value if isinstance(value, bytes) else json.dumps(value).encode() if is_json else cbor2.dumps(value)
    path.write_bytes(gzip.compress(SIGNATURE + encoded, mtime=0))


def add_to_fragment(value: Any) -> Any:
    value["content"] += f" {CLOSED_SENTENCE}."
    return value


def add_to_index(value: Any) -> Any:
    value[0].append(["zqlukketsagstekst", [[0, [1], []]], []])
    return value


def add_to_filter(value: Any) -> Any:
    value[1].append([CLOSED_SENTENCE, [0]])
    return value


@pytest.mark.parametrize(("folder", "change"), [("fragment", add_to_fragment), ("index", add_to_index),
                                                ("filter", add_to_filter)])
def test_closed_text_only_in_the_search_index_is_caught(site: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch,
                                                        folder: str, change: Callable[[Any], Any]) -> None:
    content_dir, out, digest = site
    original = search.order_bundle

    def leaky_index(bundle: Path) -> None:
        original(bundle)
        rewrite(bundle, folder, change)

    monkeypatch.setattr(search, "order_bundle", leaky_index)
    monkeypatch.setattr(search, "reuse_shard", lambda *args: False)  # the pages are unchanged: index them anyway
    line = assert_caught(build_cli(content_dir, out), out, digest, str(line_of("## Sagsfremstilling", 2)),
                         "closed item 2: words of it were found in the new site, in ")
    assert re.search(rf"in pagefind/[\w-]+/{folder}/da_\w+\.pf_{folder}$", line), line  # in the shard


def test_closed_text_in_a_shard_linked_from_the_previous_site_is_caught(site: tuple[Path, Path, str]) -> None:
    content_dir, out, _ = site
    shard = search.shard_folders(out)[0]
    rewrite(shard, "fragment", add_to_fragment)  # as if the previous build had let it through
    digest = tree_digest(out)
    line = assert_caught(build_cli(content_dir, out), out, digest, str(line_of("## Sagsfremstilling", 2)),
                         "closed item 2: words of it were found in the new site, in ")
    assert re.search(rf"in pagefind/{shard.name}/fragment/da_\w+\.pf_fragment$", line), line


def test_search_data_that_cannot_be_decoded_stops_the_build(site: tuple[Path, Path, str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir, out, digest = site
    original = search.order_bundle

    def broken_index(bundle: Path) -> None:
        original(bundle)
        rewrite(bundle, "fragment", lambda value: b"{not json")

    monkeypatch.setattr(search, "order_bundle", broken_index)
    monkeypatch.setattr(search, "reuse_shard", lambda *args: False)
    result = build_cli(content_dir, out)
    assert result.exit_code == 1
    assert re.search(r"\(the new site\): a written file cannot be checked for closed text: pagefind/[\w-]+/fragment/",
                     result.output)
    assert tree_digest(out) == digest


def test_the_summary_line_says_what_was_checked(site: tuple[Path, Path, str]) -> None:
    content_dir, out, _ = site
    result = build_cli(content_dir, out)
    assert result.exit_code == 0, result.output
    summary = re.fullmatch(r"Built 1 meetings \(2 items, \d+ pages\) into .*site/, checked (\d+) files: no closed "
                           r"text \[load .*, index \d+\.\d\ds, verify \d+\.\d\ds\]", result.output.strip())
    assert summary, result.output
    assert int(summary.group(1)) == sum(1 for path in out.rglob("*") if path.is_file())


def test_the_fingerprints_are_never_shown(site: tuple[Path, Path, str]) -> None:
    content_dir, _, _ = site
    config, sources = load_content(content_dir)
    fingerprints = fingerprint(config, sources, content_dir, DEFAULT_TEMPLATES)
    assert fingerprints.long_words and fingerprints.runs and fingerprints.hashes  # the guard has something to find
    assert not any(secret in repr(fingerprints).casefold() for secret in SECRETS)
    assert re.fullmatch(r"<Fingerprints of \d+ fragments>", repr(fingerprints))


def test_no_false_alarm_when_closed_text_shares_ordinary_phrases_with_open_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content_dir)
    # Sentences, a heading and an attachment's title and reference that open items of the demo publish.
    shared = ("Det indstilles, at punktet drøftes.\n\nDirektionen følger den økonomiske udvikling og vurderer løbende "
              "budgetopfølgningerne på de forskellige områder.\n\n## Økonomiske konsekvenser\n\n"
              "Direktionen gennemgik budgetopfølgning per ultimo august.")
    items = (f"# 1. Økonomi\nstatus: lukket\nattachments:\n  - number: 1\n    status: lukket\n"
             f"    title: Kort resume hovedoversigten august 2023\n    ref: 90145/23\n\n"
             f"## Sagsfremstilling\n\n{shared}\n\n## Indstilling\n\nDet indstilles, at punktet drøftes.\n\n"
             f"## Beslutning\n\n{shared} Zqlukketsagstekst om en enkelt medarbejder.\n")
    text = meeting_text(date="2023-12-06", items=items)
    (content_dir / "meetings/direktionen/2023-12-06.md").write_text(text, encoding="utf-8")
    report = run_build(content_dir, tmp_path / "site")
    assert report.checked_files > 50 and "verify" in dict(report.timings)
    # The same item is still guarded: a broken redaction is caught, and only for its distinctive text.
    original = redaction.redact_item
    monkeypatch.setattr(redaction, "redact_item", lambda item, base: original(replace(item, status=Status.OPEN), base))
    result = build_cli(content_dir, tmp_path / "site")
    assert result.exit_code == 1
    lines = text.split("\n")
    secret = next(n for n, line in enumerate(lines) if "Zqlukket" in line)
    line = max(n for n in range(secret) if lines[n].startswith("## ")) + 1  # the heading of its section
    assert f"direktionen/2023-12-06.md:{line}: closed item 1: words of it were found" in result.output, result.output
    assert result.output.count("words of it were found") == 1


def test_no_false_alarm_on_the_demo_or_a_synthetic_archive(tmp_path: Path) -> None:
    report = run_build(DEMO_CONTENT, tmp_path / "demo")
    assert report.checked_files == sum(1 for path in (tmp_path / "demo").rglob("*") if path.is_file())
    # One item in eight is closed, written from the same few dozen words as the open ones: every run of
    # its words is made of public words, so none is kept as a fingerprint, and none can be a false alarm.
    synthetic = write_archive(tmp_path / "synth", 30)
    config, sources = load_content(synthetic)
    assert not fingerprint(config, sources, synthetic, DEFAULT_TEMPLATES).runs
    assert run_build(synthetic, tmp_path / "synth-site").checked_files > 30


def test_no_false_alarm_on_a_closed_word_that_is_the_stem_of_a_public_one(content: ContentFactory,
                                                                          tmp_path: Path) -> None:
    items = ("# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\nDirektionen gennemgik budgetopfølgningerne.\n\n"
             "# 2. Personalesag\nstatus: lukket\n\n## Sagsfremstilling\n\nBudgetopfølgning.\n")
    content.meeting("d/m.md", meeting_text(items=items))
    run_build(content.root, tmp_path / "site")
    chunk = next((tmp_path / "site/pagefind").glob("*/index/*"))
    stems = [entry[0] for part in cbor2.loads(gzip.decompress(chunk.read_bytes())[len(SIGNATURE):]) for entry in part]
    assert "budgetopfølgning" in stems and "budgetopfølgningerne" not in stems  # what the index holds: the stem
