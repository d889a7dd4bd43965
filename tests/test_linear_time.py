"""Linear time: inputs built to trip backtracking or rescanning build, or fail cleanly, within a bound.

Each hostile case is a meeting file of up to 1 MB (long lines just under the line limit, or many short
lines), built through the real command line like the hostile corpus: it must build safely or fail with a
file:line error, in well under a minute (a super-linear scan takes hours on such a file). The cases that
mostly exercise the Markdown parser, which is linear but slow on markup-dense text, are a quarter of the
size. The growth tests time the project's own scanners at n and 10n: a linear one takes about ten times
as long, a quadratic one a hundred times.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content.load import load_content
from generator.content.sources import MAX_LINE_CHARS
from generator.link.archive import link_archive
from generator.link.datephrases import find_date_references
from generator.link.topics import head_keys
from generator.model import Body
from generator.redaction import redact_meeting
from generator.render.excerpt import excerpt
from generator.render.sanitize import html_bounds_problem
from tests.conftest import SITE_YAML, meeting_text
from tests.test_hostile_corpus import SECRET, Outcome, check_clean_failure, check_safe_site, prefill

pytestmark = pytest.mark.slow

MB = 1_000_000
BOUND = 60.0  # seconds per build on a slow shared machine; a super-linear scan of these files takes hours
LINE = MAX_LINE_CHARS - 1_000  # just under the line limit
FILE = "content/meetings/m.md"
HEAD = "# 1. Sag\nstatus: åben\n\n## Tekst\n\n"
TEXT_LINE = 20  # the first line of the text in meeting_text(items=HEAD + …)


def long_lines(unit: str, size: int = MB) -> str:
    """Lines just under the line limit, repeating `unit`, about `size` characters in all."""
    line = (unit * (LINE // len(unit) + 1))[:LINE]
    return "\n".join([line] * max(1, size // (LINE + 1))) + "\n"


def short_lines(unit: str, size: int = MB) -> str:
    """`unit` (ending in a newline) repeated to about `size` characters."""
    return unit * (size // len(unit))


QUARTER = MB // 4
# name: (the item text, None to build or (line, words) of the expected first error). The markers' cases
# check no words: their messages belong to the parts of issue 8 that rewrite the marker checks.
CASES: dict[str, tuple[str, tuple[int, str] | None]] = {
    "spaces": (long_lines("a" + " " * 60), None),
    "ikke-cpr runs": (long_lines("[ikke-cpr:" + " " * 8_000), (TEXT_LINE, "")),
    "ikke-cpr short lines": (short_lines("[ikke-cpr: 0101\n"), (TEXT_LINE, "")),
    "fortroligt runs": (long_lines("[fortroligt "), (TEXT_LINE, "")),
    "fortroligt short lines": (short_lines("[fortroligt\n"), (TEXT_LINE, "")),
    "hash runs": (long_lines("#"), None),
    "1. januar": (long_lines("1. januar "), None),
    "1. januar short lines": (short_lines("Mødet 1. januar 1. januar\n"), None),
    "d. 11. oktober": (long_lines("Direktionen drøftede d. 1. januar "), None),
    "mødet den": (long_lines("mødet den "), None),
    "date ranges": (long_lines("1 - 1. januar "), None),
    "a tag name without end": (long_lines("<a"), None),
    "brackets": (long_lines("[", QUARTER), None),
    "brackets short lines": (short_lines("[[[ ]]]\n", QUARTER), None),
    "links never closed": (long_lines("[a](", QUARTER), None),
    "heading lines": (short_lines("### Overskrift\n", QUARTER), None),
    "hash lines": (short_lines("#" * 30 + "\n", QUARTER), None),
    "table rows": ("| a | b |\n|---|---|\n" + short_lines("| x | y |\n", QUARTER), None),
    "table columns": ("|" + "a|" * 20_000 + "\n|" + "-|" * 20_000 + "\n" + ("|" + "x|" * 20_000 + "\n") * 3, None),
    "emphasis runs": (long_lines("*a ", QUARTER), None),
    "emphasis short lines": (short_lines("**a _b\n", QUARTER), None),
    "underscore runs": (long_lines("_a ", QUARTER), None),
    "angle brackets": (long_lines("<", QUARTER), None),
    "angle brackets short lines": (short_lines("<a <b\n", QUARTER), None),
    "entities": (long_lines("&a", QUARTER), None),
    "brackets and spaces": (long_lines("[" + " " * 8_000), None),
    "headings with spaces": (short_lines("## Overskrift" + " " * 90_000 + "x\n"), None),
}
def write_case(root: Path, items: str) -> None:
    content = root / "content"
    (content / "meetings").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (content / "meetings" / "m.md").write_text(meeting_text(date="2024-01-02", items=items), encoding="utf-8")
    # The meeting that "1. januar" in the text refers to, so that every date is read as a reference.
    (content / "meetings" / "n.md").write_text(meeting_text(date="2024-01-01"), encoding="utf-8")


def build_within_bound(root: Path, bound: float = BOUND) -> Outcome:
    """Run `python -m generator build` in root (content/ → site/) as the hostile corpus does; fail past the bound."""
    site = root / "site"
    before = prefill(site)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    try:
        result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                                text=True, errors="replace", timeout=bound, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build took longer than {bound:.0f} s")
    return Outcome(result.returncode, result.stdout + result.stderr, site, before)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_text_builds_or_fails_within_the_bound(name: str, tmp_path: Path) -> None:
    text, failure = CASES[name]
    write_case(tmp_path, HEAD + text)
    outcome = build_within_bound(tmp_path)
    assert "Traceback" not in outcome.output and SECRET not in outcome.output
    if failure is None:
        check_safe_site(outcome)
    else:
        check_clean_failure(outcome, FILE, *failure)


def test_a_one_megabyte_line_is_refused_at_once(tmp_path: Path) -> None:
    write_case(tmp_path, HEAD + "[ikke-cpr:" + " " * MB + "\n")
    outcome = build_within_bound(tmp_path, 20)
    check_clean_failure(outcome, FILE, TEXT_LINE, f"longer than {MAX_LINE_CHARS} characters")


def test_a_one_megabyte_heading_line_is_refused_at_once(tmp_path: Path) -> None:
    write_case(tmp_path, "# 1. " + "Overskrift " * (MB // 11) + "\nstatus: åben\n\nTekst.\n")
    outcome = build_within_bound(tmp_path, 20)
    check_clean_failure(outcome, FILE, 15, "longer than")


# --- growth of the project's own scanners ---------------------------------------------------------

RATIO = 40  # linear work grows about 10 times from n to 10n (more with memory effects), quadratic 100 times


def growth(work: Callable[[int], object], n: int) -> float:
    """How many times longer `work(10 n)` takes than `work(n)` (the best of three runs each)."""
    def best(size: int) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work(size)
            times.append(time.perf_counter() - started)
        return min(times)

    best(n)  # warm up caches and compiled patterns
    return best(10 * n) / max(best(n), 1e-4)


BODIES = (Body("direktionen", "Direktionen"), Body("udvalg", "Økonomiudvalget"))
WANTED = frozenset({dt.date(2024, 1, 1), dt.date(2023, 10, 11)})


@pytest.mark.parametrize("unit", ["1. januar ", "mødet 1. januar ", "Direktionen drøftede d. 11. oktober ",
                                  "1 - 1. januar ", "mødet den ", "På mødet. Den 1. januar. "])
def test_finding_date_references_grows_linearly(unit: str) -> None:
    def work(n: int) -> object:
        return find_date_references(unit * n, dt.date(2024, 1, 2), BODIES[0], BODIES, False, WANTED)

    assert growth(work, 2_000) < RATIO


@pytest.mark.parametrize(("name", "n", "work"), [
    ("a tag name without end", 1_000_000, lambda n: html_bounds_problem("<" + "a" * n)),
    ("many tags", 20_000, lambda n: html_bounds_problem("<b>x</b>" * n)),
    ("excerpt of many paragraphs", 5_000, lambda n: excerpt("<p>a &amp; b</p>" * n)),
    ("excerpt of ampersands", 200_000, lambda n: excerpt("&" * n)),
    ("title heads", 20_000, lambda n: list(head_keys("Økonomi, " * n, {7, 14, 21}))),
    ("title of spaces", 200_000, lambda n: list(head_keys("a" + " " * n + "b", {1, 2}))),
])
def test_scanners_grow_linearly(name: str, n: int, work: Callable[[int], object]) -> None:
    assert growth(work, n) < RATIO, name


def test_linking_a_long_paragraph_of_dates_grows_linearly(tmp_path: Path) -> None:
    # One paragraph of many lines, each with a date that links and some markup: the links are placed
    # among the paragraph's pieces without rescanning them per link.
    runs = iter(range(100))

    def work(n: int) -> float:
        root = tmp_path / str(next(runs))
        meetings = root / "meetings" / "direktionen"
        meetings.mkdir(parents=True)
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        (meetings / "a.md").write_text(meeting_text(date="2024-01-01"), encoding="utf-8")
        text = "Direktionen drøftede d. 1. januar sagen *med* `kode` og [et link](https://x.dk/).\n" * n
        items = f"# 1. Sag\nstatus: åben\n\n## Tekst\n\n{text}"
        (meetings / "b.md").write_text(meeting_text(date="2024-01-02", items=items), encoding="utf-8")
        config, sources = load_content(root)
        meetings_read = tuple(redact_meeting(source)[0] for source in sources)
        started = time.perf_counter()
        archive = link_archive(config, meetings_read)
        took = time.perf_counter() - started
        assert len(archive.references.to(archive.meetings[0])) == 1
        return took

    small, large = min(work(45) for _ in range(3)), min(work(450) for _ in range(3))
    assert large / small < RATIO
