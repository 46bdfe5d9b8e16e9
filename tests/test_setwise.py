"""The set-wise SHACL Core engine (gremien_rdf.validation.setwise) against pySHACL as the
oracle: on every case of the shape corpus and on the real register, both engines give the
same results, message for message; and small graphs, one per construct, with the results
written down from the SHACL specification."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from shapes_cases import BASE, CASES, read_case, vocabulary_graph

from gremien_rdf.api import load, validate_paths
from gremien_rdf.cli import cli
from gremien_rdf.validation.engine import core_report, shacl_report, shapes_graph
from gremien_rdf.validation.validate import validation_graph

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data" / "gremien.yaml"


def describe(graph: Graph, node, depth: int = 4):
    """A node for comparison: a blank node by its triples (and theirs), to `depth`."""
    if not isinstance(node, BNode):
        if isinstance(node, Literal) and node.datatype == XSD.string:
            return Literal(str(node))
        return node
    if depth == 0:
        return "_:…"
    return ("_:", tuple(sorted((str(p), str(describe(graph, o, depth - 1)))
                               for p, o in graph.predicate_objects(node))))


def results(report: Graph, data: Graph, shapes: Graph, messages: bool = True) -> Counter:
    """Focus node, path, value, source shape, component, severity and messages of each
    result (blank nodes of the data and the shapes by their description). Without
    `messages` for shapes without sh:message, whose results each engine words itself."""
    found: Counter = Counter()
    for result in report.objects(None, SH.result):
        def one(p, graph, result=result):
            return describe(graph, report.value(result, p))
        found[(one(SH.focusNode, data), one(SH.resultPath, report), one(SH.value, data),
               one(SH.sourceShape, shapes), one(SH.sourceConstraintComponent, report),
               one(SH.resultSeverity, report),
               tuple(sorted(report.objects(result, SH.resultMessage))) if messages else ())
              ] += 1
    return found


def both(data: Graph, shapes: Graph | None = None) -> tuple[Counter, Counter]:
    """The results of the set-wise engine and of pySHACL (with the SPARQL constraints and
    the stored checks, as `validate` runs them, when `shapes` is None)."""
    found = []
    for engine in ("setwise", "pyshacl"):
        if shapes is None:
            report = shacl_report(data, BASE, with_checks=True, engine=engine)
            found.append(results(report, data, shapes_graph(BASE)))
        else:
            report = Graph()
            core_report(data, shapes, report, engine)
            found.append(results(report, data, shapes, messages=False))
    return found[0], found[1]


@pytest.mark.slow  # pySHACL on 140 cases: two minutes
@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_same_as_pyshacl(path: Path) -> None:
    data = Graph().parse(path, format="turtle", publicID=BASE)
    if not read_case(path).own_vocabularies:
        data = validation_graph(data, vocabulary_graph())
    setwise, pyshacl = both(data)
    assert setwise == pyshacl, f"only set-wise: {setwise - pyshacl}\nonly pySHACL: " \
                               f"{pyshacl - setwise}"
    if path.parent.name == "invalid":
        assert setwise, "an invalid case gives results"


def test_corpus_is_whole() -> None:
    assert len(CASES) >= 140


@pytest.mark.slow
def test_register_same_as_pyshacl() -> None:
    dataset = load(REGISTER, base_iri=BASE)
    data = validation_graph(dataset.graph, dataset.vocabularies.graph)
    setwise, pyshacl = both(data)
    assert setwise == pyshacl
    # the register has warnings and infos of the stored checks, but what SHACL Core says
    # of it is the same either way: compare a register with Core results too
    broken = Graph()
    for triple in data:
        broken.add(triple)
    body = next(iter(sorted(dataset.graph.subjects(
        URIRef("http://purl.org/dc/terms/identifier"), None))))
    broken.remove((body, URIRef("http://purl.org/dc/terms/identifier"), None))
    broken.add((body, URIRef("https://w3id.org/gremien-rdf/def#nameSince"),
                Literal("1990", datatype=XSD.gYear)))
    setwise, pyshacl = both(broken)
    assert setwise == pyshacl
    assert {key[4] for key in setwise} >= {SH.MinCountConstraintComponent,
                                          SH.DatatypeConstraintComponent}


@pytest.mark.slow
def test_api_and_cli_name_the_engine(tmp_path: Path) -> None:
    """validate_paths(engine=) and validate --engine: the same findings either way."""
    runs = {engine: validate_paths(REGISTER, BASE, engine=engine) for engine in
            ("setwise", "pyshacl")}
    assert [f.fingerprint for f in runs["setwise"].findings] == \
        [f.fingerprint for f in runs["pyshacl"].findings]
    outputs = {}
    for engine in ("setwise", "pyshacl"):
        result = CliRunner().invoke(cli, ["validate", str(REGISTER), "--engine", engine,
                                          "--format", "json", "--base-iri", BASE])
        assert result.exit_code == 0, result.output
        outputs[engine] = result.output
    assert outputs["setwise"] == outputs["pyshacl"]
    result = CliRunner().invoke(cli, ["validate", str(REGISTER), "--engine", "jena"])
    assert result.exit_code == 2 and "'jena' is not one of 'setwise', 'pyshacl'" in \
        result.output
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena'"):
        core_report(Graph(), Graph(), Graph(), "jena")


# ----------------------------------------------------------------------------------------
# One construct at a time: results written down from the SHACL specification
# ----------------------------------------------------------------------------------------

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""
EX = "http://example.org/"

#: (name, shapes and data in one graph, expected (focus, value, component) of each result)
CONSTRUCTS = [
    ("class-with-subclass", """
        ex:S sh:targetClass ex:Body ; sh:property [ sh:path ex:land ; sh:class ex:Land ] .
        ex:Sub rdfs:subClassOf ex:Body .
        ex:a a ex:Sub ; ex:land ex:x , ex:y . ex:x a ex:Land .""",
     {("a", "y", "Class")}),
    ("datatype-keeps-the-literal", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:byte ] .
        ex:a ex:p "300"^^xsd:byte , "12"^^xsd:byte .""",
     {("a", '"300"^^xsd:byte', "Datatype")}),
    ("ill-typed-beside-well-typed", """
        ex:S sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:datatype xsd:boolean ] .
        ex:a ex:p "none"^^xsd:boolean . ex:b ex:p false .""",
     {("a", "false", "Datatype")}),
    ("count-with-zero-values", """
        ex:S sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:p ; sh:minCount 1 ;
            sh:maxCount 1 ] .
        ex:a ex:q 1 . ex:b ex:q 1 ; ex:p 1 , 2 . ex:c ex:q 1 ; ex:p 1 .""",
     {("a", None, "MinCount"), ("b", None, "MaxCount")}),
    ("zero-or-more-path-from-a-node-outside-the-graph", """
        ex:S sh:targetNode ex:nowhere ; sh:property [
            sh:path [ sh:zeroOrMorePath ex:p ] ; sh:nodeKind sh:Literal ] .""",
     {("nowhere", "nowhere", "NodeKind")}),
    ("sequence-and-inverse-path", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p [ sh:inversePath ex:q ] ) ;
            sh:maxCount 1 ] .
        ex:a ex:p ex:b . ex:c ex:q ex:b . ex:d ex:q ex:b .""",
     {("a", None, "MaxCount")}),
    ("node-kind-blank-node", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ] .
        ex:a ex:p [ ex:q 1 ] , ex:b .""",
     {("a", "_:", "NodeKind")}),
    ("nested-node-once-per-value", """
        ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:node ex:N ] .
        ex:N sh:property [ sh:path ex:q ; sh:minCount 1 ] .
        ex:a a ex:T ; ex:p ex:x . ex:b a ex:T ; ex:p ex:x , ex:y . ex:y ex:q 1 .""",
     {("a", "x", "Node"), ("b", "x", "Node")}),
    ("or-and-not-xone", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ;
            sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:string ] ) ;
            sh:not [ sh:hasValue 2 ] ;
            sh:xone ( [ sh:datatype xsd:integer ] [ sh:minInclusive 0 ] ) ] .
        ex:a ex:p 1 , 2 , "x" , true , -1 .""",
     {("a", "true", "Or"), ("a", "2", "Not"), ("a", "1", "Xone"), ("a", "2", "Xone"),
      ("a", '"x"', "Xone"), ("a", "true", "Xone")}),
    ("qualified-disjoint", """
        ex:S sh:targetNode ex:a ;
            sh:property ex:S1 , ex:S2 .
        ex:S1 sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:A ] ;
            sh:qualifiedValueShapesDisjoint true ; sh:qualifiedMinCount 1 .
        ex:S2 sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:B ] ;
            sh:qualifiedValueShapesDisjoint true ; sh:qualifiedMinCount 1 .
        ex:a ex:p ex:ab . ex:ab a ex:A , ex:B .""",
     {("a", None, "QualifiedMinCount"), ("a", None, "QualifiedMinCount")}),
    ("closed-ignored", """
        ex:S sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties ( ex:i ) ;
            sh:property [ sh:path ex:p ] .
        ex:a ex:p 1 ; ex:i 2 ; ex:x 3 .""",
     {("a", "3", "Closed")}),
    ("pairs-equals-disjoint-lessThan", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:equals ex:q ;
            sh:disjoint ex:r ; sh:lessThan ex:s ] .
        ex:a ex:p 1 , 2 ; ex:q 2 , 3 ; ex:r 2 ; ex:s 2 .""",
     {("a", "1", "Equals"), ("a", "3", "Equals"), ("a", "2", "Disjoint"),
      ("a", "2", "LessThan")}),
    ("strings", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minLength 2 ;
            sh:pattern "^A" ; sh:flags "i" ; sh:languageIn ( "de" ) ; sh:uniqueLang true ] .
        ex:a ex:p "ab"@de , "a"@de , "Ab"@de-AT , "Bc"@en .""",
     {("a", '"a"@de', "MinLength"), ("a", '"Bc"@en', "Pattern"),
      ("a", '"Bc"@en', "LanguageIn"), ("a", None, "UniqueLang")}),
    ("in-hasValue-deactivated", """
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:in ( 1 2 ) ;
            sh:hasValue 3 ] .
        ex:Off sh:targetNode ex:a ; sh:deactivated true ; sh:property [ sh:path ex:p ;
            sh:minCount 9 ] .
        ex:a ex:p 1 , 4 .""",
     {("a", "4", "In"), ("a", None, "HasValue")}),
    ("implicit-class-target-and-severity", """
        ex:T a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ;
            sh:severity sh:Warning ; sh:message "needs p"@en ] .
        ex:a a ex:T .""",
     {("a", None, "MinCount")}),
]


def short(node) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        return "_:"
    if isinstance(node, URIRef):
        return str(node).removeprefix(EX)
    if node.datatype in (XSD.integer, XSD.boolean):
        return str(node)
    return node.n3().replace(f"<{XSD}", "xsd:").replace(">", "")


@pytest.mark.parametrize("turtle, expected", [pytest.param(t, e, id=n)
                                              for n, t, e in CONSTRUCTS])
def test_construct(turtle: str, expected: set) -> None:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = Graph()
    core_report(graph, graph, report, "setwise")
    found = Counter((short(report.value(r, SH.focusNode)), short(report.value(r, SH.value)),
                     str(report.value(r, SH.sourceConstraintComponent))[len(str(SH)):]
                     .removesuffix("ConstraintComponent"))
                    for r in report.objects(None, SH.result))
    assert set(found) == set(expected)
    setwise, pyshacl = both(graph, graph)
    assert setwise == pyshacl


def test_one_pass_loads_the_store_of_sparql() -> None:
    """setwise.loaded's second store holds what store_of puts in one, literals as written
    (quotes, backslashes, line breaks, language tags, datatypes, ill-typed values)."""
    from gremien_rdf.rdf.oxigraph import store_of
    from gremien_rdf.validation.setwise import loaded

    graph = Graph()
    subject, predicate = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    for value in (Literal('a "quoted"\\ text\nwith\r\nbreaks'), Literal("Sitzung", lang="de"),
                  Literal("01", datatype=XSD.integer), Literal("none", datatype=XSD.boolean),
                  Literal("2024-02-30", datatype=XSD.date), Literal("Ä ß € 😀"),
                  Literal("x", datatype=XSD.string), BNode("b1"), URIRef("http://example.org/o")):
        graph.add((subject, predicate, value))
    graph.add((BNode("b1"), predicate, Literal(1.5)))
    expected = set(store_of(graph))
    assert len(expected) == 10
    assert set(loaded(graph).real) == expected


def test_one_pass_names_a_bad_term() -> None:
    """A term that SPARQL cannot hold is an InputError that names it, as with store_of."""
    from gremien_rdf.errors import InputError
    from gremien_rdf.validation.setwise import loaded

    graph = Graph()
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"),
               Literal("x", lang="de-abcdefghijk")))  # rdflib lets it through
    with pytest.raises(InputError, match="an RDF term is not valid"):
        loaded(graph, "data.ttl")
