"""The `gremien-rdf` command line: a thin shell over gremien_rdf.api.

Exit codes: see EXIT_CODES. No traceback reaches the user for an error they can fix, and
every error says whether anything was written. Heavy libraries (rdflib, pyshacl) are
imported inside the commands, so `--help` starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from gremien_rdf import CITATION_FORMATS, DIFF_FORMATS, ENGINES, REPORT_FORMATS
from gremien_rdf.cli.group import cli as cli  # the entry point, gremien_rdf.cli:cli
from gremien_rdf.cli.group import register_in_use
from gremien_rdf.cli.options import (
    BASE_IRI_VAR,
    IRI,
    base_iri_in_use,
    base_iri_option,
    fail_on_option,
    lang_option,
    path_type,
    server_of,
    server_options,
    settings_option,
)
from gremien_rdf.cli.streams import (
    echo,
    is_terminal,
    quiet,
    user_errors,
)


@cli.command()
@click.argument("source", required=False, type=path_type(dir_okay=False))
@click.option("-o", "--output", type=path_type(file_okay=False),
              default=Path("dist"), show_default=True, help="Folder to write into.")
@fail_on_option
@settings_option
@base_iri_option
@user_errors(writes=True)
def build(source: Path | None, output: Path, fail_on: str, settings: Path | None,
          base_iri: str | None) -> None:
    """Validate the curated YAML SOURCE and publish it into OUTPUT: dumps and metadata.

    SOURCE defaults to data/gremien.yaml of the working folder if there is one, else to
    the register shipped with gremien-rdf (the first line names it). The data is
    validated against the SHACL shapes first; if it fails, the
    report goes to stderr, the exit code is 1 and nothing is written. Otherwise OUTPUT
    is replaced, in one step, by a folder with gremien.ttl, gremien.jsonld, gremien.nt
    (and a .gz of each), context.jsonld, ontology.ttl, vocabularies.ttl, void.ttl (VoID),
    the tables (gremien.csv, teilnahmen.csv, gremien-schwerpunkte.csv, fruehere-titel.csv,
    a CSV per vocabulary, all described by csv-metadata.json (CSVW) and datapackage.json
    (Frictionless), and as sheets of gremien.xlsx), catalog.ttl (DCAT-AP.de, from the
    publication settings), SHA256SUMS, and the website in site/ (see `gremien-rdf site`).
    A build that fails or is killed leaves the previous OUTPUT as it was. OUTPUT must be
    new, empty or an earlier build.

    \b
    Example:
      gremien-rdf build data/gremien.yaml --output dist
    """
    from gremien_rdf.api import build as run_build
    from gremien_rdf.errors import display_path
    from gremien_rdf.publishing.distributions import FILES
    from gremien_rdf.validation.reports import render, summary

    result = _validated(run_build, source, output, base_iri, fail_on, settings)
    echo(
        f"Built {result.bodies} bodies in {result.laender} of {result.laender_known} Länder, "
        f"{result.triples:,} triples, from {display_path(result.source)}"
    )
    echo(f"  validated: {summary(result.report, fail_on, 'cli')}")
    publication = result.publication
    echo(f"  settings:  {display_path(publication.path)}: version {publication.version}, "
               f"licence {publication.licence.iri}")
    width = max([28, *(len(display_path(path)) for path in result.files)])
    for path in result.files:
        what = FILES[path.name][1] if path.name in FILES else "SHA-256 checksums (sha256sum -c)"
        echo(f"  {display_path(path):<{width}} {path.stat().st_size:>9,} bytes  {what}")
    _site_line(output, result, width)
    if result.report.findings:  # below the threshold: shown, not failing
        echo(render(result.report, "text", fail_on, colour=is_terminal(sys.stderr), style="cli"),
             err=True, nl=False, raw=True)


def _validated(run: Callable[..., Any], source: Path | None, output: Path,
               base_iri: str | None, fail_on: str, settings: Path | None) -> Any:
    """`run(...)`'s result; on failed validation the report on stderr and exit code 1."""
    from gremien_rdf.errors import ValidationFailed, environment
    from gremien_rdf.settings import SETTINGS_VAR
    from gremien_rdf.validation.reports import render

    # click takes an empty variable for an unset one: set but empty is an error here
    if base_iri is None:
        environment(BASE_IRI_VAR)
    if settings is None:
        environment(SETTINGS_VAR)

    try:
        return run(register_in_use(source), output, base_iri, fail_on, settings)
    except ValidationFailed as failed:
        echo(render(failed.report, "text", fail_on, colour=is_terminal(sys.stderr), style="cli"),
             err=True, nl=False, raw=True)
        echo("Validation failed; nothing was written.", err=True)
        sys.exit(1)



