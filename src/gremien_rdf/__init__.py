"""gremien-rdf: the Länder's coordinating bodies against human trafficking as Linked Data.

The Python API (see README, "Python API"): `load` reads a register and returns a `Dataset`;
`validate_paths`, `publish`, `import_raw` and `stored_queries` stand beside it; every error
is a `GremienError`. They are imported on first use, so that `import gremien_rdf` (and the
command line's --help) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from gremien_rdf.severity import Severity  # an enum, free of dependencies

__version__ = "0.1.0"

#: Base of every published IRI unless --base-iri says otherwise (kept here, free of rdflib,
#: so that the CLI can show it without importing rdflib).
DEFAULT_BASE_IRI = "https://w3id.org/gremien-rdf/"

#: severities of validation findings, most severe first (SHACL Violation, Warning, Info)
SEVERITY_LEVELS = tuple(severity.value for severity in Severity)

#: the languages of everything gremien-rdf writes for people (labels, pages, messages of the
#: shapes, citations), German first: the language of the report
LANGUAGES = ("de", "en")

#: formats of `gremien-rdf validate`, `query run` and `cite` (here, free of rdflib, so that
#: the command line's --help can list them)
REPORT_FORMATS = ("text", "turtle", "json", "sarif", "github")
RESULT_FORMATS = ("table", "csv", "tsv", "json", "md", "xlsx")
CITATION_FORMATS = ("text", "bibtex", "ris", "csl")
#: the formats of `gremien-rdf diff`
DIFF_FORMATS = ("text", "markdown", "json", "turtle")
#: the engines of SHACL Core, the default first: "setwise" evaluates each shape's targets
#: and constraints once over the whole graph (pyoxigraph), "pyshacl" once per focus node
ENGINES = ("setwise", "pyshacl")

#: the public names, by the module that defines them
_PUBLIC = {
    "gremien_rdf.api": ("Dataset", "load", "build", "validate_paths", "publish", "import_raw",
                        "stored_queries", "source_in_use"),
    "gremien_rdf.errors": ("GremienError", "InputError", "ValidationFailed", "RemoteError",
                           "ResourceError", "Problem", "Position"),
}
_HOME = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = ["CITATION_FORMATS", "DEFAULT_BASE_IRI", "DIFF_FORMATS", "ENGINES", "LANGUAGES",
           "REPORT_FORMATS", "RESULT_FORMATS", "SEVERITY_LEVELS", "Severity", "__version__",
           *sorted(_HOME)]

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports on first use
    from gremien_rdf.api import (
        Dataset as Dataset,
    )
    from gremien_rdf.api import (
        build as build,
    )
    from gremien_rdf.api import (
        import_raw as import_raw,
    )
    from gremien_rdf.api import (
        load as load,
    )
    from gremien_rdf.api import (
        publish as publish,
    )
    from gremien_rdf.api import (
        source_in_use as source_in_use,
    )
    from gremien_rdf.api import (
        stored_queries as stored_queries,
    )
    from gremien_rdf.api import (
        validate_paths as validate_paths,
    )
    from gremien_rdf.errors import (
        GremienError as GremienError,
    )
    from gremien_rdf.errors import (
        InputError as InputError,
    )
    from gremien_rdf.errors import (
        Position as Position,
    )
    from gremien_rdf.errors import (
        Problem as Problem,
    )
    from gremien_rdf.errors import (
        RemoteError as RemoteError,
    )
    from gremien_rdf.errors import (
        ResourceError as ResourceError,
    )
    from gremien_rdf.errors import (
        ValidationFailed as ValidationFailed,
    )


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module 'gremien_rdf' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
