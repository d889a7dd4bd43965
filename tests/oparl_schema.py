"""The OParl 1.1 object schemas, for the types the export writes, as JSON Schema.

Transcribed from the specification's `schema/*.json` (https://github.com/OParl/spec, schema/): each
type's required properties, the JSON type of every property the export uses, and the `type` URI. The
specification's own files use non-standard keywords (`references`, `schema` for embedded objects),
so embedded objects are checked against their own schema by the test, one by one.
"""

from __future__ import annotations

from typing import Any

TYPE = "https://schema.oparl.org/1.1/"
STRING = {"type": "string"}
URL = {"type": "string", "pattern": "^https?://"}
URLS = {"type": "array", "items": URL}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"}
OBJECT = {"type": "object"}
COMMON = {"id": URL, "created": DATE_TIME, "modified": DATE_TIME, "web": URL, "deleted": {"type": "boolean"},
          "keyword": {"type": "array", "items": STRING}, "license": STRING}


def _schema(name: str, required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "type", *required],
        "properties": {**COMMON, "type": {"const": TYPE + name}, **properties},
    }


SCHEMAS: dict[str, dict[str, Any]] = {
    "System": _schema("System", ["oparlVersion", "body"], {
        "oparlVersion": {"type": "string", "pattern": r"^https://schema\.oparl\.org/1\.(0|1)/$"},
        "body": URL, "name": STRING, "website": URL, "contactEmail": STRING}),
    "Body": _schema("Body", ["name", "organization", "person", "meeting", "paper", "legislativeTerm"], {
        "system": URL, "name": STRING, "shortName": STRING, "website": URL, "organization": URL, "person": URL,
        "meeting": URL, "paper": URL, "agendaItem": URL, "file": URL,
        "legislativeTerm": {"type": "array", "items": OBJECT}}),
    "Organization": _schema("Organization", [], {
        "body": URL, "name": STRING, "meeting": URL, "organizationType": STRING, "website": URL}),
    "Meeting": _schema("Meeting", [], {
        "name": STRING, "meetingState": STRING, "cancelled": {"type": "boolean"}, "start": DATE_TIME,
        "end": DATE_TIME, "location": OBJECT, "organization": URLS, "participant": URLS,
        "agendaItem": {"type": "array", "items": OBJECT}, "auxiliaryFile": {"type": "array", "items": OBJECT}}),
    "AgendaItem": _schema("AgendaItem", ["order"], {
        "meeting": URL, "number": STRING, "order": {"type": "integer"}, "name": STRING,
        "public": {"type": "boolean"}, "result": STRING, "resolutionText": STRING,
        "auxiliaryFile": {"type": "array", "items": OBJECT}, "start": DATE_TIME, "end": DATE_TIME}),
    "Person": _schema("Person", [], {"body": URL, "name": STRING, "familyName": STRING, "givenName": STRING}),
    "File": _schema("File", ["accessUrl"], {
        "name": STRING, "fileName": STRING, "mimeType": STRING, "date": DATE, "size": {"type": "integer"},
        "accessUrl": URL, "downloadUrl": URL, "meeting": URLS, "agendaItem": URLS}),
    "Location": _schema("Location", [], {"description": STRING}),
}

LIST = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "properties": {
        "data": {"type": "array", "items": OBJECT},
        "pagination": {"type": "object", "required": ["totalElements", "elementsPerPage", "currentPage",
                                                      "totalPages"],
                       "properties": {key: {"type": "integer", "minimum": 0} for key in
                                      ("totalElements", "elementsPerPage", "currentPage", "totalPages")}},
        "links": {"type": "object", "required": ["first", "last"],
                  "properties": {key: URL for key in ("first", "prev", "next", "last")}},
    },
}
