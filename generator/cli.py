"""The `minutes` command: build, check and serve a minutes archive."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import jinja2

from generator.build import DEFAULT_TEMPLATES, BuildOptions, BuildReport, build, check
from generator.content.config import base_url_problem, load_config, normalise_base_url
from generator.errors import BuildError
from generator.importer.command import import_command, new_command
from generator.progress import Progress
from generator.publish.search import SearchIndexError
from generator.publish.write import SITE_MARKER, OutputFolderError
from generator.render.pages import base_path

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


@dataclass(frozen=True)
class Outcome:
    """What one build has to say: whether it succeeded, its error or warning lines, and its summary."""

    ok: bool
    messages: tuple[str, ...] = ()  # for stderr, as the clerk reads them: errors with file:line, or warnings
    summary: str = ""

    def show(self) -> None:
        """Print the messages to stderr and the summary to stdout."""
        if self.messages:
            click.echo("\n".join(self.messages), err=True)
        if self.summary:
            click.echo(self.summary)


def attempt_build(options: BuildOptions, progress_lines: bool = False) -> Outcome:
    """Build once and say how it went; a failure leaves the previous site in place."""
    try:
        had_site, existed = (options.out_dir / SITE_MARKER).is_file(), options.out_dir.exists()
    except OSError as error:  # e.g. a name too long for the file system
        return Outcome(False, (f"error: the output folder {options.out_dir} cannot be used: {error.strerror}",))
    progress = Progress.for_stream(sys.stderr, lines=progress_lines)
    try:
        report = build(options, BuildReport(progress=progress))
    except BuildError as error:
        problem = error.report()
    except (OutputFolderError, SearchIndexError) as error:
        problem = f"error: {error}"
    except jinja2.TemplateSyntaxError as error:  # a template being edited under `minutes serve`, most often
        problem = (f"{_shown_path(error.filename)}:{error.lineno}: template: {error.message}\n"
                   "    how to fix: correct the template at that line")
    except jinja2.TemplateError as error:  # names only: the message says which variable, never its value
        problem = f"error: a template failed while rendering: {type(error).__name__}: {error.message}"
    except OSError as error:  # a last resort: the build's own steps turn these into the errors above
        problem = f"error: the site could not be built: {error.strerror or error}"
    else:
        timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings)
        read = f" ({report.scanned_files:,} read)" if report.scanned_files != report.checked_files else ""
        rendered = f", {report.rendered_pages:,} rendered" if report.rendered_pages != report.pages else ""
        return Outcome(True, tuple(f"warning: {warning}" for warning in report.warnings),
                       f"Built {report.meetings} meetings ({report.items} items, {report.pages} pages{rendered}) into "
                       f"{options.out_dir}/, checked {report.checked_files:,} files{read}: no closed text "
                       f"[{timings}]")
    finally:
        progress.close()
    return Outcome(False, (*problem.splitlines(), _unchanged(options.out_dir, had_site, existed)))


def _shown_path(filename: str | None) -> str:
    """Return a template's path relative to the working folder where it lies below it."""
    if filename is None:
        return "template"
    path = Path(filename)
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def _run_build(options: BuildOptions, progress_lines: bool = False) -> None:
    outcome = attempt_build(options, progress_lines)
    outcome.show()
    if not outcome.ok:
        sys.exit(1)


