"""Triples without rdflib (rdf/triples.py): the converter's pyoxigraph terms, written byte
for byte as rdflib writes the same graph, and read back by rdflib and pySHACL alike."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import BASE
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDFS, SKOS, XSD

from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.oxigraph import to_oxigraph, triples_of
from gremien_rdf.rdf.serialize import _TurtleTerms, json_ld, ntriples, serialize, turtle
from gremien_rdf.rdf.triples import Triples, nt
from gremien_rdf.validation.engine import ValidationData

#: texts that each escape differently: quotes, backslashes, line ends, a tab, quotes at the
#: end, three quotes, non-Latin letters, astral characters
HOSTILE = [
    "plain", 'a "quoted" word', "back\\slash", "two\nlines", "carriage\rreturn", "tab\there",
    'ends in a quote"', 'ends in an escaped quote\\"', 'three """ quotes', 'line\nand quote"',
    'line\nthree """ quotes\\', "Grüße ß Ω 漢字 🙂", "\\n as text", "", "  spaces  ",
]
LITERALS = [
    *(Literal(text) for text in HOSTILE),
    *(Literal(text, lang="de") for text in HOSTILE),
    Literal("2019", datatype=XSD.integer), Literal("-7", datatype=XSD.integer),
    Literal("2024-02", datatype=XSD.gYearMonth), Literal("2024", datatype=XSD.gYear),
    Literal("2024-02-29", datatype=XSD.date), Literal("x y", datatype=XSD.integer),
    Literal('odd "value"', datatype=URIRef("https://example.org/type")),
]


@pytest.fixture(scope="module")
def conversion(register, vocabularies):
    return register_graph(register, vocabularies)


@pytest.mark.parametrize("literal", LITERALS, ids=repr)
def test_a_literal_in_n_triples_is_written_as_rdflibs_writer_writes_it(literal):
    graph = Graph()
    graph.add((URIRef(BASE + "s"), RDFS.label, literal))
    expected = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    assert ntriples(triples_of(graph)) == expected
    assert nt(to_oxigraph(literal)) == expected.split(" ", 2)[2].rsplit(" .", 1)[0]


@pytest.mark.parametrize("literal", LITERALS, ids=repr)
def test_a_literal_in_turtle_is_written_as_rdflibs_n3_writes_it(literal):
    terms = _TurtleTerms((("xsd", str(XSD)),), BASE)
    written = terms.term(to_oxigraph(literal))
    expected = literal.n3()
    if literal.datatype == XSD.integer and str(literal).lstrip("-").isdigit():
        expected = str(literal)  # an integer as a bare number, Turtle's short form
    elif literal.datatype is not None and str(literal.datatype).startswith(str(XSD)):
        expected = expected.replace(f"<{literal.datatype}>", literal.datatype.n3(
            terms_namespace_manager()))
    assert written == expected
    assert Graph().parse(data=f"@prefix xsd: <{XSD}> . <s> <p> {written} .",
                         format="turtle", publicID=BASE).value(
        URIRef(BASE + "s"), URIRef(BASE + "p")) == literal


def terms_namespace_manager():
    graph = Graph(bind_namespaces="none")
    graph.bind("xsd", XSD)
    return graph.namespace_manager


def test_the_registers_n_triples_equal_rdflibs_own_serialisation(conversion):
    expected = conversion.graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in expected.split("\n") if line)
    assert ntriples(conversion.triples) == "".join(f"{line}\n" for line in lines)
    assert len(lines) == len(conversion.triples) == 2078


def test_the_graph_made_from_the_triples_is_the_graph_rdflib_reads_back(conversion):
    text = ntriples(conversion.triples)
    assert isomorphic(Graph().parse(data=text, format="nt"), conversion.graph)
    assert len(conversion.graph) == len(conversion.triples)
    assert dict(conversion.graph.namespace_manager.namespaces()) == {
        prefix: URIRef(namespace) for prefix, namespace in conversion.triples.namespaces}


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt"])
def test_triples_and_the_rdflib_graph_of_them_are_written_to_the_same_bytes(conversion, fmt):
    """The dumps come from the Triples, the metadata's graphs from rdflib: one writer."""
    assert serialize(conversion.triples, fmt, BASE) == serialize(conversion.graph, fmt, BASE)


