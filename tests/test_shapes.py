"""The SHACL shapes against a corpus of small data graphs (tests/data/shapes, see its README).

Each case is validated with the shipped vocabularies (unless its header says
``# vocabularies: own``) by gremien_rdf.validation.engine.shacl_report: SHACL Core in the
default (set-wise) engine, the SPARQL constraints in pyoxigraph. Valid cases must give no
Violation or Warning; an invalid case ``invalid/<ShapeId>-<reason>.ttl`` must make exactly
the shapes of its header fire. Every shape that can report a result needs an invalid case,
the shapes must conform to SHACL-SHACL, and our results must equal plain pySHACL's (SPARQL
constraints included).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.plugins.sparql import processor
from shapes_cases import CORPUS, INVALID, VALID, case_report, read_case

from gremien_rdf import DEFAULT_BASE_IRI
from gremien_rdf.resources import turtle_at_base
from gremien_rdf.validation.engine import shapes_graph

BASE = DEFAULT_BASE_IRI
GMHSH = Namespace("https://w3id.org/gremien-rdf/shapes#")

#: Shapes used only inside sh:node, sh:or, sh:not or sh:qualifiedValueShape of other shapes
#: (and their property shapes). They never are the sh:sourceShape of a result; the cases of
#: the shapes that use them cover them (listed in tests/data/shapes/README.md).
HELPER_SHAPES = frozenset({
    "NotMunicipal", "IsMunicipal", "IsMunicipal-level", "HasPlace", "HasPlace-place",
    "IsYear", "IsYearMonth", "IsDate",
    "LandConcept", "LandConcept-stateKey", "LandConcept-iso", "LandConcept-nuts",
    "LandConcept-notation",
    "IsStateKey", "IsIsoCode", "IsNutsCode",
})

#: Invalid cases that a shape fails to report: real bugs in the shapes (fix the shape, then
#: delete the entry; strict xfail makes the suite fail as soon as the case passes).
KNOWN_SHAPE_BUGS: dict[str, str] = {}
#: Cases where shacl_report (set-wise Core + SPARQL in pyoxigraph) and plain pySHACL differ:
#: bugs in gremien_rdf.validation.validate, not in the shapes.
KNOWN_ENGINE_DIFFERENCES: dict[str, str] = {}

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: Predicates of a node shape that are no constraint of its own: a node shape with nothing
#: else (only sh:property) never is a result's sh:sourceShape itself.
NOT_CONSTRAINTS = {
    RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description,
    SH.property, SH.ignoredProperties, SH.deactivated, SH.order, SH.group, *TARGETS,
}
PATH_PREDICATES = {SH.inversePath, SH.alternativePath, SH.zeroOrMorePath,
                   SH.oneOrMorePath, SH.zeroOrOnePath}
PREFIXES = {"gmh": "https://w3id.org/gremien-rdf/def#", "dcterms": "http://purl.org/dc/terms/",
            "skos": "http://www.w3.org/2004/02/skos/core#", "org": "http://www.w3.org/ns/org#",
            "prov": "http://www.w3.org/ns/prov#", "rdfs": str(RDFS), "xsd": str(XSD)}


# ----------------------------------------------------------------------------------------
# Cases and results
# ----------------------------------------------------------------------------------------

class Result(NamedTuple):
    focus: object
    shape: object
    path: object
    value: object
    severity: object

    @property
    def shape_id(self) -> str:
        return short(self.shape)


def short(term) -> str:
    text = str(term)
    if text.startswith(str(GMHSH)):
        return text[len(str(GMHSH)):]
    if text.startswith(str(SH)):
        return f"sh:{text[len(str(SH)):]}"
    if text.startswith(PREFIXES["gmh"]):
        return f"gmh:{text[len(PREFIXES['gmh']):]}"
    if text.startswith(BASE):
        return f"<{text[len(BASE):]}>"
    if isinstance(term, Literal):
        return term.n3()
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return "_:" + text if isinstance(term, BNode) else text


def results_of(report: Graph) -> frozenset[Result]:
    return frozenset(
        Result(*(report.value(r, p) for p in (SH.focusNode, SH.sourceShape, SH.resultPath,
                                                SH.value, SH.resultSeverity)))
        for r in report.objects(None, SH.result)
    )


def describe(results) -> str:
    """Results one a line: severity, shape, focus node, path, value."""
    if not results:
        return "  (no results)"

    def term(node) -> str:
        return "-" if node is None else short(node)

    lines = []
    for r in sorted(results, key=lambda r: tuple(str(x) for x in r)):
        path = short(r.path) if isinstance(r.path, URIRef) else (
            "-" if r.path is None else "(path expression)")
        lines.append(f"  {short(r.severity)[3:]:9} {r.shape_id:28} focus {term(r.focus)}  "
                     f"path {path}  value {term(r.value)}")
    return "\n".join(lines)


def evaluated(path: Path) -> tuple[Graph, frozenset[Result]]:
    """The graph a case is validated as, and the results of shacl_report."""
    data, report = case_report(path)
    return data, results_of(report)


def cases(paths, known=None):
    """Parameters for pytest: a case per path, strict xfail for the known ones."""
    known = known or {}
    return [pytest.param(
        path, id=f"{path.parent.name}/{path.stem}",
        marks=[pytest.mark.xfail(strict=True, reason=known[path.stem])]
        if path.parent.name == "invalid" and path.stem in known else [],
    ) for path in paths]


# ----------------------------------------------------------------------------------------
# The shapes
# ----------------------------------------------------------------------------------------

@cache
def shapes() -> Graph:
    """A copy of the shipped shapes, so that pySHACL never touches the cached graph."""
    copy = Graph()
    for triple in shapes_graph(BASE):
        copy.add(triple)
    return copy


def all_shapes(graph: Graph) -> set:
    return (set(graph.subjects(RDF.type, SH.NodeShape))
            | set(graph.subjects(RDF.type, SH.PropertyShape)))


def targeted(graph: Graph) -> set:
    return {s for s in all_shapes(graph) if any((s, p, None) in graph for p in TARGETS)}


def has_own_constraints(graph: Graph, shape) -> bool:
    return any(p not in NOT_CONSTRAINTS for p in graph.predicates(shape, None))


def shape_ids(nodes) -> set[str]:
    return {short(n) for n in nodes}


def reporting_shapes() -> set[str]:
    """Shapes that can be a result's sh:sourceShape: every property shape but the helpers,
    and every targeted node shape with a constraint of its own (closed, SPARQL, sh:or)."""
    graph = shapes()
    properties = shape_ids(graph.subjects(RDF.type, SH.PropertyShape)) - HELPER_SHAPES
    nodes = shape_ids(s for s in targeted(graph) if has_own_constraints(graph, s))
    return properties | nodes


# ----------------------------------------------------------------------------------------
# 1. The corpus
# ----------------------------------------------------------------------------------------

def test_corpus_is_there():
    assert len(VALID) >= 3, "tests/data/shapes/valid needs at least 3 cases"
    assert INVALID, "tests/data/shapes/invalid is empty"


@pytest.mark.slow
@pytest.mark.parametrize("path", cases(VALID))
def test_valid_case(path):
    case = read_case(path)
    assert case.expect is None and not case.also, f"{path.name}: a valid case expects nothing"
    _, results = evaluated(path)
    serious = {r for r in results if r.severity != SH.Info}
    assert not serious, f"{path.name} should give no violation or warning, got:\n" + describe(
        results)
    infos = {r.shape_id for r in results}
    assert infos == case.info, (
        f"{path.name}: Info results from {sorted(infos)}, header '# info:' lists "
        f"{sorted(case.info)}; results:\n" + describe(results))


@pytest.mark.slow
@pytest.mark.parametrize("path", cases(INVALID, KNOWN_SHAPE_BUGS))
def test_invalid_case(path):
    case = read_case(path)
    assert case.expect, f"{path.name}: no '# expect: <ShapeId>' header"
    assert path.stem.startswith(case.expect + "-"), (
        f"{path.name}: the name must be <ShapeId>-<reason>.ttl with ShapeId {case.expect}")
    _, results = evaluated(path)
    expected = [r for r in results if r.shape_id == case.expect]
    assert expected, (f"{path.name}: expected a result from gmhsh:{case.expect}, got:\n"
                      + describe(results))
    assert any(r.severity == case.severity for r in expected), (
        f"{path.name}: gmhsh:{case.expect} should report {short(case.severity)}, got:\n"
        + describe(expected))
    fired = {r.shape_id for r in results}
    allowed = {case.expect} | case.also
    assert fired == allowed, (
        f"{path.name}: shapes that fired {sorted(fired)}, header allows {sorted(allowed)} "
        f"(unexpected: {sorted(fired - allowed)}, missing: {sorted(allowed - fired)}); "
        "results:\n" + describe(results))


def test_header_names_are_shapes():
    known = shape_ids(all_shapes(shapes())) - HELPER_SHAPES
    for path in [*VALID, *INVALID]:
        case = read_case(path)
        named = case.also | case.info | ({case.expect} if case.expect else set())
        unknown = named - known
        assert not unknown, f"{path.name}: the header names no (reporting) shape {unknown}"


# ----------------------------------------------------------------------------------------
# 2. Every shape has a case
# ----------------------------------------------------------------------------------------

def test_helper_shapes_are_exactly_the_untargeted_shapes():
    graph = shapes()
    roots = targeted(graph)
    attached = {p for s in roots for p in graph.objects(s, SH.property)}
    helpers = shape_ids(all_shapes(graph) - roots - attached)
    assert helpers == HELPER_SHAPES, (
        f"HELPER_SHAPES is out of date: missing {sorted(helpers - HELPER_SHAPES)}, "
        f"no longer helpers {sorted(HELPER_SHAPES - helpers)} (update README.md too)")


def test_every_shape_has_an_invalid_case():
    graph = shapes()
    # A case that shows a known bug (strict xfail) covers nothing yet.
    expected = {read_case(p).expect for p in INVALID if p.stem not in KNOWN_SHAPE_BUGS}
    missing = sorted(reporting_shapes() - expected)
    assert not missing, f"shapes without a case in tests/data/shapes/invalid: {missing}"
    # Targeted node shapes with only sh:property (SourceTable, Report, LandScheme, ...) are
    # covered through their property shapes, whose cases bear the node shape's name.
    for shape in targeted(graph) - {GMHSH[s] for s in reporting_shapes()}:
        properties = shape_ids(graph.objects(shape, SH.property))
        assert properties, f"{short(shape)} has a target but checks nothing"
        uncovered = sorted(properties - expected)
        assert not uncovered, f"{short(shape)}: property shapes without a case: {uncovered}"


def test_readme_lists_the_helper_shapes():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = sorted(s for s in HELPER_SHAPES if not re.search(rf"\b{re.escape(s)}\b", readme))
    assert not missing, f"tests/data/shapes/README.md does not list {missing}"


# ----------------------------------------------------------------------------------------
# 3. The shapes conform to SHACL-SHACL
# ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_shapes_conform_to_shacl_shacl():
    data, _ = evaluated(CORPUS / "valid" / "minimal-body.ttl")
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes(), inference="none", advanced=False, meta_shacl=True)
    assert conforms, text


# ----------------------------------------------------------------------------------------
# 4. Our evaluation equals pySHACL's (SPARQL constraints included)
# ----------------------------------------------------------------------------------------

def rdf11(result: Result) -> Result:
    """A result with "x"^^xsd:string written as "x": one RDF 1.1 term, two rdflib terms.
    (pyoxigraph gives simple literals as xsd:string, pySHACL as rdflib's plain literal.)"""
    return Result(*(Literal(str(t)) if isinstance(t, Literal) and t.datatype == XSD.string
                    else t for t in result))


@pytest.fixture(scope="module")
def prepared_queries():
    """pySHACL parses each SPARQL constraint's text again for every focus node (34 parses of
    8 texts per case, 3/4 of its time). Parse and translate each text once, as rdflib's own
    prepareQuery does; the evaluation (with pySHACL's bindings) is unchanged."""
    original = processor.SPARQLProcessor.query
    prepared: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None,  # noqa: N803
              DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.translateQuery(
                    processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", query)
        yield prepared


@pytest.mark.slow
@pytest.mark.parametrize("path", cases([*VALID, *INVALID], KNOWN_ENGINE_DIFFERENCES))
def test_results_equal_pyshacl(path, prepared_queries):
    data, ours = evaluated(path)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none",
                                    advanced=False)
    theirs = frozenset(map(rdf11, results_of(report)))
    ours = frozenset(map(rdf11, ours))
    assert ours == theirs, (
        f"{path.name}: only in shacl_report:\n{describe(ours - theirs)}\n"
        f"only in pySHACL:\n{describe(theirs - ours)}")


# ----------------------------------------------------------------------------------------
# 5. Messages and shape IRIs
# ----------------------------------------------------------------------------------------

def test_messages_in_german_and_english():
    graph = shapes()
    for node in set(graph.subjects(SH.message, None)):
        languages = sorted(m.language or "" for m in graph.objects(node, SH.message)
                           if isinstance(m, Literal))
        assert languages == ["de", "en"], (
            f"{short(node)}: sh:message languages {languages}, want one @de and one @en")


def test_shapes_are_named_in_the_gmhsh_namespace():
    graph = shapes()
    used = set()
    for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        used.update(graph.objects(None, predicate))
    for predicate in (SH["or"], SH["and"], SH.xone):
        for head in graph.objects(None, predicate):
            used.update(graph.items(head))
    declared = all_shapes(graph)
    undeclared = sorted(short(s) for s in used - declared)
    assert not undeclared, f"shapes used but not typed sh:NodeShape/sh:PropertyShape: {undeclared}"
    constraints = set(graph.objects(None, SH.sparql))
    for node in declared | constraints:
        assert isinstance(node, URIRef) and node.startswith(str(GMHSH)), (
            f"shape or constraint {node!r} is not a gmhsh: IRI")
    for node in {s for s in graph.subjects() if isinstance(s, BNode)}:
        predicates = set(graph.predicates(node, None))
        assert predicates <= {RDF.first, RDF.rest} or predicates <= PATH_PREDICATES, (
            f"a blank node with {sorted(short(p) for p in predicates)}: only RDF lists and "
            "property paths may be blank nodes, shapes need gmhsh: IRIs")


# ----------------------------------------------------------------------------------------
# 6. The file resolves on its own; gremien-rdf moves it to another base IRI
# ----------------------------------------------------------------------------------------

SHAPES_FILE = Path(__file__).resolve().parents[1] / "shapes" / "gremien.shapes.ttl"


def test_the_shapes_file_resolves_without_gremien_rdf():
    """Any tool that reads the file (its base: the file's own location) gets our shapes."""
    alone = Graph().parse(SHAPES_FILE, format="turtle")
    assert isomorphic(alone, shapes_graph(BASE))
    assert (GMHSH.LandScheme, SH.targetNode, URIRef(BASE + "land")) in alone
    assert not [t for t in alone for term in t if str(term).startswith("file:")]


def test_shapes_move_to_another_base_iri():
    other = "https://data.example.org/gremien/v1/"
    moved = shapes_graph(other)
    under_other = {term for t in moved for term in t if str(term).startswith(other)}
    assert {str(term)[len(other):] for term in under_other} == {
        "land", "ebene", "schwerpunkt", "akteur", "turnus", "teilnahmestatus",
        "ebene/kommunal-regional"}
    back = Graph()
    for triple in moved:
        back.add(tuple(URIRef(BASE + str(t)[len(other):]) if t in under_other else t
                       for t in triple))
    assert isomorphic(back, shapes_graph(BASE))


def test_only_a_default_base_directive_is_replaced(tmp_path):
    text = ("# @base <https://w3id.org/gremien-rdf/> .\n"
            "@base <https://w3id.org/gremien-rdf/> .\n<a> <b> <c> .\n")
    path = tmp_path / "a.ttl"
    path.write_text(text, encoding="utf-8")
    assert turtle_at_base(path, "https://example.org/x/") == text.replace(
        "\n@base <https://w3id.org/gremien-rdf/>", "\n@base <https://example.org/x/>")
    for unchanged in ("@base <https://example.org/other/> .\n<a> <b> <c> .\n",
                      "<a> <b> <c> .\n"):
        path.write_text(unchanged, encoding="utf-8")
        assert turtle_at_base(path, "https://example.org/x/") == unchanged
