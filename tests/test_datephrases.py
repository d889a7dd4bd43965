"""References to meetings by date in Danish text: every form, month spelling, and the year rule."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.link.datephrases import find_date_references, infer_date
from generator.model import Body

DIREKTIONEN = Body("direktionen", "Direktionen")
UDVALG = Body("udvalg", "Økonomiudvalget")
BODIES = (DIREKTIONEN, UDVALG)
NOV_2023 = dt.date(2023, 11, 1)


def refs(text: str, date: dt.date = NOV_2023, list_head: bool = False) -> list[tuple[str, str, str, str]]:
    return [(text[r.start:r.end], r.body.slug, r.date.isoformat(), r.kind)
            for r in find_date_references(text, date, DIREKTIONEN, BODIES, list_head)]


@pytest.mark.parametrize(("text", "expected"), [
    ("På direktionens møde d. 11. oktober blev det besluttet, at økonomichef Bettina Andersen følger op.",
     ("11. oktober", "direktionen", "2023-10-11")),
    ("På direktionens møde 27. september blev det besluttet at tilpasse udkastet.",
     ("27. september", "direktionen", "2023-09-27")),
    ("Direktionen drøftede d. 17. januar oplægget.", ("17. januar", "direktionen", "2023-01-17")),
    ("Sagen behandles på møde i direktionen den 31. januar.", ("31. januar", "direktionen", "2024-01-31")),
    ("På direktionsmøde d. 11. oktober blev det besluttet.", ("11. oktober", "direktionen", "2023-10-11")),
    ("Fra direktionens mødet den 15. oktober arbejdes videre.", ("15. oktober", "direktionen", "2023-10-15")),
    ("På mødet d. 11. oktober blev oplægget drøftet.", ("11. oktober", "direktionen", "2023-10-11")),
    ("Direktionen godkendte udkastet på møde d. 6. november 2024.", ("6. november 2024", "direktionen",
                                                                     "2024-11-06")),
    ("Økonomiudvalgets møde d. 5. december behandler sagen.", ("5. december", "udvalg", "2023-12-05")),
    ("Sagen forelægges på økonomiudvalgsmødet den 5. december.", ("5. december", "udvalg", "2023-12-05")),
    ("Sagen skal på møde i Økonomiudvalget d. 5. dec.", ("5. dec.", "udvalg", "2023-12-05")),
    ("Direktionen mødes igen d. 8. nov.", None),  # one verb only: "mødes igen" is not "Direktionen <verb> d."
])
def test_each_reference_form(text: str, expected: tuple[str, str, str] | None) -> None:
    assert refs(text) == ([(*expected, "mention")] if expected else [])


@pytest.mark.parametrize(("month", "number"), [
    ("januar", 1), ("jan.", 1), ("jan", 1), ("februar", 2), ("feb.", 2), ("Feb", 2), ("marts", 3), ("mar.", 3),
    ("april", 4), ("apr.", 4), ("maj", 5), ("juni", 6), ("jun.", 6), ("juli", 7), ("jul.", 7), ("august", 8),
    ("aug.", 8), ("september", 9), ("sep.", 9), ("Sep.", 9), ("sept.", 9), ("sep", 9), ("oktober", 10),
    ("okt.", 10), ("Okt", 10), ("november", 11), ("nov.", 11), ("NOV.", 11), ("december", 12), ("dec.", 12),
    ("dec", 12),
])
def test_danish_month_names_and_abbreviations(month: str, number: int) -> None:
    [(phrase, _, date, _)] = refs(f"Direktionen drøftede d. 3. {month} sagen.", dt.date(2030, 12, 31))
    assert phrase == f"3. {month}"
    assert date == f"2030-{number:02d}-03"


def test_month_must_be_a_whole_word() -> None:
    assert refs("Direktionen drøftede d. 3. marathon sagen.") == []
    assert refs("Direktionen drøftede d. 3. decembers sag.") == []


@pytest.mark.parametrize(("text", "meeting", "expected"), [
    # Past tense looks back across the new year, future looks forward across it.
    ("Direktionen drøftede d. 17. dec. sagen.", dt.date(2025, 1, 8), "2024-12-17"),
    ("Sagen behandles på møde i direktionen den 8. januar.", dt.date(2024, 12, 18), "2025-01-08"),
    ("Sagen blev behandlet på direktionens møde den 30. december.", dt.date(2025, 1, 2), "2024-12-30"),
    ("På direktionens kommende møde d. 2. januar skal sagen drøftes.", dt.date(2024, 12, 30), "2025-01-02"),
    ("Direktionen skal d. 2. januar drøfte sagen.", dt.date(2024, 12, 30), "2025-01-02"),
    # Past tense even when the date lies later in the year: the same date a year earlier.
    ("Direktionen drøftede d. 20. november sagen.", dt.date(2023, 11, 1), "2022-11-20"),
    # No tense word: the nearer of the two dates.
    ("Se direktionens møde d. 28. december.", dt.date(2025, 1, 3), "2024-12-28"),
    ("Se direktionens møde d. 5. januar.", dt.date(2024, 12, 30), "2025-01-05"),
    # The tense word nearest the date decides.
    ("Direktionen drøftede oplægget, og på direktionens møde d. 5. januar behandles det.", dt.date(2024, 12, 30),
     "2025-01-05"),
    # An explicit year wins over the tense.
    ("Direktionen drøftede d. 6. november 2024 sagen.", dt.date(2023, 1, 1), "2024-11-06"),
])
def test_year_rule(text: str, meeting: dt.date, expected: str | None) -> None:
    assert [date for _, _, date, _ in refs(text, meeting)] == ([expected] if expected else [])


def test_leap_day_without_year_finds_a_leap_year() -> None:
    assert infer_date(29, 2, None, dt.date(2025, 3, 1), "past") == dt.date(2024, 2, 29)
    assert infer_date(29, 2, None, dt.date(2025, 3, 1), "future") == dt.date(2028, 2, 29)
    assert infer_date(30, 2, 2024, dt.date(2025, 3, 1), None) is None


@pytest.mark.parametrize("text", [
    "Kommunalbestyrelsesseminar d. 27.-28. januar",  # a range of days
    "KØF d. 16. - 17. januar",
    "Voksen- og Plejeudvalgsmøde d. 23. august",  # a meeting of something that is not a body
    "Punktet blev behandlet på koordinationsmøde d. 20. januar.",
    "På mødet i chefforum d. 8. november behandles råderum som tema.",
    "Forud for møde i ØK den 5. december følger han op.",
    "Chefforums møde d. 8. november flyttes.",
    "Nytårskur for ledere d. 21. januar.",  # a date that is no meeting
    "Velfærdsdirektør Lene Mehlsen rammesætter den 29. november.",
    "På mødet d. 11. oktober blev oplægget fra Bettina Andersen drøftet.",  # bare, and someone else is named
    "Direktionen holdt møde med KL d. 7. januar.",  # the meeting word is not next to the date
])
def test_not_references(text: str) -> None:
    assert refs(text) == []


def test_bare_meeting_belongs_to_the_nearest_name_before_it() -> None:
    text = ("Direktionen godkendte udkast til program på møde d. 6. november 2024 og Økonomiudvalget godkendte "
            "ligeledes program for seminaret på møde d. 7. januar 2025.")
    assert refs(text, dt.date(2025, 1, 22)) == [("6. november 2024", "direktionen", "2024-11-06", "mention"),
                                                ("7. januar 2025", "udvalg", "2025-01-07", "mention")]
    only_direktionen = find_date_references(text, dt.date(2025, 1, 22), DIREKTIONEN, (DIREKTIONEN,))
    assert [r.date.isoformat() for r in only_direktionen] == ["2024-11-06"]


def test_sentence_boundaries_limit_the_context() -> None:
    text = "Bettina Andersen deltog. På mødet d. 11. oktober blev det besluttet."
    assert refs(text) == [("11. oktober", "direktionen", "2023-10-11", "mention")]


@pytest.mark.parametrize(("text", "meeting", "expected"), [
    ("6. Sep.", dt.date(2023, 8, 30), ("6. Sep.", "2023-09-06")),
    ("1. Nov.", dt.date(2023, 8, 30), ("1. Nov.", "2023-11-01")),
    ("29. jan.", dt.date(2025, 1, 22), ("29. jan.", "2025-01-29")),
    ("5. feb", dt.date(2025, 1, 22), ("5. feb", "2025-02-05")),
    ("8. januar", dt.date(2024, 12, 18), ("8. januar", "2025-01-08")),  # forward across the new year
    ("6. sep.: Direktionens årshjul 2023", dt.date(2023, 8, 30), ("6. sep.", "2023-09-06")),
])
def test_forward_agenda_entries(text: str, meeting: dt.date, expected: tuple[str, str]) -> None:
    assert refs(text, meeting, list_head=True) == [(expected[0], "direktionen", expected[1], "agenda")]


def test_a_date_in_list_text_is_no_agenda_entry() -> None:
    assert refs("6. Sep. Direktionens årshjul", dt.date(2023, 8, 30), list_head=True) == []
    assert refs("6. Sep.", dt.date(2023, 8, 30), list_head=False) == []
