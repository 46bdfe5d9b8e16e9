"""Triples without rdflib: the register as a list of pyoxigraph terms, the form in which the
converter builds it, the writers serialize it and the validator and the queries load it.

rdflib builds a graph at about 20 µs per triple (its in-memory store keeps three indexes
and fires an event per add); a tuple of pyoxigraph terms costs about 1 µs. At 10,000
bodies (470,000 triples) that was 10 s of the 15 s the conversion took. The few places
that still want an rdflib Graph (the website's pages, pySHACL) get one from `graph()`,
made once, when first asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Graph

Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Subject, ox.NamedNode, Object]
#: subject → predicate → objects (Triples.by_subject)
SubjectIndex = dict[Subject, dict[ox.NamedNode, list[Object]]]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class Triples:
    """A set of triples in the order first added, and the prefixes bound for writing them
    ((prefix, namespace) pairs, as rdflib's namespace manager lists them)."""

    def __init__(self, triples: Iterable[Triple] = (),
                 namespaces: Iterable[tuple[str, str]] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)
        self.namespaces = tuple(namespaces)
        self._graph: Graph | None = None

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None
        self._graph = None

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def by_subject(self) -> SubjectIndex:
        """subject → predicate → objects, in the order added."""
        index: SubjectIndex = {}
        for s, p, o in self._triples:
            index.setdefault(s, {}).setdefault(p, []).append(o)
        return index

    def graph(self) -> Graph:
        """The triples as an rdflib Graph with the same prefixes (made once)."""
        if self._graph is None:
            from gremien_rdf.rdf.oxigraph import to_rdflib

            graph = self.empty_graph()
            graph.addN((*map(to_rdflib, triple), graph) for triple in self._triples)
            self._graph = graph
        return self._graph

    def empty_graph(self) -> Graph:
        """An rdflib Graph with these triples' prefixes bound, and no others."""
        from rdflib import Graph

        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.namespaces:
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph


def quote(text: str, long: bool = False) -> str:
    """A literal's text in quotes, escaped exactly as rdflib 7 writes it: N-Triples (and
    Turtle without a line feed) in "…", Turtle with a line feed in \"\"\"…\"\"\"` (`long`)."""
    if long and "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        encoded = encoded.replace("\r", "\\r")
        return f'"""{encoded}"""'
    encoded = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + encoded.replace("\r", "\\r") + '"'


def nt(term: Object) -> str:
    """A term in N-Triples, byte for byte as rdflib's N-Triples writer gives it."""
    if type(term) is ox.NamedNode:
        return f"<{term.value}>"
    if type(term) is ox.BlankNode:
        return f"_:{term.value}"
    assert isinstance(term, ox.Literal)
    if term.language:
        return f"{quote(term.value)}@{term.language}"
    datatype = term.datatype.value
    return quote(term.value) if datatype == XSD_STRING else f"{quote(term.value)}^^<{datatype}>"
