"""The library functions behind the CLI commands: import and build.

Each loads only what it needs; the CLI calls one function per command and prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from gremien_rdf import resources
from gremien_rdf.convert import register_graph
from gremien_rdf.errors import ValidationFailed, fail, option
from gremien_rdf.files import (
    check_output_folder,
    checksum_list,
    refuse_inputs,
    replace_folder,
    write_files,
)
from gremien_rdf.metadata import (
    CATALOG,
    CHECKSUMS,
    DUMPS,
    FILES,
    VOID_FILE,
    catalog_graph,
    gzipped,
    void_graph,
)
from gremien_rdf.model import Register
from gremien_rdf.rawtable import Draft, draft_yaml, import_table, repairs_tsv
from gremien_rdf.serialize import FORMATS, context, serialize, turtle
from gremien_rdf.settings import (
    Publication,
    default_settings,
    load_settings,
    settings_in_use,
)
from gremien_rdf.source import load, load_register
from gremien_rdf.tables import table_files
from gremien_rdf.validate import ValidationReport, check_conversion, check_metadata
from gremien_rdf.vocab import Vocabularies, load_vocabularies

#: every file `build` writes, in the order it lists them, besides the website
DIST_FILES = (*FILES, CHECKSUMS)
#: the folder of the website, inside the output folder
SITE = "site"

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
    #: the site's files (below OUTPUT/site/), and how many of them are HTML pages
    site_files: int = 0
    site_pages: int = 0


@dataclass(frozen=True)
class _Prepared:
    """A checked register, converted, with every file of DIST_FILES rendered."""

    source: Path
    publication: Publication
    register: Register
    vocabularies: Vocabularies
    data: Graph
    report: ValidationReport
    outputs: dict[str, bytes]


def _prepare(source: Path | None, base_iri: str | None, fail_on: str,
             settings: Path | None) -> _Prepared:
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
    outputs |= table_files(register, vocabularies, publication)
    outputs[VOID_FILE] = turtle(void_graph(publication, register, data), base_iri).encode()
    catalog = catalog_graph(publication, register, vocabularies, outputs)
    check_metadata(catalog, publication.path)
    outputs[CATALOG] = turtle(catalog, base_iri).encode("utf-8")
    outputs[CHECKSUMS] = checksum_list(outputs)
    return _Prepared(source, publication, register, vocabularies, data, report,
                     {name: outputs[name] for name in DIST_FILES})


def _site(prepared: _Prepared) -> dict[str, bytes]:
    from gremien_rdf.site import SiteInput, query_results, site_files

    results, heads, tables = query_results(prepared.register, prepared.vocabularies,
                                           prepared.data)
    return site_files(SiteInput(prepared.publication, prepared.register, prepared.vocabularies,
                                prepared.data, prepared.outputs, results, heads, tables))


def _result(prepared: _Prepared, files: list[Path], site: dict[str, bytes]) -> BuildResult:
    register = prepared.register
    return BuildResult(
        source=prepared.source,
        files=files,
        bodies=len(register.bodies),
        laender=len({body.land for body in register.bodies}),
        laender_known=len(prepared.vocabularies["land"].concepts),
        triples=len(prepared.data),
        report=prepared.report,
        publication=prepared.publication,
        site_files=len(site),
        site_pages=sum(1 for name in site if name.endswith(".html")),
    )


def build(source: Path | None, output: Path, base_iri: str | None,
          fail_on: str = "violation", settings: Path | None = None) -> BuildResult:
    """Convert and validate the YAML source; if it passes at `fail_on`, replace `output` by a
    folder with every file of DIST_FILES and the website in site/ (else raise
    ValidationFailed and write nothing).

    The publication settings (default: the shipped publication.yaml) describe the dataset;
    `base_iri`, if given, overrides theirs.
    """
    check_output_folder(output, [source, settings, *resources.input_files()])  # before the
    # work, not only at its end
    prepared = _prepare(source, base_iri, fail_on, settings)
    site = _site(prepared)
    replace_folder(output, prepared.outputs | {f"{SITE}/{name}": data
                                               for name, data in site.items()},
                   inputs=_inputs(prepared))
    return _result(prepared, [output / name for name in DIST_FILES], site)


def _inputs(prepared: _Prepared) -> list[Path]:
    """The files a build reads, which its output may never replace."""
    return [prepared.source, Path(prepared.publication.path), *resources.input_files()]


def build_site(source: Path | None, output: Path, base_iri: str | None,
               fail_on: str = "violation", settings: Path | None = None) -> BuildResult:
    """Like `build`, but replace only the website, `output`/site/: the other files of an
    earlier build in `output` stay as they are."""
    check_output_folder(output, [source, settings, *resources.input_files()])
    prepared = _prepare(source, base_iri, fail_on, settings)
    site = _site(prepared)
    replace_folder(output, {f"{SITE}/{name}": data for name, data in site.items()},
                   scope=f"{SITE}/", inputs=_inputs(prepared))
    return _result(prepared, [], site)


def import_raw(raw: Path, output: Path, repairs: Path, curated: Path | None,
               base_iri: str) -> Draft:
    """Import the raw table text into a draft YAML and a repair log; write both or neither."""
    if output.resolve() == repairs.resolve():
        raise fail(None, f"{option('output')} and {option('repairs')} are the same file: {output}",
                   "give the repair log its own file name")
    inputs = [raw, curated, *resources.input_files(), *settings_in_use()]
    refuse_inputs(inputs, [output, repairs])  # before the work, not only at the end
    vocabularies = load_vocabularies(base_iri)
    curated_register = load_register(curated, vocabularies) if curated else None
    draft = import_table(raw, vocabularies, curated_register)
    write_files([
        (output, draft_yaml(draft).encode("utf-8")),
        (repairs, repairs_tsv(draft.repairs).encode("utf-8")),
    ], inputs=inputs)
    return draft
