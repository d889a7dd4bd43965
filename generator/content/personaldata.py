"""The personal-data guard for e-mail addresses and Danish phone numbers in text that would be published.

Datatilsynet's guidance (since 2022) is that a municipality's public web archive should not hold
citizens' or employees' e-mail addresses and phone numbers. Both are looked for in the normalised
text (see `generator.content.normalise`), like CPR numbers:

- an e-mail address: `name@domain.tld`, the top-level domain of at least two letters;
- a phone number: eight digits, the first 2-9, written together (`86181000`), as 4-4 (`8618 1000`) or
  as 2-2-2-2 with spaces, dots or hyphens (`86 18 10 00`), optionally after `+45` or `0045`; with no
  digit, `/` or decimal mark directly before or after. Dates (`30-08-2023`), document numbers
  (`90145/23`, `2 - 3567269`), times, amounts (`1.234.567 kr.`) and CPR numbers do not have that shape;
  two years side by side (`2023 2024`) and a company's number after "CVR" or "SE" (`CVR-nr. 29189587`)
  are not taken for a phone number.

A function address or switchboard number that may be published is marked, one occurrence at a time,
as `[offentlig: borgerservice@norddjurs.dk]` or `[offentlig: 89 59 10 00]`; the site shows what the
marker holds, without the marker. The marker holds exactly one e-mail address or phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.content.cpr import Finding, find_cpr_numbers, unwrap, unwrap_not_cpr
from generator.content.flatview import flatten
from generator.content.normalise import in_spans, normalise
from generator.errors import ErrorCollector, line_and_column

# Possessive runs that start only where a run of address characters starts: linear on any input.
EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]++@[\w\-]++(?:\.[\w\-]++)++")
PHONE = re.compile(
    r"(?<![0-9/])(?<![0-9][.,\-])"
    r"(?:(?:\+|00)45[ \-]?)?"
    r"(?:[2-9][0-9]{7}|(?P<first>[2-9][0-9]{3}) (?P<second>[0-9]{4})|[2-9][0-9](?P<sep>[ .\-])[0-9]{2}"
    r"(?P=sep)[0-9]{2}(?P=sep)[0-9]{2})"
    r"(?![0-9/])(?![.,\-][0-9])"
)
# A company's CVR or SE number has eight digits too, and is public: "CVR-nr. 29189587", "SE: 29189587".
BUSINESS_NUMBER = re.compile(r"\b(?:[Cc][Vv][Rr]|SE)(?:[ .-]?[Nn][Rr])?\.?:?[ ]?\Z")  # "se" is also a word
NUMBER_RUN = re.compile(r"[+0-9][0-9 .\-]*+")
PUBLIC = re.compile(r"\[[ \t]*+offentlig[ \t]*+:([^\[\]\n]*+)\]", re.IGNORECASE)
PUBLIC_NEAR_MISS = re.compile(r"[\[({<][ \t]*+offentli\w*+[ \t]*+[:;]", re.IGNORECASE)
PUBLIC_EXAMPLE = "[offentlig: borgerservice@norddjurs.dk]"
PHONE_EXAMPLE = "[offentlig: 89 59 10 00]"


@dataclass(frozen=True)
class Contact:
    """An e-mail address or phone number at a span of the normalised text."""

    start: int
    end: int
    kind: str  # "e-mail" or "phone"


def _is_year(digits: str) -> bool:
    return 1900 <= int(digits) <= 2099


def _phone_numbers(text: str) -> Iterator[re.Match[str]]:
    # PHONE starts with look-behinds, so searching it tries every position; a run of digits, spaces,
    # dots and hyphens is found fast, and only a run long enough to hold a number is searched.
    for run in NUMBER_RUN.finditer(text):
        if run.end() - run.start() >= 8:
            # The end leaves room for PHONE's look-ahead; a match cannot go past the run.
            yield from PHONE.finditer(text, run.start(), min(len(text), run.end() + 2))


def find_contacts(text: str) -> list[Contact]:
    """Return every e-mail address and phone number in a normalised text."""
    contacts = []
    for match in EMAIL.finditer(text) if "@" in text else ():
        top = match.group().rsplit(".", 1)[1]
        if len(top) >= 2 and top.isalpha() and any(char.isalnum() for char in match.group().split("@")[0]):
            contacts.append(Contact(match.start(), match.end(), "e-mail"))
    for match in _phone_numbers(text):
        if match.group("first") and _is_year(match.group("first")) and _is_year(match.group("second")):
            continue
        if BUSINESS_NUMBER.search(text, max(0, match.start() - 12), match.start()):
            continue
        contacts.append(Contact(match.start(), match.end(), "phone"))
    return sorted(contacts, key=lambda contact: contact.start)


def find_personal_data(text: str) -> tuple[Finding, ...]:
    """Return every e-mail address and phone number in a text that is not marked as public, and every bad marker."""
    norm = normalise(text)
    wrapped = [(m.start(), m.end()) for m in PUBLIC.finditer(norm.text)]
    findings: list[Finding] = []
    for match in PUBLIC.finditer(norm.text):
        held = match.group(1).strip(" \t")
        contacts = find_contacts(held)
        if len(contacts) != 1 or (contacts[0].start, contacts[0].end) != (0, len(held)):
            findings.append(Finding(match.start(), "the marker [offentlig: …] must hold exactly one e-mail address "
                                    "or one phone number", f"write e.g. {PUBLIC_EXAMPLE} around the one address"))
    for near in PUBLIC_NEAR_MISS.finditer(norm.text):
        if not in_spans(near.start(), wrapped):
            findings.append(Finding(near.start(), "this looks like a may-be-published marker but is not written "
                                    f"like {PUBLIC_EXAMPLE}", f"write {PUBLIC_EXAMPLE} around the one address"))
    for contact in find_contacts(norm.text):
        if in_spans(contact.start, wrapped):
            continue
        if contact.kind == "e-mail":
            findings.append(Finding(contact.start, "an e-mail address would be published here",
                                    "remove it or move it into a confidential passage; if it is a function address "
                                    f"that may be published, write it as {PUBLIC_EXAMPLE}"))
        else:
            findings.append(Finding(contact.start, "a phone number would be published here",
                                    "remove it or move it into a confidential passage; if it is a switchboard "
                                    "number that may be published, or not a phone number, write it as "
                                    f"{PHONE_EXAMPLE}"))
    return tuple(sorted((Finding(norm.origin(f.offset), f.message, f.hint) for f in findings),
                        key=lambda f: f.offset))


def find_all_personal_data(text: str) -> tuple[Finding, ...]:
    """Return every CPR number, e-mail address and phone number of a text, and every bad opt-out marker."""
    found = list(find_cpr_numbers(text) + find_personal_data(text))
    # What a reader sees counts too: `0101**90**-1234`, `010190&#45;1234` or a number broken over two lines.
    flat = flatten(text)
    if flat.text != text:
        known = {finding.offset for finding in found}
        for finding in find_cpr_numbers(flat.text) + find_personal_data(flat.text):
            offset = flat.origin(finding.offset)
            if offset not in known:
                found.append(replace(finding, offset=offset))
                known.add(offset)
    return tuple(sorted(found, key=lambda f: f.offset))


def unwrap_public(text: str) -> str:
    """Return the text with every `[offentlig: …]` marker replaced by what it holds."""
    return unwrap(text, PUBLIC)


def unwrap_opt_outs(text: str) -> str:
    """Return the text with every `[ikke-cpr: …]` and `[offentlig: …]` marker replaced by what it holds."""
    return unwrap_public(unwrap_not_cpr(text))


def report_personal_data(text: str, errors: ErrorCollector, what: str) -> None:
    """Record an error for all personal data in a file that is published as a whole (e.g. site.yaml)."""
    for finding in find_all_personal_data(text):
        line, column = line_and_column(text, finding.offset)
        errors.add(line, f"{what}: {finding.message}", finding.hint, column)
