"""Write a minutes content folder as a Hugo site, so Hugo + Pagefind can be measured on the same corpus.

    python benchmarks/hugo_site.py CONTENT_DIR HUGO_SITE_DIR

The converter reads the content the way `minutes` does (load, redact, link: `generator.build.prepare`),
so the Hugo site holds exactly the public text of the minutes site: closed items keep their number and
title only. It writes the same pages: home, one per body, per body and year, per meeting (at the same
address, `<body>/<date>/`), the topics (Hugo taxonomy `emner`, the topics of each meeting's open items as
minutes groups them) and the people (taxonomy `personer`), a search page and a 404 page. Meeting pages
carry the same Pagefind attributes as `templates/meeting.html`: `data-pagefind-body` on the article,
`data-pagefind-ignore` on facts, table of contents and signatures, and the filters Udvalg, År, Type and
Emne with the sort key `dato`. Feeds, sitemap and robots.txt are off, since minutes writes none.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from generator.build import BuildOptions, BuildReport, prepare  # noqa: E402
from generator.link.archive import Archive  # noqa: E402
from generator.model import Meeting, OpenItem  # noqa: E402
from generator.publish.search import filter_value  # noqa: E402

CONFIG = {
    "baseURL": "/",
    "title": "",
    "languageCode": "da",
    "defaultContentLanguage": "da",
    "disableKinds": ["rss", "sitemap", "robotstxt"],
    "taxonomies": {"emne": "emner", "person": "personer"},
    # Headings get ids only where minutes gives them one (the items), so both indexes hold the same anchors.
    "markup": {"goldmark": {"renderer": {"unsafe": False}, "parser": {"autoHeadingID": False}}},
    "pagination": {"pagerSize": 1000000},
}

LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"  # Hugo templates, the counterparts of templates/
CLOSED_NOTE = "Punktet er behandlet for lukkede døre. Kun punktets nummer og titel offentliggøres."
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


def front_matter(data: dict[str, object], body: str = "") -> str:
    """A Hugo content file with JSON front matter."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n\n" + body


def item_markdown(archive: Archive, meeting: Meeting) -> str:
    """The agenda items of a meeting as Markdown: what minutes publishes of each, headings one level down."""
    parts = []
    for item in meeting.items:
        parts.append(f'## {item.number}. {item.title} {{#punkt-{item.number}}}\n')
        if not isinstance(item, OpenItem):
            parts.append(f"*Lukket punkt.* {CLOSED_NOTE}\n")
            if item.public_decision is not None:
                parts.append(f"### {item.public_decision.heading}\n\n{item.public_decision.markdown}\n")
            continue
        parts.append(item.intro + "\n")
        for section in item.sections:
            parts.append(f"### {section.heading}\n\n{section.markdown}\n")
        for attachment in item.attachments:
            label = "lukket" if attachment.closed else (attachment.title or "")
            parts.append(f"- Bilag {attachment.number}: {label}")
        parts.append("")
    return "\n".join(parts) + "\n"


def meeting_file(archive: Archive, meeting: Meeting) -> str:
    """One meeting as a Hugo content file, at the same address as in minutes."""
    topics_of = {item.number: [entry.timeline.topic.name for entry in archive.topics.of_item(meeting, item)]
                 for item in meeting.items}
    data: dict[str, object] = {
        "title": f"{meeting.body.name}, {meeting.date.isoformat()}",
        "date": meeting.date.isoformat(),
        "type": "meeting",
        "url": "/" + meeting.path,
        "body_name": meeting.body.name,
        "kind": meeting.kind.value.capitalize(),
        "short_date": f"{meeting.date.day}. {MONTHS[meeting.date.month - 1]} {meeting.date.year}",
        "sort_date": f"{meeting.date.isoformat()}T{meeting.start.isoformat()}",
        "time": f"{meeting.start.hour}:{meeting.start.minute:02d}–{meeting.end.hour}:{meeting.end.minute:02d}",
        "location": meeting.location,
        "members": [{"role": member.role, "name": member.name} for member in meeting.members],
        "items": [{"number": item.number, "title": item.title, "closed": not isinstance(item, OpenItem),
                   "topics": topics_of[item.number]} for item in meeting.items],
        "emner": list(archive.topics.names_of_open_items(meeting)),
        # Filter values escaped as the minutes templates escape them for Pagefind's interface.
        "filter_body": filter_value(meeting.body.name),
        "filter_kind": filter_value(meeting.kind.value.capitalize()),
        "filter_topics": [filter_value(name) for name in archive.topics.names_of_open_items(meeting)],
        "personer": sorted({member.name for member in meeting.members if member.name}),
    }
    return front_matter(data, item_markdown(archive, meeting))


def write_text(path: Path, text: str) -> None:
    """Write a file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def meeting_files(archive: Archive) -> Iterable[tuple[str, str]]:
    """Every content file of the Hugo site: (path under content/, text)."""
    for body in archive.bodies:
        yield f"{body.slug}/_index.md", front_matter({"title": body.name})
        for year, _ in archive.years_of(body):
            yield f"{body.slug}/{year}/_index.md", front_matter({"title": str(year)})
    for meeting in archive.meetings:
        yield meeting_path(meeting.body.slug, meeting.date.year, meeting.slug), meeting_file(archive, meeting)
    yield "soeg.md", front_matter({"title": "Søg", "layout": "search", "url": "/soeg/"})


def meeting_path(body: str, year: int, slug: str) -> str:
    """Where a meeting's file goes under content/."""
    return f"{body}/{year}/{slug}.md"


def write_hugo_site(content_dir: Path, site_dir: Path, templates_dir: Path = PROJECT_DIR / "templates") -> Archive:
    """Write the content of a minutes archive as a Hugo site (replacing site_dir); return the archive."""
    archive, _, _ = prepare(BuildOptions(content_dir=content_dir), BuildReport())
    shutil.rmtree(site_dir, ignore_errors=True)
    config = {**CONFIG, "title": archive.config.title,
              "params": {"bodies": [{"slug": body.slug, "name": body.name} for body in archive.bodies]}}
    write_text(site_dir / "hugo.json", json.dumps(config, ensure_ascii=False, indent=1) + "\n")
    shutil.copytree(LAYOUTS, site_dir / "layouts")
    for path, text in meeting_files(archive):
        write_text(site_dir / "content" / path, text)
    shutil.copytree(templates_dir / "assets", site_dir / "static" / "assets")
    return archive


if __name__ == "__main__":
    site = write_hugo_site(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"Wrote {len(site.meetings)} meetings as a Hugo site into {sys.argv[2]}")
