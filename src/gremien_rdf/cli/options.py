"""The options that several commands share, as decorators defined once, and the parameter
types that refuse what a shell makes of an unset variable."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gremien_rdf import DEFAULT_BASE_IRI, LANGUAGES, SEVERITY_LEVELS

F = TypeVar("F", bound=Callable[..., Any])

#: the environment variable that sets --base-iri
BASE_IRI_VAR = "GREMIEN_RDF_BASE_IRI"


class NonEmpty(click.ParamType):
    """A text option that may not be empty: an empty --graph (an unset $GRAPH) must not
    quietly mean "the default"."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, str) and not value.strip():
            self.fail("must not be empty (is a variable unset?)", param, ctx)
        return value


class FilePath(click.Path):
    """click.Path that refuses an empty value (which would mean the working folder)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, str) and not value.strip():
            self.fail("must not be empty (is a variable unset?)", param, ctx)
        return super().convert(value, param, ctx)


IRI = NonEmpty()


class Seconds(click.FloatRange):
    """A number of seconds from 0.1 to a day (FloatRange lets nan through)."""

    name = "seconds"

    def __init__(self) -> None:
        super().__init__(min=0.1, max=86400.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):
            self.fail("nan is not a number of seconds", param, ctx)
        return seconds


def path_type(file_okay: bool = True, dir_okay: bool = True) -> FilePath:
    return FilePath(file_okay=file_okay, dir_okay=dir_okay, path_type=Path)


def base_iri_option(function: F) -> F:
    """--base-iri, shared by every command that mints IRIs."""
    return click.option(
        "--base-iri", type=IRI,
        envvar=BASE_IRI_VAR,
        help="Base IRI of all published IRIs (env GREMIEN_RDF_BASE_IRI).  [default: "
             f"base_iri of the publication settings, {DEFAULT_BASE_IRI}]",
    )(function)


def settings_option(function: F) -> F:
    """--settings, for the commands that publish."""
    return click.option(
        "--settings", type=path_type(dir_okay=False),
        envvar="GREMIEN_RDF_SETTINGS",
        help="Publication settings (env GREMIEN_RDF_SETTINGS).  [default: the shipped "
             "publication.yaml]",
    )(function)


def server_options(function: F) -> F:
    """--timeout, --retries and --max-size, for every command that talks to a server."""
    for option in reversed([
        click.option("--timeout", type=Seconds(), default=60.0,
                     show_default=True,
                     help="Seconds for each attempt, all of it: connecting, sending and "
                          "reading the whole answer."),
        click.option("--retries", type=click.IntRange(min=0, max=10), default=2,
                     show_default=True,
                     help="How often to try again after a connection error, a timeout, or "
                          "the answer 429, 502, 503 or 504."),
        click.option("--max-size", type=click.IntRange(min=1, max=1 << 20), default=512,
                     show_default=True, metavar="MIB",
                     help="The largest answer to read from the server, in MiB; a larger "
                          "one is a server failure (exit 3)."),
    ]):
        function = option(function)
    return function


def server_of(timeout: float, retries: int, max_size: int):
    from gremien_rdf.remote.client import Server

    return Server(timeout=timeout, retries=retries, max_bytes=max_size << 20)


def base_iri_in_use(base_iri: str | None) -> str:
    """--base-iri if given, else that of the publication settings (GREMIEN_RDF_SETTINGS or
    the shipped publication.yaml)."""
    from gremien_rdf.errors import environment
    from gremien_rdf.settings import resolve_base_iri, settings_in_use

    if base_iri is None:
        environment(BASE_IRI_VAR)  # set but empty: an error, not the settings' base IRI
    return resolve_base_iri(base_iri, settings_in_use()[0])


def fail_on_option(function: F) -> F:
    return click.option(
        "--fail-on", type=click.Choice(SEVERITY_LEVELS), default="violation",
        show_default=True,
        help="Fail (exit 1) on findings of this severity or worse.",
    )(function)


def lang_option(default: str, help: str) -> Callable[[F], F]:
    """--lang, one of LANGUAGES, `default` first in the list --help shows."""
    choices = [default, *(lang for lang in LANGUAGES if lang != default)]
    return click.option("--lang", type=click.Choice(choices), default=default,
                        show_default=True, help=help)
