"""The SKOS vocabularies: loading them, and finding a concept by one of its labels.

Labels are matched exactly first (preferred, alternative, hidden label, in this order);
then ignoring case, repeated white space and spaces around a slash, so that
``kommunal/regional`` and ``Kommunal / Regional`` are one value. Unknown labels get the
closest known labels as suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from gremien_rdf import resources
from gremien_rdf.errors import Position, fail, option
from gremien_rdf.rdf.concepts import SCHEME_TITLES as SCHEME_TITLES
from gremien_rdf.rdf.concepts import Concept as Concept
from gremien_rdf.rdf.concepts import Match as Match
from gremien_rdf.rdf.concepts import Vocabulary as Vocabulary
from gremien_rdf.rdf.names import normalise as normalise
from gremien_rdf.rdf.namespaces import (
    DEFAULT_BASE_IRI,
    SCHEME_REGISTRY,
    SCHEMES,
    Iris,
    check_base_iri,
    new_graph,
)
from gremien_rdf.resources import reading_resources

#: the German and English name of each concept scheme, by key (as in its IRI)
SCHEME_NAMES = {scheme.key: (scheme.name_de, scheme.name_en) for scheme in SCHEME_REGISTRY}

class Vocabularies:
    """All concept schemes, as a graph (for publishing) and as label indexes (for lookup)."""

    def __init__(self, graph: Graph, iris: Iris):
        self.graph = graph
        self.iris = iris
        self.schemes: dict[str, Vocabulary] = {
            s: Vocabulary(s, SCHEME_TITLES[s]) for s in SCHEMES
        }
        for scheme in SCHEMES:
            for concept in _concepts_of(graph, iris, scheme):
                self.schemes[scheme].add(concept)

    def __getitem__(self, scheme: str) -> Vocabulary:
        return self.schemes[scheme]

    def lexicon(self) -> set[str]:
        """Every word of every German label: the words a layout repair may restore."""
        words: set[str] = set()
        for vocabulary in self.schemes.values():
            for label in vocabulary.labels():
                words.update(w for w in re.split(r"[\s/(),;:]+", label) if w)
        return words


def _literal(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> str | None:
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return None


def _labels(graph: Graph, subject: URIRef, predicate: URIRef) -> tuple[str, ...]:
    return tuple(
        sorted(str(v) for v in graph.objects(subject, predicate) if isinstance(v, Literal))
    )


def _concepts_of(graph: Graph, iris: Iris, scheme: str) -> Iterable[Concept]:
    members = sorted(
        s for s in graph.subjects(SKOS.inScheme, iris.scheme(scheme)) if isinstance(s, URIRef)
    )
    for iri in members:
        broader = tuple(
            sorted(str(iris.concept_key(scheme, b)) for b in graph.objects(iri, SKOS.broader))
        )
        yield Concept(
            scheme=scheme,
            key=str(iris.concept_key(scheme, iri)),
            label_de=_literal(graph, iri, SKOS.prefLabel, "de") or "",
            label_en=_literal(graph, iri, SKOS.prefLabel, "en") or "",
            alt_labels=_labels(graph, iri, SKOS.altLabel),
            hidden_labels=_labels(graph, iri, SKOS.hiddenLabel),
            broader=broader,
        )


def vocabulary_graph(base_iri: str = DEFAULT_BASE_IRI, files: list[Path] | None = None) -> Graph:
    """The vocabularies as one graph, IRIs resolved against `base_iri`.

    skos:narrower and skos:hasTopConcept are added as the inverses of what the files state
    (skos:broader, skos:topConceptOf), so queries can walk the hierarchy either way.
    """
    graph = new_graph()
    from gremien_rdf.rdf.read import check_terms

    for path in files if files is not None else resources.vocabulary_files():
        text = resources.turtle_at_base(path, base_iri)
        part = Graph()
        try:
            part.parse(data=text, format="turtle", publicID=base_iri)
        except SyntaxError as error:  # rdflib's BadSyntax
            line = getattr(error, "lines", 0) + 1
            why = getattr(error, "_why", str(error)).split(" at line ")[0]
            raise fail(Position(str(path), line), f"Turtle syntax in the vocabulary: {why}",
                       "fix the vocabulary file (the statement ends at or before this line)"
                       ) from None
        check_terms(path, text, part)  # labels reach pages and terminals
        graph += part
    for narrower, broader in list(graph.subject_objects(SKOS.broader)):
        graph.add((broader, SKOS.narrower, narrower))
    for concept, scheme in list(graph.subject_objects(SKOS.topConceptOf)):
        graph.add((scheme, SKOS.hasTopConcept, concept))
    return graph


def load_vocabularies(base_iri: str = DEFAULT_BASE_IRI) -> Vocabularies:
    """The shipped vocabularies, IRIs under `base_iri`; InputError for an unusable base."""
    problem = check_base_iri(base_iri)
    if problem:
        raise fail(None, f"the base IRI {base_iri!r} cannot be used: {problem}",
                   f"pass e.g. {option('base-iri')} https://example.org/gremien/")
    with reading_resources():  # the shipped files (or GREMIEN_RDF_RESOURCES'), not input
        return Vocabularies(vocabulary_graph(base_iri), Iris(base_iri))
