"""Keeping the cyclic garbage collector off the objects that live for the whole build: paused while they are
made, and frozen (out of its sight) once they are."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made (e.g. unpickled).

    Each full collection walks every object made so far, so collections during the loading of n meetings
    cost more than linear time; the objects made here live for the whole build anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FROZEN_DEPTH = 0


@contextmanager
def frozen_gc() -> Iterator[None]:
    """Hide every object made so far from the collector until the outermost frozen_gc ends (they may nest).

    A full collection walks every object it sees: with the model of a large archive alive, each one
    costs seconds. Frozen objects are still freed when no longer referenced, only not looked at for
    cycles; a forked worker shares their memory pages instead of copying them as the collector writes.
    """
    global _FROZEN_DEPTH
    gc.freeze()
    _FROZEN_DEPTH += 1
    try:
        yield
    finally:
        _FROZEN_DEPTH -= 1
        if _FROZEN_DEPTH == 0:
            gc.unfreeze()
