"""Measure minutes side by side with its peer, Hugo + Pagefind, on the same synthetic archive, and print ratios.

    make bench                                        # 1,000 meetings, 3 runs: a few minutes on 2 cores
    .venv/bin/python benchmarks/bench.py --meetings 1000,10000 --runs 3
    .venv/bin/python benchmarks/bench.py --meetings 100000 --runs 1 --no-demo --no-peer --rebuilds rebuild

For each number of meetings, `benchmarks/synth.py` writes the archive and `benchmarks/hugo_site.py` writes
the same public text as a Hugo site (same pages, same Pagefind attributes). Then, alternating minutes and
the peer, `--runs` cold builds (fresh copy, no cache, search included), then in the last cold build's folder
`--runs` rebuilds each after editing the newest meeting, after editing a meeting from the middle of the
archive, and after adding a new meeting, each in a subprocess whose wall time, CPU time and peak memory
(children such as Pagefind included) are measured. It prints the medians as tables with ratios
(minutes / peer), minutes' own stage timings, the size of its search index and the bytes a browser
downloads for a first query (if Chromium is installed). Before that it builds the demo site in-process,
and after the first archive it compares Pagefind's binary with its Python API over the same pages.

10,000 meetings take about 5 minutes per minutes build today (Hugo + Pagefind about 1): with 3 runs and
the rebuilds, count on 40 minutes. 100,000 meetings take hours and tens of GiB of disk for the copies:
use one run and a `--work` folder on a disk with room (the default is a temporary folder, removed at
the end; with --work the folder is kept). Run it on an otherwise idle machine for figures worth quoting.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
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
from benchmarks.hugo_site import write_hugo_site  # noqa: E402
from benchmarks.measure import OutOfMemory, Run  # noqa: E402
from benchmarks.sidebyside import REBUILD_NAMES, Corpus, MeetingFile, Side, compare, hold_back  # noqa: E402
from benchmarks.synth import meeting_files, write_archive  # noqa: E402
from generator.build import BuildOptions, BuildReport, build  # noqa: E402
from generator.publish.search import BUNDLE_DIR, ROOT_SELECTOR, pagefind_executable  # noqa: E402
from generator.serve.server import make_server  # noqa: E402

DEMO_CONTENT = PROJECT_DIR / "content"
INDEX_PARTS = ("fragment", "index", "filter")
QUERY_TIMEOUT = 300  # seconds a first query may take before the benchmark reports that it found nothing
REBUILDS = (("rebuild", "rebuild after editing the newest meeting"),
            ("older", "rebuild after editing a meeting from the middle of the archive"),
            ("added", "rebuild after adding a new meeting"))


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
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    server = make_server(site, "/referater/", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright, executable)
            page = browser.new_context().new_page()
            try:
                cost = first_query_cost(page, f"http://127.0.0.1:{server.server_address[1]}/referater/soeg/", term,
                                        QUERY_TIMEOUT)
            except PlaywrightTimeout:
                return f"first query '{term}': no result within {QUERY_TIMEOUT} s"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return (f"first query '{term}': first result after {cost.seconds:.1f} s, {cost.total_bytes / 1024:.0f} KiB in all"
            f" = site {cost.site_bytes / 1024:.0f} KiB"
            f" + Pagefind's program {cost.program_bytes / 1024:.0f} KiB"
            f" + index data {cost.index_bytes / 1024:.0f} KiB in {cost.index_requests} requests")


def index_figures(site: Path) -> str:
    """The size of a site's Pagefind bundle and of its index data, as text."""
    bundle = site / BUNDLE_DIR
    # minutes writes one bundle per shard (pagefind/<years>/), the peer one bundle: the index parts of all.
    index_bytes = sum(folder_bytes(folder) for part in INDEX_PARTS
                      for folder in (*bundle.glob(part), *bundle.glob(f"*/{part}")) if folder.is_dir())
    return (f"Pagefind bundle on disk: {folder_bytes(bundle) / 1024 / 1024:.2f} MiB, of which the index "
            f"(fragments, word index, filters) {index_bytes / 1024 / 1024:.2f} MiB "
            f"in {sum(1 for _ in bundle.rglob('*.pf_*'))} files")


def report_demo(runs: int) -> None:
    """Build the demo site in-process and print its figures."""
    with tempfile.TemporaryDirectory(prefix="minutes-bench-demo-") as temp:
        out = Path(temp) / "site"
        report, seconds = build_site(DEMO_CONTENT, out, runs)
        stages = ", ".join(f"{stage} {took:.2f}s" for stage, took in report.timings)
        print(f"\ndemo: {report.meetings} meetings, {report.items} items, {report.pages} pages")
        print(f"  build in-process (median of {runs}): {seconds:.2f}s [{stages}]")
        print(f"  {index_figures(out)}")
        print(f"  {query_cost(out, 'budgetopfølgning')}", flush=True)


def seconds(value: float) -> str:
    """A duration for the tables."""
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def mebibytes(value: float) -> str:
    """A memory figure for the tables."""
    return f"{value / 2**30:.2f} GiB" if value >= 2**30 else f"{value / 2**20:.0f} MiB"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown table."""
    lines = [header, tuple("---" for _ in header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def wall(r: Run) -> float:
    """Return a run's wall time."""
    return r.wall


def cpu(r: Run) -> float:
    """Return a run's CPU time, its children's included."""
    return r.cpu


def peak(r: Run) -> float:
    """Return a run's peak memory."""
    return r.peak_bytes


