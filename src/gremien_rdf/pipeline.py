"""The library functions behind the CLI commands: import and build.

Each loads only what it needs; the CLI calls one function per command and prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from gremien_rdf import resources
from gremien_rdf.convert import register_graph
from gremien_rdf.errors import fail
from gremien_rdf.model import Register
from gremien_rdf.namespaces import check_base_iri
from gremien_rdf.rawtable import Draft, draft_yaml, import_table, repairs_tsv
from gremien_rdf.serialize import FORMATS, context, serialize, turtle, write_files
from gremien_rdf.source import load_register
from gremien_rdf.vocab import Vocabularies, load_vocabularies

#: what `build` writes, in this order: file name → what it holds
DIST_FILES = {
    "gremien.ttl": "the bodies (Turtle)",
    "gremien.jsonld": "the bodies (JSON-LD, one object per body)",
    "gremien.nt": "the bodies (N-Triples, sorted)",
    "context.jsonld": "the JSON-LD @context",
    "ontology.ttl": "the ontology (OWL)",
    "vocabularies.ttl": "the SKOS vocabularies",
}


@dataclass(frozen=True)
class BuildResult:
    source: Path
    files: list[Path]
    bodies: int
    laender: int
    laender_known: int
    triples: int


def vocabularies_for(base_iri: str) -> Vocabularies:
    problem = check_base_iri(base_iri)
    if problem:
        raise fail(None, f"the base IRI {base_iri!r} cannot be used: {problem}",
                   "pass e.g. --base-iri https://example.org/gremien/")
    return load_vocabularies(base_iri)


def load(source: Path, base_iri: str) -> tuple[Register, Vocabularies]:
    """The checked register at `source` and the vocabularies it refers to."""
    vocabularies = vocabularies_for(base_iri)
    return load_register(source, vocabularies), vocabularies


def build(source: Path | None, output: Path, base_iri: str) -> BuildResult:
    """Convert the YAML source and write every file of DIST_FILES into `output`."""
    source = source or resources.default_source()
    register, vocabularies = load(source, base_iri)
    data = register_graph(register, vocabularies).graph
    outputs: dict[str, bytes] = {
        f"gremien{suffix}": serialize(data, fmt, base_iri) for fmt, suffix in FORMATS.items()
    }
    outputs |= {
        "context.jsonld": (json.dumps(context(), ensure_ascii=False, indent=2) + "\n")
        .encode("utf-8"),
        "ontology.ttl": resources.ontology_file().read_bytes(),
        "vocabularies.ttl": turtle(vocabularies.graph, base_iri).encode("utf-8"),
    }
    written = write_files((output / name, outputs[name]) for name in DIST_FILES)
    return BuildResult(
        source=source,
        files=written,
        bodies=len(register.bodies),
        laender=len({body.land for body in register.bodies}),
        laender_known=len(vocabularies["land"].concepts),
        triples=len(data),
    )


def import_raw(raw: Path, output: Path, repairs: Path, curated: Path | None,
               base_iri: str) -> Draft:
    """Import the raw table text into a draft YAML and a repair log; write both or neither."""
    if output.resolve() == repairs.resolve():
        raise fail(None, f"--output and --repairs are the same file: {output}",
                   "give the repair log its own file name")
    vocabularies = vocabularies_for(base_iri)
    curated_register = load_register(curated, vocabularies) if curated else None
    draft = import_table(raw, vocabularies, curated_register)
    write_files([
        (output, draft_yaml(draft).encode("utf-8")),
        (repairs, repairs_tsv(draft.repairs).encode("utf-8")),
    ])
    return draft
