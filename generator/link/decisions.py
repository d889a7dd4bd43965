"""What was decided: the decision sections of each open item and the public decision of each closed item.

Used by the "Beslutninger" page of each body and year and by the short overview at the top of each
meeting page. A closed item contributes only its "Offentlig beslutning", which is public by definition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.markdown import render_markdown
from generator.model import ClosedItem, Item, Meeting, OpenItem, Section
from generator.render.excerpt import excerpt

Render = Callable[[Meeting, str], str]


@dataclass(frozen=True)
class Decision:
    """An item's decision: its decision sections and a short plain-text excerpt of them."""

    item: Item
    sections: tuple[Section, ...]
    excerpt: str


def decisions_of(meeting: Meeting, render: Render) -> tuple[Decision, ...]:
    """The decisions of a meeting's items, in agenda order; items with no decision are left out."""
    found = []
    for item in meeting.items:
        if isinstance(item, OpenItem):
            sections = tuple(section for section in item.sections if section.is_decision)
            html = " ".join(render(meeting, section.markdown) for section in sections)
        elif isinstance(item, ClosedItem) and item.public_decision is not None:
            sections = (item.public_decision,)
            html = render_markdown(item.public_decision.markdown)
        else:
            continue
        if sections:
            found.append(Decision(item, sections, excerpt(html)))
    return tuple(found)
