"""Validating a register or a dump: the input by its kind (YAML through the converter, RDF
read without fetching anything, a file of another kind refused), the shapes and checks
over it (engine), each result located and put in words (locate), in one ValidationReport;
and the check of the dataset's own metadata."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

from gremien_rdf import resources
from gremien_rdf.errors import (
    InputError,
    Position,
    Problem,
    command,
    fail,
    option,
    read_utf8,
)
from gremien_rdf.heap import frozen_heap
from gremien_rdf.progress import step
from gremien_rdf.rdf.convert import Conversion, SourceMap
from gremien_rdf.rdf.namespaces import GMH, Iris
from gremien_rdf.rdf.read import RDF_FORMATS, parse_text, read_rdf
from gremien_rdf.rdf.vocabularies import Vocabularies, load_vocabularies
from gremien_rdf.resources import reading_resources
from gremien_rdf.source.register import load_converted
from gremien_rdf.validation.engine import (
    DEFAULT_ENGINE,
    ValidationData,
    core_report,
    report_node,
    shacl_report,
)
from gremien_rdf.validation.findings import (
    ValidationReport,
    problem_findings,
)
from gremien_rdf.validation.locate import (
    findings_of,
)


def validation_graph(data: Graph, vocabulary_graph: Graph) -> Graph:
    """What the shapes see of an RDF file: the data and the vocabularies it refers to (a
    register converted from YAML is validated as ValidationData, without this copy)."""
    graph = Graph()
    for prefix, namespace in data.namespace_manager.namespaces():
        graph.bind(prefix, namespace, override=False)
    for triple in data:
        graph.add(triple)
    for triple in vocabulary_graph:
        graph.add(triple)
    return graph


def validate_yaml(path: Path, base_iri: str, report: ValidationReport,
                  engine: str = DEFAULT_ENGINE) -> None:
    """Load, convert and validate one YAML register; add its findings to `report`."""
    report.files.append(str(path))
    try:
        _, vocabularies, conversion = load_converted(path, base_iri)
        _check(report, ValidationData(conversion.triples, vocabularies.graph), vocabularies,
               conversion.source_map, engine=engine)
    except InputError as error:
        report.findings.extend(problem_findings(error.problems))
        report.load_failed = True


def check_conversion(conversion: Conversion, vocabularies: Vocabularies,
                     report: ValidationReport, engine: str = DEFAULT_ENGINE) -> None:
    """Validate a graph built from YAML; findings point into the YAML via the source map.
    The conversion's graph is left as it is (a build writes it)."""
    _check(report, ValidationData(conversion.triples, vocabularies.graph), vocabularies,
           conversion.source_map, engine=engine)


def _check(report: ValidationReport, data: Graph | ValidationData, vocabularies: Vocabularies,
           locate: SourceMap | None, file: str | None = None, lines: list[str] | None = None,
           engine: str = DEFAULT_ENGINE) -> None:
    """Validate `data`: a validation_graph, or a register's ValidationData (data and
    vocabularies)."""
    base_iri = vocabularies.iris.base
    with frozen_heap(), step("validating with SHACL"):
        results = shacl_report(data, base_iri, file, with_checks=True, engine=engine)
    with step("locating the findings"):
        _merge(report.graph, results)
        report.findings.extend(findings_of(results, data, base_iri, locate, file, lines))


def validate_rdf(path: Path, base_iri: str, report: ValidationReport,
                 engine: str = DEFAULT_ENGINE) -> None:
    """Validate one Turtle, N-Triples or JSON-LD file (with the shipped vocabularies)."""
    report.files.append(str(path))
    try:
        graph, text = read_rdf(path, base_iri)
        _check_bodies(path, graph, base_iri)
        vocabularies = load_vocabularies(base_iri)
        _check(report, validation_graph(graph, vocabularies.graph), vocabularies, None,
               str(path), re.split(r"\r\n|\r|\n", text), engine)  # lines as RDF syntaxes end them
    except InputError as error:
        report.findings.extend(problem_findings(error.problems))
        report.load_failed = True


def _check_bodies(path: Path, graph: Graph, base_iri: str) -> None:
    """An RDF file without bodies, or with bodies under another base IRI, is an input error
    (its SHACL results would be empty or hundreds of misleading ones)."""
    bodies = set(graph.subjects(RDF.type, GMH.Body))
    if not bodies:
        raise fail(Position(str(path), 1), "the file holds no gmh:Body",
                   f"pass a dump built by {command('build')} (gremien.ttl, .nt or .jsonld)")
    if any(isinstance(body, BNode) for body in bodies):
        raise fail(Position(str(path), 1),
                   "a gmh:Body in this file is a blank node: every body needs its IRI "
                   "(gremium/<id> below the base IRI), or its findings cannot name it",
                   "give each body an IRI, or validate the YAML it was built from")
    prefix = str(Iris(base_iri).body(""))
    if not any(str(body).startswith(prefix) for body in bodies):
        example = sorted(map(str, bodies))[0]
        found = example.split("gremium/")[0] if "gremium/" in example else None
        raise fail(Position(str(path), 1),
                   f"the bodies in this file are not under the base IRI {base_iri}",
                   f"pass the base IRI the file was built with, e.g. {option('base-iri')} {found}"
                   if found else f"their IRIs (e.g. {example}) are not of the form "
                   f"BASE/gremium/<id>: pass a dump built by {command('build')}")


def _merge(target: Graph, source: Graph) -> None:
    target_node = report_node(target)
    source_node = report_node(source)
    for s, p, o in source:
        if s == source_node and p in (RDF.type, SH.conforms):
            continue
        target.add((target_node if s == source_node else s, p, o))
    has_results = (None, SH.result, None) in target
    target.set((target_node, SH.conforms, Literal(not has_results)))


def validate_paths(paths: list[Path], base_iri: str, engine: str = DEFAULT_ENGINE
                   ) -> ValidationReport:
    """Validate YAML registers and RDF files; YAML when the suffix is .yaml or .yml. SHACL
    Core evaluated by `engine` (one of engine.ENGINES)."""
    report = ValidationReport()
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            validate_yaml(path, base_iri, report, engine)
        elif suffix in RDF_FORMATS:
            validate_rdf(path, base_iri, report, engine)
        else:
            report.files.append(str(path))
            report.findings.extend(problem_findings([Problem(
                None, f"{path}: cannot tell the format from the suffix {suffix!r}",
                "pass a .yaml, .ttl, .nt or .jsonld file")]))
            report.load_failed = True
    return report


def check_metadata(catalog: Graph, settings: str, engine: str = DEFAULT_ENGINE) -> None:
    """Check the dataset's metadata against shapes/metadata/; InputError on a Violation.

    The settings were checked when they were loaded, so a violation here means the
    metadata that gremien-rdf writes is wrong; it names the settings file because that is
    where a user can act.
    """
    shapes = Graph()
    with reading_resources():
        for path in resources.metadata_shape_files():
            parse_text(shapes, read_utf8(path), "turtle", path, None)
    results = Graph()
    core_report(catalog, shapes, results, engine)
    problems = []
    for result in sorted(results.subjects(SH.resultSeverity, SH.Violation), key=str):
        message = next((str(m) for m in results.objects(result, SH.resultMessage)
                        if getattr(m, "language", None) == "en"), "metadata shape violated")
        focus = results.value(result, SH.focusNode)
        problems.append(Problem(Position(settings, 1),
                                f"the dataset's metadata is not valid: {message} ({focus})",
                                "check the settings; if they are right, report a bug"))
    if problems:
        raise InputError(problems)