def _site_line(output: Path, result: Any, width: int = 28) -> None:
    from gremien_rdf.errors import display_path

    site = output / "site"
    echo(f"  {display_path(site) + '/':<{width}} {result.site_files:>9,} files  the website: "
               f"{result.site_pages:,} pages in German and English; open "
               f"{display_path(site / 'index.html')}")


@cli.command()
@click.argument("source", required=False, type=path_type(dir_okay=False))
@click.option("-o", "--output", type=path_type(file_okay=False),
              default=Path("dist"), show_default=True,
              help="The build folder; the site goes into OUTPUT/site/.")
@fail_on_option
@settings_option
@base_iri_option
@user_errors(writes=True)
def site(source: Path | None, output: Path, fail_on: str, settings: Path | None,
         base_iri: str | None) -> None:
    """Write the website of the register into OUTPUT/site/ (`build` does this too).

    A page per body, Land, concept of each vocabulary, stored query (with its current
    results) and for the ontology; an index with key figures, a map of the Länder, charts,
    a table of all bodies to filter and sort, and the downloads. A list of more than 500
    bodies (the index's table, a Land's, a concept's) goes on over numbered pages
    (seite-2.html, …). German at the top, English below en/. Beside each page its
    resource's Turtle and JSON-LD; .htaccess and nginx/ hold the rules that let a resource
    IRI answer HTML, Turtle or JSON-LD by the Accept header when site/ is served at the
    base IRI. Links are relative: the site also works from the file system. Replaces
    OUTPUT/site/ in one step.

    \b
    Example:
      gremien-rdf site --output dist && xdg-open dist/site/index.html
    """
    from gremien_rdf.api import build

    result = _validated(functools.partial(build, only_site=True), source, output, base_iri,
                        fail_on, settings)
    _site_line(output, result)



@cli.command()
@click.argument("paths", nargs=-1, type=path_type(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text",
              show_default=True, help="Report format.")
@fail_on_option
@lang_option("en", "Language of messages and property names.")
@click.option("-o", "--output", type=path_type(dir_okay=False),
              help="Write the report to this file instead of standard output.")
@base_iri_option
@click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0], show_default=True,
              help="SHACL Core engine: setwise evaluates each shape and constraint once "
                   "over the whole graph (pyoxigraph; fast on large registers); pyshacl "
                   "evaluates them once per focus node, as pySHACL does: pick it to "
                   "cross-check a result. The SPARQL constraints and checks run the same "
                   "under both.")
@user_errors(writes=True)
def validate(paths: tuple[Path, ...], fmt: str, fail_on: str, lang: str,
             output: Path | None, base_iri: str | None, engine: str) -> None:
    """Validate YAML registers or RDF files (Turtle, N-Triples, JSON-LD) with SHACL.

    PATHS default to data/gremien.yaml of the working folder if there is one, else to the
    register shipped with gremien-rdf (the report names it; so does stderr, if it is a
    terminal). For YAML,
    every finding names file:line:column of the YAML value that caused it, the body, the
    property in words, the value and the message. Problems found while loading the YAML
    come out in the same format (exit code 2).

    Nothing is fetched: a JSON-LD document may name gremien-rdf's published context (read
    from the package) and no other; owl:imports are not followed. Control, bidirectional
    and invisible formatting characters are refused, raw or escaped.

    \b
    Example:
      gremien-rdf validate data/gremien.yaml --format sarif --output gremien.sarif
    """
    from gremien_rdf.api import validate_paths
    from gremien_rdf.publishing.files import refuse_inputs, write_files
    from gremien_rdf.validation.reports import render

    paths = paths or (register_in_use(None),)
    if output is not None:
        from gremien_rdf.resources import input_files
        from gremien_rdf.settings import settings_in_use

        reads = (*paths, *input_files(), *settings_in_use())
        refuse_inputs(reads, [output])
    report = validate_paths(list(paths), base_iri_in_use(base_iri), engine=engine)
    colour = output is None and fmt == "text" and is_terminal(sys.stdout)
    rendered = render(report, fmt, fail_on, lang, colour=colour, style="cli")
    if output is None and fmt != "text" and is_terminal(sys.stdout, plain=True):
        from gremien_rdf.characters import printable

        # a value or a file name must not rewrite the terminal (the text report escapes
        # them itself, around its colours)
        rendered = printable(rendered)
    if output is not None:
        from gremien_rdf.errors import display_path
        from gremien_rdf.validation.reports import summary

        write_files([(output, rendered.encode("utf-8"))], inputs=reads)
    else:
        echo(rendered, nl=False, raw=True)
    # what goes to stderr comes last: a full stderr must not cost the report
    if fmt == "turtle" and report.load_failed:
        # a SHACL report has no place for a file that cannot be loaded: say it on stderr
        echo(render(report, "text", fail_on, lang, colour=is_terminal(sys.stderr), style="cli"),
             err=True, nl=False, raw=True)
    if output is not None and not quiet():
        echo(f"{summary(report, fail_on, 'cli')}; the report is in {display_path(output)}",
             err=True)
    if report.load_failed:
        sys.exit(2)
    if report.fails(fail_on):
        sys.exit(1)


