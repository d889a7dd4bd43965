"""Import one input file: read it, fill the header from options, check the result with the build's parser, write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.parse import parse_meeting
from generator.content.sources import SourceText
from generator.importer.model import Member, Minutes, Note
from generator.importer.read import read_minutes
from generator.importer.text import InputError, read_lines
from generator.importer.writer import MeetingHeader, write_meeting
from generator.model import SiteConfig

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(?:[01]?\d|2[0-3])[:.][0-5]\d")


@dataclass(frozen=True)
class ImportOptions:
    """Where to write, and header fields for inputs that lack them (a fragment without a header)."""

    content_dir: Path
    body: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class ImportResult:
    """What happened to one input: the file written (or None), the report notes and the errors."""

    source: str
    written: Path | None
    items: int
    attachments: int
    notes: tuple[Note, ...]
    errors: tuple[str, ...]


def import_file(path: Path, options: ImportOptions, config: SiteConfig) -> ImportResult:
    """Import one text or PDF file into content/meetings/<body>/<date>.md; never overwrite a file."""
    try:
        minutes = read_minutes(read_lines(path))
    except InputError as error:
        return ImportResult(path.name, None, 0, 0, (), (str(error),))
    errors: list[str] = []
    notes = list(minutes.notes)
    header = _header(minutes, options, config, errors, notes)
    attachments = sum(len(item.attachments) for item in minutes.items)
    result = ImportResult(path.name, None, len(minutes.items), attachments, tuple(notes), ())
    if not minutes.items:
        errors.append("no agenda items found (lines like '1. Title' followed by 'Åben sag' or 'Lukket sag')")
    if header is None or errors:
        return _with(result, errors)
    target = options.content_dir / "meetings" / header.body / f"{header.date}.md"
    if target.exists():
        return _with(result, [f"{target} already exists; it is left as it is (remove it to import again)"])
    text = write_meeting(header, minutes.items)
    name = f"meetings/{header.body}/{header.date}.md"
    parsed = parse_meeting(SourceText(name, text), config, options.content_dir)
    if isinstance(parsed, list):
        return _with(result, [f"the imported file would not build, so it was not written: {error}" for error in parsed])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return ImportResult(path.name, target, result.items, attachments, result.notes, ())


def _with(result: ImportResult, errors: list[str]) -> ImportResult:
    return ImportResult(result.source, None, result.items, result.attachments, result.notes, tuple(errors))


def _header(minutes: Minutes, options: ImportOptions, config: SiteConfig, errors: list[str],
            notes: list[Note]) -> MeetingHeader | None:
    read = minutes.header
    body = _pick("body", options.body, _slug(read.body_name) if read.body_name else None, errors)
    date = _pick("date", options.date, read.date, errors)
    start = _pick("start", _time(options.start, "start", errors), read.start, errors)
    end = _pick("end", _time(options.end, "end", errors), read.end, errors)
    location = _pick("location", options.location, read.location, errors)
    if options.date is not None and not _DATE.fullmatch(options.date):
        errors.append(f"--date must be written YYYY-MM-DD, not {options.date!r}")
    if body is not None and config.body(body) is None:
        known = ", ".join(b.slug for b in config.bodies)
        errors.append(f"the body '{body}' is not in site.yaml ({known}); add it there or give --body")
    if not read.members:
        errors.append("the input has no members ('Medlemmer:'); add them to the input before importing")
    values = {"--body": body, "--date": date, "--start": start, "--end": end, "--location": location}
    for option, value in values.items():
        if value is None:
            errors.append(f"the input does not say the meeting's {option[2:]}; give it with {option}")
    if errors or body is None or date is None or start is None or end is None or location is None:
        return None
    if read.kind is None:
        notes.append(Note(1, "check", "no 'REFERAT' or 'DAGSORDEN' line; written as 'kind: referat': check it"))
    return MeetingHeader(body, date, start, end, location, read.kind or "referat",
                         tuple(Member(m.role, m.name) for m in read.members), read.absent)


def _pick(what: str, option: str | None, read: str | None, errors: list[str]) -> str | None:
    if option is not None and read is not None and option != read:
        errors.append(f"the input gives the {what} as {read!r} but --{what} says {option!r}; "
                      f"leave out --{what} or correct the input")
    return option if option is not None else read


def _time(value: str | None, what: str, errors: list[str]) -> str | None:
    if value is None:
        return None
    if not _TIME.fullmatch(value):
        errors.append(f"--{what} must be a time like 9:00 or 13:30, not {value!r}")
        return None
    hours, minutes = re.split(r"[:.]", value)
    return f"{int(hours)}:{minutes}"


def _slug(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    return re.sub(r"[^a-z0-9]+", "-", name.casefold().translate(table)).strip("-")
