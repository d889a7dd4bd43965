"""Site identity: the municipality, its logo, main site, contact line and accessibility statement on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import BuildOptions, check
from generator.cli import main
from generator.errors import BuildError
from tests.conftest import SITE_YAML, ContentFactory, meeting_text, parse_html, run_build

IDENTITY = """\
municipality: Testkommune
logo: grafik/logo.svg
website: https://www.example.dk
contact: Rådhuset, Torvet 1 · Telefon 11 22 33 44
accessibility_statement: https://www.was.digst.dk/example-dk
"""
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'


def site_yaml(identity: str) -> str:
    """The fixture site settings with the given identity lines instead of the default ones."""
    lines = [line for line in SITE_YAML.splitlines(keepends=True)
             if not line.startswith(("municipality:", "website:", "accessibility_statement:"))]
    return "".join(lines) + identity


def test_every_page_shows_the_identity_in_header_and_footer(content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "site.yaml").write_text(site_yaml(IDENTITY), encoding="utf-8")
    content.file("grafik/logo.svg", LOGO)
    content.meeting("d/a.md", meeting_text())
    out = tmp_path / "site"
    report = run_build(content.root, out)
    assert report.warnings == []
    assert (out / "logo.svg").read_bytes() == LOGO
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 6
    for page in pages:
        soup = parse_html(page)
        owner = soup.select_one(".site-header .site-owner")
        assert owner is not None and owner.get_text(" ", strip=True) == "Testkommune", page
        assert owner["href"] == "https://www.example.dk"
        logo = owner.find("img")
        target = "/logo.svg" if page.name == "404.html" else "logo.svg"
        assert logo is not None and logo["src"].endswith(target) and logo["alt"] == ""
        if page.name != "404.html":
            assert (page.parent / logo["src"]).resolve() == (out / "logo.svg").resolve(), page
        footer = soup.select_one(".site-footer")
        assert footer is not None
        assert "Testkommune" in footer.get_text() and "Telefon 11 22 33 44" in footer.get_text()
        links = {a.get_text(strip=True): a["href"] for a in footer.select(".footer-links a")}
        assert links == {"Kommunens hjemmeside": "https://www.example.dk",
                         "Tilgængelighedserklæring": "https://www.was.digst.dk/example-dk"}


def test_the_printed_page_names_the_municipality_and_the_address(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("d/a.md", meeting_text())
    out = tmp_path / "site"
    run_build(content.root, out, base_url="https://example.dk/referater")
    soup = parse_html(out / "direktionen/2024-03-06/index.html")
    printed = soup.select_one(".print-identity")
    assert printed is not None
    assert printed.get_text(" ", strip=True) == (
        "Testkommune · Testreferater https://example.dk/referater/direktionen/2024-03-06/")
    css = (out / "assets/style.css").read_text(encoding="utf-8")
    print_rules = css.split("@media print {", 1)[1]
    assert ".print-only { display: block; }" in print_rules
    assert ".site-header" in print_rules.split("{", 1)[0] and "display: none" in print_rules
    assert "break-after: avoid" in print_rules


def test_a_missing_accessibility_statement_is_a_warning(content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "site.yaml").write_text(site_yaml("municipality: Testkommune\n"), encoding="utf-8")
    content.meeting("d/a.md", meeting_text())
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "warning: content/site.yaml:1: the site has no accessibility statement" in result.output
    assert "accessibility_statement: https://www.was.digst.dk/" in result.output
    assert parse_html(tmp_path / "site/index.html").select(".footer-links") == []


@pytest.mark.parametrize(("identity", "message"), [
    ("website: www.example.dk\n", "'website' must be a web address starting with https://"),
    ("accessibility_statement: javascript:alert(1)\n", "'accessibility_statement' must be a web address"),
    ("logo: mangler.svg\n", "the logo file 'mangler.svg' does not exist"),
    ("logo: ../logo.svg\n", "'logo' must be a path inside the content folder"),
    ("logo: logo.exe\n", "the logo 'logo.exe' is not an image"),
    ("municipalty: Testkommune\n", "unknown field 'municipalty'"),
])
def test_identity_mistakes_are_errors_with_the_line(content: ContentFactory, identity: str, message: str) -> None:
    (content.root / "site.yaml").write_text(site_yaml(identity), encoding="utf-8")
    (content.root / "logo.exe").write_bytes(b"MZ")
    content.meeting("d/a.md", meeting_text())
    with pytest.raises(BuildError) as caught:
        check(BuildOptions(content_dir=content.root))
    [error] = caught.value.errors
    assert message in error.message
    assert str(error.location) == f"content/site.yaml:{len(site_yaml('').splitlines()) + 1}"
