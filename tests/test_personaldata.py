"""The personal-data guard: e-mail addresses and phone numbers, the `[offentlig: …]` opt-out, and where it looks."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.personaldata import find_all_personal_data, find_personal_data, unwrap_opt_outs
from generator.errors import BuildError
from tests.conftest import SITE_YAML, ContentFactory, meeting_text, parse_html, run_build

SEEDS = Path("/work/shared/seeds")
DEMO = Path(__file__).resolve().parent.parent / "content"


@pytest.mark.parametrize(("text", "kind"), [
    ("Skriv til jens.hansen@norddjurs.dk i dag.", "e-mail"),
    ("<mailto:a_b+c@sub.example.co.uk>", "e-mail"),
    ("Skriv til jens\u200b.hansen@norddjurs\u00ad.dk", "e-mail"),
    ("Skriv til jens＠norddjurs．dk", "e-mail"),  # fullwidth at sign and full stop
    ("Skriv til j\u0435ns@n\u043erddjurs.dk", "e-mail"),
    ("Ring 86181000.", "phone"),
    ("Ring 8618 1000.", "phone"),
    ("Ring 86 18 10 00.", "phone"),
    ("Ring 86.18.10.00 eller", "phone"),
    ("Ring 86-18-10-00 eller", "phone"),
    ("Ring +45 86 12 34 56.", "phone"),
    ("Ring +4586123456.", "phone"),
    ("Ring 0045 8612 3456.", "phone"),
    ("Ring 86\u00a012\u00a034\u00a056.", "phone"),
    ("Ring 86\u200b12\u200b34\u200b56.", "phone"),
    ("Ring ８６１２３４５６.", "phone"),
    ("tlf.86181000", "phone"),
    ("(20 30 40 50)", "phone"),
    ("Ring eller se 20304050.", "phone"),
])
def test_contacts_are_found(text: str, kind: str) -> None:
    findings = find_personal_data(text)
    assert len(findings) == 1, findings
    assert f"{'an e-mail address' if kind == 'e-mail' else 'a phone number'} would be published" in findings[0].message
    assert text[findings[0].offset] not in " ("


@pytest.mark.parametrize("text", [
    "Kort resume (90145/23) og bilag 134567/24 og 2 - 3567269.",
    "Beslutning i Direktionen den 30-08-2023 og 1. november 2023, 30.08.23.",
    "Mødet kl. 9:00-17:00, pause 9.00-9.15, fra 09.00 til 17.30.",
    "Budget 1.234.567 kr., 12.345.678 kr., 25.000.000,00 kr. og 1,5 mio.",
    "Årene 2023 2024 og 2025, budget 2023-2026, 2024-2027, 1-2 årlige seminarer som et 12-12 møde.",
    "CPR-lignende 010203-1234 er en anden vagts sag; 12345678 begynder med 1; 123456789 er ni cifre.",
    "Sag 27.00.00-A00-1-23, https://norddjurs.dk/sag/86181000 og version 1.2.3.4.",
    "En @-tegn, @norddjurs, navn@localhost og a@b.c er ikke adresser.",
    "Telefonnummeret er 0,86181000 og 2,86181000.",
    "Norddjurs Kommune, CVR-nr. 29189587, CVR 29189587, SE: 29189587, cvr.nr.29189587.",
])
def test_other_text_is_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == ()


def test_the_seeds_and_the_demo_content_have_no_findings() -> None:
    files = sorted(SEEDS.glob("*.txt")) + sorted(DEMO.rglob("*.md")) + sorted(DEMO.glob("*.yaml"))
    assert len(files) >= 4 or not SEEDS.exists()
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            assert find_all_personal_data(line) == (), f"{file}:{number}"


def test_the_opt_out_marks_one_occurrence() -> None:
    text = ("Kontakt [offentlig: borgerservice@norddjurs.dk] eller [Offentlig:89 59 10 00], "
            "[offentlig:\u00a0+45\u00a089591000], men ikke 89591000.")
    findings = find_personal_data(text)
    assert [f.offset for f in findings] == [text.rindex("89591000")]
    assert unwrap_opt_outs(text) == ("Kontakt borgerservice@norddjurs.dk eller 89 59 10 00, +45\u00a089591000, "
                                     "men ikke 89591000.")


@pytest.mark.parametrize("text", [
    "[offentlig: borgerservice@norddjurs.dk, jens@norddjurs.dk]",  # two addresses: one marker each
    "[offentlig: 010203-1234]",  # the marker cannot hide a CPR number
    "[offentlig: Jens Hansen]",
    "[offentlig borgerservice@norddjurs.dk]",
    "(offentlig: 89 59 10 00)",
])
def test_malformed_opt_outs_are_problems(text: str) -> None:
    assert find_all_personal_data(text)


def test_both_opt_outs_unwrap_together() -> None:
    assert unwrap_opt_outs("[ikke-cpr: 010203-1234] [offentlig: a@b.dk]") == "010203-1234 a@b.dk"


ITEMS = """\
# 1. Sag
status: åben
attachments:
  - number: 1
    status: åben
    title: "Brev fra [offentlig: post@norddjurs.dk]"

