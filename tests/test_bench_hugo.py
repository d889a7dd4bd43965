"""The benchmark's peer site: the Hugo converter writes a site Hugo builds, with the pages minutes writes."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from benchmarks.hugo_site import write_hugo_site
from benchmarks.sidebyside import hugo_executable
from benchmarks.synth import write_archive
from tests.conftest import parse_html, run_build


def pages_by_folder(site: Path) -> Counter[str]:
    """How many HTML pages each top-level folder holds (the search bundle and the decisions pages left out)."""
    # The peer writes no decisions pages (<body>/<year>/beslutninger/): a little less work for it.
    return Counter(path.relative_to(site).parts[0] for path in site.rglob("*.html")
                   if "pagefind" not in path.parts and "beslutninger" not in path.parts)


def test_hugo_site_has_the_pages_and_search_attributes_of_the_minutes_site(tmp_path: Path) -> None:
    content = write_archive(tmp_path / "content", 12)
    run_build(content, tmp_path / "minutes")
    archive = write_hugo_site(content, tmp_path / "hugo")
    subprocess.run([str(hugo_executable()), "--quiet", "--destination", "public"], cwd=tmp_path / "hugo", check=True)
    public = tmp_path / "hugo" / "public"

    # The same pages in every folder: bodies with their years and meetings, topics, people, search, 404.
    assert pages_by_folder(public) == pages_by_folder(tmp_path / "minutes")
    for meeting in archive.meetings:
        ours = parse_html(tmp_path / "minutes" / meeting.path / "index.html")
        theirs = parse_html(public / meeting.path / "index.html")
        ours_body, theirs_body = ours.select_one("[data-pagefind-body]"), theirs.select_one("[data-pagefind-body]")
        assert ours_body is not None and theirs_body is not None
        # The same filters and sort key for Pagefind, and the same item anchors.
        assert [span["data-topic"] for span in theirs_body.select("[data-topic]")] == \
               [span["data-topic"] for span in ours_body.select("[data-topic]")]
        for attribute in ("data-pagefind-filter", "data-pagefind-sort", "data-body", "data-year", "data-kind",
                          "data-date"):
            assert theirs_body.select_one(".search-facets")[attribute] == ours_body.select_one(".search-facets")[
                attribute]
        assert [h2["id"] for h2 in theirs_body.select("h2[id^=punkt-]")] == \
               [h2["id"] for h2 in ours_body.select("h2[id^=punkt-]")]
