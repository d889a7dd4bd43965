"""minutes-archive: a static-site generator for municipal meeting minutes."""

from __future__ import annotations

__version__ = "0.1.0"
