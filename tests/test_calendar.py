"""iCalendar files, read back with the icalendar library: whole archive and each body, Danish time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import ContentFactory, meeting_text, parse_html, run_build
from tests.leakscan import find_markers

SECRET = "zqcalsecretxq"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
CLOSED = f"# 1. Personalesag\nstatus: lukket\n\n## Sagsfremstilling\n\n{SECRET}\n"


@pytest.fixture
def site(content: ContentFactory, tmp_path: Path) -> Path:
    """A summer and a winter meeting of one body, an agenda of another; one closed item."""
    content.meeting("d/1.md", meeting_text(date="2024-06-05", items=CLOSED))
    content.meeting("d/2.md", meeting_text(date="2024-12-04"))
    agenda = meeting_text(body="udvalg", date="2025-02-12").replace("kind: referat", "kind: dagsorden")
    content.meeting("u/1.md", agenda.replace("location: Rådhuset", "location: Mødesal 2, Rådhuset"))
    out = tmp_path / "site"
    run_build(content.root, out, base_url="https://example.dk/referater/")
    return out


def read_calendar(path: Path) -> Calendar:
    """Parse a calendar file as a calendar program would; fail on anything it cannot read."""
    calendar = Calendar.from_ical(path.read_bytes())
    assert isinstance(calendar, Calendar) and not calendar.errors
    return calendar


def test_the_archive_calendar_has_every_meeting_in_danish_time(site: Path) -> None:
    calendar = read_calendar(site / "kalender.ics")
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Copenhagen"
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Møde: Direktionen", "Møde: Direktionen", "Møde: Økonomiudvalget"]
    summer, winter, agenda = events
    assert summer.decoded("DTSTART") == dt.datetime(2024, 6, 5, 9, 0, tzinfo=COPENHAGEN)
    assert summer.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    assert winter.decoded("DTEND").utcoffset() == dt.timedelta(hours=1)
    assert summer["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert str(summer["URL"]) == "https://example.dk/referater/direktionen/2024-06-05/"
    assert str(agenda["LOCATION"]) == "Mødesal 2, Rådhuset"
    assert len({str(e["UID"]) for e in events}) == 3 and all(str(e["UID"]).endswith("@example.dk") for e in events)


def test_an_agenda_is_an_upcoming_meeting(site: Path) -> None:
    events = read_calendar(site / "kalender.ics").walk("VEVENT")
    kinds = [(e["CATEGORIES"].cats, str(e["DESCRIPTION"]).split(" ", 2)[:2]) for e in events]
    assert kinds == [(["Referat"], ["Afholdt", "møde"]), (["Referat"], ["Afholdt", "møde"]),
                     (["Dagsorden"], ["Kommende", "møde"])]
    home = parse_html(site / "index.html")
    upcoming = home.find("h3", id="kommende")
    assert upcoming is not None and upcoming.find_next("ul").find("a")["href"] == "udvalg/2025-02-12/"


def test_each_body_has_its_own_calendar_and_closed_text_is_in_none(site: Path) -> None:
    body = read_calendar(site / "udvalg/kalender.ics")
    assert [str(e["SUMMARY"]) for e in body.walk("VEVENT")] == ["Møde: Økonomiudvalget"]
    assert len(read_calendar(site / "direktionen/kalender.ics").walk("VEVENT")) == 2
    description = str(read_calendar(site / "kalender.ics").walk("VEVENT")[0]["DESCRIPTION"])
    assert "1. Personalesag" in description
    assert find_markers(site, [SECRET]) == {SECRET: []}


def test_pages_link_the_calendars(site: Path) -> None:
    for page, target in (("index.html", "kalender.ics"), ("udvalg/index.html", "udvalg/kalender.ics")):
        link = parse_html(site / page).find("a", type="text/calendar")
        assert link is not None and (site / page).parent.joinpath(link["href"]).resolve() == (site / target).resolve()


def test_without_a_host_the_calendar_names_the_page_but_has_no_url(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/1.md", meeting_text())
    out = tmp_path / "site"
    run_build(content.root, out, base_url="/referater/")
    [event] = read_calendar(out / "kalender.ics").walk("VEVENT")
    assert "URL" not in event and str(event["DESCRIPTION"]).endswith("/referater/direktionen/2024-03-06/")
    assert str(event["UID"]).endswith("@minutes-archive")
