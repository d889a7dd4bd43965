"""The personal-data guard: Danish CPR numbers (DDMMYY-XXXX) in text that would be published.

A number is taken for a CPR number when it has six digits that form a real date (day, month,
two-digit year), then an optional dash or space (or a dash with a space on either side), then four
digits, with no digit directly before or after. Numbers are looked for in the normalised text (see
`generator.content.normalise`), so a non-breaking space, a zero-width space or a soft hyphen inside a number,
fullwidth digits or digits of another script do not hide it. Document numbers such as 90145/23,
dates, times and amounts do not have that shape.

A clerk who has checked that a number is not a CPR number marks that one occurrence as
`[ikke-cpr: 230815-0012]`; the site shows the number without the marker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.content.normalise import in_spans, normalise
from generator.errors import ErrorCollector, line_and_column

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
SEPARATOR = rf"(?:[ ]?[{DASHES}][ ]?|[ ])?"
# The check for a digit before comes after the first two digits, so that the search can skip to digits.
CPR = re.compile(rf"([0-9]{{2}})(?<![0-9]{{3}})([0-9]{{2}})([0-9]{{2}}){SEPARATOR}[0-9]{{4}}(?![0-9])")
CPR_SHAPE = re.compile(rf"[0-9]{{6}}{SEPARATOR}[0-9]{{4}}\Z")
# The held text stops at the next bracket, so a run of markers with no closing bracket stays linear.
NOT_CPR = re.compile(r"\[[ \t]*+ikke-cpr[ \t]*+:([^\[\]\n]*+)\]", re.IGNORECASE)
NOT_CPR_NEAR_MISS = re.compile(r"ikke[ \t_-]*+cpr", re.IGNORECASE)
OPT_OUT_EXAMPLE = "[ikke-cpr: DDMMYY-XXXX]"


@dataclass(frozen=True)
class Finding:
    """A problem at an offset of a text; the message never quotes the number."""

    offset: int
    message: str
    hint: str


def is_cpr_date(day: int, month: int, year: int) -> bool:
    """Tell whether DD, MM, YY can be a birth date (the century is not known, so 1900 or 2000)."""
    for century in (1900, 2000):
        try:
            dt.date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


def find_cpr_numbers(text: str) -> tuple[Finding, ...]:
    """Return every CPR number in a text that is not marked as not one, and every malformed marker."""
    norm = normalise(text)
    text = norm.text
    wrapped = [(m.start(), m.end()) for m in NOT_CPR.finditer(text)]
    findings: list[Finding] = []
    for match in NOT_CPR.finditer(text):
        if not CPR_SHAPE.match(match.group(1).strip(" \t")):
            findings.append(Finding(match.start(), "the marker [ikke-cpr: …] must hold exactly one number "
                                    "written DDMMYY-XXXX, DDMMYYXXXX or DDMMYY XXXX",
                                    f"write e.g. {OPT_OUT_EXAMPLE} around the one number"))
    for near in NOT_CPR_NEAR_MISS.finditer(text) if "cpr" in text.lower() else ():
        if not in_spans(near.start(), wrapped):
            findings.append(Finding(near.start(), "this looks like a not-a-CPR-number marker but is not written "
                                    f"like {OPT_OUT_EXAMPLE}", f"write {OPT_OUT_EXAMPLE} around the one number"))
    for match in CPR.finditer(text):
        day, month, year = (int(part) for part in match.groups())
        if is_cpr_date(day, month, year) and not in_spans(match.start(), wrapped):
            findings.append(Finding(
                match.start(),
                "a Danish CPR number (personal identity number) would be published here",
                f"remove it, move it into a confidential passage, or, if it is not a CPR number, write it as "
                f"{OPT_OUT_EXAMPLE}",
            ))
    return tuple(sorted((Finding(norm.origin(f.offset), f.message, f.hint) for f in findings),
                        key=lambda f: f.offset))


def unwrap(text: str, marker: re.Pattern[str]) -> str:
    """Return the text with every opt-out marker (found in the normalised text) replaced by what it holds."""
    norm = normalise(text)
    parts: list[str] = []
    position = 0
    for match in marker.finditer(norm.text):
        start, end = norm.span(match.start(), match.end())
        held_start, held_end = norm.span(match.start(1), match.end(1))
        parts.extend((text[position:start], text[held_start:held_end].strip()))
        position = end
    if not parts:
        return text
    parts.append(text[position:])
    return "".join(parts)


def unwrap_not_cpr(text: str) -> str:
    """Return the text with every `[ikke-cpr: …]` marker replaced by the number it holds."""
    return unwrap(text, NOT_CPR)


def report_cpr_numbers(text: str, errors: ErrorCollector, what: str) -> None:
    """Record an error for every CPR number in a file that is published as a whole (e.g. site.yaml)."""
    for finding in find_cpr_numbers(text):
        line, column = line_and_column(text, finding.offset)
        errors.add(line, f"{what}: {finding.message}", finding.hint, column)
