"""gremien-rdf query: list, show and run the stored queries (or any query file), in process
or on a SPARQL endpoint."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO, cast

import click

from gremien_rdf import RESULT_FORMATS
from gremien_rdf.cli.group import cli, register_in_use
from gremien_rdf.cli.options import (
    IRI,
    base_iri_in_use,
    base_iri_option,
    lang_option,
    path_type,
    server_of,
    server_options,
)
from gremien_rdf.cli.streams import (
    echo,
    is_terminal,
    stdout_binary,
    user_errors,
)


@cli.group()
def query() -> None:
    """Stored SPARQL queries: list them, show one, run one.

    \b
    Example:
      gremien-rdf query run bodies-per-land --format csv
    """


@query.command("list")
@lang_option("en", "Language of the titles.")
@user_errors
def query_list(lang: str) -> None:
    """List the stored queries: name, title and parameters.

    \b
    Example:
      gremien-rdf query list --lang de
    """
    from gremien_rdf.queries.stored import catalogue

    queries = catalogue()
    if not queries:
        from gremien_rdf.resources import queries_dir

        echo(f"no stored queries in {queries_dir()}", err=True)
        return
    width = max(len(q.name) for q in queries)
    for stored in queries:
        params = " ".join(f"{p.name}={p.default}" if p.default else p.name
                          for p in stored.parameters)
        echo(f"{stored.name:<{width}}  {stored.title(lang)}"
                   + (f"  [{params}]" if params else ""))


@query.command("show")
@click.argument("name")
@lang_option("en", "Language of title and description.")
@user_errors
def query_show(name: str, lang: str) -> None:
    """Show a stored query: title, description, parameters and its SPARQL text.

    \b
    Example:
      gremien-rdf query show bodies-with-actor
    """
    from gremien_rdf.queries.stored import allowed_values, find_query

    stored = find_query(name)
    echo(f"{stored.name}: {stored.title(lang)}")
    if stored.description(lang):
        echo(stored.description(lang))
    for parameter in stored.parameters:
        default = f" (default: {parameter.default})" if parameter.default else ""
        echo(f"  parameter {parameter.name}: {parameter.kind}{default}"
                   f" — {parameter.text(lang)}")
        echo(f"    allowed: {allowed_values(parameter)}")
    echo("")
    echo(stored.text, nl=False)


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value; repeat for several.")
@click.option("-f", "--format", "fmt",
              type=click.Choice(RESULT_FORMATS),
              default="table", show_default=True,
              help="Output: a table or Markdown (at most 1,000 rows), CSV/TSV (W3C SPARQL 1.1 "
                   "results, every row, written as they come), JSON (W3C, with the variable "
                   "names) or a workbook (xlsx: redirect it to a file). All but JSON head "
                   "the columns with readable names in --lang.")
@lang_option("en", "Language of the labels in the results.")
@click.option("--source", type=path_type(dir_okay=False),
              help="The YAML register to query.  [default: data/gremien.yaml of the "
                   "working folder, else the shipped one]")
@click.option("--endpoint", metavar="URL", type=IRI,
              help="Run the query on a SPARQL 1.1 endpoint holding the dumps (e.g. "
                   "http://localhost:7878/query) instead of in process.")
@click.option("--graph", metavar="IRI", type=IRI,
              help="With --endpoint: query this named graph (as `publish` wrote it) instead "
                   "of the endpoint's default graph.")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (a query that calls another SPARQL server); refused "
                   "without this flag. In process, --timeout then bounds the whole run.")
@click.option("--no-cache", is_flag=True,
              help="Load the register anew, neither reading nor writing the cache of its "
                   "graph (see `query run`'s help above).")
@server_options
@base_iri_option
@user_errors
def query_run(name: str, params: tuple[str, ...], fmt: str, lang: str, source: Path | None,
              endpoint: str | None, graph: str | None, allow_service: bool, no_cache: bool,
              timeout: float, retries: int, max_size: int, base_iri: str | None) -> None:
    """Run a stored query by NAME, or any query file (NAME ending in .rq).

    Parameter values are checked (a label must be known; the closest labels are
    suggested) and bound as RDF terms, never pasted into the query text. Only queries
    are run or sent (SELECT, ASK, CONSTRUCT, DESCRIBE), never an update; SERVICE only
    with --allow-service. On a terminal, control characters in the results are shown
    as escapes.

    The register's graph is kept in a cache (GREMIEN_RDF_CACHE, else
    $XDG_CACHE_HOME/gremien-rdf, else ~/.cache/gremien-rdf; the 4 used last) and
    reused while the register, the settings, gremien-rdf's files and the base IRI are
    unchanged; so is each query's answer, for the same query text, parameters and
    language (not with SERVICE, NOW(), RAND()…). Delete the folder to clear it;
    --no-cache skips it.

    \b
    Examples:
      gremien-rdf query run bodies-with-actor --param actor=LKA --lang de
      gremien-rdf query run bodies-per-land --endpoint http://localhost:7878/query
    """
    if graph is not None and endpoint is None:
        raise click.UsageError("--graph needs --endpoint")
    from gremien_rdf.errors import fail
    from gremien_rdf.queries.cache import query_data
    from gremien_rdf.queries.results import write_results
    from gremien_rdf.queries.run import stream
    from gremien_rdf.queries.stored import find_query

    values: dict[str, str] = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise fail(None, f"--param {param!r} is not NAME=VALUE", "write e.g. --param actor=LKA")
        values[key.strip(" ")] = value.strip(" ")  # not str.strip: see YamlReader.text
    if fmt == "xlsx" and is_terminal(sys.stdout, plain=True):
        raise fail(None, "a workbook (--format xlsx) is binary and standard output is a "
                   "terminal", "redirect it to a file: gremien-rdf query run … --format xlsx "
                   "> results.xlsx")
    stored = find_query(name)
    base_iri = base_iri_in_use(base_iri)
    # with --endpoint, the register only turns the parameters' labels into IRIs
    data = query_data(register_in_use(source, announce=endpoint is None), base_iri,
                      use_cache=not no_cache)
    out = stdout_binary()
    try:
        with _deadline(timeout if allow_service and endpoint is None else None), \
                stream(stored, data, values, lang, endpoint, graph,
                       server_of(timeout, retries, max_size) if endpoint else None,
                       allow_service) as solutions:
            write_results(solutions, fmt, base_iri, cast(IO[bytes], out),
                          escape=is_terminal(sys.stdout, plain=True), lang=lang)
        out.flush()
    finally:
        if out.written:  # an error after some rows: they are on standard output
            from gremien_rdf.errors import record_written

            record_written("part of the results (on standard output)")


def _deadline(seconds: float | None):
    """A watchdog that ends the process with exit 3 after `seconds` (None: no watchdog):
    an in-process query with SERVICE waits on a server that gremien-rdf cannot cut off."""
    import threading

    if seconds is None:
        return contextlib.nullcontext()

    def expire() -> None:
        try:
            sys.stdout.flush()  # the rows written so far
        except Exception:  # noqa: BLE001 -- whatever it is, the process ends now
            pass
        try:
            click.echo(f"error: the query did not finish within {seconds:g} s (it calls "
                       "another server with SERVICE)\n    fix: give it more time with "
                       "--timeout", err=True)
        finally:
            os._exit(3)

    @contextlib.contextmanager
    def watch():
        timer = threading.Timer(seconds, expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    return watch()
