"""The `minutes import` command: import minutes texts or PDFs and print what could not be placed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.content.config import load_config
from generator.importer.new import NewMeetingError, new_meeting
from generator.importer.run import ImportOptions, ImportResult, import_file


def format_result(result: ImportResult) -> str:
    """Return the report of one input: what was written, then every note and error with its input line."""
    if result.written is not None:
        head = (f"{result.source}: wrote {result.written} ({result.items} items, "
                f"{result.attachments} attachments)")
    else:
        head = f"{result.source}: not imported"
    lines = [head]
    lines += [f"  {result.source}:{note.line}: {note.kind}: {note.message}" for note in result.notes]
    lines += [f"  error: {error}" for error in result.errors]
    return "\n".join(lines)


@click.command("import", short_help="Import minutes (text or PDF) into meeting files.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("content"),
              show_default=True, help="The folder with site.yaml; files are written to meetings/<body>/.")
@click.option("--body", default=None, help="The body's slug, when the input does not name the body.")
@click.option("--date", default=None, help="The meeting date (YYYY-MM-DD), when the input has none.")
@click.option("--start", default=None, help="The start time (9:00), when the input has none.")
@click.option("--end", default=None, help="The end time (13:00), when the input has none.")
@click.option("--location", default=None, help="Where the meeting was held, when the input does not say.")
def import_command(files: tuple[Path, ...], content_dir: Path, body: str | None, date: str | None,
                   start: str | None, end: str | None, location: str | None) -> None:
    """Import minutes (text extracted from PDFs, or PDFs) into meeting files, and report what needs checking."""
    config = load_config(content_dir)
    if isinstance(config, list):
        for error in config:
            click.echo(str(error), err=True)
        sys.exit(1)
    options = ImportOptions(content_dir, body, date, start, end, location)
    failed = 0
    to_check = 0
    for path in files:
        result = import_file(path, options, config)
        click.echo(format_result(result))
        failed += result.written is None
        to_check += sum(note.kind in ("unplaced", "status", "check") for note in result.notes)
    click.echo(f"{len(files) - failed} of {len(files)} imported; {to_check} "
               f"{'place needs' if to_check == 1 else 'places need'} checking (unplaced, status, check).")
    if failed:
        sys.exit(1)


@click.command("new", short_help="Start the next meeting's file from the latest one.")
@click.option("--body", required=True, help="The body's slug, as in site.yaml.")
@click.option("--date", "date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The new meeting's date, YYYY-MM-DD.")
@click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("content"),
              show_default=True, help="The folder with site.yaml and meetings/.")
def new_command(body: str, date: dt.datetime, content_dir: Path) -> None:
    """Write the next meeting's file from the body's latest meeting, and print its path."""
    try:
        path = new_meeting(content_dir, body, date.date())
    except NewMeetingError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(str(path))
