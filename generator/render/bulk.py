"""One JSON Lines file of every published item and its decision, for journalists and data work.

`eksport/punkter.jsonl` holds one JSON object per line, one line per agenda item, oldest meeting first.
A closed item is its meeting, number and title with `"lukket": true`, nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from generator.link.archive import Archive
from generator.model import Meeting, OpenItem
from generator.render.excerpt import plain_text

BULK_FILE = "eksport/punkter.jsonl"


def decision_texts(archive: Archive, meeting: Meeting) -> dict[int, str]:
    """The plain text of each open item's decision sections, by item number (for the bulk file and OParl)."""
    texts = {}
    for item in meeting.items:
        if isinstance(item, OpenItem) and (decision := [s for s in item.sections if s.is_decision]):
            texts[item.number] = plain_text(" ".join(archive.references.html(meeting, s.markdown) for s in decision))
    return texts


def item_rows(archive: Archive, meeting: Meeting, decisions: Mapping[int, str]) -> list[dict[str, Any]]:
    """The rows of one meeting's items; `decisions` as decision_texts gives them."""
    base = archive.config.base_url
    rows = []
    for item in meeting.items:
        row: dict[str, Any] = {
            "forum": meeting.body.name,
            "forum_slug": meeting.body.slug,
            "dato": meeting.date.isoformat(),
            "start": meeting.start.strftime("%H:%M"),
            "slut": meeting.end.strftime("%H:%M"),
            "type": meeting.kind.value,
            "sted": meeting.location,
            "punkt": item.number,
            "titel": item.title,
            "lukket": item.closed,
            "adresse": f"{base}{meeting.path}#{item.anchor}",
        }
        if isinstance(item, OpenItem):
            row["beslutning"] = decisions.get(item.number)
            row["emner"] = list(item.topics)
            row["bilag"] = [a.title for a in item.attachments if not a.closed and a.title]
        row["offentliggjort"] = meeting.published.isoformat() if meeting.published else None
        row["rettelser"] = [{"dato": c.date.isoformat(), "tekst": c.text} for c in meeting.corrections]
        rows.append(row)
    return rows


def meeting_lines(archive: Archive, meeting: Meeting, decisions: Mapping[int, str]) -> str:
    """One meeting's lines of the bulk file."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in item_rows(archive, meeting, decisions))


def render_bulk(parts: Iterable[str]) -> dict[str, str]:
    """The bulk file by path, from each meeting's lines, oldest meeting first."""
    return {BULK_FILE: "".join(parts)}
