"""Read the meeting header: body, kind, place, date, times, members and absent."""

from __future__ import annotations

import re

from generator.importer.model import Header, Line, Member, Note

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")
_DATE = re.compile(r"(\d{1,2})\. ?(\w{1,12}) (\d{4})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
_FIELD = re.compile(r"(Sted|Dato|Start kl\.|Slut kl\.|Medlemmer|Fraværende|Afbud)[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
KINDS = {"referat": "referat", "referet": "referat", "beslutningsprotokol": "referat", "dagsorden": "dagsorden"}
VACANT = {"vakant", "ledig"}


def read_header(lines: list[Line], notes: list[Note]) -> Header:
    """Read the header from the lines before the table of contents or the first item."""
    fields: dict[str, tuple[int, list[str]]] = {}
    body_name = kind = None
    current: str | None = None
    for line in lines:
        if not line.text:
            current = None
            continue
        if match := _FIELD.match(line.text):
            current = match.group(1).casefold().rstrip(".")
            fields[current] = (line.number, [match.group(2)] if match.group(2) else [])
        elif current in ("medlemmer", "fraværende", "afbud"):
            fields[current][1].append(line.text)
        elif line.text.casefold() in KINDS and kind is None:
            kind = KINDS[line.text.casefold()]
        elif body_name is None:
            body_name = line.text
        else:
            notes.append(Note(line.number, "unplaced", f"header line not understood: {line.text!r}"))
    return Header(
        body_name=body_name,
        kind=kind,
        location=_one(fields, "sted"),
        date=_date(fields, notes),
        start=_time(fields, "start kl", notes),
        end=_time(fields, "slut kl", notes),
        members=_members(fields, notes),
        absent=tuple(name for key in ("fraværende", "afbud") for name in _list(fields, key)),
    )


def _one(fields: dict[str, tuple[int, list[str]]], key: str) -> str | None:
    return " ".join(fields[key][1]) or None if key in fields else None


def _list(fields: dict[str, tuple[int, list[str]]], key: str) -> list[str]:
    if key not in fields:
        return []
    return [part.strip() for text in fields[key][1] for part in text.split(",") if part.strip()]


def _date(fields: dict[str, tuple[int, list[str]]], notes: list[Note]) -> str | None:
    text = _one(fields, "dato")
    if text is None:
        return None
    match = _DATE.search(text)
    month = match.group(2).casefold() if match else ""
    if match is None or month not in MONTHS:
        notes.append(Note(fields["dato"][0], "header", f"date not understood: {text!r}; give it with --date"))
        return None
    return f"{match.group(3)}-{MONTHS.index(month) + 1:02d}-{int(match.group(1)):02d}"


def _time(fields: dict[str, tuple[int, list[str]]], key: str, notes: list[Note]) -> str | None:
    text = _one(fields, key)
    if text is None:
        return None
    match = _TIME.fullmatch(text.strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        notes.append(Note(fields[key][0], "header", f"time not understood: {text!r}; give it as an option"))
        return None
    return f"{int(match.group(1))}:{match.group(2)}"


def _members(fields: dict[str, tuple[int, list[str]]], notes: list[Note]) -> tuple[Member, ...]:
    members = []
    for text in _list(fields, "medlemmer"):
        role, _, name = text.partition(" ")
        if not name:
            notes.append(Note(fields["medlemmer"][0], "header",
                              f"member {text!r} has a role or a name but not both; check the members"))
            members.append(Member(role, None))
        else:
            members.append(Member(role, None if name.casefold() in VACANT else name))
    return tuple(members)
