"""Red-team findings that are checked below the command line (the others are hostile corpus cases)."""

from __future__ import annotations

from generator.build import DEFAULT_TEMPLATES
from generator.content.load import load_content
from generator.publish.leakguard import fingerprint
from generator.publish.leakwords import word_hash, words
from tests.conftest import ContentFactory, meeting_text

TWO_DECISIONS = """\
# 1. Personalesag
status: lukket

## Offentlig beslutning

Direktionen traf beslutning i sagen.

## Offentlig beslutning

Zqandenbeslutning om opsigelse af den navngivne medarbejder.
"""


def test_the_leak_guard_holds_a_closed_items_second_public_decision_as_closed(content: ContentFactory) -> None:
    # Redaction publishes only the first "Offentlig beslutning" of a closed item; the guard must look for the rest.
    content.meeting("m.md", meeting_text(items=TWO_DECISIONS))
    config, sources = load_content(content.root)
    fingerprints = fingerprint(config, sources, content.root, DEFAULT_TEMPLATES)
    second = tuple(map(word_hash, words("Zqandenbeslutning om opsigelse af den")))
    first = tuple(map(word_hash, words("Direktionen traf beslutning i sagen")))
    assert second in fingerprints.run_keys[5]
    assert first not in fingerprints.run_keys.get(5, frozenset())