def cache_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add --cache DIR and --no-cache to a command."""
    command = click.option("--no-cache", "no_cache", is_flag=True, default=False,
                           help="Use no persistent cache: build everything from scratch.")(command)
    return click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                        help="Where the build keeps its cache (default: .minutes-cache beside the output folder; "
                             "never inside it).")(command)


def cache_folder(out_dir: Path, cache_dir: Path | None, no_cache: bool) -> Path | None:
    """Return the cache folder the options choose: the given one, the default beside the output, or none."""
    if no_cache:
        return None
    if cache_dir is None:
        return out_dir.parent / ".minutes-cache"
    cache, out = cache_dir.resolve(), out_dir.resolve()
    if cache == out or out in cache.parents or cache in out.parents:
        # The output folder is replaced as a whole on every build, and a cache must not be published.
        raise click.BadParameter(f"the cache folder {cache_dir} overlaps the output folder {out_dir}",
                                 param_hint="'--cache'")
    return cache_dir


progress_option = click.option(
    "--progress", "progress_lines", is_flag=True, default=False,
    help="When not on a terminal, print one line per finished stage (on a terminal progress is always shown).")


@main.command("build")
@content_option
@out_option
@base_url_option
@templates_option
@click.option("--allow-empty", is_flag=True, default=False,
              help="Allow a site with no meetings to replace a site that holds meetings.")
@cache_options
@progress_option
def build_command(content_dir: Path, out_dir: Path, base_url: str | None, templates_dir: Path,
                  allow_empty: bool, cache_dir: Path | None, no_cache: bool, progress_lines: bool) -> None:
    """Build the site from the content folder."""
    _run_build(BuildOptions(content_dir, out_dir, templates_dir, base_url, allow_empty=allow_empty,
                            cache_dir=cache_folder(out_dir, cache_dir, no_cache)), progress_lines=progress_lines)


@main.command("check")
@content_option
@cache_options
def check_command(content_dir: Path, cache_dir: Path | None, no_cache: bool) -> None:
    """Check the content for mistakes without writing a site."""
    try:
        report = check(BuildOptions(content_dir=content_dir, cache_dir=cache_folder(Path("site"), cache_dir, no_cache)))
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
@cache_options
@progress_option
def serve_command(content_dir: Path, out_dir: Path, base_url: str | None, templates_dir: Path, port: int,
                  cache_dir: Path | None, no_cache: bool, progress_lines: bool) -> None:
    """Build the site and serve it on 127.0.0.1; rebuild and reload open pages when content or templates change."""
    from generator.serve.livereload import BuildEvents, BuildState
    from generator.serve.server import make_server
    from generator.serve.watch import SiteFilter, watch_changes

    options = BuildOptions(content_dir, out_dir, templates_dir, base_url,
                           cache_dir=cache_folder(out_dir, cache_dir, no_cache))
    outcome = attempt_build(options, progress_lines)
    outcome.show()
    if not outcome.ok and not (out_dir / SITE_MARKER).is_file():
        sys.exit(1)  # nothing to serve until the content builds
    config = load_config(content_dir)
    path = base_path(base_url or (config.base_url if not isinstance(config, list) else "/"))
    events = BuildEvents(BuildState(ok=outcome.ok, lines=() if outcome.ok else outcome.messages))
    server = make_server(out_dir, path, port, events)

    def rebuild(changes: int) -> None:
        click.echo(f"{changes} change{'s' if changes != 1 else ''} in {content_dir}/ or the templates; "
                   "building again.", err=True)
        try:
            again = attempt_build(options, progress_lines)
        except Exception as error:  # a bug, not a content mistake: say what kind, keep serving the last site
            again = Outcome(False, (f"error: the build stopped unexpectedly ({type(error).__name__}); "
                                    f"the previous site in {out_dir} is served as it was.",))
        again.show()
        events.publish(again.ok, () if again.ok else again.messages)

    stop = threading.Event()

    def keep_watching() -> None:
        try:
            watch_changes((content_dir, templates_dir), SiteFilter(out_dir, options.cache_dir), stop, rebuild)
        except (OSError, RuntimeError) as error:  # e.g. the content folder removed, or too many folders to watch
            click.echo(f"error: no longer watching for changes ({type(error).__name__}: {error}); the site is "
                       "still served; restart minutes serve to watch again", err=True)

    watcher = threading.Thread(target=keep_watching, name="watch", daemon=True)
    watcher.start()
    click.echo(f"Serving {out_dir}/ at http://127.0.0.1:{server.server_address[1]}{path} (Ctrl+C stops); "
               f"watching {content_dir}/ and {templates_dir}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        stop.set()
        events.close()
        with contextlib.suppress(KeyboardInterrupt):
            watcher.join()  # lets a build under way finish its swap; a second Ctrl+C leaves at once
        click.echo("Stopped.")
    finally:
        server.server_close()


main.add_command(import_command)
main.add_command(new_command)
