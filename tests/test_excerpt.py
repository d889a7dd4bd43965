"""Plain-text excerpts of rendered HTML."""

from __future__ import annotations

from generator.render.excerpt import excerpt, plain_text, shorten


def test_plain_text_separates_blocks_and_decodes_entities() -> None:
    html = "<p>Direktionen <em>drøftede</em> &amp; besluttede:</p><ul><li>a</li><li>b</li></ul><p>Slut.</p>"
    assert plain_text(html) == "Direktionen drøftede & besluttede: a b Slut."


def test_shorten_cuts_at_a_word_and_marks_the_cut() -> None:
    text = "Direktionen gennemgik budgetopfølgningen, og der blev givet en række bemærkninger."
    short = shorten(text, 40)
    assert short == "Direktionen gennemgik…"
    assert len(short) <= 40
    assert shorten("Kort tekst.", 40) == "Kort tekst."


def test_excerpt_of_rendered_markdown_has_no_markup() -> None:
    assert excerpt("<p>Se <a href='x'>bilaget</a>.</p>") == "Se bilaget."
