"""The W3C SHACL core test suite (../shared/w3c-shacl-tests, see tests/shared_files.py):
its entries from the manifests, and a report in the form the suite compares (conforms and
the results; blank nodes aside, a path expression by its structure)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass(frozen=True)
class Entry:
    """One sht:Validate entry: its data and shapes graph, and the expected report."""

    name: str  # e.g. core/node/class-001
    file: Path
    data: Path
    shapes: Path
    expected: Graph
    expected_node: object  # the sh:ValidationReport, or sht:Failure
    status: URIRef | None


def core_files(folder: Path) -> list[Path]:
    """The test files that core/manifest.ttl includes, through the manifests below it."""
    files: list[Path] = []
    todo = [folder / "core" / "manifest.ttl"]
    while todo:
        manifest = todo.pop(0)
        graph = Graph().parse(manifest, format="turtle")
        for included in graph.objects(URIRef(manifest.as_uri()), MF.include):
            path = Path(str(included).removeprefix("file://"))
            (todo if path.name == "manifest.ttl" else files).append(path)
    return files


def entries_of(path: Path, folder: Path) -> list[Entry]:
    graph = Graph().parse(path, format="turtle")
    found = []
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for entry in graph.items(graph.value(manifest, MF.entries)):
            action = graph.value(entry, MF.action)
            result = graph.value(entry, MF.result)
            data, shapes = (Path(str(graph.value(action, p)).removeprefix("file://"))
                            for p in (SHT.dataGraph, SHT.shapesGraph))
            found.append(Entry(
                name=str(path.relative_to(folder).with_suffix("")),
                file=path, data=data, shapes=shapes,
                expected=graph, expected_node=result,
                status=graph.value(entry, MF.status),
            ))
    return found


def graphs(entry: Entry) -> tuple[Graph, Graph]:
    """The data graph and the shapes graph of an entry (one graph if one file)."""
    data = Graph().parse(entry.data, format="turtle")
    shapes = data if entry.shapes == entry.data else Graph().parse(entry.shapes,
                                                                     format="turtle")
    return data, shapes


def _term(graph: Graph, node):
    """A blank node aside (as "_:"), a path expression by its structure."""
    if isinstance(node, BNode):
        structure = tuple(sorted((str(p), str(_term(graph, o)))
                                 for p, o in graph.predicate_objects(node)
                                 if p != RDF.type))
        return ("_:", structure) if structure and _is_path(graph, node) else "_:"
    return node


def _is_path(graph: Graph, node) -> bool:
    return any(p in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath,
                     SH.oneOrMorePath, SH.zeroOrOnePath, RDF.first)
               for p in graph.predicates(node))


def outcome(report: Graph, node) -> tuple[bool, Counter]:
    """A report's sh:conforms and its results: focus node, path, value, source shape,
    constraint component, severity."""
    conforms = report.value(node, SH.conforms)
    found: Counter = Counter()
    for result in report.objects(node, SH.result):
        found[tuple(_term(report, report.value(result, p)) for p in (
            SH.focusNode, SH.resultPath, SH.value, SH.sourceShape,
            SH.sourceConstraintComponent, SH.resultSeverity))] += 1
    return conforms == Literal(True), found


def report_node(report: Graph):
    return report.value(None, RDF.type, SH.ValidationReport)
