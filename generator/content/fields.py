"""Typed readers for YAML fields: each returns a value or records an error with its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import TypeVar

from generator.content.personaldata import unwrap_opt_outs
from generator.content.strictyaml import Mapping, Node, Scalar, Sequence
from generator.errors import ErrorCollector
from generator.model import Kind, Status

E = TypeVar("E", Status, Kind)

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TIME_PATTERN = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\Z")  # 9:00, or 9.00 as minutes write it
MIN_YEAR, MAX_YEAR = 1800, 2200  # wide enough for digitised old minutes, far from the calendar's ends
DATE_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")  # ASCII digits only
MAX_SLUG_CHARS = 60


def ascii_number(text: str, largest: int) -> int | None:
    """Return a number written with the digits 0-9 from 1 to `largest`, or None (other digits, too large)."""
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(largest)):
        return None
    value = int(text)
    return value if 1 <= value <= largest else None


class Fields:
    """Reads the fields of one YAML mapping, recording every problem in a collector.

    `what` names the mapping in messages, e.g. "item 3" or "attachment 2 of item 3". With `quote` false
    (a closed item or attachment, or one whose status is not known) no message quotes a key or a value.
    """

    def __init__(self, mapping: Mapping, errors: ErrorCollector, what: str, quote: bool = True) -> None:
        self.mapping = mapping
        self.errors = errors
        self.what = what
        self.quote = quote

    def _shown(self, value: str, before: str) -> str:
        """Return a value quoted for a message, or nothing where the mapping may hold closed content."""
        return f"{before}'{value}'" if self.quote else ""

    def _not(self, value: str) -> str:
        return self._shown(value, ", not ")

    def error(self, node: Node, message: str, hint: str) -> None:
        self.errors.add(node.line, f"{self.what}: {message}", hint)

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        """Record an error for every key that is not one of the allowed ones."""
        for key in self.mapping.keys():  # noqa: SIM118 - Mapping is ours, not a dict
            if key.value not in allowed:
                close = difflib.get_close_matches(key.value, allowed, n=1) if self.quote else []
                hint = f"did you mean '{close[0]}'?" if close else f"the allowed fields are: {', '.join(allowed)}"
                if self.quote:
                    self.error(key, f"unknown field '{key.value}'", hint)
                else:  # a closed item's key may itself be closed text
                    self.error(key, "unknown field (its name is not repeated here: the item or attachment is closed)",
                               hint)

    def _present(self, key: str, required: bool, hint: str) -> Node | None:
        node = self.mapping.get(key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            if required:
                line_node = node if node is not None else self.mapping
                self.error(line_node, f"the field '{key}' is missing or empty", hint)
            return None
        return node

    def name(self, key: str) -> str | None:
        """Read a required name that is shown as a search filter label: no '<' or '>' allowed.

        Pagefind's search interface shows filter labels as HTML, so a name is refused, not escaped.
        """
        value = self.text(key)
        if value is not None and not self._markup_free(self.mapping.get(key) or self.mapping, key, value):
            return None
        return value

    def names(self, key: str) -> tuple[str, ...]:
        """Read an optional list of names shown as search filter labels (see `name`)."""
        values = self.texts(key)
        node = self.mapping.get(key) or self.mapping
        return tuple(value for value in values if self._markup_free(node, key, value))

    def _markup_free(self, node: Node, key: str, value: str) -> bool:
        if "<" in value or ">" in value:
            self.error(node, f"'{key}' may not contain '<' or '>'",
                       "write the name without angle brackets; names are shown as plain text")
            return False
        return True

    def text(self, key: str, required: bool = True, hint: str = "") -> str | None:
        """Read a one-line text field."""
        node = self._present(key, required, hint or f"add a line '{key}: ...'")
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.error(node, f"'{key}' must be a text, not a list or a group of fields",
                       f"write '{key}: ...' on one line")
            return None
        value = " ".join(unwrap_opt_outs(node.value).split())
        if not value:
            if required:
                self.error(node, f"the field '{key}' is empty", hint or f"write a value after '{key}:'")
            return None
        return value

    def slug(self, key: str, required: bool = True) -> str | None:
        """Read a lower-case address part such as a body's slug."""
        value = self.text(key, required)
        if value is not None and not SLUG_PATTERN.match(value):
            self.error(self.mapping.get(key) or self.mapping,
                       f"'{key}' must use only a-z, 0-9 and single hyphens{self._not(value)}",
                       "use lower-case letters without æ, ø, å, digits and hyphens, e.g. 'direktionen'")
            return None
        if value is not None and len(value) > MAX_SLUG_CHARS:
            self.error(self.mapping.get(key) or self.mapping, f"'{key}' is longer than {MAX_SLUG_CHARS} characters",
                       "use a shorter word; it becomes part of the pages' addresses")
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        """Read a date written as YYYY-MM-DD."""
        value = self.text(key, hint=f"add '{key}: YYYY-MM-DD', e.g. '{key}: 2023-08-30'")
        if value is None:
            return None
        node = self.mapping.get(key) or self.mapping
        match = DATE_PATTERN.match(value)
        if not match:
            self.error(node, f"'{key}' must be a date written YYYY-MM-DD{self._not(value)}",
                       f"write e.g. '{key}: 2023-08-30'")
            return None
        try:
            date = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            self.error(node, f"'{key}' is not a real date{self._shown(value, ': ')}",
                       "check the day and the month (YYYY-MM-DD)")
            return None
        if not MIN_YEAR <= date.year <= MAX_YEAR:
            # Feeds and calendars count days on from a date: a year like 9999 would run off the calendar.
            self.error(node, f"'{key}' has a year outside {MIN_YEAR}-{MAX_YEAR}{self._shown(value, ': ')}",
                       "check the year (YYYY-MM-DD)")
            return None
        return date

    def time(self, key: str) -> dt.time | None:
        """Read a time of day written H:MM or HH:MM, or with a dot (9.00) as minutes write it."""
        value = self.text(key, hint=f"add '{key}: \"9:00\"' (24-hour clock)")
        if value is None:
            return None
        match = TIME_PATTERN.match(value)
        if not match:
            self.error(self.mapping.get(key) or self.mapping,
                       f"'{key}' must be a time written H:MM or HH:MM (or H.MM){self._not(value)}",
                       f"write e.g. '{key}: \"9:00\"' or '{key}: \"13:30\"' (24-hour clock)")
            return None
        return dt.time(int(match.group(1)), int(match.group(2)))

    def choice(self, key: str, enum: type[E], required: bool = True) -> E | None:
        """Read one of an enum's words, strictly: YAML 1.1 booleans are never accepted."""
        words = " or ".join(f'"{member.value}"' for member in enum)
        node = self._present(key, required, f"add '{key}: {next(iter(enum)).value}' (one of {words})")
        if node is None:
            return None
        if isinstance(node, Scalar):
            for member in enum:
                if node.value.strip().casefold() == member.value:
                    return member
        shown = f", not \"{node.value}\"" if isinstance(node, Scalar) and len(node.value) < 40 and self.quote else ""
        self.error(node, f"'{key}' must be {words}{shown}", f"write exactly {words}")
        return None

    def flag(self, key: str) -> bool:
        """Read an optional true/false field; anything but `true` or `false` is an error."""
        node = self._present(key, False, "")
        if node is None:
            return False
        if isinstance(node, Scalar) and node.value in ("true", "false"):
            return node.value == "true"
        self.error(node, f"'{key}' must be true or false", f"write '{key}: true' or '{key}: false'")
        return False

    def number(self, key: str, largest: int = 999) -> int | None:
        """Read a whole number from 1 to `largest`, written with the digits 0-9."""
        node = self._present(key, True, f"add '{key}: 1'")
        if node is None:
            return None
        if isinstance(node, Scalar) and ascii_number(node.value, largest) is not None:
            return ascii_number(node.value, largest)
        self.error(node, f"'{key}' must be a whole number from 1 to {largest}, written with the digits 0-9",
                   f"write e.g. '{key}: 1'")
        return None

    def sequence(self, key: str, required: bool = False) -> tuple[Node, ...]:
        """Read a list; an empty value is an empty list."""
        node = self._present(key, required, f"add '{key}:' followed by a list")
        if node is None:
            return ()
        if isinstance(node, Sequence):
            return node.items
        self.error(node, f"'{key}' must be a list",
                   f"write '{key}: [a, b]' or one '- ' line per entry below '{key}:'")
        return ()

    def texts(self, key: str) -> tuple[str, ...]:
        """Read an optional list of one-line texts."""
        values = []
        for node in self.sequence(key):
            if isinstance(node, Scalar) and " ".join(node.value.split()):
                values.append(" ".join(unwrap_opt_outs(node.value).split()))
            else:
                self.error(node, f"every entry of '{key}' must be a non-empty text",
                           "write one name per entry")
        return tuple(values)

    def sub(self, node: Node, what: str) -> Fields | None:
        """Return a reader for a nested mapping, or record that one was expected."""
        if isinstance(node, Mapping):
            return Fields(node, self.errors, what, self.quote)
        self.error(node, f"{what} must be a group of fields ('key: value' lines)",
                   "indent the fields of each entry under its '- '")
        return None
