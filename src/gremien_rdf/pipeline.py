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
from gremien_rdf.metadata import (
    CATALOG,
    CHECKSUMS,
    DUMPS,
    FILES,
    VOID_FILE,
    catalog_graph,
    checksum_list,
    gzipped,
    void_graph,
)
from gremien_rdf.rawtable import Draft, draft_yaml, import_table, repairs_tsv
from gremien_rdf.serialize import (
    FORMATS,
    context,
    replace_folder,
    serialize,
    turtle,
    write_files,
)
from gremien_rdf.settings import Publication, default_settings, load_settings
from gremien_rdf.source import load, load_register
from gremien_rdf.validate import ValidationReport, check_conversion, check_metadata
from gremien_rdf.vocab import load_vocabularies

#: every file `build` writes, in the order it lists them
DIST_FILES = (*FILES, CHECKSUMS)

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
    publication: Publication


def build(source: Path | None, output: Path, base_iri: str | None,
          fail_on: str = "violation", settings: Path | None = None) -> BuildResult:
    """Convert and validate the YAML source; if it passes at `fail_on`, replace `output` by a
    folder with every file of DIST_FILES (else raise ValidationFailed and write nothing).

    The publication settings (default: the shipped publication.yaml) describe the dataset;
    `base_iri`, if given, overrides theirs.
    """
    source = source or resources.default_source()
    publication = load_settings(settings or default_settings()).with_base_iri(base_iri)
    base_iri = publication.base_iri
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
    outputs |= {f"{name}.gz": gzipped(outputs[name]) for name in DUMPS}
    outputs[VOID_FILE] = turtle(void_graph(publication, register, data), base_iri).encode()
    catalog = catalog_graph(publication, register, vocabularies, outputs)
    check_metadata(catalog, publication.path)
    outputs[CATALOG] = turtle(catalog, base_iri).encode("utf-8")
    outputs[CHECKSUMS] = checksum_list(outputs)
    written = replace_folder(output, {name: outputs[name] for name in DIST_FILES}, DIST_FILES)
    return BuildResult(
        source=source,
        files=written,
        bodies=len(register.bodies),
        laender=len({body.land for body in register.bodies}),
        laender_known=len(vocabularies["land"].concepts),
        triples=len(data),
        report=report,
        publication=publication,
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
