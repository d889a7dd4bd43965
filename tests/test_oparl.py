"""The OParl 1.1 export and the bulk JSON Lines file: valid against the OParl schemas, every id a file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.render import oparl
from tests.conftest import ContentFactory, meeting_text, run_build
from tests.leakscan import find_markers
from tests.oparl_schema import LIST, SCHEMAS, TYPE

BASE = "https://example.dk/referater/"
SECRET = "zqoparlsecretxq"
ITEMS = f"""\
# 1. Budget 2025
status: åben
topics: [Budget]
attachments:
  - number: 1
    status: åben
    title: Budgetnotat
    file: files/notat.pdf
  - number: 2
    status: lukket
    title: {SECRET} bilag
    file: files/{SECRET}.pdf

## Beslutning

Budgettet blev **godkendt**.

# 2. Personalesag
status: lukket
topics: [{SECRET}]

## Beslutning

{SECRET} blev afskediget.

## Offentlig beslutning

Der blev truffet en afgørelse.
"""
CORRECTION = "published: 2024-06-07\ncorrections:\n  - date: 2024-06-20\n    text: Bilag 1 er udskiftet.\n"


@pytest.fixture
def site(content: ContentFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Five meetings in two bodies, lists two to a page so that pagination is exercised."""
    monkeypatch.setattr(oparl, "PAGE_SIZE", 2)
    content.file("files/notat.pdf")
    content.file(f"files/{SECRET}.pdf", SECRET.encode())
    content.meeting("d/1.md", meeting_text(date="2024-06-05", items=ITEMS, header=CORRECTION))
    for number, date in enumerate(("2024-01-10", "2024-02-07", "2024-03-06"), start=2):
        content.meeting(f"d/{number}.md", meeting_text(date=date, header="absent: [Jonas Kroustrup]\n"))
    content.meeting("u/1.md", meeting_text(body="udvalg", date="2024-08-14"))
    out = tmp_path / "site"
    run_build(content.root, out, base_url=BASE)
    return out


def file_of(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return site / url.removeprefix(BASE).split("#")[0]


def objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every OParl object in a JSON value, embedded ones included."""
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith(TYPE):
            yield value
        for inner in value.values():
            yield from objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from objects(inner)


def urls(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key != "type":
                yield from urls(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from urls(inner)
    elif isinstance(value, str) and value.startswith(BASE):
        yield value


def test_every_file_is_valid_oparl_and_every_id_is_a_file(site: Path) -> None:
    files = sorted((site / "oparl").rglob("*.json"))
    assert len(files) > 20
    seen_types = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if "data" in data:
            jsonschema.validate(data, LIST)
        for obj in objects(data):
            kind = obj["type"].removeprefix(TYPE)
            seen_types.add(kind)
            jsonschema.validate(obj, SCHEMAS[kind])
            target = file_of(site, obj["id"])
            assert target.is_file(), obj["id"]
            assert json.loads(target.read_text(encoding="utf-8")) == obj  # an embedded object is its file's copy
        for url in urls(data):
            assert file_of(site, url).exists(), f"{path}: {url}"
    assert seen_types == set(SCHEMAS)


def follow_list(site: Path, url: str) -> list[dict[str, Any]]:
    """Read a paginated list from its first page to its last, as a client does."""
    found: list[dict[str, Any]] = []
    page: dict[str, Any] = {"links": {"next": url}}
    pages = 0
    while "next" in page["links"]:
        page = json.loads(file_of(site, page["links"]["next"]).read_text(encoding="utf-8"))
        pages += 1
        assert page["pagination"]["currentPage"] == pages
        found.extend(page["data"])
    assert pages == page["pagination"]["totalPages"] and len(found) == page["pagination"]["totalElements"]
    return found


def test_a_client_walks_from_the_system_to_every_meeting(site: Path) -> None:
    system = json.loads((site / "oparl/system.json").read_text(encoding="utf-8"))
    assert system["id"] == BASE + "oparl/system.json" and system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    [body] = follow_list(site, system["body"])
    assert body["name"] == "Testkommune" and body["website"] == "https://www.example.dk"
    meetings = follow_list(site, body["meeting"])
    assert len(meetings) == 5
    organizations = follow_list(site, body["organization"])
    assert [o["name"] for o in organizations] == ["Direktionen", "Økonomiudvalget"]
    assert len(follow_list(site, organizations[0]["meeting"])) == 4
    assert follow_list(site, body["paper"]) == []
    names = sorted(p["name"] for p in follow_list(site, body["person"]))
    assert names == ["Jonas Kroustrup", "Lene Mehlsen Thomsen"]
    absent = next(m for m in meetings if m["start"].startswith("2024-01-10"))
    assert absent["participant"] == [BASE + "oparl/person/lene-mehlsen-thomsen.json"]


def test_a_closed_item_is_its_number_and_name_only(site: Path) -> None:
    meeting = json.loads((site / "oparl/meeting/direktionen/2024-06-05.json").read_text(encoding="utf-8"))
    open_item, closed_item = meeting["agendaItem"]
    assert closed_item == {"id": BASE + "oparl/agendaitem/direktionen/2024-06-05/2.json",
                           "type": TYPE + "AgendaItem", "meeting": meeting["id"], "number": "2", "order": 2,
                           "name": "Personalesag", "public": False}
    assert open_item["public"] is True and open_item["resolutionText"] == "Budgettet blev godkendt."
    [attachment] = open_item["auxiliaryFile"]  # the closed attachment is not there
    assert attachment["name"] == "Budgetnotat" and attachment["mimeType"] == "application/pdf"
    assert file_of(site, attachment["accessUrl"]).is_file()
    assert meeting["created"].startswith("2024-06-07") and meeting["modified"].startswith("2024-06-20")
    assert meeting["minutes:corrections"] == [{"date": "2024-06-20", "text": "Bilag 1 er udskiftet."}]
    assert find_markers(site, [SECRET]) == {SECRET: []}


def test_the_bulk_file_has_a_line_per_item(site: Path) -> None:
    lines = (site / "eksport/punkter.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 6
    budget, closed = (r for r in rows if r["dato"] == "2024-06-05")
    assert budget["beslutning"] == "Budgettet blev godkendt." and budget["bilag"] == ["Budgetnotat"]
    assert budget["adresse"] == BASE + "direktionen/2024-06-05/#punkt-1" and budget["emner"] == ["Budget"]
    assert budget["rettelser"] == [{"dato": "2024-06-20", "tekst": "Bilag 1 er udskiftet."}]
    assert {k for k, v in closed.items() if v not in (None, [], False)} == {
        "forum", "forum_slug", "dato", "start", "slut", "type", "sted", "punkt", "titel", "lukket", "adresse",
        "offentliggjort", "rettelser"}
    assert closed["lukket"] is True and "beslutning" not in closed


def test_without_a_host_there_is_no_oparl_export(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/1.md", meeting_text())
    out = tmp_path / "site"
    run_build(content.root, out, base_url="/referater/")
    assert not (out / "oparl").exists()
    [row] = [json.loads(line) for line in (out / "eksport/punkter.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["adresse"] == "/referater/direktionen/2024-03-06/#punkt-1"


def test_the_schemas_catch_what_they_guard_against() -> None:
    good = {"id": BASE + "oparl/x.json", "type": TYPE + "AgendaItem", "order": 1, "public": False}
    jsonschema.validate(good, SCHEMAS["AgendaItem"])
    for bad in ({**good, "public": "nej"}, {k: v for k, v in good.items() if k != "order"},
                {**good, "type": TYPE + "Meeting"}, {**good, "id": "/relativ.json"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMAS["AgendaItem"])
