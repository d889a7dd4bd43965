"""The garbage collector pauses while the load and link stages make the build's long-lived objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import build as build_module
from generator.build import DEFAULT_TEMPLATES
from generator.content.load import load_results, load_settings
from generator.content.sources import SourceText
from generator.incremental.cache import MeetingCache, settings_digest
from generator.incremental.gcpause import frozen_gc, paused_gc
from generator.incremental.meetingwork import MeetingResult
from generator.link import archive
from generator.link.archive import link_archive
from generator.render.pages import load_strings
from tests.conftest import ContentFactory, meeting_text, run_build


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Count the garbage collections from now on, with thresholds that make one follow every allocation."""
    started: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    thresholds = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    gc.callbacks.append(count)
    try:
        yield started
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*thresholds)


def test_the_collector_is_paused_inside_and_left_as_it_was_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_the_collector_runs_outside_a_pause(collections: list[int]) -> None:
    kept = [[index] for index in range(100)]
    assert collections and kept  # the counting works: without the pause there are collections


def test_loading_from_the_cache_and_linking_run_no_collection(content: ContentFactory, tmp_path: Path,
                                                             collections: list[int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    items = "# 1. Økonomi\nstatus: åben\n\n## Beslutning\n\nGodkendt.\n"
    for day in range(1, 6):
        content.meeting(f"direktionen/2024-03-0{day}.md", meeting_text(date=f"2024-03-0{day}", items=items))
    config, errors = load_settings(content.root)
    strings = load_strings(DEFAULT_TEMPLATES, config.language)
    cache = MeetingCache(tmp_path / "cache", content.root)
    cache.start(settings_digest(config, strings))
    load_results(content.root, config, strings, errors, cache)
    cache.save()
    during_gets: list[int] = []
    get = MeetingCache.get

    def counting_get(self: MeetingCache, text: SourceText) -> MeetingResult | None:
        before = len(collections)
        try:
            return get(self, text)
        finally:
            during_gets.append(len(collections) - before)

    monkeypatch.setattr(MeetingCache, "get", counting_get)
    warm = MeetingCache(tmp_path / "cache", content.root)
    warm.start(settings_digest(config, strings))
    results = load_results(content.root, config, strings, errors, warm)
    assert warm.hits == 5 and len(during_gets) == 5
    # Without the pause a collection follows nearly every allocation here (see the test above).
    assert during_gets == [0] * 5
    meetings = tuple(result.meeting for result in results)
    collections.clear()
    link_archive(config, meetings)
    paused = len(collections)
    monkeypatch.setattr(archive, "paused_gc", contextlib.nullcontext)
    collections.clear()
    link_archive(config, meetings)
    # Only entering and leaving the pause may collect.
    assert paused <= 10 < len(collections)


def test_frozen_objects_stay_out_of_the_collectors_sight_until_the_outermost_freeze_ends() -> None:
    assert gc.get_freeze_count() == 0
    kept = [[index] for index in range(1000)]
    with frozen_gc():
        frozen = gc.get_freeze_count()
        assert frozen >= len(kept)
        with frozen_gc():  # a pool inside the build: its end leaves the build's objects frozen
            pass
        assert gc.get_freeze_count() >= frozen
    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError), frozen_gc():
        raise ValueError
    assert gc.get_freeze_count() == 0


def test_a_build_runs_its_late_stages_with_the_model_frozen_and_leaves_nothing_frozen(
        content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("direktionen/2024-03-01.md", meeting_text(date="2024-03-01"))
    seen: list[int] = []
    write_site = build_module.write_site

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return write_site(*args, **kwargs)

    monkeypatch.setattr(build_module, "write_site", watching)
    assert gc.get_freeze_count() == 0
    run_build(content.root, tmp_path / "site")
    # Rendering and writing run with the loaded and linked model frozen (thousands of objects even for one
    # meeting), and a finished build (as `minutes serve` runs one after another) leaves nothing frozen.
    assert seen and seen[0] > 1000
    assert gc.get_freeze_count() == 0
