"""The one place that finds the files shipped with gremien-rdf.

Ontology, vocabularies, shapes, queries and the curated data live at the top of the
repository. A wheel carries them inside the package (``gremien_rdf/_resources``); a source
checkout (editable install) reads them from the repository. ``GREMIEN_RDF_RESOURCES``
points to another folder of the same layout. Nothing is found relative to the working
directory.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

ENV_VAR = "GREMIEN_RDF_RESOURCES"


def resource_root() -> Path:
    """The folder that holds ontology/, shapes/, queries/ and data/."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    packaged = Path(str(files("gremien_rdf"))) / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def ontology_file() -> Path:
    return resource_root() / "ontology" / "gremien.ttl"


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
    """The curated register that `build` reads when no file is given."""
    return resource_root() / "data" / "gremien.yaml"
