"""Render the pages in a forked process pool, each worker writing its pages straight into the staging folder.

The archive is inherited by the forked workers, never pickled; only a small record per page comes back,
so no process holds every page. The output does not depend on how many workers there are: each page is
a pure function of its context, the templates and the code. A page whose inputs have the digest the
previous build recorded is not rendered: the current site's file is taken, once its bytes are checked.
"""

from __future__ import annotations

import functools
import io
import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FunctionLoader
from jinja2.loaders import split_template_path

from generator.incremental.cache import code_version, library_versions
from generator.incremental.meetingwork import pool_map
from generator.incremental.rendered import (
    Rendered,
    environment_digest,
    installed_versions,
    output_digest,
    read_templates,
    zone_file,
)
from generator.link.archive import Archive
from generator.link.people import Person
from generator.link.topics import Timeline
from generator.publish.write import reuse_page, settled_before, settled_identity, write_page
from generator.render import seo
from generator.render.inputdigest import Digester, UndigestibleValue
from generator.render.meetingview import LinkedTexts
from generator.render.pages import (
    Page,
    Strings,
    base_path,
    list_pages,
    load_strings,
    make_environment,
    page_address,
    root_prefix,
)

# Large values many pages show: each is digested once per build and process. Small ones (a decision, a
# topic's treatment of an item) are cheaper pickled where they stand, their meeting and item by digest.
SHARED_VALUES = (LinkedTexts, Timeline, Person)
_ENVIRONMENT: list[tuple[Archive, Mapping[str, bytes], Any]] = []  # one Jinja environment per process and build


@dataclass(frozen=True)
class RenderResult:
    """What rendering the pages did: their paths, the record for the next build, and counts."""

    paths: list[str]
    record: dict[str, Rendered]
    linked: int  # pages hard-linked (or copied) unchanged from the current site
    rendered: int  # pages whose templates ran


@functools.cache
def running_code() -> tuple[str, str]:
    """Return the digest of the generator's code and the libraries' versions, taken once: what this process runs.

    A process keeps the code it imported; read from the disk at each build of a long-running process (minutes
    serve, while the package is upgraded or edited), the new code's digest would record pages the old code made.
    """
    return code_version(), f"{library_versions()};{installed_versions()}"


_ZONE: list[tuple[object, bytes]] = []  # the time zone the pages are made with, and its file as read once


def time_zone_file() -> bytes:
    """The bytes of the time-zone file the pages and calendars are made with, as read once."""
    # seo.TIMEZONE was read from its file when imported; that file is read once with it, for the same reason.
    zone = seo.TIMEZONE
    if not _ZONE or _ZONE[0][0] is not zone:
        _ZONE[:] = [(zone, zone_file(zone.key))]
    return _ZONE[0][1]


# Taken when the code is imported (and seo.TIMEZONE read), not when the first page is rendered: minutes later,
# at scale, and the disk may hold other code or time-zone files by then.
running_code()
time_zone_file()


def _text(data: bytes) -> str:
    """Decode a template file as reading it in text mode would (UTF-8, universal newlines)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


def _environment(archive: Archive, templates_dir: Path, templates: Mapping[str, bytes]) -> Any:
    # Jinja and the interface words read the very bytes the digest was taken of, not the folder again:
    # a template saved while the build runs must not be recorded under the digest of the one before.
    if not _ENVIRONMENT or _ENVIRONMENT[0][0] is not archive or _ENVIRONMENT[0][1] is not templates:
        words = templates.get(f"i18n/{archive.config.language}.yaml")
        strings = (Strings(yaml.safe_load(_text(words))) if words is not None
                   else load_strings(templates_dir, archive.config.language))  # raises its error for a missing file
        env = make_environment(templates_dir, strings)

        def source(name: str) -> tuple[str, str, Callable[[], bool]] | None:
            pieces = split_template_path(name)  # as Jinja's FileSystemLoader: './a.html' is 'a.html', no '..'
            data = templates.get("/".join(pieces))
            filename = os.path.normpath(posixpath.join(templates_dir, *pieces))  # as Jinja's errors name it
            return None if data is None else (_text(data), filename, lambda: True)

        env.loader = FunctionLoader(source)
        _ENVIRONMENT[:] = [(archive, templates, env)]
    return _ENVIRONMENT[0][2]


def page_context(archive: Archive, page: Page) -> dict[str, Any]:
    """The whole context a page's template sees: the site settings, where the page is, and its own values."""
    # The 404 page is served at any address, so its links start from the base URL.
    root = base_path(archive.config.base_url) if page.path == "404.html" else root_prefix(page.path)
    return {"site": archive.config, "root": root, "page_path": page.path,
            "page_address": page_address(archive.config.base_url, page.path), **page.own_context()}


def render_and_write(archive: Archive, templates_dir: Path, staging: Path, previous: Path | None = None,
                     workers: int | None = None, progress: Callable[[int, int], None] | None = None,
                     known: dict[str, Rendered] | None = None) -> RenderResult:
    """Render every page into the staging folder, taking unchanged ones from `previous` (the current site).

    `known` is the previous build's record: a page whose input digest it holds, and whose file in
    `previous` still has the recorded bytes, is taken from there without rendering. Any other page
    byte-identical to the one in `previous` is hard-linked from there instead of written.
    """
    pages = list_pages(archive)
    known = known or {}
    templates = read_templates(templates_dir)
    environment = environment_digest(templates, *running_code(), time_zone_file())
    digester = Digester(SHARED_VALUES)

    settled = settled_before(staging)

    def render_one(page: Page) -> tuple[Rendered, bool, bool]:
        context = page_context(archive, page)
        try:
            inputs = digester.digest((environment, page.template, context)).hex()
        except UndigestibleValue:
            inputs = ""  # rendered every time: a context the digest cannot read is never trusted as unchanged
        before = known.get(page.path)
        if previous is not None and before is not None and inputs and before.inputs == inputs \
                and reuse_page(staging, page.path, previous, before.output, before.identity):
            return Rendered(inputs, before.output, settled_identity(staging / page.path, settled)), True, False
        template = _environment(archive, templates_dir, templates).get_template(page.template)
        data = str(template.render(context)).encode("utf-8")
        linked = write_page(staging, page.path, data, previous)
        # A file written now is not settled; one linked from the current site is, and is recorded so.
        found = settled_identity(staging / page.path, settled) if linked else None
        return Rendered(inputs, output_digest(data), found), linked, True

    try:
        done = pool_map(render_one, pages, workers, progress=progress)
    finally:
        _ENVIRONMENT.clear()
    record = {page.path: entry for page, (entry, _, _) in zip(pages, done, strict=True)}
    return RenderResult([page.path for page in pages], record, sum(linked for _, linked, _ in done),
                        sum(rendered for _, _, rendered in done))
