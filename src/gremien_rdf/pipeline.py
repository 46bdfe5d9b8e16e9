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
from gremien_rdf.rawtable import Draft, draft_yaml, import_table, repairs_tsv
from gremien_rdf.serialize import FORMATS, context, serialize, turtle, write_files
from gremien_rdf.source import load, load_register
from gremien_rdf.validate import ValidationReport, check_conversion
from gremien_rdf.vocab import load_vocabularies

#: what `build` writes, in this order: file name → what it holds
DIST_FILES = {
    "gremien.ttl": "the bodies (Turtle)",
    "gremien.jsonld": "the bodies (JSON-LD, one object per body)",
    "gremien.nt": "the bodies (N-Triples, sorted)",
    "context.jsonld": "the JSON-LD @context",
    "ontology.ttl": "the ontology (OWL)",
    "vocabularies.ttl": "the SKOS vocabularies",
}


class ValidationFailed(Exception):
    """The data breaks the shapes at the chosen threshold; nothing was written."""

    def __init__(self, report: ValidationReport):
        super().__init__("validation failed")
        self.report = report


@dataclass(frozen=True)
class BuildResult:
    source: Path
    files: list[Path]
    bodies: int
    laender: int
    laender_known: int
    triples: int
    report: ValidationReport


def build(source: Path | None, output: Path, base_iri: str,
          fail_on: str = "violation") -> BuildResult:
    """Convert and validate the YAML source; if it passes at `fail_on`, write every file of
    DIST_FILES into `output` (else raise ValidationFailed and write nothing)."""
    source = source or resources.default_source()
    register, vocabularies = load(source, base_iri)
    conversion = register_graph(register, vocabularies)
    report = ValidationReport(files=[str(source)])
    check_conversion(conversion, vocabularies, report)
    if report.fails(fail_on):
        raise ValidationFailed(report)
    data = conversion.graph
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
        report=report,
    )


def import_raw(raw: Path, output: Path, repairs: Path, curated: Path | None,
               base_iri: str) -> Draft:
    """Import the raw table text into a draft YAML and a repair log; write both or neither."""
    if output.resolve() == repairs.resolve():
        raise fail(None, f"--output and --repairs are the same file: {output}",
                   "give the repair log its own file name")
    vocabularies = load_vocabularies(base_iri)
    curated_register = load_register(curated, vocabularies) if curated else None
    draft = import_table(raw, vocabularies, curated_register)
    write_files([
        (output, draft_yaml(draft).encode("utf-8")),
        (repairs, repairs_tsv(draft.repairs).encode("utf-8")),
    ])
    return draft
