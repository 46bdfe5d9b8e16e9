"""The shape corpus of tests/data/shapes (see its README): its cases, each case's header,
and the graph and report of each case as `gremien-rdf validate` gives them; and SHACL
results in a form that compares across engines. Used by test_shapes.py (against pySHACL),
test_jena.py (Apache Jena) and test_topbraid.py (TopBraid SHACL)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from gremien_rdf import DEFAULT_BASE_IRI
from gremien_rdf.rdf.namespaces import GMHCHECK
from gremien_rdf.rdf.vocabularies import load_vocabularies
from gremien_rdf.validation.engine import shacl_report
from gremien_rdf.validation.validate import validation_graph

BASE = DEFAULT_BASE_IRI
CORPUS = Path(__file__).parent / "data" / "shapes"
VALID = sorted((CORPUS / "valid").glob("*.ttl"))
INVALID = sorted((CORPUS / "invalid").glob("*.ttl"))
CASES = [*VALID, *INVALID]
SEVERITIES = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
HEADER = re.compile(r"#\s*(expect|also|severity|vocabularies|info):(.*)")


# ----------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    path: Path
    expect: str | None
    also: frozenset[str]
    severity: URIRef
    own_vocabularies: bool
    info: frozenset[str]


def read_case(path: Path) -> Case:
    """The header of a case: the comment lines at the top of the file."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            assert match[1] not in fields, f"{path.name}: '# {match[1]}:' given twice"
            fields[match[1]] = match[2].strip()
    severity = fields.get("severity", "violation")
    assert severity in SEVERITIES, f"{path.name}: unknown severity {severity!r}"
    vocabularies = fields.get("vocabularies", "shipped")
    assert vocabularies in ("own", "shipped"), f"{path.name}: '# vocabularies:' must be own"
    return Case(
        path=path,
        expect=fields.get("expect") or None,
        also=frozenset(fields.get("also", "").split()),
        severity=SEVERITIES[severity],
        own_vocabularies=vocabularies == "own",
        info=frozenset(fields.get("info", "").split()),
    )


@cache
def vocabulary_graph() -> Graph:
    return load_vocabularies(BASE).graph


@cache
def case_report(path: Path) -> tuple[Graph, Graph]:
    """The graph a case is validated as, and shacl_report's report of it (once per case)."""
    case = read_case(path)
    data = Graph().parse(path, format="turtle", publicID=BASE)
    if not case.own_vocabularies:
        data = validation_graph(data, vocabulary_graph())
    return data, shacl_report(data, BASE)


def data_file(graph: Graph, path: Path) -> Path:
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def case_files(folder: Path) -> dict[Path, tuple[Path, Path]]:
    """Each case of the shape corpus: its data graph (as validate sees it) written to an
    N-Triples file in `folder`, and the file its report is to go to."""
    files = {}
    for path in CASES:
        name = f"{path.parent.name}-{path.stem}"
        files[path] = (data_file(case_report(path)[0], folder / f"{name}.nt"),
                       folder / f"{name}.report.ttl")
    return files


# ----------------------------------------------------------------------------------------
# Results, comparable across engines
# ----------------------------------------------------------------------------------------

def term(node):
    """A node of a result: a blank node of the data as such (its id differs per engine), a
    literal "x"^^xsd:string as "x" (one RDF 1.1 term, two rdflib terms)."""
    if isinstance(node, BNode):
        return "_:"
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def path_of(report: Graph, node):
    """A result path: its IRI, or the structure of a path expression ([sh:inversePath p])."""
    if not isinstance(node, BNode):
        return node
    return tuple(sorted((str(p), str(path_of(report, o)))
                        for p, o in report.predicate_objects(node)))


def results(report: Graph) -> Counter:
    """The results of a SHACL report (without gremien-rdf's stored checks, which are no
    shapes): focus node, path, value, source shape, severity, constraint component."""
    found: Counter = Counter()
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        if str(shape).startswith(str(GMHCHECK)):
            continue
        found[(term(report.value(result, SH.focusNode)),
               path_of(report, report.value(result, SH.resultPath)),
               term(report.value(result, SH.value)),
               shape,
               report.value(result, SH.resultSeverity),
               report.value(result, SH.sourceConstraintComponent))] += 1
    return found


def difference(ours: Counter, jena: Counter) -> str:
    def lines(counter: Counter) -> str:
        return "\n".join(f"  {n} x {key}" for key, n in sorted(
            counter.items(), key=str)) or "  (none)"
    return f"only in gremien-rdf:\n{lines(ours - jena)}\nonly in Jena:\n{lines(jena - ours)}"
