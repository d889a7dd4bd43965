"""ASCII slugs and Danish alphabetical order for topic and person pages."""

from __future__ import annotations

import pytest

from generator.names import ascii_slug, by_letter, claim_slug, index_letter, sort_key


@pytest.mark.parametrize(("name", "slug"), [
    ("Økonomi", "oekonomi"),
    ("Råderum", "raaderum"),
    ("Nytårskur for ledere", "nytaarskur-for-ledere"),
    ("Lene Mehlsen Thomsen", "lene-mehlsen-thomsen"),
    ("KB-seminar", "kb-seminar"),
    ("KB- seminar", "kb-seminar"),
    ("Æblehaven", "aeblehaven"),
    ("Café Ümit", "cafe-uemit"),
    ("  Spor 3 – Fremtidens bygninger! ", "spor-3-fremtidens-bygninger"),
])
def test_ascii_slug_spells_danish_letters_out(name: str, slug: str) -> None:
    assert ascii_slug(name) == slug


def test_ascii_slug_of_a_name_without_letters_uses_the_fallback() -> None:
    assert ascii_slug("–?!", "emne") == "emne"


def test_claim_slug_numbers_collisions_in_order() -> None:
    taken: set[str] = {"oekonomi"}
    assert [claim_slug("oekonomi", taken), claim_slug("oekonomi", taken), claim_slug("x", taken)] == [
        "oekonomi-2", "oekonomi-3", "x"]


def test_danish_order_puts_ae_oe_aa_after_z_and_ignores_case_and_hyphens() -> None:
    names = ["Åben sag", "økonomi", "Zebra", "Æble", "aftale", "KB-seminar", "KB seminar", "Kbx", "2024-plan",
             "Budget"]
    assert sorted(names, key=sort_key) == ["2024-plan", "aftale", "Budget", "KB seminar", "KB-seminar", "Kbx",
                                           "Zebra", "Æble", "økonomi", "Åben sag"]


def test_index_letters_and_grouping() -> None:
    assert [index_letter(n) for n in ("økonomi", "Åben", "2024", "éclair")] == ["Ø", "Å", "#", "E"]
    groups = by_letter(["Arbejde", "Aftale", "Økonomi"], lambda name: name)
    assert groups == (("A", "a", ("Arbejde", "Aftale")), ("Ø", "oe", ("Økonomi",)))