def test_turtle_and_json_ld_of_the_triples_read_back_to_the_same_graph(conversion):
    by_turtle = Graph().parse(data=turtle(conversion.triples, BASE), format="turtle")
    by_json_ld = Graph().parse(data=json_ld(conversion.triples, BASE), format="json-ld")
    assert isomorphic(by_turtle, conversion.graph)
    assert isomorphic(by_json_ld, conversion.graph)


def test_triples_keep_one_copy_of_a_triple_and_the_order_first_added():
    a, b, p = ox.NamedNode(BASE + "a"), ox.NamedNode(BASE + "b"), ox.NamedNode(BASE + "p")
    triples = Triples([(b, p, a), (a, p, b), (b, p, a)])
    assert list(triples) == [(b, p, a), (a, p, b)]
    assert len(triples) == 2
    triples.add((a, p, ox.Literal("x")))
    assert len(triples.graph()) == 3  # the graph is made again after an add


def test_validation_data_answers_as_the_rdflib_graph_of_both_parts(conversion, vocabularies):
    data = ValidationData(conversion.triples, vocabularies.graph)
    whole = data.graph()
    assert len(whole) == len(data) == len(conversion.triples) + len(vocabularies.graph)
    asked = 0
    for predicate in (ORG.organization, SKOS.prefLabel, RDFS.label):
        for subject in set(whole.subjects(predicate, None)):
            assert data.value(subject, predicate) in set(whole.objects(subject, predicate))
            asked += 1
    assert asked > 300  # every participation, body, concept and former name
    assert data.value(URIRef(BASE + "gremium/none"), SKOS.prefLabel) is None


def test_turtle_names_are_checked_as_before_for_every_code_point():
    """The writer tests local names and relative IRIs with regular expressions (5.6 million
    str.isalnum calls at 10,000 bodies took 2.7 s); their character classes agree with the
    character tests they replace on every code point."""
    from gremien_rdf.rdf.serialize import (
        _LOCAL_REST,
        _RELATIVE,
        _is_local_name,
        _is_relative_safe,
    )

    differ = [hex(code) for code in range(0x110000) for c in (chr(code),)
              if bool(_LOCAL_REST.fullmatch(c)) != (c.isalnum() or c in "_-")
              or bool(_RELATIVE.fullmatch(c)) != (c.isalnum() or c in "-_./")]
    assert differ == []
    assert _is_local_name("prefLabel") and _is_local_name("_x-1") and _is_local_name("Ölß")
    assert not _is_local_name("1x") and not _is_local_name("a.b") and not _is_local_name("a b")
    assert _is_relative_safe("gremium/bw-x/teilnahme/lka") and _is_relative_safe("a/ü_2.x")
    assert not _is_relative_safe("mailto:x/y") and not _is_relative_safe("a b")
    assert not _is_relative_safe("a?b") and not _is_relative_safe("")


def test_an_iri_with_a_space_is_named_in_the_error_of_store_of_not_in_a_traceback():
    """rdflib lets URIRef("… a b") through and its n3() then raises; store_of must still say
    which term it refuses (it showed the terms with n3())."""
    from gremien_rdf.errors import InputError
    from gremien_rdf.rdf.oxigraph import store_of

    graph = Graph()
    graph.add((URIRef(BASE + "a b"), RDFS.label, Literal("x", lang="de")))
    with pytest.raises(InputError) as caught:
        store_of(graph, file="data.ttl")
    problem = caught.value.problems[0]
    assert f"<{BASE}a b>" in problem.message and '"x"@de' in problem.message
    assert problem.position.file == "data.ttl"
