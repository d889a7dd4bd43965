"""The `minutes` command: build, check and serve a minutes archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.build import DEFAULT_TEMPLATES, BuildOptions, build, check
from generator.config import base_url_problem, normalise_base_url
from generator.errors import BuildError
from generator.importer.command import import_command, new_command
from generator.render import base_path
from generator.search import SearchIndexError
from generator.write import SITE_MARKER, OutputFolderError

content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("content"),
    show_default=True, help="The folder with site.yaml and meetings/.")
out_option = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
    help="Where the site is written; replaced as a whole when the build succeeds.")


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (problem := base_url_problem(normalise_base_url(value))) is not None:
        raise click.BadParameter(problem.replace("'base_url'", "the base URL"))
    return value


base_url_option = click.option(
    "--base-url", default=None, callback=_check_base_url,
    help="Where the site will be hosted, e.g. /referater/ or https://example.dk/referater/ "
         "(default: base_url in site.yaml).")
templates_option = click.option(
    "--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=DEFAULT_TEMPLATES, show_default=False, help="The templates folder.")


@click.group()
@click.version_option(package_name="minutes-archive")
def main() -> None:
    """Turn meeting minutes written in Markdown into a static, searchable archive."""


def _unchanged(out_dir: Path, had_site: bool, existed: bool) -> str:
    """Say what a failed build left in the output folder."""
    if had_site:
        return f"The previous site in {out_dir} is left as it was."
    if existed:
        return f"The folder {out_dir} is left as it was."
    return f"No site was written; {out_dir} was not created."


def _run_build(options: BuildOptions, quiet: bool = False) -> None:
    try:
        had_site, existed = (options.out_dir / SITE_MARKER).is_file(), options.out_dir.exists()
    except OSError as error:  # e.g. a name too long for the file system
        click.echo(f"error: the output folder {options.out_dir} cannot be used: {error.strerror}", err=True)
        sys.exit(1)
    try:
        report = build(options)
    except BuildError as error:
        click.echo(error.report(), err=True)
        click.echo(_unchanged(options.out_dir, had_site, existed), err=True)
        sys.exit(1)
    except (OutputFolderError, SearchIndexError) as error:
        click.echo(f"error: {error}", err=True)
        click.echo(_unchanged(options.out_dir, had_site, existed), err=True)
        sys.exit(1)
    except OSError as error:  # a last resort: the build's own steps turn these into the errors above
        click.echo(f"error: the site could not be built: {error.strerror or error}", err=True)
        click.echo(_unchanged(options.out_dir, had_site, existed), err=True)
        sys.exit(1)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings)
        read = f" ({report.scanned_files:,} read)" if report.scanned_files != report.checked_files else ""
        click.echo(f"Built {report.meetings} meetings ({report.items} items, {report.pages} pages) "
                   f"into {options.out_dir}/, checked {report.checked_files:,} files{read}: no closed text [{timings}]")


@main.command("build")
@content_option
@out_option
@base_url_option
@templates_option
@click.option("--allow-empty", is_flag=True, default=False,
              help="Allow a site with no meetings to replace a site that holds meetings.")
def build_command(content_dir: Path, out_dir: Path, base_url: str | None, templates_dir: Path,
                  allow_empty: bool) -> None:
    """Build the site from the content folder."""
    _run_build(BuildOptions(content_dir, out_dir, templates_dir, base_url, allow_empty=allow_empty))


@main.command("check")
@content_option
def check_command(content_dir: Path) -> None:
    """Check the content for mistakes without writing anything."""
    try:
        report = check(BuildOptions(content_dir=content_dir))
    except BuildError as error:
        fix = "please fix it." if len(error.errors) == 1 else "please fix them."
        click.echo(error.report().replace("nothing was written.", fix), err=True)
        sys.exit(1)
    except OSError as error:  # a last resort, as in build
        click.echo(f"error: the content could not be read: {error.strerror or error}", err=True)
        sys.exit(1)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"No errors in {report.meetings} meetings.")


@main.command("serve")
@content_option
@out_option
@base_url_option
@templates_option
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port on 127.0.0.1 (0 picks a free one).")
def serve_command(content_dir: Path, out_dir: Path, base_url: str | None, templates_dir: Path, port: int) -> None:
    """Build the site, then serve it on 127.0.0.1."""
    from generator.config import load_config
    from generator.serve import make_server

    options = BuildOptions(content_dir, out_dir, templates_dir, base_url)
    _run_build(options)
    config = load_config(content_dir)
    path = base_path(base_url or (config.base_url if not isinstance(config, list) else "/"))
    server = make_server(out_dir, path, port)
    click.echo(f"Serving {out_dir}/ at http://127.0.0.1:{server.server_address[1]}{path} (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


main.add_command(import_command)
main.add_command(new_command)
