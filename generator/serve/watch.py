"""Watch the content and templates folders and call back once per burst of changes (watchfiles)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

# Quiet time that ends a burst (an editor's save is a write and a rename or two, milliseconds apart), and the
# longest a burst is gathered (a `git checkout` of many files) before the build starts anyway.
STEP_MS = 100
DEBOUNCE_MS = 1_600


class SiteFilter(DefaultFilter):
    """Keeps changes to content and templates; drops the build's own folders and editors' temporary files."""

    # Beyond watchfiles' defaults (swap files, '~' backups, Emacs' '.#' locks, JetBrains' '___jb_'):
    # Vim's write test file, Emacs' '#autosave#', Kate's swap files and the usual '.tmp' of atomic saves.
    ignore_entity_patterns = (*DefaultFilter.ignore_entity_patterns, r"^4913$", r"^#.*#$", r"\.kate-swp$",
                              r"\.tmp$", r"\.part$")

    def __init__(self, out_dir: Path, cache_dir: Path | None = None) -> None:
        super().__init__()
        out = out_dir.resolve()
        # The output's staging and old folders are siblings named after it (generator/publish/write.py).
        self._out_parent, self._out_names = out.parent, (f".{out.name}.new-", f".{out.name}.old-")
        self._skipped = (out,) if cache_dir is None else (out, cache_dir.resolve())

    def __call__(self, change: Change, path: str) -> bool:
        """Tell whether a change is one the site is built from."""
        if not super().__call__(change, path):
            return False
        # watchfiles' own ignore_paths compares string prefixes, so 'site' would also hide 'site-notes';
        # folders are compared as paths here.
        target = Path(path)
        if any(target == folder or folder in target.parents for folder in self._skipped):
            return False
        return not any(part.parent == self._out_parent and part.name.startswith(self._out_names)
                       for part in (target, *target.parents))


def watch_changes(folders: Sequence[Path], watch_filter: SiteFilter, stop: threading.Event,
                  changed: Callable[[int], None]) -> None:
    """Call `changed(count)` after each burst of changes below the folders, until `stop` is set."""
    # Changes made while `changed` runs (a build) are held by watchfiles' notifier and come as the next burst.
    roots = [str(folder.resolve()) for folder in folders if folder.is_dir()]
    for changes in watch(*roots, watch_filter=watch_filter, stop_event=stop, step=STEP_MS, debounce=DEBOUNCE_MS,
                         raise_interrupt=False):
        changed(len(changes))