@cli.command()
@click.argument("body", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(CITATION_FORMATS),
              default="text", show_default=True,
              help="text (one line), bibtex (@misc), ris (TY DATA) or csl (CSL-JSON).")
@lang_option("de", "Language of the citation text and the dataset's title.")
@click.option("--source", type=path_type(dir_okay=False),
              help="The register (YAML).  [default: data/gremien.yaml of the working "
                   "folder, else the shipped one]")
@settings_option
@user_errors
def cite(body: str | None, fmt: str, lang: str, source: Path | None,
         settings: Path | None) -> None:
    """Print how to cite the dataset, or BODY within it (its id, title or a former title).

    The citation names the publisher, title, version and date of the settings, the IRI,
    and the report (and row of its table) the data comes from; the website shows the same
    on every body page and the index, with the BibTeX, RIS and CSL-JSON as downloads.

    \b
    Example:
      gremien-rdf cite
      gremien-rdf cite he-runder-tisch-menschenhandel --format bibtex
    """
    from gremien_rdf.api import load

    dataset = load(register_in_use(source), settings=settings)
    echo(dataset.citation(body, lang, fmt), nl=False)


@cli.command("import")
@click.argument("raw", type=path_type(dir_okay=False))
@click.option("-o", "--output", type=path_type(dir_okay=False),
              default=Path("gremien.draft.yaml"), show_default=True,
              help="Draft YAML to write.")
@click.option("--repairs", type=path_type(dir_okay=False),
              help="Repair log (TSV) to write.  [default: OUTPUT with .repairs.tsv]")
@click.option("--curated", type=path_type(dir_okay=False),
              help="Curated YAML whose ids, places and report ids are kept for bodies "
                   "found again (same Land and current or former title).")
@base_iri_option
@user_errors(writes=True)
def import_(raw: Path, output: Path, repairs: Path | None, curated: Path | None,
            base_iri: str | None) -> None:
    """Import the report's table RAW (text extracted from the PDF) into a draft YAML.

    Repairs page breaks, repeated headers, words broken by the layout, suspended hyphens,
    qualified participation, spelling variants and renamed bodies, by rule and with the
    vocabularies; writes one line per repair (line, row, column, rule, before, after)
    into the repair log. With --curated, the ids of bodies found again are kept (new
    bodies get a proposed id from their Land and title) and what the draft changes in the
    curated register is printed, as `gremien-rdf diff` prints it.

    \b
    Example:
      gremien-rdf import data/source/datenanhang-2-koordinierende-gremien.txt \\
          --curated data/gremien.yaml --output /tmp/gremien.yaml
    """
    from gremien_rdf.api import import_raw
    from gremien_rdf.errors import display_path
    from gremien_rdf.source.rawtable import rule_counts

    repairs = repairs or output.with_name(output.stem.removesuffix(".draft") + ".repairs.tsv")
    draft = import_raw(raw, output, repairs, curated, base_iri_in_use(base_iri))
    echo(f"Imported {len(draft.bodies)} bodies from {display_path(raw)}")
    echo(f"  {display_path(output)}: draft register")
    echo(f"  {display_path(repairs)}: {len(draft.repairs)} repairs")
    for rule, count in rule_counts(draft.repairs).items():
        echo(f"    {count:>4}  {rule}")
    if curated is not None:
        _changes_of_the_draft(curated, output)


def _changes_of_the_draft(curated: Path, draft: Path) -> None:
    """What the imported draft changes in the curated register: `diff`'s text. The draft is
    written whatever this finds; a draft that does not load as a register (a label the
    curated register needs, …) is said, not an error."""
    from gremien_rdf.editions.diff import compare
    from gremien_rdf.editions.sides import load_side
    from gremien_rdf.errors import InputError, display_path
    from gremien_rdf.rdf.vocabularies import load_vocabularies

    vocabularies = load_vocabularies()
    try:
        before = load_side(str(curated), vocabularies)
        after = load_side(str(draft), vocabularies)
    except InputError as error:
        echo(f"Not compared with {display_path(curated)}: {len(error.problems)} problems "
             f"loading the two (gremien-rdf validate {display_path(draft)} lists them)")
        return
    echo(f"Changes from {before.name} (gremien-rdf diff {before.name} {after.name}):")
    _echo_diff(compare(before, after), "en")


