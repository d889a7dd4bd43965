"""Render the pages in a forked process pool, each worker writing its pages straight into the staging folder.

The archive is inherited by the forked workers, never pickled; only a flag per page comes back, so no
process holds every page. The output does not depend on how many workers there are: each page is a
pure function of the archive, the templates and its path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.incremental.meetingwork import pool_map
from generator.link.archive import Archive
from generator.link.decisions import decisions_of
from generator.publish.write import write_page
from generator.render.pages import (
    Page,
    base_path,
    list_pages,
    load_strings,
    make_environment,
    page_address,
    root_prefix,
)

_ENVIRONMENT: list[tuple[Archive, Path, Any]] = []  # one Jinja environment per process, for one build


def _environment(archive: Archive, templates_dir: Path) -> Any:
    if not _ENVIRONMENT or _ENVIRONMENT[0][0] is not archive or _ENVIRONMENT[0][1] != templates_dir:
        env = make_environment(templates_dir, load_strings(templates_dir, archive.config.language))
        env.globals["decisions"] = lambda meeting: decisions_of(meeting, archive.references.html)
        _ENVIRONMENT[:] = [(archive, templates_dir, env)]
    return _ENVIRONMENT[0][2]


def render_page(archive: Archive, templates_dir: Path, page: Page) -> str:
    """Render one page of the site."""
    # The 404 page is served at any address, so its links start from the base URL.
    root = base_path(archive.config.base_url) if page.path == "404.html" else root_prefix(page.path)
    context = {"site": archive.config, "archive": archive, "root": root, "page_path": page.path,
               "page_address": page_address(archive.config.base_url, page.path), **page.context}
    return str(_environment(archive, templates_dir).get_template(page.template).render(context))


def render_and_write(archive: Archive, templates_dir: Path, staging: Path, previous: Path | None = None,
                     workers: int | None = None, progress: Callable[[int, int], None] | None = None,
                     ) -> tuple[list[str], int]:
    """Render every page into the staging folder; return the page paths and how many were linked unchanged.

    A page byte-identical to the one of the same path in `previous` (the current site) is hard-linked
    from there instead of written.
    """
    pages = list_pages(archive)

    def render_one(page: Page) -> bool:
        data = render_page(archive, templates_dir, page).encode("utf-8")
        return write_page(staging, page.path, data, previous)

    try:
        linked = pool_map(render_one, pages, workers, progress=progress)
    finally:
        _ENVIRONMENT.clear()
    return [page.path for page in pages], sum(linked)
