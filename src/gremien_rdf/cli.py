"""The `gremien-rdf` command line: a thin shell over gremien_rdf.pipeline.

Exit codes: 0 ok, 1 validation failed, 2 usage or input error. No traceback reaches the
user for an error they can fix. Heavy libraries (rdflib, pyshacl) are imported inside the
commands, so `--help` starts fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gremien_rdf import DEFAULT_BASE_IRI, __version__

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES = """\b
Exit codes:
  0  ok
  1  validation failed
  2  usage or input error (the message names file:line and the fix)"""


def base_iri_option(function: F) -> F:
    """--base-iri, shared by every command that mints IRIs."""
    return click.option(
        "--base-iri",
        default=DEFAULT_BASE_IRI,
        show_default=True,
        envvar="GREMIEN_RDF_BASE_IRI",
        help="Base IRI of all published IRIs (env GREMIEN_RDF_BASE_IRI).",
    )(function)


def user_errors(function: F) -> F:
    """Turn the errors a user can fix into a message on stderr and exit code 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from gremien_rdf.errors import InputError

        try:
            return function(*args, **kwargs)
        except InputError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            count = len(error.problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''}; nothing was written.",
                       err=True)
            sys.exit(2)
        except BrokenPipeError:
            # the reader of our output went away (`| head`): stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}{error.strerror or error}", err=True)
            click.echo("nothing was written.", err=True)
            sys.exit(2)
        except MemoryError:
            click.echo("error: the input is too large for this machine's memory", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _relative(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path.resolve()) if relative.startswith("..") else relative


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
)
@click.version_option(__version__, prog_name="gremien-rdf")
def cli() -> None:
    """Publish the register of the German Länder's coordinating bodies against human
    trafficking (Monitor Menschenhandel 2024, Datenanhang 2) as Linked Open Data.

    \b
    Example:
      gremien-rdf build            # data/gremien.yaml -> dist/
    """


@cli.command()
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dist"), show_default=True, help="Folder to write into.")
@base_iri_option
@user_errors
def build(source: Path | None, output: Path, base_iri: str) -> None:
    """Convert the curated YAML SOURCE into Turtle, JSON-LD and N-Triples.

    SOURCE defaults to the register shipped with gremien-rdf (data/gremien.yaml in a
    checkout). Writes gremien.ttl, gremien.jsonld, gremien.nt, context.jsonld,
    ontology.ttl and vocabularies.ttl into OUTPUT; all files or none.

    \b
    Example:
      gremien-rdf build data/gremien.yaml --output dist
    """
    from gremien_rdf.pipeline import DIST_FILES
    from gremien_rdf.pipeline import build as run_build

    result = run_build(source, output, base_iri)
    click.echo(
        f"Built {result.bodies} bodies in {result.laender} of {result.laender_known} Länder, "
        f"{result.triples:,} triples, from {_relative(result.source)}"
    )
    for path in result.files:
        click.echo(f"  {_relative(path):<28} {path.stat().st_size:>9,} bytes  "
                   f"{DIST_FILES[path.name]}")


@cli.command("import")
@click.argument("raw", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("gremien.draft.yaml"), show_default=True,
              help="Draft YAML to write.")
@click.option("--repairs", type=click.Path(dir_okay=False, path_type=Path),
              help="Repair log (TSV) to write.  [default: OUTPUT with .repairs.tsv]")
@click.option("--curated", type=click.Path(dir_okay=False, path_type=Path),
              help="Curated YAML whose ids, places and report ids are kept for bodies "
                   "found again (same Land and current or former title).")
@base_iri_option
@user_errors
def import_(raw: Path, output: Path, repairs: Path | None, curated: Path | None,
            base_iri: str) -> None:
    """Import the report's table RAW (text extracted from the PDF) into a draft YAML.

    Repairs page breaks, repeated headers, words broken by the layout, suspended hyphens,
    qualified participation, spelling variants and renamed bodies, by rule and with the
    vocabularies; writes one line per repair (line, row, column, rule, before, after)
    into the repair log.

    \b
    Example:
      gremien-rdf import data/source/datenanhang-2-koordinierende-gremien.txt \\
          --curated data/gremien.yaml --output /tmp/gremien.yaml
    """
    from gremien_rdf.pipeline import import_raw
    from gremien_rdf.rawtable import rule_counts

    repairs = repairs or output.with_name(output.stem.removesuffix(".draft") + ".repairs.tsv")
    draft = import_raw(raw, output, repairs, curated, base_iri)
    click.echo(f"Imported {len(draft.bodies)} bodies from {_relative(raw)}")
    click.echo(f"  {_relative(output)}: draft register")
    click.echo(f"  {_relative(repairs)}: {len(draft.repairs)} repairs")
    for rule, count in rule_counts(draft.repairs).items():
        click.echo(f"    {count:>4}  {rule}")
