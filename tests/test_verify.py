"""The leak guard's speed-ups keep it a guard: text-free per-meeting fingerprints, the worker pool, the manifest.

Each shortcut is shown not to open a hole: a MeetingPrints holds no closed word in any byte; the pool gives
the same verdict as one process; a file the manifest knows clean is looked at again as soon as the closed
text changes, so a stale page that an incremental build kept is still caught.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import DEFAULT_TEMPLATES, BuildOptions, BuildReport, build
from generator.content.load import load_content
from generator.publish.leakguard import Fingerprints, combine_prints, fingerprint, meeting_prints
from generator.publish.leakwords import words
from generator.publish.verify import MANIFEST, Checked, ClosedTextInOutput, verify_output
from generator.publish.write import MARKER_TEXT, SITE_MARKER
from generator.render.pages import load_strings
from tests.conftest import ContentFactory, meeting_text

SECRET = "Zqforældet sagstekst om en navngiven medarbejders afskedigelse efter samtalen"
PASSAGE = "Zqfortrolig oplysning om borgerens helbredsoplysninger"
OPEN_ITEMS = f"""\
# 1. Økonomi
status: åben
attachments:
  - number: 1
    status: lukket
    title: Zqbilagtitel hemmeligt notat
    file: files/zqbilagfil.pdf

## Sagsfremstilling

Budgettet blev gennemgået. [fortroligt]{PASSAGE}[/fortroligt]

# 2. Personalesag
status: åben

## Sagsfremstilling

