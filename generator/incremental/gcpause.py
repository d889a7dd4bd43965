"""Pausing the cyclic garbage collector while a stage makes many objects that live for the whole build."""

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
