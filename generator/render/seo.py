"""For search engines and sharing: page descriptions, schema.org Event data, sitemap.xml and robots.txt.

All of it is made from the public model. Absolute addresses (canonical links, the sitemap) exist only
when `base_url` is a full http(s) address; with a path such as '/' the site cannot know its host.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from markupsafe import Markup

from generator.model import Meeting, SiteConfig
from generator.render.excerpt import shorten

TIMEZONE = ZoneInfo("Europe/Copenhagen")
DESCRIPTION_LENGTH = 300
# Characters that could end a <script> element or start markup; JSON allows them as \\u escapes.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def local_datetime(date: dt.date, time: dt.time) -> dt.datetime:
    """The moment a meeting starts or ends, in Danish time (summer time included)."""
    return dt.datetime.combine(date, time, tzinfo=TIMEZONE)


def owner(config: SiteConfig) -> str:
    """Whose archive this is: the municipality's name, or the site's title without one."""
    return config.identity.municipality or config.title


def meeting_description(meeting: Meeting, strings: Mapping[str, Any]) -> str:
    """A one-paragraph summary of a meeting: kind, body, date, place and item titles."""
    date = f"{strings['weekdays'][meeting.date.weekday()]} den {meeting.date.day}. " \
           f"{strings['months'][meeting.date.month - 1]} {meeting.date.year}"
    titles = "; ".join(f"{item.number}. {item.title}" for item in meeting.items)
    return shorten(f"{strings[meeting.kind.value]}: {meeting.body.name}, {date}, {meeting.location}. "
                   f"{strings['contents']}: {titles}", DESCRIPTION_LENGTH)


def event_data(meeting: Meeting, config: SiteConfig, strings: Mapping[str, Any], address: str) -> Markup:
    """The meeting as schema.org Event data (JSON-LD), safe to place inside a <script> data block."""
    organizer: dict[str, str] = {"@type": "GovernmentOrganization", "name": owner(config)}
    if config.identity.website:
        organizer["url"] = config.identity.website
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{strings[meeting.kind.value]}: {meeting.body.name}",
        "description": meeting_description(meeting, strings),
        "startDate": local_datetime(meeting.date, meeting.start).isoformat(),
        "endDate": local_datetime(meeting.date, meeting.end).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": meeting.location, "address": meeting.location},
        "organizer": organizer,
        "inLanguage": config.language,
    }
    if config.absolute:
        data["url"] = address
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup("".join(_JSON_ESCAPES.get(char, char) for char in text))


def page_lastmod(meetings: Iterable[Meeting]) -> dict[str, dt.date]:
    """The last change of each meeting page, by page path."""
    return {f"{meeting.path}index.html": meeting.changed for meeting in meetings}


def sitemap(config: SiteConfig, page_paths: Iterable[str], lastmod: Mapping[str, dt.date]) -> str:
    """The sitemap.xml of every page but the 404 page (absolute base URL only)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(page_paths):
        if path == "404.html" or not path.endswith(".html"):
            continue
        changed = f"<lastmod>{lastmod[path].isoformat()}</lastmod>" if path in lastmod else ""
        lines.append(f"  <url><loc>{escape(config.base_url + path.removesuffix('index.html'))}</loc>{changed}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(config: SiteConfig) -> str:
    """robots.txt: everything may be crawled; where the sitemap is (absolute base URL only)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"