Kontakt [offentlig: borgerservice@norddjurs.dk] eller [offentlig: 89 59 10 00].
[fortroligt]Jens, jens@example.dk, 20 30 40 50[/fortroligt]

# 2. Personalesag
status: lukket

## Sagsfremstilling

Ring til medarbejderen på 20 30 40 50 eller skriv til navn@example.dk.
"""


def test_opt_outs_build_and_closed_contacts_are_no_error(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=ITEMS))
    site = tmp_path / "site"
    run_build(content.root, site)
    page = " ".join(parse_html(site / "direktionen/2024-03-06/index.html").get_text(" ").split())
    assert "Kontakt borgerservice@norddjurs.dk eller 89 59 10 00. [udeladt]" in page
    assert "Brev fra post@norddjurs.dk" in page and "offentlig:" not in page
    for path in site.rglob("*"):
        assert path.is_dir() or b"20 30 40 50" not in path.read_bytes()


@pytest.mark.parametrize(("items", "line", "column", "words"), [
    ("# 1. Sag\nstatus: åben\n\n## Tekst\n\nSkriv til jens@example.dk.\n", 20, 11, "e-mail address"),
    ("# 1. Sag\nstatus: åben\n\n## Tekst\n\nRing +45 86 12 34 56.\n", 20, 6, "phone number"),
    ("# 1. Sag 20 30 40 50\nstatus: åben\n\nTekst.\n", 15, 10, "phone number"),
    ("# 1. Sag\nstatus: lukket\n\n## Offentlig beslutning\n\nRing\u00a020304050.\n", 20, 6, "phone number"),
    ("# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: åben\n    title: Brev fra a@b.dk\n"
     "\nTekst.\n", 20, 21, "e-mail address"),
])
def test_published_contacts_stop_the_build(content: ContentFactory, tmp_path: Path, items: str, line: int,
                                           column: int, words: str) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=items))
    with pytest.raises(BuildError) as raised:
        run_build(content.root, tmp_path / "site")
    errors = [(e.location.line, e.location.column, e.message) for e in raised.value.errors]
    assert errors[:1] == [(line, column, errors[0][2])], raised.value.report()
    assert words in errors[0][2]
    assert "example.dk" not in raised.value.report() and "12 34" not in raised.value.report()
    assert not (tmp_path / "site").exists()


def test_site_settings_are_guarded_too(content: ContentFactory, tmp_path: Path) -> None:
    (content.root / "site.yaml").write_text(SITE_YAML.replace("Testreferater", "Referater, ring 86181000"), "utf-8")
    content.meeting("direktionen/a.md", meeting_text())
    with pytest.raises(BuildError) as raised:
        run_build(content.root, tmp_path / "site")
    assert [(e.location.line, e.location.column) for e in raised.value.errors] == [(1, 24)]
