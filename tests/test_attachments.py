"""Attachment files: only from content/files/, only safe types, one file never both closed and published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import copy_attachments
from generator.content.attachments import MAX_NAME_BYTES, published_name
from generator.content.load import load_content
from generator.errors import BuildError, ContentError, SourceLocation
from generator.redaction import PublishedFile
from tests.conftest import ContentFactory, meeting_text, parse_html, run_build

SECRET = "zqfilessecretxq"


def attachment_items(file: str, status: str = "åben", item_status: str = "åben") -> str:
    return (f"# 1. Sag\nstatus: {item_status}\nattachments:\n  - number: 1\n    status: {status}\n"
            f"    title: Notat\n    file: {file}\n\nTekst.\n")


def errors_of(content: ContentFactory) -> list[ContentError]:
    with pytest.raises(BuildError) as raised:
        load_content(content.root)
    return list(raised.value.errors)


@pytest.mark.parametrize("name", ["side.html", "side.HTM", "a.xhtml", "tegning.svg", "data.xml", "app.js",
                                  "app.mjs", "program.exe", "uden-type", "arkiv.zip"])
def test_types_that_could_run_in_a_browser_are_refused(content: ContentFactory, name: str) -> None:
    content.file(f"files/{name}", b"<script>alert(1)</script>")
    content.meeting("m.md", meeting_text(items=attachment_items(f"files/{name}")))
    [error] = errors_of(content)
    assert error.location.line == 21
    assert error.message.endswith("is not of a type that may be published")
    assert "pdf, png" in error.hint and "SVG" in error.hint


@pytest.mark.parametrize("path", ["meetings/other.md", "site.yaml", "topics.yaml", "notat.pdf", "files"])
def test_only_files_below_content_files_can_be_attached(content: ContentFactory, path: str) -> None:
    content.meeting("other.md", meeting_text(date="2024-01-01"))
    content.file("notat.pdf")
    content.meeting("m.md", meeting_text(items=attachment_items(path)))
    [error] = errors_of(content)
    assert (error.location.line, error.message) == (21, "item 1, attachment 1: 'file' must be in the folder files/ "
                                                        "of the content folder")


def test_closed_attachment_problems_never_name_the_file(content: ContentFactory) -> None:
    content.meeting("m.md", meeting_text(items=attachment_items(f"files/{SECRET}.svg", status="lukket")))
    content.meeting("n.md", meeting_text(date="2024-01-01", items=attachment_items(
        f"files/{SECRET}.pdf", item_status="lukket")))
    errors = errors_of(content)
    assert [error.message for error in errors] == [
        "item 1, attachment 1: the attachment file is not of a type that may be published",
        "item 1, attachment 1: the attachment file does not exist"]
    assert not any(SECRET in str(error) for error in errors)


def test_the_same_file_under_two_names_is_found_by_inode(content: ContentFactory) -> None:
    closed = content.file(f"files/{SECRET}.pdf", f"%PDF {SECRET}\n".encode())
    os.link(closed, content.root / "files" / "kopi.pdf")
    items = attachment_items("files/kopi.pdf") + attachment_items(f"files/{SECRET}.pdf", "lukket").replace(
        "# 1. Sag", "# 2. Sag")
    content.meeting("m.md", meeting_text(items=items))
    [error] = errors_of(content)
    assert error.location.line == 18
    assert error.message.startswith("the file of this attachment is also the file of a closed attachment (")
    assert SECRET not in str(error) and "kopi" not in str(error)


def test_published_names_are_ascii_bounded_and_safe() -> None:
    assert published_name("Notat om Økonomi.PDF") == "notat-om-oekonomi.pdf"
    assert published_name(".skjult.pdf") == "skjult.pdf"
    assert published_name("....pdf") == "bilag.pdf"
    long = published_name("æ" * 120 + ".docx")
    assert len(long.encode()) <= MAX_NAME_BYTES and long.endswith(".docx") and long.isascii()


def test_a_255_byte_file_name_is_published_under_a_short_name(content: ContentFactory, tmp_path: Path) -> None:
    name = "æ" * 125 + ".pdf"  # 254 bytes in UTF-8
    content.file(f"files/{name}", b"%PDF long\n")
    content.meeting("m.md", meeting_text(items=attachment_items(f"files/{name}")))
    site = tmp_path / "site"
    run_build(content.root, site)
    page = site / "direktionen" / "2024-03-06" / "index.html"
    href = parse_html(page).select_one(".attachments a")["href"]
    published = page.parent / str(href)
    assert published.read_bytes() == b"%PDF long\n"
    assert published.name == "1-1-" + "ae" * 48 + ".pdf" and len(published.name) <= 4 + MAX_NAME_BYTES


def test_an_unreadable_attachment_is_an_error_at_its_line(content: ContentFactory,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    content.file("files/notat.pdf")
    content.meeting("m.md", meeting_text(items=attachment_items("files/notat.pdf")))
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if str(path).endswith("notat.pdf"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    [error] = errors_of(content)
    assert (error.location.line, error.message) == (
        21, "item 1, attachment 1: the attachment file 'files/notat.pdf' cannot be read: Permission denied")


def test_copying_refuses_a_file_replaced_after_the_checks(content: ContentFactory, tmp_path: Path) -> None:
    source = content.file("files/notat.pdf")
    status = source.stat()
    where = SourceLocation("content/meetings/m.md", 18)
    (tmp_path / "out").mkdir()
    copy_attachments(content.root, tmp_path / "out", (PublishedFile("files/notat.pdf", "a/1-1-notat.pdf",
                                                                    (status.st_dev, status.st_ino), where),))
    assert (tmp_path / "out" / "a" / "1-1-notat.pdf").read_bytes() == source.read_bytes()
    with pytest.raises(BuildError) as raised:
        copy_attachments(content.root, tmp_path / "out", (PublishedFile("files/notat.pdf", "b/1-1-notat.pdf",
                                                                        (status.st_dev, status.st_ino + 1), where),))
    [error] = raised.value.errors
    assert (error.location, error.message) == (where, "the attachment file was changed or replaced during the build")
    assert not (tmp_path / "out" / "b" / "1-1-notat.pdf").exists()
