"""The files beside the pages: sitemap and robots.txt, feeds, calendars and the export, from the public model."""

from __future__ import annotations

from pathlib import Path

from generator.link.archive import Archive
from generator.render.bulk import render_bulk
from generator.render.feeds import render_feeds
from generator.render.ical import render_calendars
from generator.render.oparl import render_oparl
from generator.render.pages import load_strings
from generator.render.seo import page_lastmod, robots, sitemap


def render_channels(archive: Archive, page_paths: list[str], templates_dir: Path) -> dict[str, str]:
    """Render every file that is not a page; return their texts by path."""
    config = archive.config
    strings = load_strings(templates_dir, config.language)
    files = render_feeds(archive, strings)
    files.update(render_calendars(archive, strings))
    files.update(render_oparl(archive, strings))
    files.update(render_bulk(archive))
    if config.absolute:
        files["sitemap.xml"] = sitemap(config, page_paths, page_lastmod(archive.meetings))
        files["robots.txt"] = robots(config)
    return files
