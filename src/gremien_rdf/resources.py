"""The one place that finds the files shipped with gremien-rdf.

Ontology, vocabularies, shapes, queries and the curated data live at the top of the
repository. A wheel carries them inside the package (``gremien_rdf/_resources``); a source
checkout (editable install) reads them from the repository. ``GREMIEN_RDF_RESOURCES``
points to another folder of the same layout. Nothing is found relative to the working
directory.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from gremien_rdf import DEFAULT_BASE_IRI
from gremien_rdf.errors import InputError, ResourceError, read_utf8

ENV_VAR = "GREMIEN_RDF_RESOURCES"
#: the Turtle directive that declares the default base IRI, on a line of its own
DEFAULT_BASE_DIRECTIVE = re.compile(
    rf"^@base\s*<{re.escape(DEFAULT_BASE_IRI)}>\s*\.[ \t]*$", re.MULTILINE)


def resource_root() -> Path:
    """The folder that holds ontology/, shapes/, queries/ and data/; InputError if
    GREMIEN_RDF_RESOURCES names a folder that does not."""
    from gremien_rdf.errors import environment, fail

    override = environment(ENV_VAR)
    if override is not None:
        root = Path(override)
        if not all((root / folder).is_dir() for folder in ("ontology", "shapes", "queries")):
            raise fail(None, f"{ENV_VAR}={override!r} is not a folder of gremien-rdf's "
                       "resources (with ontology/, shapes/ and queries/)",
                       f"unset {ENV_VAR}, or point it to such a folder")
        return root
    return _shipped_root()


@functools.cache
def _shipped_root() -> Path:
    """The resources shipped with gremien-rdf: in the wheel, else in the repository (found
    once: importlib.resources and Path.resolve cost 0.3 to 0.6 ms, and a build asks some
    170 times, once per JSON-LD file of the site)."""
    packaged = Path(str(files("gremien_rdf"))) / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def input_files() -> list[Path]:
    """Every shipped file that commands read (ontology, context, vocabularies, shapes,
    queries, checks, the register, the settings, the licence list): no output may
    replace one of them."""
    root = resource_root()
    found = [path for folder in ("ontology", "shapes", "queries")
             for path in sorted((root / folder).rglob("*")) if path.is_file()]
    return [*found, default_source(), settings_file(),
            root / "data" / "reference" / "dcat-ap-de-licences.csv"]


def ontology_file() -> Path:
    return resource_root() / "ontology" / "gremien.ttl"


def json_ld_context() -> dict[str, Any]:
    """The terms of ontology/context.jsonld (its @context), read once per file (the site
    asks for them once per resource); ResourceError if the file is no JSON-LD context."""
    return _context_of(context_file())


@functools.lru_cache(maxsize=4)
def _context_of(path: Path) -> dict[str, Any]:
    from gremien_rdf.errors import Position, Problem

    try:
        with reading_resources():
            text = read_utf8(path)
        return json.loads(text)["@context"]
    except (ValueError, KeyError, TypeError) as error:
        raise ResourceError([Problem(Position(str(path), getattr(error, "lineno", 1)),
                                     f"not a JSON-LD context: {error}",
                                     "restore the shipped ontology/context.jsonld")]) from None


def context_file() -> Path:
    return resource_root() / "ontology" / "context.jsonld"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabularies, in a fixed order."""
    return sorted((resource_root() / "ontology" / "vocabularies").glob("*.ttl"))


def shape_files() -> list[Path]:
    """The SHACL shapes, in a fixed order."""
    return sorted((resource_root() / "shapes").glob("*.ttl"))


def metadata_shape_files() -> list[Path]:
    """The SHACL shapes of the dataset's own metadata (catalog.ttl)."""
    return sorted((resource_root() / "shapes" / "metadata").glob("*.ttl"))


def settings_file() -> Path:
    """The publication settings that commands read when no --settings is given."""
    return resource_root() / "publication.yaml"


def queries_dir() -> Path:
    """The stored SPARQL queries (queries/*.rq)."""
    return resource_root() / "queries"


def default_source() -> Path:
    """The curated register shipped with gremien-rdf (a command given no register reads
    ./data/gremien.yaml first, see source_in_use)."""
    return resource_root() / "data" / "gremien.yaml"


#: the register a command reads when it is given none, below the working folder
LOCAL_SOURCE = Path("data") / "gremien.yaml"


def source_in_use(source: str | Path | None = None) -> Path:
    """`source`, else ./data/gremien.yaml when the working folder has one, else the
    register shipped with gremien-rdf. (Here, not in api, which re-exports it, so that a
    command finds its register without importing rdflib.)"""
    if source is not None:
        return Path(source)
    if LOCAL_SOURCE.is_file():
        return LOCAL_SOURCE
    return default_source()


def turtle_at_base(path: Path, base_iri: str) -> str:
    """The text of a Turtle file, its relative IRIs to be resolved against `base_iri`.

    The shapes declare `@base <https://w3id.org/gremien-rdf/>`, so that every other tool
    resolves them on their own; gremien-rdf resolves them against the configured base IRI
    instead: that directive (on a line of its own) then names `base_iri`. A file without it
    (the vocabularies) is resolved against the parser's base: pass `publicID=base_iri` too.
    """
    return DEFAULT_BASE_DIRECTIVE.sub(lambda _: f"@base <{base_iri}> .", read_utf8(path))


@contextlib.contextmanager
def reading_resources() -> Iterator[None]:
    """Within it, an InputError is a ResourceError: what is read is gremien-rdf's own.
    Where the resources are (GREMIEN_RDF_RESOURCES) is the user's choice, and stays an
    InputError."""
    resource_root()
    try:
        yield
    except InputError as error:
        raise ResourceError(error.problems) from None
