"""The command group: its help and exit codes, its guarded streams, and what its commands
share (the register a command reads)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gremien_rdf import __version__
from gremien_rdf.cli.streams import (
    EXIT_INTERRUPTED,
    QUIET,
    StreamError,
    echo,
    exit_if_a_stream_failed,
    guarded_streams,
    is_terminal,
    last_words,
    quiet,
    stream_failed,
)

EXIT_CODES = """\b
Exit codes:
  0    ok
  1    validation failed; nothing was written (but the report of validate
       --output)
  2    usage or input error (the message names file:line and the fix); nothing
       was written (but the report of validate --output, which lists them)
  3    a server failed: unreachable, too slow, it answered an error or too much
  4    standard output or error could not be written (disk full, closed);
       the message says what was written
  70   a resource file of gremien-rdf (ontology, vocabularies, shapes,
       queries) is broken: a defect to report, not an input error
  130  interrupted (Ctrl-C); the message says what was written
  141  the reader of standard output went away (| head): stopped quietly"""


class _Group(click.Group):
    """click.Group whose Ctrl-C outside a command ends with 130, not click's 1, and whose
    standard streams are guarded, so that a full or closed one is exit 4 (or 141), also
    for --help and --version."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        with guarded_streams() as guards:
            try:
                result = super().main(args, prog_name, complete_var, False, **extra)
            except click.exceptions.Abort:
                last_words("interrupted", EXIT_INTERRUPTED)
            except click.ClickException as error:
                from gremien_rdf.characters import printable

                # a usage error quotes the arguments (file names from a glob, say)
                error.message = printable(error.message)  # type: ignore[misc]  # Final in
                # click's stubs, but a plain attribute that show() reads
                try:
                    error.show()
                except (StreamError, OSError):
                    pass
                sys.exit(error.exit_code)
            except StreamError as error:
                stream_failed(error, False)
            except (SystemExit, OSError) as error:
                # click ends with 1 when its own output (--help) meets a closed pipe, and
                # lets other failures of it through: the guards know which stream failed
                if isinstance(error, SystemExit) and error.code not in (0, 1, None):
                    raise
                exit_if_a_stream_failed(guards)
                raise
            exit_if_a_stream_failed(guards)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
)
@click.version_option(__version__, prog_name="gremien-rdf")
@click.option("-q", "--quiet", "be_quiet", is_flag=True,
              help="Show no progress and nothing else informational on stderr (errors, "
                   "warnings and validation reports still appear). Progress is shown only "
                   "when stderr is a terminal, for a step that takes over 2 s.")
@click.pass_context
def cli(context: click.Context, be_quiet: bool) -> None:
    """Publish the register of the German Länder's coordinating bodies against human
    trafficking (Monitor Menschenhandel 2024, Datenanhang 2) as Linked Open Data.

    \b
    Example:
      gremien-rdf build            # data/gremien.yaml -> dist/
      gremien-rdf -q build         # the same, without the progress display
    """
    from gremien_rdf.cli.progress import TerminalProgress, after

    context.meta[QUIET] = be_quiet
    seconds = after()  # checked on every run: a wrong value is a mistake wherever it runs
    if not be_quiet and is_terminal(sys.stderr, plain=True):
        from gremien_rdf.progress import showing

        display = context.with_resource(TerminalProgress(sys.stderr, seconds))
        context.with_resource(showing(display))


def register_in_use(source: Path | None, announce: bool = True) -> Path:
    """The register a command reads: `source`, else the one of the working folder or the
    shipped one, which is then named on stderr if that is a terminal (a person may not
    know which it is; a script has the rule, and its stderr stays quiet)."""
    from gremien_rdf.errors import display_path
    from gremien_rdf.resources import LOCAL_SOURCE, source_in_use

    found = source_in_use(source)
    if source is None and announce and not quiet() and is_terminal(sys.stderr, plain=True):
        where = ("found in the working folder" if found == LOCAL_SOURCE else
                 f"shipped with gremien-rdf; the working folder has no {LOCAL_SOURCE}")
        echo(f"register: {display_path(found)} ({where})", err=True)
    return found
