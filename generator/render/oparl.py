"""A static OParl 1.1 export (https://oparl.org): system, body, organizations, meetings, agenda items,
people and files as JSON files under `oparl/`, with paginated lists.

OParl is the German standard for council information systems; its agenda item already has `public`.
The municipality is the OParl *Body*; each body of site.yaml (a committee or board) is an
*Organization*. Every object's `id` is its own file's address, so the export needs an absolute
`base_url`. Everything comes from the public model: a closed item is its id, number, order, name and
`public: false`; a closed attachment does not appear.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from generator.link.archive import Archive
from generator.link.people import Person
from generator.model import Attachment, Item, Kind, Meeting, OpenItem
from generator.render.feeds import meeting_title, moment
from generator.render.jsontext import Encoded, dumps, encode
from generator.render.seo import local_datetime, owner

OPARL_DIR = "oparl"
SCHEMA = "https://schema.oparl.org/1.1/"
PAGE_SIZE = 100  # objects per page of a list
BODY_SLUG = "kommune"  # the one OParl body: the municipality
Json = dict[str, Any]


class Export:
    """Collects the files of the export: each object and list at the path its id names."""

    def __init__(self, archive: Archive, strings: Mapping[str, Any]) -> None:
        self.archive = archive
        self.strings = strings
        self.files: dict[str, str] = {}

    def url(self, path: str) -> str:
        """The absolute address of a file of the export, e.g. '.../oparl/meeting/direktionen/2023-08-30.json'."""
        return f"{self.archive.config.base_url}{OPARL_DIR}/{path}"

    def web(self, path: str) -> str:
        """The absolute address of a page of the site."""
        return self.archive.config.base_url + path

    def write(self, path: str, data: Json | Encoded) -> None:
        text = data.text if isinstance(data, Encoded) else dumps(data)
        self.files[f"{OPARL_DIR}/{path}"] = text + "\n"

    def obj(self, kind: str, path: str, fields: Json) -> Encoded:
        """An OParl object of a type with its id, written once: to its own file and wherever it is embedded."""
        data = encode({"id": self.url(path), "type": SCHEMA + kind, **fields})
        self.write(path, data)
        return data

    def paginated(self, path: str, objects: Sequence[Encoded]) -> str:
        """Write a list as pages of PAGE_SIZE objects ('x.json', 'x-2.json', …); return the first page's address."""
        stem = path.removesuffix(".json")
        pages = max(1, -(-len(objects) // PAGE_SIZE))
        names = [path] + [f"{stem}-{number}.json" for number in range(2, pages + 1)]
        for index, name in enumerate(names):
            links = {"first": self.url(names[0]), "last": self.url(names[-1])}
            if index > 0:
                links["prev"] = self.url(names[index - 1])
            if index + 1 < pages:
                links["next"] = self.url(names[index + 1])
            self.write(name, {
                "data": list(objects[index * PAGE_SIZE:(index + 1) * PAGE_SIZE]),
                "pagination": {"totalElements": len(objects), "elementsPerPage": PAGE_SIZE,
                               "currentPage": index + 1, "totalPages": pages},
                "links": links,
            })
        return self.url(names[0])


def stamp(date: dt.date) -> str:
    """An OParl date-time for a day the clerk wrote."""
    return moment(date).isoformat()


def meeting_key(meeting: Meeting) -> str:
    return f"{meeting.body.slug}/{meeting.slug}"


def file_object(export: Export, meeting: Meeting, item: Item, attachment: Attachment) -> Encoded | None:
    """An open attachment with a file, as an OParl File; anything else is not a file of the export."""
    if attachment.closed or attachment.file is None:
        return None
    name = attachment.file.rsplit("/", 1)[-1]
    fields: Json = {
        "name": attachment.title or name,
        "fileName": name,
        "mimeType": mimetypes.guess_type(name)[0] or "application/octet-stream",
        "accessUrl": export.web(quote(attachment.file)),
        "meeting": [export.url(f"meeting/{meeting_key(meeting)}.json")],
        "agendaItem": [export.url(f"agendaitem/{meeting_key(meeting)}/{item.number}.json")],
        "date": (meeting.published or meeting.date).isoformat(),
        "web": export.web(f"{meeting.path}#{item.anchor}"),
    }
    return export.obj("File", f"file/{meeting_key(meeting)}/{item.number}-{attachment.number}.json", fields)


def agenda_item(export: Export, meeting: Meeting, item: Item, decisions: Mapping[int, str],
                files: list[Encoded]) -> Encoded:
    """An agenda item: a closed one is its number and name and `public: false`, nothing more."""
    fields: Json = {
        "meeting": export.url(f"meeting/{meeting_key(meeting)}.json"),
        "number": str(item.number),
        "order": item.number,
        "name": item.title,
        "public": not item.closed,
    }
    if isinstance(item, OpenItem):
        if item.number in decisions:
            fields["resolutionText"] = decisions[item.number]
        attachments = [f for a in item.attachments if (f := file_object(export, meeting, item, a)) is not None]
        if attachments:
            fields["auxiliaryFile"] = attachments
            files.extend(attachments)
        if item.topics:
            fields["keyword"] = list(item.topics)
        fields["web"] = export.web(f"{meeting.path}#{item.anchor}")
    return export.obj("AgendaItem", f"agendaitem/{meeting_key(meeting)}/{item.number}.json", fields)


@dataclass(frozen=True)
class MeetingExport:
    """One meeting's part of the export: its files by path, and its objects for the lists."""

    files: dict[str, str]
    meeting: Encoded
    items: tuple[Encoded, ...]
    attachments: tuple[Encoded, ...]


def meeting_export(archive: Archive, strings: Mapping[str, Any], meeting: Meeting,
                   decisions: Mapping[int, str]) -> MeetingExport:
    """Write one meeting's objects; `decisions` holds the plain text of each open item's decision by number."""
    export = Export(archive, strings)
    items: list[Encoded] = []
    files: list[Encoded] = []
    encoded = meeting_object(export, meeting, decisions, items, files)
    return MeetingExport(export.files, encoded, tuple(items), tuple(files))


def meeting_object(export: Export, meeting: Meeting, decisions: Mapping[int, str], items: list[Encoded],
                   files: list[Encoded]) -> Encoded:
    """A meeting with its place, times, organization, participants and embedded agenda items."""
    key = meeting_key(meeting)
    location = export.obj("Location", f"location/{key}.json", {"description": meeting.location})
    own_items = [agenda_item(export, meeting, item, decisions, files) for item in meeting.items]
    items.extend(own_items)
    people = export.archive.people
    participants = [export.url(f"person/{person.slug}.json") for member in meeting.members
                    if member.name and member.name not in meeting.absent and (person := people.named(member.name))]
    fields: Json = {
        "name": meeting_title(meeting, export.strings),
        "meetingState": export.strings["oparl_held" if meeting.kind is Kind.REFERAT else "oparl_scheduled"],
        "cancelled": False,
        "start": local_datetime(meeting.date, meeting.start).isoformat(),
        "end": local_datetime(meeting.date, meeting.end).isoformat(),
        "location": location,
        "organization": [export.url(f"organization/{meeting.body.slug}.json")],
        "participant": participants,
        "agendaItem": own_items,
        "created": stamp(meeting.published or meeting.date),
        "modified": stamp(meeting.changed),
        "web": export.web(meeting.path),
    }
    if meeting.corrections:
        fields["minutes:corrections"] = [{"date": c.date.isoformat(), "text": c.text} for c in meeting.corrections]
    return export.obj("Meeting", f"meeting/{key}.json", fields)


def person_object(export: Export, person: Person) -> Encoded:
    return export.obj("Person", f"person/{person.slug}.json", {
        "body": export.url(f"body/{BODY_SLUG}.json"), "name": person.name, "web": export.web(person.path)})


def render_oparl(archive: Archive, strings: Mapping[str, Any], parts: Sequence[MeetingExport]) -> dict[str, str]:
    """Every file of the OParl export by path, from each meeting's part; nothing without an absolute base URL."""
    if not archive.config.absolute:
        return {}
    export = Export(archive, strings)
    for part in parts:
        export.files.update(part.files)
    config = archive.config
    body_path = f"body/{BODY_SLUG}"
    items = [item for part in parts for item in part.items]
    files = [file for part in parts for file in part.attachments]
    meetings = [part.meeting for part in parts]
    by_body: dict[str, list[Encoded]] = {}
    for json_meeting, meeting in zip(meetings, archive.meetings, strict=True):
        by_body.setdefault(meeting.body.slug, []).append(json_meeting)
    organizations = []
    for body in archive.bodies:
        own = by_body.get(body.slug, [])
        organizations.append(export.obj("Organization", f"organization/{body.slug}.json", {
            "body": export.url(f"{body_path}.json"), "name": body.name, "organizationType": strings["oparl_body"],
            "meeting": export.paginated(f"organization/{body.slug}/meetings.json", own),
            "web": export.web(f"{body.slug}/"),
        }))
    people = [person_object(export, person) for person in archive.people.people]
    body_fields: Json = {
        "system": export.url("system.json"),
        "name": owner(config),
        "organization": export.paginated(f"{body_path}/organizations.json", organizations),
        "person": export.paginated(f"{body_path}/people.json", people),
        "meeting": export.paginated(f"{body_path}/meetings.json", meetings),
        "paper": export.paginated(f"{body_path}/papers.json", []),
        "agendaItem": export.paginated(f"{body_path}/agendaitems.json", items),
        "file": export.paginated(f"{body_path}/files.json", files),
        "legislativeTerm": [],
        "web": config.base_url,
    }
    if config.identity.website:
        body_fields["website"] = config.identity.website
    oparl_body = export.obj("Body", f"{body_path}.json", body_fields)
    system: Json = {
        "oparlVersion": SCHEMA,
        "body": export.paginated("bodies.json", [oparl_body]),
        "name": config.title,
        "web": config.base_url,
    }
    if config.identity.website:
        system["website"] = config.identity.website
    export.obj("System", "system.json", system)
    return export.files
