"""Strict input: publishing flags take only their documented words, YAML cannot copy values, settings are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.config import base_url_problem
from generator.content.load import load_content
from generator.errors import BuildError
from generator.model import Status
from tests.conftest import SITE_YAML, ContentFactory, meeting_text

SECRET = "zqstrictsecretxq"


def errors_of(content: ContentFactory) -> list[str]:
    with pytest.raises(BuildError) as raised:
        load_content(content.root)
    report = raised.value.report()
    assert SECRET not in report
    return [str(error) for error in raised.value.errors]


@pytest.mark.parametrize("word", ["no", "yes", "ja", "nej", "true", "false", "open", "closed", "offentlig", "1",
                                  "lukke", "aaben", "~", "[åben]", "{x: åben}"])
def test_status_takes_only_its_two_words(content: ContentFactory, word: str) -> None:
    items = f"# 1. Sag\nstatus: {word}\n\n## Tekst\n\n{SECRET}\n"
    content.meeting("direktionen/a.md", meeting_text(items=items))
    errors = errors_of(content)
    assert len(errors) == 1 and ":16:" in errors[0] and "'status'" in errors[0]


@pytest.mark.parametrize(("word", "status"), [("åben", Status.OPEN), ("lukket", Status.CLOSED),
                                              ("Lukket", Status.CLOSED), ('"åben"', Status.OPEN)])
def test_the_documented_words_are_read(content: ContentFactory, word: str, status: Status) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=f"# 1. Sag\nstatus: {word}\n\nTekst.\n"))
    _, meetings = load_content(content.root)
    assert meetings[0].items[0].status is status


@pytest.mark.parametrize("word", ["yes", "ja", "on", "True", "1", "sand"])
def test_public_title_takes_only_true_or_false(content: ContentFactory, word: str) -> None:
    items = (f"# 1. Sag\nstatus: åben\nattachments:\n  - number: 1\n    status: lukket\n    title: {SECRET}\n"
             f"    public_title: {word}\n\nTekst.\n")
    content.meeting("direktionen/a.md", meeting_text(items=items))
    errors = errors_of(content)
    assert len(errors) == 1 and ":21:" in errors[0] and "'public_title' must be true or false" in errors[0]


@pytest.mark.parametrize(("settings", "line", "words"), [
    (f"status: lukket\nattachments:\n  - number: 1\n    status: lukket\n    title: &t {SECRET}\n", 20, "anchors"),
    ("status: åben\ntopics: [*t]\n", 17, "aliases"),
    ("status: åben\nattachments:\n  - <<: {number: 1}\n    status: åben\n    title: x\n", 18, "merge keys"),
    ("status: !!str åben\n", 16, "tags"),
    ("status: åben\nstatus: lukket\n", 17, "appears twice"),
])
def test_yaml_that_could_copy_a_value_is_refused(content: ContentFactory, settings: str, line: int,
                                                 words: str) -> None:
    content.meeting("direktionen/a.md", meeting_text(items=f"# 1. Sag\n{settings}\nTekst.\n"))
    errors = errors_of(content)
    assert f"a.md:{line}:" in errors[0] and words in errors[0]


@pytest.mark.parametrize(("replace", "line", "words"), [
    (("language: da", "language: en"), 2, "no interface words for the language 'en'"),
    (("language: da", "language: ../i18n/da"), 2, "no interface words"),
    (("base_url: /", "base_url: \"/a b/\""), 3, "'base_url' must be"),
    (("base_url: /", "base_url: \"https://example.dk/x?y=<script>\""), 3, "'base_url' must be"),
    (("slug: udvalg", "slug: pagefind"), 7, "used by the site's own pages"),
])
def test_site_settings_are_checked(content: ContentFactory, replace: tuple[str, str], line: int, words: str) -> None:
    (content.root / "site.yaml").write_text(SITE_YAML.replace(*replace), encoding="utf-8")
    content.meeting("direktionen/a.md", meeting_text())
    errors = errors_of(content)
    assert errors[0].startswith(f"content/site.yaml:{line}") or f"site.yaml:{line}:" in errors[0]
    assert words in errors[0]


@pytest.mark.parametrize(("url", "ok"), [
    ("/", True), ("/referater/", True), ("https://example.dk/arkiv/referater/", True), ("http://localhost:8000/", True),
    ("/%C3%B8/", True), ("javascript:alert(1)/", False), ("/a\"b/", False), ("//evil.example/", False),
    ("/x/?q=1/", False), ("/x#y/", False), ("ftp://example.dk/", False), ("/<script>/", False),
])
def test_base_url_shapes(url: str, ok: bool) -> None:
    assert (base_url_problem(url) is None) is ok


def test_the_command_line_refuses_a_hostile_base_url(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "site"), "--base-url", "javascript:x"])
    assert result.exit_code == 2 and "the base URL must be a path" in result.output
    assert not (tmp_path / "site").exists()
