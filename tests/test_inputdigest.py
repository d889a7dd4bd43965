"""The digest of a page's inputs: equal values digest alike whatever their identity, unequal ones never."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass

import pytest
from markupsafe import Markup

from generator.model import Body, Kind, Meeting, Member
from generator.render.inputdigest import Digester, UndigestibleValue


@dataclass(frozen=True)
class Shown:
    """A value a page shows, with a meeting in it."""

    meeting: Meeting
    note: str


def _meeting(location: str = "Rådhuset", day: int = 6) -> Meeting:
    return Meeting(Body("direktionen", "Direktionen"), dt.date(2024, 3, day), dt.time(9), dt.time(12), location,
                   Kind.REFERAT, None, (Member("Kommunaldirektør", "Jonas Kroustrup"),), (), ())


def test_equal_values_digest_alike_whatever_their_identity() -> None:
    value = {"meeting": _meeting(), "shown": Shown(_meeting(), "x"), "html": Markup("<p>a</p>"), "n": 1}
    twin = pickle.loads(pickle.dumps(value))
    assert twin is not value and twin["meeting"] is not value["meeting"]
    assert Digester((Shown,)).digest(value) == Digester((Shown,)).digest(twin)


@pytest.mark.parametrize("other", [
    {"meeting": _meeting(location="Byrådssalen")},
    {"meeting": _meeting(day=7)},
    {"meeting": _meeting(), "extra": None},
    {"meeting": _meeting(), "html": "<p>a</p>"},
])
def test_a_changed_value_changes_the_digest(other: dict[str, object]) -> None:
    base = {"meeting": _meeting(), "html": Markup("<p>a</p>")} if "html" in other else {"meeting": _meeting()}
    assert Digester().digest(base) != Digester().digest(other)


def test_markup_and_plain_text_differ_though_they_read_the_same() -> None:
    # A template escapes a string but not Markup: the same characters can render differently.
    assert Digester().digest(Markup("<b>")) != Digester().digest("<b>")


def test_order_is_part_of_the_digest() -> None:
    assert Digester().digest({"a": 1, "b": 2}) != Digester().digest({"b": 2, "a": 1})
    assert Digester().digest((1, 2)) != Digester().digest((2, 1))


def test_a_shared_value_is_digested_once_and_a_new_object_is_never_taken_for_it() -> None:
    digester = Digester((Shown,))
    first = digester.digest(Shown(_meeting(), "one"))
    # The first Shown is gone from this frame, but the digester keeps it alive: a new object can never get
    # its id and be mistaken for it.
    second = digester.digest(Shown(_meeting(), "two"))
    assert first != second
    assert digester.digest(Shown(_meeting(), "one")) == first


def test_a_value_it_cannot_read_is_an_error_not_a_guess() -> None:
    with pytest.raises(UndigestibleValue):
        Digester().digest({"render": lambda text: text})
