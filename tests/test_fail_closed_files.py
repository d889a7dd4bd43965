"""No traceback, nothing silently emptied, no closed text in messages: folders, output, server, YAML."""

from __future__ import annotations

import http.client
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.load import load_content
from generator.content.strictyaml import MAX_DEPTH, read_yaml
from generator.errors import ErrorCollector
from generator.publish.write import SITE_MARKER
from generator.serve.server import make_server
from tests.conftest import ContentFactory, meeting_text, run_build
from tests.leakscan import tree_digest

SECRET = "zqfilessecretxq"


def build(content: ContentFactory, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--content", str(content.root), "--out", str(out), *extra])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


# --- unreadable folders are errors, never "0 meetings" ------------------------------------------------

def test_an_unreadable_meetings_subfolder_is_an_error(content: ContentFactory, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("2024/a.md", meeting_text())
    content.meeting("2023/b.md", meeting_text(date="2023-03-06"))
    site = tmp_path / "site"
    assert build(content, site)[0] == 0
    before = tree_digest(site)
    real_scandir = os.scandir

    def refuse(path: str | os.PathLike[str] = ".") -> Iterator[os.DirEntry[str]]:
        if str(path).endswith("meetings/2023"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    code, output = build(content, site)
    assert code == 1
    assert "content/meetings/2023: the folder cannot be read: Permission denied" in output
    assert "The previous site in" in output and tree_digest(site) == before


def test_an_unreadable_meetings_folder_is_an_error(content: ContentFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("a.md", meeting_text())
    real_stat = os.stat

    def refuse(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith("meetings"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refuse)
    result = CliRunner().invoke(main, ["check", "--content", str(content.root)])
    assert result.exit_code == 1 and "meetings: the folder cannot be read: Permission denied" in result.output


# --- an empty build never silently replaces a site with meetings -------------------------------------

def test_an_empty_build_does_not_replace_a_site_with_meetings(content: ContentFactory, tmp_path: Path) -> None:
    meeting = content.meeting("a.md", meeting_text())
    site = tmp_path / "site"
    assert build(content, site)[0] == 0
    assert (site / SITE_MARKER).read_text(encoding="utf-8").endswith("meetings: 1\n")
    before = tree_digest(site)
    meeting.unlink()
    code, output = build(content, site)
    assert code == 1 and tree_digest(site) == before
    assert f"error: the content has no meetings, but the site in {site} holds 1 meetings" in output
    assert "--allow-empty" in output and f"The previous site in {site} is left as it was." in output
    code, output = build(content, site, "--allow-empty")
    assert code == 0 and "Built 0 meetings" in output
    assert not (site / "direktionen" / "2024-03-06").exists()


def test_a_site_from_before_the_count_is_counted_by_its_pages(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("a.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    (site / SITE_MARKER).write_text("This folder is made by 'minutes build'.\n", encoding="utf-8")
    (content.root / "meetings" / "a.md").unlink()
    code, output = build(content, site)
    assert code == 1 and "holds 1 meetings" in output


def test_an_empty_first_build_is_fine(content: ContentFactory, tmp_path: Path) -> None:
    code, output = build(content, tmp_path / "site")
    assert code == 0 and "Built 0 meetings" in output


# --- output folder names and file system errors --------------------------------------------------------

@pytest.mark.parametrize("name", ["site?", "*", "[s]ite", "s*"])
def test_out_names_with_glob_characters_touch_no_other_folder(content: ContentFactory, tmp_path: Path,
                                                              name: str) -> None:
    content.meeting("a.md", meeting_text())
    others = [tmp_path / "siteX", tmp_path / ".siteX.new-abcd1234", tmp_path / ".site.old-abcd1234"]
    for other in others:
        other.mkdir()
        (other / "keep.txt").write_text("keep", encoding="utf-8")
    assert build(content, tmp_path / name)[0] == 0
    assert all((other / "keep.txt").read_text(encoding="utf-8") == "keep" for other in others)
    assert (tmp_path / name / "index.html").is_file()


def test_a_failure_to_create_folders_is_an_output_error(content: ContentFactory, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    content.meeting("a.md", meeting_text())
    site = tmp_path / "site"
    run_build(content.root, site)
    before = tree_digest(site)
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if "direktionen" in self.parts:
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, output = build(content, site)
    assert code == 1 and f"error: the site could not be written to {site}: Permission denied" in output
    assert tree_digest(site) == before and sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_failed_first_build_says_nothing_was_written(content: ContentFactory, tmp_path: Path) -> None:
    content.meeting("a.md", meeting_text(date="2024-02-30"))
    code, output = build(content, tmp_path / "site")
    assert code == 1 and f"No site was written; {tmp_path / 'site'} was not created." in output
    assert "previous site" not in output


# --- closed items without a public decision -----------------------------------------------------------

def test_a_closed_item_without_a_public_decision_gets_a_warning(content: ContentFactory, tmp_path: Path) -> None:
    items = (f"# 1. Sag\nstatus: åben\n\nTekst.\n\n# 2. Personalesag\nstatus: lukket\n\n## Beslutning\n\n{SECRET}\n\n"
             "# 3. Køb\nstatus: lukket\n\n## Offentlig beslutning\n\nGodkendt.\n")
    content.meeting("a.md", meeting_text(items=items))
    content.meeting("b.md", meeting_text(date="2024-04-01", items=items).replace("kind: referat", "kind: dagsorden"))
    code, output = build(content, tmp_path / "site")
    assert code == 0 and SECRET not in output
    warnings = [line for line in output.splitlines() if line.startswith("warning:") and "Offentlig" in line]
    assert warnings == ["warning: content/meetings/a.md:20: item 2 is closed and has no '## Offentlig beslutning' "
                        "section; Danish rules expect a decision taken behind closed doors to be published as far "
                        "as confidentiality allows"]


# --- YAML and numbers: bounded, no traceback, neutral in closed items --------------------------------

@pytest.mark.parametrize("text", ["a: " + "[" * 3000 + "]" * 3000, "a:\n  " + "- " * 3000 + "x",
                                  "a: " + "{b: " * 3000 + "c" + "}" * 3000])
def test_yaml_nested_thousands_deep_is_a_clean_error(text: str) -> None:
    errors = ErrorCollector("x.yaml")
    assert read_yaml(text, errors) is None
    [error] = errors.errors
    assert error.message == f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)"


@pytest.mark.parametrize("settings", [
    f"status: lukket\n{SECRET}: 1",
    f"status: lukket\n{SECRET}: 1\n{SECRET}: 2",
    f"status: lukket\ntopics: !{SECRET} [a]",
    f"status: lukket\ntopics: \"{SECRET}\\q\"",
    f"status: lukket\ntopics: [{SECRET}",
    f"status: {SECRET}",
    f"status: åben\nattachments:\n  - number: 1\n    status: lukket\n    {SECRET}: x",
    f"status: åben\nattachments:\n  - number: 1\n    status: lukket\n    file: files/{SECRET}.pdf",
    f"status: åben\nattachments:\n  - number: 1\n    status: lukket\n    file: [{SECRET}]",
    f"status: åben\nattachments:\n  - number: 1\n    status: {SECRET}\n    file: files/{SECRET}.pdf",
    f"status: åben\nattachments:\n  - number: {SECRET}\n    status: lukket",
    f"status: lukket\nattachments:\n  - number: 1\n    status: åben\n    file: files/{SECRET}.svg",
])
def test_messages_about_closed_items_never_quote_them(content: ContentFactory, settings: str) -> None:
    content.meeting("a.md", meeting_text(items=f"# 1. Sag\n{settings}\n\nTekst.\n"))
    with pytest.raises(Exception) as raised:
        load_content(content.root)
    report = raised.value.report()  # type: ignore[attr-defined]
    assert "content/meetings/a.md:" in report and SECRET not in report


def test_messages_about_open_items_still_quote_for_the_clerk(content: ContentFactory) -> None:
    content.meeting("a.md", meeting_text(items="# 1. Sag\nstatus: åben\nnotat: x\n\nTekst.\n"))
    with pytest.raises(Exception) as raised:
        load_content(content.root)
    assert "unknown field 'notat'" in raised.value.report()  # type: ignore[attr-defined]


# --- the local server -----------------------------------------------------------------------------------

@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    site = tmp_path / "site"
    (site / "tom").mkdir(parents=True)
    (site / "tom" / "hemmelig.txt").write_text("x", encoding="utf-8")
    (site / "index.html").write_text("forside", encoding="utf-8")
    (site / "404.html").write_text("Siden findes ikke", encoding="utf-8")
    httpd = make_server(site, "/", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetch(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


@pytest.mark.parametrize("path", ["/%00", "/a%00b", "/%2e%2e/", "/tom/%2E%2E/index.html", "/../etc/passwd",
                                  "/%5c..%5cindex.html", "/%ff", "/a%0ab", "/./index.html"])
def test_the_server_refuses_odd_paths(server: int, path: str) -> None:
    assert fetch(server, path)[0] == 400


def test_the_server_shows_no_folder_listing(server: int) -> None:
    status, body = fetch(server, "/tom/")
    assert status == 404 and "hemmelig" not in body and "Siden findes ikke" in body
    assert fetch(server, "/") == (200, "forside")
