"""Build the demo and a synthetic archive, and print what the build and the search cost.

    python benchmarks/bench.py [--meetings 1000] [--runs 3]

For each site: the build's stage timings, the size of the Pagefind bundle on disk, and the bytes a
browser downloads for the search page and a first query (if Chromium is installed). For the synthetic
archive it also compares Pagefind's binary with its in-process Python API over the same pages.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.browser import chromium_path, first_query_cost, launch  # noqa: E402
from benchmarks.synth import write_archive  # noqa: E402
from generator.build import BuildOptions, BuildReport, build  # noqa: E402
from generator.search import BUNDLE_DIR, ROOT_SELECTOR, pagefind_executable  # noqa: E402
from generator.serve import make_server  # noqa: E402

DEMO_CONTENT = PROJECT_DIR / "content"
INDEX_PARTS = ("fragment", "index", "filter")


def folder_bytes(folder: Path) -> int:
    """The bytes of all files below a folder."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of an action."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def index_with_binary(site: Path) -> None:
    """Index a built site with Pagefind's binary, as the build does."""
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    subprocess.run([str(pagefind_executable()), "--site", ".", "--root-selector", ROOT_SELECTOR, "--silent"],
                   cwd=site, check=True)


def index_with_python_api(site: Path) -> None:
    """Index a built site in-process with the `pagefind` Python API (one add_directory call)."""
    from pagefind.index import IndexConfig, PagefindIndex

    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)

    async def run() -> None:
        config = IndexConfig(root_selector=ROOT_SELECTOR, output_path=str(site / BUNDLE_DIR))
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(site))

    asyncio.run(run())


def build_site(content: Path, out: Path, runs: int) -> tuple[BuildReport, float]:
    """Build a site `runs` times; return the last report and the median total time."""
    reports: list[BuildReport] = []
    seconds = median_seconds(lambda: reports.append(build(BuildOptions(content_dir=content, out_dir=out,
                                                                       base_url="/referater/"))), runs)
    return reports[-1], seconds


def query_cost(site: Path, term: str) -> str:
    """The bytes a fresh browser downloads for the search page and a first query, as text."""
    executable = chromium_path()
    if executable is None:
        return "(Chromium is not installed: no browser figures)"
    from playwright.sync_api import sync_playwright

    server = make_server(site, "/referater/", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright, executable)
            page = browser.new_context().new_page()
            cost = first_query_cost(page, f"http://127.0.0.1:{server.server_address[1]}/referater/soeg/", term)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return (f"first query '{term}': {cost.total_bytes / 1024:.0f} KiB in all = site {cost.site_bytes / 1024:.0f} KiB"
            f" + Pagefind's program {cost.program_bytes / 1024:.0f} KiB"
            f" + index data {cost.index_bytes / 1024:.0f} KiB in {cost.index_requests} requests")


def report_site(name: str, content: Path, out: Path, runs: int, term: str) -> None:
    """Build one site and print its figures."""
    report, seconds = build_site(content, out, runs)
    stages = ", ".join(f"{stage} {took:.2f}s" for stage, took in report.timings)
    bundle = out / BUNDLE_DIR
    index_bytes = sum(folder_bytes(bundle / part) for part in INDEX_PARTS if (bundle / part).is_dir())
    print(f"\n{name}: {report.meetings} meetings, {report.items} items, {report.pages} pages")
    print(f"  build (median of {runs}): {seconds:.2f}s [{stages}]")
    print(f"  Pagefind bundle on disk: {folder_bytes(bundle) / 1024 / 1024:.2f} MiB, of which the index "
          f"(fragments, word index, filters) {index_bytes / 1024 / 1024:.2f} MiB "
          f"in {sum(1 for _ in bundle.rglob('*.pf_*'))} files")
    print(f"  {query_cost(out, term)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="minutes-bench-") as temp:
        work = Path(temp)
        report_site("demo", DEMO_CONTENT, work / "demo-site", args.runs, "budgetopfølgning")
        content = write_archive(work / "synth", args.meetings)
        site = work / "synth-site"
        report_site(f"synthetic archive of {args.meetings}", content, site, args.runs, "hovedoversigten")
        binary = median_seconds(lambda: index_with_binary(site), args.runs)
        python_api = median_seconds(lambda: index_with_python_api(site), args.runs)
        print(f"  indexing alone (median of {args.runs}): Pagefind binary {binary:.2f}s, "
              f"Python API add_directory {python_api:.2f}s")


if __name__ == "__main__":
    main()
