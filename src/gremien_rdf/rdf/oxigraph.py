"""The one bridge between rdflib and pyoxigraph: terms converted both ways (a blank node
as a skolem IRI, so that a result names it again), and graphs loaded into a store for
SPARQL."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from gremien_rdf.errors import (
    Position,
    fail,
)
from gremien_rdf.rdf.triples import Triples

#: the kinds of pyoxigraph term
OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)
#: blank nodes travel to pyoxigraph as IRIs under this prefix (it renames blank nodes)
SKOLEM = "urn:x-gremien-rdf:bnode:"


def to_oxigraph(term, skolem: bool = True):
    """An rdflib term as a pyoxigraph term; a blank node as a skolem IRI (`skolem`, for
    SPARQL), else as a blank node of the same id (for the writers)."""

    if isinstance(term, BNode):
        return ox.NamedNode(SKOLEM + str(term)) if skolem else ox.BlankNode(str(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term it names (skolem IRIs back to blank nodes)."""

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


def triples_of(graph: Graph) -> Triples:
    """An rdflib graph as Triples, blank nodes kept, with the graph's prefixes."""
    return Triples(
        (tuple(to_oxigraph(term, skolem=False) for term in triple)
         for triple in graph),
        ((prefix, str(namespace)) for prefix, namespace in graph.namespace_manager.namespaces()),
    )


def store_of(*graphs: Graph | Triples | Iterable[tuple], file: str | None = None):
    """A pyoxigraph store holding the triples of `graphs` (rdflib Graphs, Triples, or
    iterables of triples of either kind of term); InputError (at `file`) for a term that
    rdflib let through and SPARQL cannot hold."""

    store = ox.Store()
    for data in graphs:
        if isinstance(data, Triples):  # valid terms already: loaded at once
            store.extend(ox.Quad(s, p, o) for s, p, o in data)
            continue
        for triple in data:
            try:
                s, p, o = (term if isinstance(term, OX_TERMS) else to_oxigraph(term)
                           for term in triple)
                store.add(ox.Quad(s, p, o))  # type: ignore[arg-type]  # ValueError if not
            except ValueError as error:  # an IRI or language tag that rdflib let through
                shown = " ".join(map(_shown, triple))
                raise fail(Position(file, 1) if file else None,
                           f"an RDF term is not valid: {error} (in {shown})",
                           "correct the IRI or language tag") from None
    return store


def _shown(term) -> str:
    """A term as an error message shows it (rdflib's n3() refuses an IRI with a space)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    return term.n3() if isinstance(term, Literal | BNode) else str(term)
