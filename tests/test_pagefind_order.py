"""Pagefind's filter files, rewritten in sorted order so that the same content gives the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.publish.pagefind_order import UnexpectedPagefindOutput, order_bundle, read_compressed
from generator.publish.search import shard_folders, shard_key
from tests.conftest import ContentFactory, meeting_text, run_build

TOPICS = ("Økonomi", "Beredskab", "Arbejdsmiljø", "Digitalisering", "Klima", "Trafik", "Skoleområdet", "Bosætning")


@pytest.fixture
def site(content: ContentFactory, tmp_path: Path) -> Path:
    """A site of meetings in several years and bodies, with many topics."""
    for index, topic in enumerate(TOPICS):
        items = (f"# 1. Sag {index}\nstatus: åben\ntopics: [{topic}, {TOPICS[index - 1]}]\n\n"
                 "## Sagsfremstilling\n\nTekst.\n")
        body = "direktionen" if index % 2 else "udvalg"
        content.meeting(f"{body}/{2018 + index}-03-06.md", meeting_text(body=body, date=f"{2018 + index}-03-06",
                                                                         items=items))
    run_build(content.root, tmp_path / "site")
    return tmp_path / "site"


def bundle_files(site: Path) -> dict[str, bytes]:
    files = sorted((site / "pagefind").rglob("*"))
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in files if p.is_file()}


def test_the_same_content_gives_the_same_index_bytes(site: Path, content: ContentFactory, tmp_path: Path) -> None:
    for attempt in range(3):
        again = tmp_path / f"again-{attempt}"
        run_build(content.root, again)
        assert bundle_files(again) == bundle_files(site)


def test_filter_values_are_sorted_and_every_file_is_referenced_in_every_shard(site: Path) -> None:
    shards = shard_folders(site)
    assert len(shards) == len({shard_key(2018 + index) for index in range(len(TOPICS))}) > 1  # ordered in each
    pages: dict[str, int] = {}
    for bundle in shards:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        meta_hash = entry["languages"]["da"]["hash"]
        assert [p.name for p in bundle.glob("*.pf_meta")] == [f"pagefind.{meta_hash}.pf_meta"]
        meta = read_compressed(bundle / f"pagefind.{meta_hash}.pf_meta")
        names = [name for name, _ in meta[3]]
        assert names == sorted(names) == ["Emne", "Type", "Udvalg", "År"]
        assert sorted(f"{file_hash}.pf_filter" for _, file_hash in meta[3]) == sorted(
            p.name for p in (bundle / "filter").iterdir())
        for name, file_hash in meta[3]:
            filter_name, values = read_compressed(bundle / "filter" / f"{file_hash}.pf_filter")
            assert filter_name == name
            assert [value for value, _ in values] == sorted(value for value, _ in values)
        for topic, numbers in read_compressed(bundle / "filter" / f"{dict(meta[3])['Emne']}.pf_filter")[1]:
            pages[topic] = pages.get(topic, 0) + len(numbers)
    assert pages == dict.fromkeys(TOPICS, 2)


def test_an_unknown_pagefind_version_is_refused(site: Path) -> None:
    bundle = shard_folders(site)[0]
    entry_path = bundle / "pagefind-entry.json"
    entry_path.write_text(entry_path.read_text(encoding="utf-8").replace('"1.5.2"', '"2.0.0"'), encoding="utf-8")
    with pytest.raises(UnexpectedPagefindOutput, match=r"Pagefind 2\.0\.0"):
        order_bundle(bundle)
