"""The per-meeting work and the process pool: same results and errors as one process, failures surface."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildReport, build
from generator.errors import BuildError
from generator.incremental import meetingwork
from generator.incremental.meetingwork import pool_map
from generator.model import OpenItem
from tests.conftest import ContentFactory, meeting_text
from tests.leakscan import tree_digest


def _square(number: int) -> int:
    return number * number


def _fail_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


def _die_on_seven(number: int) -> int:
    if number == 7:
        os._exit(3)
    return number


def test_the_pool_keeps_the_order_of_the_items() -> None:
    assert pool_map(_square, list(range(100)), workers=2, threshold=0) == [n * n for n in range(100)]


def test_an_exception_in_a_worker_is_raised_in_the_build() -> None:
    with pytest.raises(ValueError, match="seven"):
        pool_map(_fail_on_seven, list(range(50)), workers=2, threshold=0)


def test_a_worker_that_dies_stops_the_build_instead_of_hanging() -> None:
    with pytest.raises(BrokenProcessPool):
        pool_map(_die_on_seven, list(range(50)), workers=2, threshold=0)


def _process(_: int) -> int:
    return os.getpid()


def test_few_items_are_worked_on_in_this_process() -> None:
    assert pool_map(_process, [0] * 3, workers=2) == [os.getpid()] * 3
    assert os.getpid() not in pool_map(_process, [0] * 8, workers=2, threshold=0)


GIB = 2**30


@pytest.mark.parametrize(("resident", "available", "expected"), [
    (1 * GIB, 20 * GIB, 3), (2 * GIB, 6 * GIB, 2), (8 * GIB, 15 * GIB, 1), (8 * GIB, 512 * 2**20, 1)])
def test_as_many_workers_as_fit_each_counted_at_this_process_size(monkeypatch: pytest.MonkeyPatch, resident: int,
                                                                  available: int, expected: int) -> None:
    monkeypatch.setattr(meetingwork, "memory_now", lambda: (resident, available))
    assert meetingwork.fitting_workers(3) == expected


def test_memory_is_read_from_the_system() -> None:
    memory = meetingwork.memory_now()
    assert memory is not None
    resident, available = memory
    assert 10 * 2**20 < resident < available  # this test process, and the machine's free memory beyond it


def test_without_a_number_of_workers_a_pool_forks_only_the_workers_that_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    # The 100,000-meeting archive: a parent of 8 GiB with 15 GiB free would have two workers copy it.
    monkeypatch.setattr(meetingwork, "worker_count", lambda: 2)
    monkeypatch.setattr(meetingwork, "memory_now", lambda: (8 * GIB, 15 * GIB))
    assert pool_map(_process, [0] * 64) == [os.getpid()] * 64
    monkeypatch.setattr(meetingwork, "memory_now", lambda: (GIB, 15 * GIB))
    assert os.getpid() not in pool_map(_process, [0] * 64)
    monkeypatch.setattr(meetingwork, "memory_now", lambda: (8 * GIB, 15 * GIB))
    assert os.getpid() not in pool_map(_process, [0] * 64, workers=2)  # a number asked for is kept


def _archive(content: ContentFactory, count: int) -> None:
    for n in range(count):
        day = f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}"
        items = f"# 1. Sag {n}\nstatus: åben\n\n## Sagsfremstilling\n\nTekst nummer {n}.\n"
        content.meeting(f"direktionen/{day}.md", meeting_text(date=day, items=items))


def test_a_pool_builds_the_same_site_as_one_process(content: ContentFactory, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(content, 40)
    build(BuildOptions(content.root, tmp_path / "one", search=False, workers=1))
    monkeypatch.setattr(meetingwork, "POOL_THRESHOLD", 2)
    build(BuildOptions(content.root, tmp_path / "two", search=False, workers=2))
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_a_pool_reports_every_error_of_every_meeting_as_one_process_does(content: ContentFactory, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(content, 40)
    content.meeting("direktionen/2024-06-01.md", meeting_text(date="2024-06-01", header="kind: referatx\n"))
    content.meeting("direktionen/2024-06-02.md", meeting_text(date="2024-06-02", items="# 1. X\nstatus: luket\n"))
    content.meeting("direktionen/2024-06-03.md", meeting_text(date="2024-01-01"))  # the address of another
    reports = []
    for workers, threshold in ((1, 32), (2, 2)):
        monkeypatch.setattr(meetingwork, "POOL_THRESHOLD", threshold)
        with pytest.raises(BuildError) as caught:
            build(BuildOptions(content.root, tmp_path / "site", search=False, workers=workers))
        reports.append(caught.value.report())
    assert reports[0] == reports[1]
    assert "2024-06-01.md" in reports[0] and "2024-06-02.md" in reports[0] and "same address" in reports[0]


def test_progress_is_told_now_and_then_and_at_the_end() -> None:
    told: list[tuple[int, int]] = []
    pool_map(_square, list(range(120)), workers=2, threshold=0, progress=lambda done, total: told.append((done, total)))
    assert told == [(50, 120), (100, 120), (120, 120)]
    told.clear()
    pool_map(_square, list(range(3)), workers=1, progress=lambda done, total: told.append((done, total)))
    assert told == [(3, 3)]


def test_a_build_tells_its_progress(content: ContentFactory, tmp_path: Path) -> None:
    _archive(content, 3)
    told: list[tuple[str, int, int]] = []
    report = BuildReport(progress=lambda stage, done, total: told.append((stage, done, total)))
    build(BuildOptions(content.root, tmp_path / "site", search=False), report)
    assert ("load", 3, 3) in told
    assert any(stage == "render and write" and done == total > 3 for stage, done, total in told)


def test_the_open_texts_rendered_in_the_pool_are_public_and_render_the_same(content: ContentFactory,
                                                                            tmp_path: Path) -> None:
    from generator.content.load import load_settings
    from generator.content.sources import read_source
    from generator.markdown import forget_plain, render_markdown
    from generator.render.pages import load_strings
    from tests.test_build import MARKER, closed_fixture

    closed_fixture(content)
    config, _ = load_settings(content.root)
    strings = load_strings(Path("templates"), config.language)
    [path] = sorted((content.root / "meetings").rglob("*.md"))
    result = meetingwork.process_meeting(read_source(path, content.root), config, content.root, strings)
    assert isinstance(result, meetingwork.MeetingResult) and result.plain_html
    # Only open items' texts, from the redacted model: nothing of a closed item goes into the cache this way.
    assert all(MARKER not in text and MARKER not in html for text, html in result.plain_html)
    forget_plain()  # a fresh rendering, as a clean build in another process would make it
    assert all(render_markdown(text) == html for text, html in result.plain_html)


def test_the_link_facts_worked_out_in_the_pool_are_public_and_those_of_a_fresh_reading(
        content: ContentFactory) -> None:
    from generator.content.load import load_settings
    from generator.content.sources import read_source
    from generator.link.datephrases import candidate_dates
    from generator.markdown import render_markdown
    from generator.render.excerpt import visible_text
    from generator.render.pages import load_strings
    from tests.test_build import MARKER, closed_fixture

    closed_fixture(content)
    items = ("# 1. Økonomi\nstatus: åben\n\n## Sagsfremstilling\n\nDrøftet på direktionens møde d. 6. marts.\n\n"
             "## Beslutning\n\nBudgettet blev *godkendt*.\n")
    content.meeting("direktionen/2024-03-13.md", meeting_text(date="2024-03-13", items=items))
    config, _ = load_settings(content.root)
    strings = load_strings(Path("templates"), config.language)
    results = [meetingwork.process_meeting(read_source(path, content.root), config, content.root, strings)
               for path in sorted((content.root / "meetings").rglob("*.md"))]
    assert all(isinstance(result, meetingwork.MeetingResult) for result in results)
    assert any(result.dates for result in results) and any(result.decision_texts for result in results)  # type: ignore[union-attr]
    for result in results:
        assert isinstance(result, meetingwork.MeetingResult)
        assert all(MARKER not in text for text, _ in result.dates)
        assert all(MARKER not in html and MARKER not in text for html, text in result.decision_texts)
        dated = dict(result.dates)
        assert all(dated.get(text, set()) == candidate_dates(text.replace("\\", ""), result.meeting.date)
                   for text, _ in result.plain_html)
        decisions = {render_markdown(section.markdown) for item in result.meeting.items
                     if isinstance(item, OpenItem) for section in item.sections if section.is_decision}
        assert {html for html, _ in result.decision_texts} == decisions
        assert all(visible_text(html) == text for html, text in result.decision_texts)


def test_a_meetings_work_keeps_nothing_in_the_process(content: ContentFactory) -> None:
    # A pool worker works on thousands of meetings: what one meeting's work renders goes into its result,
    # never into a memo of the process, which would then hold every meeting's texts (gigabytes at 100,000).
    from generator import markdown
    from generator.content.load import load_settings
    from generator.content.sources import read_source
    from generator.render import excerpt
    from generator.render.pages import load_strings

    items = "".join(f"# {n}. Punkt {n}\nstatus: åben\n\n## Sagsfremstilling\n\nTekst {n}.\n\n## Beslutning\n\n"
                    f"Godkendt som punkt {n}.\n\n" for n in range(1, 4))
    content.meeting("direktionen/2024-03-06.md", meeting_text(items=items))
    config, _ = load_settings(content.root)
    strings = load_strings(Path("templates"), config.language)
    markdown.forget_plain()
    excerpt.forget_plain_texts()
    [path] = sorted((content.root / "meetings").rglob("*.md"))
    result = meetingwork.process_meeting(read_source(path, content.root), config, content.root, strings)
    assert isinstance(result, meetingwork.MeetingResult)
    assert len(result.plain_html) == 6 and len(result.decision_texts) == 3
    assert markdown._PLAIN == {} and excerpt._PLAIN_TEXTS == {}