def _echo_diff(found: Any, lang: str) -> None:
    """`diff`'s text on standard output: in colour on a terminal, where it escapes the
    control characters of names and values itself, around its colours."""
    from gremien_rdf.editions.render import text

    echo(text(found, lang, colour=is_terminal(sys.stdout),
              escape=is_terminal(sys.stdout, plain=True)), nl=False, raw=True)



@cli.command()
@click.option("--endpoint", required=True, metavar="URL", type=IRI,
              help="The server's SPARQL 1.1 Graph Store Protocol URL (Oxigraph: "
                   "http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data).")
@click.option("--graph", metavar="IRI", type=IRI,
              help="The named graph to replace.  [default: the dataset's IRI in catalog.ttl]")
@click.option("--dist", type=path_type(file_okay=False), default=Path("dist"),
              show_default=True, help="The folder that `build` wrote.")
@server_options
@user_errors
def publish(endpoint: str, graph: str | None, dist: Path, timeout: float, retries: int,
            max_size: int) -> None:
    """Replace a named graph on a SPARQL server with the build in DIST: data and metadata.

    Checks every file against SHA256SUMS, sends gremien.nt, vocabularies.ttl,
    ontology.ttl, void.ttl and catalog.ttl as one N-Triples body in one HTTP PUT (SPARQL
    1.1 Graph Store Protocol), then reads the graph back and counts its triples. Publishing
    the same build again gives the same graph. If the upload fails, the server keeps the
    graph it had. Credentials: GREMIEN_RDF_USER and GREMIEN_RDF_PASSWORD, or ~/.netrc,
    sent only when the server asks, as HTTP Digest or Basic; they are never printed.

    \b
    Example:
      gremien-rdf publish --endpoint http://localhost:7878/store
      gremien-rdf query run bodies-per-land --endpoint http://localhost:7878/query \\
          --graph https://w3id.org/gremien-rdf/datensatz/gremien
    """
    from gremien_rdf.errors import display_path
    from gremien_rdf.publishing.publish import publish as run_publish
    from gremien_rdf.remote.secrets import redact

    result = run_publish(dist, endpoint, graph, server_of(timeout, retries, max_size))
    echo(f"Published {result.triples:,} triples from {display_path(dist)} into graph "
               f"<{result.graph}> at {redact(result.url)}")
    echo(f"  read back: the server holds {result.on_server:,} triples in that graph")
    echo(f"  files: {', '.join(result.files)}")


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("-f", "--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text",
              show_default=True,
              help="text (colour on a terminal), markdown (a pull request comment or "
                   "$GITHUB_STEP_SUMMARY), json (for programs; its schema is "
                   "gremien_rdf/editions/diff.schema.json) or turtle (a change set in the "
                   "Changeset vocabulary, statement by statement).")
@lang_option("en", "Language of the concepts' labels in text and Markdown.")
@user_errors
def diff(old: str, new: str, fmt: str, lang: str) -> None:
    """Say what changed from the register OLD to NEW: bodies added, removed, renamed,
    moved, and each field that changed; the report's fields; concepts of the vocabularies
    added, removed, relabelled or moved; the bodies per Land and per actor type before
    and after.

    OLD and NEW are each a register YAML file, a build (the dist/ folder, or one of its
    dumps: gremien.ttl, gremien.nt, gremien.jsonld), or a git revision of the repository
    of the working folder: REV (its data/gremien.yaml, read with its
    ontology/vocabularies) or REV:PATH. Bodies are matched by id, then by a former title,
    then by the most similar title in the same Land; the diff names how each pair was
    found. Exit code 0 if the two are equal, 1 if they differ (like diff), 2 if a side
    cannot be read.

    \b
    Example:
      gremien-rdf diff main data/gremien.yaml
      gremien-rdf diff dist data/gremien.yaml
      gremien-rdf diff HEAD~1 HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from gremien_rdf.editions.diff import compare
    from gremien_rdf.editions.render import as_json, markdown
    from gremien_rdf.editions.sides import load_side
    from gremien_rdf.rdf.vocabularies import load_vocabularies

    vocabularies = load_vocabularies()
    found = compare(load_side(old, vocabularies), load_side(new, vocabularies))
    if fmt == "text":
        _echo_diff(found, lang)
    elif fmt == "json":
        echo(as_json(found), nl=False)
    elif fmt == "turtle":
        from gremien_rdf.editions.changeset import change_graph

        echo(change_graph(found).serialize(format="turtle"), nl=False)
    else:
        echo(markdown(found, lang), nl=False)
    sys.exit(0 if found.equal else 1)


# the query commands register themselves on the group when their module is imported
from gremien_rdf.cli import query as _query  # noqa: E402, F401
