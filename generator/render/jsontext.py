"""JSON text as `json.dumps(value, ensure_ascii=False, indent=1)` writes it, with parts written once and reused.

The OParl export embeds each object in its own file, its parent and one or more lists. Written with
the standard library's encoder, which runs in pure Python whenever it indents, an agenda item would be
encoded five times. Here an object is encoded once into `Encoded` text and placed as it is wherever it
appears: the indented text only gains the indent of where it is placed, since indented JSON has line
breaks only between values (a line break inside a string is written as `\\n`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # the C implementation when there is one

JsonValue = object
_CONSTANTS = {None: "null", True: "true", False: "false"}


@dataclass(frozen=True)
class Encoded:
    """A JSON value already written as text (at indent 0), placed as it is inside other values."""

    text: str


def encode(value: JsonValue) -> Encoded:
    """Write a JSON value once, for placing inside others."""
    return Encoded(dumps(value))


def dumps(value: JsonValue) -> str:
    """Write a JSON value exactly as json.dumps(value, ensure_ascii=False, indent=1) does."""
    parts: list[str] = []
    _write(value, 0, parts)
    return "".join(parts)


def _write(value: JsonValue, depth: int, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, Encoded):
        parts.append(value.text.replace("\n", "\n" + " " * depth) if depth else value.text)
    elif isinstance(value, Mapping):
        if not value:
            parts.append("{}")
            return
        inner = "\n" + " " * (depth + 1)
        separator = "{" + inner
        for key, member in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys here are strings, not {type(key).__name__}")
            parts.append(separator + encode_basestring(key) + ": ")
            _write(member, depth + 1, parts)
            separator = "," + inner
        parts.append("\n" + " " * depth + "}")
    elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        if not value:
            parts.append("[]")
            return
        inner = "\n" + " " * (depth + 1)
        separator = "[" + inner
        for member in value:
            parts.append(separator)
            _write(member, depth + 1, parts)
            separator = "," + inner
        parts.append("\n" + " " * depth + "]")
    elif value is None or value is True or value is False:
        parts.append(_CONSTANTS[value])
    elif type(value) is int:
        parts.append(int.__repr__(value))
    else:  # other numbers (and anything JSON cannot hold, which raises): the standard library's spelling
        parts.append(json.dumps(value))
