"""Render the archive to pages with Jinja: pure, from the linked archive to {path: text}."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.link.archive import Archive
from generator.markdown import render_markdown
from generator.model import Kind
from generator.names import by_letter
from generator.publish.search import filter_value
from generator.render.meetingview import MeetingValues, decisions_context, meeting_context
from generator.render.seo import event_data, meeting_description

LATEST_ON_HOME = 10
DECISIONS_DIR = "beslutninger"


@dataclass(frozen=True)
class Page:
    """One output page: its path under the site root, its template and its own context.

    A context that takes work to make is given as a function, called where the page is rendered.
    """

    path: str
    template: str
    context: dict[str, Any] | Callable[[], dict[str, Any]]

    def own_context(self) -> dict[str, Any]:
        """The values this page shows (besides the site settings and where it is)."""
        return self.context() if callable(self.context) else self.context


class Strings(dict[str, Any]):
    """The words of the user interface; a missing word is an error, not an empty string."""

    def __missing__(self, key: str) -> Any:
        raise KeyError(f"the user-interface word '{key}' is missing from the language file")


def load_strings(templates_dir: Path, language: str) -> Strings:
    """Load the interface words for a language from `templates/i18n/<language>.yaml`."""
    path = templates_dir / "i18n" / f"{language}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"no interface words for the language '{language}': {path} is missing")
    return Strings(yaml.safe_load(path.read_text(encoding="utf-8")))


def make_environment(templates_dir: Path, strings: Strings) -> Environment:
    """Return the Jinja environment: autoescaping on, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build renders from one state of the templates: no check per page
    )
    env.filters["markdown"] = lambda text, links=None: Markup(links.render(text) if links else render_markdown(text))
    env.filters["long_date"] = lambda date: long_date(date, strings)
    env.filters["short_date"] = lambda date: short_date(date, strings)
    env.filters["clock"] = lambda time: f"{time.hour}:{time.minute:02d}"
    env.filters["filter_value"] = lambda value: filter_value(str(value))
    env.globals["t"] = strings
    env.globals["meeting_description"] = lambda meeting: meeting_description(meeting, strings)
    env.globals["event_data"] = lambda meeting, site, address: event_data(meeting, site, strings, address)
    return env


def long_date(date: dt.date, strings: Strings) -> str:
    """'onsdag den 30. august 2023'."""
    weekday = strings["weekdays"][date.weekday()]
    return f"{weekday} den {date.day}. {strings['months'][date.month - 1]} {date.year}"


def short_date(date: dt.date, strings: Strings) -> str:
    """'30. august 2023'."""
    return f"{date.day}. {strings['months'][date.month - 1]} {date.year}"


def base_path(base_url: str) -> str:
    """The path part of the base URL, e.g. '/referater/' for 'https://example.dk/referater/'."""
    return urlsplit(base_url).path or "/"


def page_address(base_url: str, page_path: str) -> str:
    """The page's public address: absolute when the base URL is, e.g. 'https://example.dk/referater/direktionen/'."""
    return base_url + page_path.removesuffix("index.html")


def root_prefix(page_path: str) -> str:
    """The relative way from a page back to the site root, e.g. '../../' for 'a/b/index.html'."""
    return "../" * page_path.count("/")


def list_pages(archive: Archive) -> list[Page]:
    """Every page of the site, in a stable order, each with all it shows (templates never see the archive)."""
    values = MeetingValues(archive)
    upcoming = tuple(meeting for meeting in archive.meetings if meeting.kind is Kind.DAGSORDEN)
    counts = {body.slug: len(archive.meetings_of(body)) for body in archive.bodies}
    pages = [Page("index.html", "home.html", {"latest": archive.latest(LATEST_ON_HOME), "upcoming": upcoming,
                                              "meeting_counts": counts})]
    for body in archive.bodies:
        years = archive.years_of(body)
        pages.append(Page(f"{body.slug}/index.html", "body.html", {"body": body, "years": years}))
        year_numbers = [year for year, _ in years]
        for index, (year, meetings) in enumerate(years):
            newer = year_numbers[index - 1] if index > 0 else None
            older = year_numbers[index + 1] if index + 1 < len(year_numbers) else None
            pages.append(Page(f"{body.slug}/{year}/index.html", "year.html",
                              {"body": body, "year": year, "meetings": meetings, "newer": newer, "older": older}))
            path = f"{body.slug}/{year}/{DECISIONS_DIR}/index.html"
            pages.append(Page(path, "decisions.html",
                              partial(decisions_context, values, body, year, meetings, root_prefix(path))))
    for meeting in archive.meetings:
        path = f"{meeting.path}index.html"
        pages.append(Page(path, "meeting.html", partial(meeting_context, values, meeting, root_prefix(path))))
    pages.extend(topic_pages(archive))
    pages.extend(people_pages(archive))
    pages.append(Page("soeg/index.html", "search.html", {}))
    pages.append(Page("404.html", "404.html", {}))
    return pages


def topic_pages(archive: Archive) -> list[Page]:
    """The A–Z index of topics and a timeline page per topic."""
    timelines = archive.topics.timelines
    pages = [Page("emner/index.html", "topic-index.html", {"letters": by_letter(timelines, lambda t: t.topic.name)})]
    pages.extend(Page(f"{timeline.path}index.html", "topic.html", {"timeline": timeline}) for timeline in timelines)
    return pages


def people_pages(archive: Archive) -> list[Page]:
    """The A–Z index of people and a page per person."""
    people = archive.people.people
    pages = [Page("personer/index.html", "people-index.html", {"letters": by_letter(people, lambda p: p.name)})]
    pages.extend(Page(f"{person.path}index.html", "person.html", {"person": person}) for person in people)
    return pages
