"""A meeting's `published:` date and `corrections:` list, read from its header."""

from __future__ import annotations

import datetime as dt

from generator.content.fields import Fields
from generator.model import Correction

PUBLICATION_KEYS = ("published", "corrections")
CORRECTION_KEYS = ("date", "text")


def read_publication(fields: Fields) -> tuple[dt.date | None, tuple[Correction, ...]]:
    """Read the optional publication date and corrections of a meeting header, recording mistakes."""
    published = fields.date("published") if fields.mapping.get("published") is not None else None
    corrections = []
    for number, node in enumerate(fields.sequence("corrections"), start=1):
        entry = fields.sub(node, f"correction {number}")
        if entry is None:
            continue
        entry.check_keys(CORRECTION_KEYS)
        date = entry.date("date")
        text = entry.text("text", hint="write what was corrected, e.g. 'text: Fremmødelisten er rettet.'")
        if date is None or text is None:
            continue
        if published is not None and date < published:
            entry.error(entry.mapping.get("date") or node, f"the correction is dated {date.isoformat()}, before "
                        f"the meeting was published ({published.isoformat()})",
                        "check the correction's date and the 'published' date")
            continue
        corrections.append(Correction(date, text))
    return published, tuple(sorted(corrections, key=lambda c: c.date))
