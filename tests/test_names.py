"""ASCII slugs and Danish alphabetical order for topic and person pages."""

from __future__ import annotations

import time

import pytest

from generator.names import SlugClaims, ascii_slug, by_letter, index_letter, sort_key


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


def test_claimed_slugs_number_collisions_in_order() -> None:
    slugs = SlugClaims({"oekonomi", "oekonomi-3"})
    assert [slugs.claim("oekonomi"), slugs.claim("oekonomi"), slugs.claim("x"), slugs.claim("oekonomi-2")] == [
        "oekonomi-2", "oekonomi-4", "x", "oekonomi-2-2"]


def test_claiming_many_equal_slugs_takes_linear_time() -> None:
    def claim_all(count: int) -> float:
        slugs = SlugClaims()
        start = time.perf_counter()
        for _ in range(count):
            slugs.claim("emne")
        return time.perf_counter() - start

    claim_all(2_000)  # warm up
    small, large = min(claim_all(2_000) for _ in range(3)), min(claim_all(20_000) for _ in range(3))
    assert large < 30 * small + 0.05, (small, large)


@pytest.mark.parametrize("name", ["m² lokaler", "Punkt \u19da", "Sag ①"])
def test_digits_int_cannot_read_sort_and_file_without_error(name: str) -> None:
    assert sort_key(name)[1] == name
    assert index_letter(name) in ("M", "P", "S")


def test_danish_order_puts_ae_oe_aa_after_z_and_ignores_case_and_hyphens() -> None:
    names = ["Åben sag", "økonomi", "Zebra", "Æble", "aftale", "KB-seminar", "KB seminar", "Kbx", "2024-plan",
             "Budget"]
    assert sorted(names, key=sort_key) == ["2024-plan", "aftale", "Budget", "KB seminar", "KB-seminar", "Kbx",
                                           "Zebra", "Æble", "økonomi", "Åben sag"]


def test_index_letters_and_grouping() -> None:
    assert [index_letter(n) for n in ("økonomi", "Åben", "2024", "éclair")] == ["Ø", "Å", "#", "E"]
    groups = by_letter(["Arbejde", "Aftale", "Økonomi"], lambda name: name)
    assert groups == (("A", "a", ("Arbejde", "Aftale")), ("Ø", "oe", ("Økonomi",)))