def comparison_rows(results: list[tuple[int, Side, Side | None]], runs: str) -> list[tuple[str, ...]]:
    """One table row per archive size: minutes against the peer in wall time, peak memory and CPU time."""
    rows = []
    for meetings, minutes, peer in results:
        cells = [f"{meetings:,}"]
        for measure, shown in ((wall, seconds), (peak, mebibytes), (cpu, seconds)):
            ours = minutes.median(runs, measure)
            if peer is None:
                cells += [shown(ours), "not run", "–"]
                continue
            theirs = peer.median(runs, measure)
            cells += [shown(ours), shown(theirs), f"{ours / theirs:.2f}×" if theirs else "–"]
        rows.append(tuple(cells))
    return rows


def print_results(results: list[tuple[int, Side, Side | None]], runs: int, rebuilds: list[str]) -> None:
    """Print the side-by-side tables and minutes' stage timings."""
    if not results:
        return
    header = ("meetings", "minutes wall", "peer wall", "ratio", "minutes peak memory", "peer peak memory",
              "ratio", "minutes CPU", "peer CPU", "ratio")
    chosen = [(name, title) for name, title in REBUILDS if name in rebuilds]
    print(f"\nCold build with search, no cache: minutes against Hugo + Pagefind (median of {runs}, alternating)\n")
    print(table(header, comparison_rows(results, "cold")))
    for runs_name, title in chosen:
        print(f"\n{title.capitalize()} (median of {runs}, alternating)\n")
        print(table(header, comparison_rows(results, runs_name)))
    for runs_name, title in (("cold", "cold build"), *chosen):
        print(f"\nminutes' stages, {title} (median seconds, from its summary line)\n")
        names = list(dict.fromkeys(name for _, minutes, _ in results for name in minutes.stages(runs_name)))
        rows = [(f"{meetings:,}", *(f"{minutes.stages(runs_name).get(name, 0.0):.2f}" for name in names))
                for meetings, minutes, _ in results]
        print(table(("meetings", *names), rows))


def corpus_meetings(meetings: int, runs: int) -> tuple[MeetingFile, MeetingFile, tuple[MeetingFile, ...]]:
    """The newest meeting of the cold builds, one from the middle, and the `runs` newest, held back to be added."""
    files = [MeetingFile(body, date.isoformat(), date.year) for body, date in meeting_files(meetings + runs)]
    return files[-runs - 1], files[len(files) // 2], tuple(files[-runs:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", default="1000", help="archive sizes, comma-separated (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are shown")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo site and the Pagefind API comparison")
    parser.add_argument("--no-peer", action="store_true",
                        help="build with minutes only (for an archive the peer cannot index on this machine)")
    parser.add_argument("--rebuilds", default=",".join(REBUILD_NAMES),
                        help=f"which rebuilds to measure, comma-separated (default {','.join(REBUILD_NAMES)})")
    parser.add_argument("--work", type=Path, help="a folder to work in, kept afterwards (default: temporary)")
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.meetings.split(",")]
    rebuilds = [name for name in args.rebuilds.split(",") if name]
    if unknown := set(rebuilds) - set(REBUILD_NAMES):
        parser.error(f"unknown rebuilds {sorted(unknown)}: choose from {', '.join(REBUILD_NAMES)}")
    if not args.no_demo:
        report_demo(args.runs)
    with tempfile.TemporaryDirectory(prefix="minutes-bench-") as temp:
        work = args.work or Path(temp)
        results: list[tuple[int, Side, Side | None]] = []
        for number, meetings in enumerate(sizes):
            print(f"\nsynthetic archive of {meetings:,} meetings", flush=True)
            base = work / f"synth-{meetings}"
            shutil.rmtree(base, ignore_errors=True)  # a kept --work folder may hold an older corpus
            # The newest `runs` meetings are held back from the cold builds: the rebuilds add them one by one.
            content = write_archive(base / "content", meetings + args.runs)
            hugo = None if args.no_peer else base / "hugo"
            if hugo is not None:
                write_hugo_site(content, hugo)
            newest, older, added = corpus_meetings(meetings, args.runs)
            held = hold_back(base, content, hugo, added)
            corpus = Corpus(meetings, content, base / "hugo", newest, older, held, added)
            try:
                minutes, peer, runner = compare(corpus, base, args.runs, lambda line: print(line, flush=True),
                                                with_peer=hugo is not None, rebuilds=rebuilds)
            except OutOfMemory as stopped:
                print(f"  {stopped}", flush=True)
                print_results(results, args.runs, rebuilds)
                raise SystemExit(f"benchmark: {meetings:,} meetings ran out of memory") from None
            except subprocess.CalledProcessError as failed:  # e.g. the build refused the corpus: say why
                print(f"  {' '.join(map(str, failed.cmd))} failed with exit status {failed.returncode}:", flush=True)
                print("\n".join(f"    {line}" for line in str(failed.stderr).splitlines()[-20:]), flush=True)
                print_results(results, args.runs, rebuilds)
                raise SystemExit(f"benchmark: a build of {meetings:,} meetings failed") from None
            results.append((meetings, minutes, peer))
            site = runner.minutes_dir / "site"
            print(f"  minutes: {index_figures(site)}")
            if peer is not None:
                print(f"  peer:    {index_figures(runner.peer_dir / 'public')}")
            print(f"  minutes: {query_cost(site, 'hovedoversigten')}", flush=True)
            if number == 0 and not args.no_demo:
                binary = median_seconds(functools.partial(index_with_binary, site), args.runs)
                python_api = median_seconds(functools.partial(index_with_python_api, site), args.runs)
                print(f"  indexing alone (median of {args.runs}): Pagefind binary {binary:.2f}s, "
                      f"Python API add_directory {python_api:.2f}s")
        print_results(results, args.runs, rebuilds)


if __name__ == "__main__":
    main()