{SECRET}.
"""
CLOSED_ITEMS = OPEN_ITEMS.replace("# 2. Personalesag\nstatus: åben", "# 2. Personalesag\nstatus: lukket")
PAGE = "direktionen/2024-03-06/index.html"


def options(content: ContentFactory, tmp_path: Path) -> BuildOptions:
    """Build options with a cache folder beside the site (no search index: the pages are enough here)."""
    return BuildOptions(content_dir=content.root, out_dir=tmp_path / "site", search=False,
                        cache_dir=tmp_path / "cache")


def closed_words() -> set[bytes]:
    """Every normalised word of the closed text of CLOSED_ITEMS."""
    return {word for text in (SECRET, PASSAGE, "Zqbilagtitel hemmeligt notat zqbilagfil") for word in words(text)}


def test_meeting_prints_hold_no_closed_text(content: ContentFactory) -> None:
    content.meeting("d/m.md", meeting_text(items=CLOSED_ITEMS))
    content.file("files/zqbilagfil.pdf", b"%PDF-1.4 zqbilagindhold\n")
    config, sources = load_content(content.root)
    prints = meeting_prints(sources[0], content.root, load_strings(DEFAULT_TEMPLATES, config.language))
    assert prints.runs and prints.long_words and prints.hashes  # the guard has something to look for
    data = pickle.dumps(prints)
    distinctive = {word for word in closed_words() | {b"zqbilagindhold"} if len(word) >= 6}  # "en" occurs by chance
    assert len(distinctive) >= 8
    for word in distinctive:
        assert word not in data.lower() and word.decode() not in data.decode("latin-1").casefold()
    assert pickle.loads(data).runs == prints.runs  # picklable as it is, for the per-meeting cache
    again = meeting_prints(sources[0], content.root, load_strings(DEFAULT_TEMPLATES, config.language))
    assert pickle.dumps(again) == data  # the same meeting gives the same bytes
    assert "zq" not in repr(prints).casefold()


def test_combining_per_meeting_prints_is_fingerprint(content: ContentFactory) -> None:
    content.meeting("d/m.md", meeting_text(items=CLOSED_ITEMS))
    content.meeting("d/n.md", meeting_text(date="2024-04-06"))
    content.file("files/zqbilagfil.pdf")
    config, sources = load_content(content.root)
    strings = load_strings(DEFAULT_TEMPLATES, config.language)
    combined = combine_prints(config, [meeting_prints(s, content.root, strings) for s in sources], DEFAULT_TEMPLATES)
    whole = fingerprint(config, sources, content.root, DEFAULT_TEMPLATES)
    assert combined.digest() == whole.digest() and combined.runs == whole.runs


def test_a_second_build_with_nothing_changed_reads_no_file_again(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/m.md", meeting_text(items=CLOSED_ITEMS))
    content.file("files/zqbilagfil.pdf")
    first = build(options(content, tmp_path))
    assert first.checked_files == first.scanned_files > 10
    assert (tmp_path / "cache" / MANIFEST).is_file()
    second = build(options(content, tmp_path))
    assert (second.checked_files, second.scanned_files) == (first.checked_files, 0)
    manifest = (tmp_path / "cache" / MANIFEST).read_text(encoding="utf-8")
    assert not closed_words() & set(words(manifest))


def test_a_broken_manifest_means_reading_everything(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/m.md", meeting_text(items=CLOSED_ITEMS))
    content.file("files/zqbilagfil.pdf")
    first = build(options(content, tmp_path))
    manifest = tmp_path / "cache" / MANIFEST
    for broken in (b"{not json", b"[]", json.dumps({"fingerprints": "x", "files": {}}).encode()):
        manifest.write_bytes(broken)
        again = build(options(content, tmp_path))
        assert again.scanned_files == again.checked_files == first.checked_files
    assert build(options(content, tmp_path)).scanned_files == 0  # rewritten whole


def test_a_changed_file_is_read_again(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/m.md", meeting_text(items=CLOSED_ITEMS))
    content.file("files/zqbilagfil.pdf")
    build(options(content, tmp_path))
    content.meeting("d/n.md", meeting_text(date="2024-04-06"))
    report = build(options(content, tmp_path))
    assert 0 < report.scanned_files < report.checked_files


def test_a_stale_page_kept_after_an_item_is_closed_is_caught(content: ContentFactory, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("d/m.md", meeting_text(items=OPEN_ITEMS))
    content.file("files/zqbilagfil.pdf")
    build(options(content, tmp_path))
    stale = (tmp_path / "site" / PAGE).read_bytes()
    assert b"Zqfor\xc3\xa6ldet" in stale  # the item was open: its text was verified clean on this page
    assert build(options(content, tmp_path)).scanned_files == 0
    content.meeting("d/m.md", meeting_text(items=CLOSED_ITEMS))
    original = build_module.copy_assets

    def keeps_the_old_page(templates_dir: Path, staging: Path) -> None:  # runs once the pages are written
        original(templates_dir, staging)
        (staging / PAGE).unlink()  # it may be a hard link to the current site's file, which must stay as it is
        (staging / PAGE).write_bytes(stale)  # as an incremental build that missed the change would

    monkeypatch.setattr(build_module, "copy_assets", keeps_the_old_page)
    with pytest.raises(ClosedTextInOutput) as caught:
        build(options(content, tmp_path))
    message = caught.value.report()
    assert "closed item 2: words of it were found in the new site, in " + PAGE in message
    assert "zqfor" not in message.casefold()
    assert (tmp_path / "site" / PAGE).read_bytes() == stale  # the previous site stays


def test_the_pool_gives_the_same_verdict_as_one_process(content: ContentFactory, tmp_path: Path) -> None:
    for day in range(1, 9):
        items = OPEN_ITEMS.replace("Zqforældet", f"Zqforældet{day}")
        content.meeting(f"d/{day}.md", meeting_text(date=f"2024-03-{day:02}", items=items))
    content.file("files/zqbilagfil.pdf")
    report: BuildReport = build(options(content, tmp_path))
    for day in range(1, 9):  # the items are closed now: the site built before holds their text everywhere
        items = CLOSED_ITEMS.replace("Zqforældet", f"Zqforældet{day}")
        content.meeting(f"d/{day}.md", meeting_text(date=f"2024-03-{day:02}", items=items))
    config, sources = load_content(content.root)
    fingerprints = fingerprint(config, sources, content.root, DEFAULT_TEMPLATES)
    reports = []
    for workers in (1, 2, 3):
        with pytest.raises(ClosedTextInOutput) as caught:
            verify_output(tmp_path / "site", fingerprints, workers=workers)
        reports.append(caught.value.report())
    assert reports[0] == reports[1] == reports[2]
    assert reports[0].count("closed item 2: words of it") == 8 and "(and " in reports[0]
    assert verify_output(tmp_path / "site", fingerprint(config, [], content.root, DEFAULT_TEMPLATES),
                         workers=2).files == report.checked_files


@pytest.mark.parametrize("written", ["Møde\u00a0Zqhemmeligsagsord", "Ｚｑｈｅｍｍｅｌｉｇｓａｇｓｏｒｄ",
                                     "Zq\u00adhemmelig\u200bsagsord", "ZQHEMMELIGSAGSORD"])
def test_closed_words_are_found_however_they_are_written(content: ContentFactory, tmp_path: Path,
                                                         written: str) -> None:
    items = "# 1. Personalesag\nstatus: lukket\n\n## Sagsfremstilling\n\nZqhemmeligsagsord.\n"
    content.meeting("d/m.md", meeting_text(items=items))
    config, sources = load_content(content.root)
    fingerprints = fingerprint(config, sources, content.root, DEFAULT_TEMPLATES)
    site = tmp_path / "site"
    site.mkdir()
    (site / "side.html").write_text(f"<p>Punktet: {written} blev drøftet.</p>", encoding="utf-8")
    with pytest.raises(ClosedTextInOutput) as caught:
        verify_output(site, fingerprints)
    assert "closed item 1: words of it were found in the new site, in side.html" in caught.value.report()


def count_checked(site: Path) -> int:
    """Run the leak guard, asking for two processes, and return how many files it checked."""
    return verify_output(site, Fingerprints({}, {}, frozenset(), {}), workers=2).files


def test_a_build_in_a_pool_worker_checks_without_a_pool_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>Dagsorden</p>", encoding="utf-8")
    with multiprocessing.get_context("fork").Pool(1) as pool:  # its workers are daemonic: no children allowed
        assert pool.apply(count_checked, (tmp_path,)) == 1


def test_public_words_between_a_less_than_sign_and_a_quote_stay_public(content: ContentFactory,
                                                                       tmp_path: Path) -> None:
    # Found by test_no_leaks' generated archives: reading public text without its tags, '<' in "5 < 7" and
    # the '>' of a later quote cut "21" out of the public words, so a closed run ending in the same link
    # counted as closed text when the open page showed that link. Both meetings publish it; no alarm.
    open_items = ("# 1. Sag\nstatus: åben\n\n## Sagsfremstilling\n\nTal: 5 < 7.\n\n## Bilag til sagen\n\n"
                  "Se [sagen](https://example.dk/sag/21).\n\n> Et citat.\n")
    closed_items = ("# 1. Lukket sag\nstatus: lukket\n\n## Sagsfremstilling\n\n"
                    "Zqlukket omtale af [sagen](https://example.dk/sag/21)\n")
    content.meeting("d/a.md", meeting_text(date="2024-03-06", items=open_items))
    content.meeting("d/b.md", meeting_text(date="2024-03-13", items=closed_items))
    report = build(options(content, tmp_path))
    assert report.meetings == 2
    # The guard still looks for the closed item's own word.
    config, sources = load_content(content.root)
    assert fingerprint(config, sources, content.root, DEFAULT_TEMPLATES).closed_words


CLOSED_WORD = "Zqhemmeligsagsord"
PAGE_TEXT = "<p>Punktet: Abcdefghijklmnopq blev drøftet.</p>"  # the same length with CLOSED_WORD in it


def staged_site(tmp_path: Path, settled: bool = True) -> Path:
    """Write a staging folder with its marker and one page (last changed before the marker, if `settled`)."""
    site = tmp_path / "staging"
    site.mkdir()
    (site / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "side.html").write_text(PAGE_TEXT, encoding="utf-8")
    (site / "andet.html").write_text("<p>Dagsorden</p>", encoding="utf-8")
    if settled:
        marker = (site / SITE_MARKER).stat().st_mtime_ns
        for name in ("side.html", "andet.html"):
            os.utime(site / name, ns=(marker - 10**10, marker - 10**10))
    return site


def closed_fingerprints(content: ContentFactory) -> Fingerprints:
    """The fingerprints of one meeting with a closed item that says CLOSED_WORD."""
    items = f"# 1. Sag\nstatus: lukket\n\n## Sagsfremstilling\n\n{CLOSED_WORD}.\n"
    content.meeting("d/m.md", meeting_text(items=items))
    config, sources = load_content(content.root)
    return fingerprint(config, sources, content.root, DEFAULT_TEMPLATES)


def write_in_place(path: Path, old: str, new: str) -> None:
    """Overwrite a word of a file inside the file, as an editor or a tool that opens it for writing would."""
    assert len(old.encode()) == len(new.encode())
    with path.open("r+b") as handle:
        handle.seek(handle.read().index(old.encode()))
        handle.write(new.encode())


def test_a_file_with_the_recorded_identity_is_not_read_again(content: ContentFactory, tmp_path: Path) -> None:
    fingerprints, site, cache = closed_fingerprints(content), staged_site(tmp_path), tmp_path / "cache"
    assert verify_output(site, fingerprints, cache) == Checked(files=3, scanned=3, read=3)
    # Only the marker is read again: it was written when the staging folder was made, not before.
    assert verify_output(site, fingerprints, cache) == Checked(files=3, scanned=0, read=1)
    os.link(site / "side.html", tmp_path / "elsewhere.html")  # a link changes no byte: still not read
    assert verify_output(site, fingerprints, cache).read == 1


def test_a_file_written_in_place_is_read_again(content: ContentFactory, tmp_path: Path) -> None:
    fingerprints, site, cache = closed_fingerprints(content), staged_site(tmp_path), tmp_path / "cache"
    verify_output(site, fingerprints, cache)
    write_in_place(site / "side.html", "Abcdefghijklmnopq", CLOSED_WORD)  # the same size, the same inode
    with pytest.raises(ClosedTextInOutput) as caught:
        verify_output(site, fingerprints, cache)
    assert "words of it were found in the new site, in side.html" in caught.value.report()


def test_another_file_with_the_same_size_and_time_is_read(content: ContentFactory, tmp_path: Path) -> None:
    fingerprints, site, cache = closed_fingerprints(content), staged_site(tmp_path), tmp_path / "cache"
    verify_output(site, fingerprints, cache)
    before = (site / "side.html").stat()
    (tmp_path / "new.html").write_text(PAGE_TEXT.replace("Abcdefghijklmnopq", CLOSED_WORD), encoding="utf-8")
    os.utime(tmp_path / "new.html", ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(tmp_path / "new.html", site / "side.html")  # a copy, as on a file system without links
    assert (site / "side.html").stat().st_size == before.st_size
    with pytest.raises(ClosedTextInOutput):
        verify_output(site, fingerprints, cache)


def test_closing_an_item_reads_every_file_again(content: ContentFactory, tmp_path: Path) -> None:
    site, cache = staged_site(tmp_path), tmp_path / "cache"
    content.meeting("d/m.md", meeting_text(items=f"# 1. Sag\nstatus: åben\n\n## Sagsfremstilling\n\n{CLOSED_WORD}.\n"))
    config, sources = load_content(content.root)
    verify_output(site, fingerprint(config, sources, content.root, DEFAULT_TEMPLATES), cache)
    assert verify_output(site, fingerprint(config, sources, content.root, DEFAULT_TEMPLATES), cache).read == 1
    assert verify_output(site, closed_fingerprints(content), cache).read == 3


def test_a_file_changed_after_the_marker_or_without_one_is_read_every_time(content: ContentFactory,
                                                                          tmp_path: Path) -> None:
    fingerprints, site, cache = closed_fingerprints(content), staged_site(tmp_path, settled=False), tmp_path / "c"
    os.utime(site / "andet.html", ns=(0, (site / SITE_MARKER).stat().st_mtime_ns - 1))
    verify_output(site, fingerprints, cache)
    # side.html may have been written within the marker's timestamp: a write after the check could keep its time
    assert verify_output(site, fingerprints, cache).read == 2  # it and the marker, not andet.html
    (site / SITE_MARKER).unlink()  # not a staging folder: nothing is known by its identity
    verify_output(site, fingerprints, cache)
    assert verify_output(site, fingerprints, cache).read == 2


def test_each_build_writes_its_marker_before_its_pages(content: ContentFactory, tmp_path: Path) -> None:
    # What the identities in the manifest (and the index's digests) rely on: a fresh marker, older than
    # every file the build writes, so a file older than the marker was not written by this build.
    content.meeting("d/m.md", meeting_text())
    build(options(content, tmp_path))
    first = (tmp_path / "site" / SITE_MARKER).stat()
    content.meeting("d/m.md", meeting_text(items="# 1. Sag\nstatus: åben\n\n## Sagsfremstilling\n\nNy tekst.\n"))
    build(options(content, tmp_path))
    marker = (tmp_path / "site" / SITE_MARKER).stat()
    assert marker.st_ino != first.st_ino and marker.st_nlink == 1
    assert (tmp_path / "site" / PAGE).stat().st_mtime_ns >= marker.st_mtime_ns
