"""The leak guard's listing of a written site: every file and link, in os.walk's order, each file with its identity."""

from __future__ import annotations

import os
from pathlib import Path

from generator.publish.sitefiles import identity, site_entries, site_files


def walked(site: Path) -> list[tuple[str, bool]]:
    """List a folder as the leak guard did with os.walk: the order and the choice of entries site_files keeps."""
    found = []
    for folder, folders, files in os.walk(site):
        folders.sort()
        base = Path(folder)
        for name in sorted(files + [f for f in folders if (base / f).is_symlink()]):
            path = base / name
            if (link := path.is_symlink()) or path.is_file():
                found.append((path.relative_to(site).as_posix(), link))
    return found


def test_the_listing_keeps_os_walks_order_and_entries(tmp_path: Path) -> None:
    for name in ("b.html", "a-b/index.html", "a/z.html", "a/b/c.html", "a.html", "æ/ø.html", "Z/x.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "a" / "til-mappe").symlink_to(tmp_path / "a-b")
    (tmp_path / "a" / "til-fil").symlink_to(tmp_path / "b.html")
    (tmp_path / "brudt").symlink_to(tmp_path / "findes-ikke")
    os.mkfifo(tmp_path / "a" / "rør")  # neither a file nor a link: left out, as before
    assert site_files(tmp_path) == walked(tmp_path)
    assert [path for path, _ in site_files(tmp_path)][:3] == ["a.html", "b.html", "brudt"]
    assert ("a/til-mappe", True) in site_files(tmp_path) and ("a/rør", False) not in site_files(tmp_path)


def test_files_have_their_identity_and_links_none(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("a", encoding="utf-8")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    assert site_entries(tmp_path) == [("a.html", False, identity(os.lstat(tmp_path / "a.html"))),
                                      ("b.html", True, None)]
    status = os.stat(tmp_path / "a.html")
    assert identity(status) == (status.st_dev, status.st_ino, 1, status.st_mtime_ns)
