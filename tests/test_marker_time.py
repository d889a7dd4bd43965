"""Linear time: the marker and personal-data scans take time in proportion to their input, whatever it holds."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from generator.content import confidential, normalise
from generator.content.confidential import blank_passages, find_passages, has_marker
from generator.content.personaldata import find_all_personal_data, unwrap_opt_outs

# Each makes a hostile line of about n characters, built to make a backtracking scan slow.
HOSTILE: dict[str, Callable[[int], str]] = {
    "opt-out then spaces": lambda n: "[ikke-cpr:" + " " * n,
    "opt-outs never closed": lambda n: "[ikke-cpr: 1" * (n // 12),
    "public opt-outs never closed": lambda n: "[offentlig:" * (n // 11),
    "opening brackets": lambda n: "[" * n,
    "brackets and spaces": lambda n: "[ " * (n // 2),
    "a bracket, spaces and a slash": lambda n: "[" + " " * n + "/",
    "marker then spaces": lambda n: "[fortroligt" + " " * n,
    "near misses": lambda n: "(fortoligt)" * (n // 11),
    "distinct near words": lambda n: " ".join(f"[{'fortroligt'[i % 10:]}{'gilortrof'[:i % 9]}]"
                                              for i in range(n // 14)),
    "markers": lambda n: "[fortroligt]x[/fortroligt]" * (n // 26),
    "digits": lambda n: "1" * n,
    "digits and spaces": lambda n: "12 " * (n // 3),
    "dates without end": lambda n: "010190 " * (n // 7),
    "phone-like groups": lambda n: "86 18 " * (n // 6),
    "address characters": lambda n: "a." * (n // 2),
    "at signs": lambda n: "a@b." * (n // 4),
    "invisible characters": lambda n: "1\u200b\u00a0" * (n // 3),
    "look-alikes": lambda n: "[f\u043ertr\u043eligt" * (n // 12),
}


def _seconds(text: str) -> float:
    normalise.normalise.cache_clear()
    confidential._near_letters.cache_clear()
    start = time.perf_counter()
    find_passages(text)
    has_marker(text)
    blank_passages(text)
    find_all_personal_data(text)
    unwrap_opt_outs(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_line_is_screened_in_linear_time(name: str) -> None:
    small, large = HOSTILE[name](10_000), HOSTILE[name](100_000)
    small_time = min(_seconds(small) for _ in range(3))
    large_time = min(_seconds(large) for _ in range(3))
    assert large_time < 3.0, f"{name}: {large_time:.2f} s for 100 KB"
    # Ten times the input may take ten times as long; a quadratic scan would take a hundred times.
    assert large_time < 40 * small_time + 0.05, f"{name}: {small_time:.4f} s for 10 KB, {large_time:.4f} s for 100 KB"
