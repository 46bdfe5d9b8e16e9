"""The one bridge between rdflib and pyoxigraph: terms converted both ways (a blank node
as a skolem IRI, so that a result names it again), and graphs loaded into a store for
SPARQL."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from gremien_rdf.errors import (
    Position,
    fail,
)

#: blank nodes travel to pyoxigraph as IRIs under this prefix (it renames blank nodes)
SKOLEM = "urn:x-gremien-rdf:bnode:"


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, BNode):
        return ox.NamedNode(SKOLEM + str(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term it names (skolem IRIs back to blank nodes)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        value = term.value
        return BNode(value[len(SKOLEM):]) if value.startswith(SKOLEM) else URIRef(value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def store_of(*graphs: Graph, file: str | None = None):
    """A pyoxigraph store holding the triples of `graphs`; InputError (at `file`) for a term
    that rdflib let through and SPARQL cannot hold."""
    import pyoxigraph as ox

    store = ox.Store()
    for triple in (triple for data in graphs for triple in data):
        try:
            store.add(ox.Quad(*map(to_oxigraph, triple)))
        except ValueError as error:  # an IRI or language tag that rdflib let through
            raise fail(Position(file, 1) if file else None,
                       f"an RDF term is not valid: {error} (in {' '.join(t.n3() for t in triple)})",
                       "correct the IRI or language tag") from None
    return store
