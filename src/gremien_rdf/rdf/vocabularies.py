"""The SKOS vocabularies: loading them, and finding a concept by one of its labels.

Labels are matched exactly first (preferred, alternative, hidden label, in this order);
then ignoring case, repeated white space and spaces around a slash, so that
``kommunal/regional`` and ``Kommunal / Regional`` are one value. Unknown labels get the
closest known labels as suggestions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from gremien_rdf import resources
from gremien_rdf.errors import Position, fail, option
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

@dataclass(frozen=True)
class Concept:
    """One SKOS concept, by its scheme and its key (the last segment of its IRI)."""

    scheme: str
    key: str
    label_de: str
    label_en: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A concept found by a label, and how the label matched."""

    concept: Concept
    kind: str  # prefLabel | altLabel | hiddenLabel | normalised


@dataclass
class Vocabulary:
    """The concepts of one scheme, with a label index."""

    scheme: str
    title: str
    concepts: dict[str, Concept] = field(default_factory=dict)
    _exact: dict[str, Match] = field(default_factory=dict, repr=False)
    _loose: dict[str, Concept] = field(default_factory=dict, repr=False)

    def add(self, concept: Concept) -> None:
        self.concepts[concept.key] = concept
        labels = [("prefLabel", concept.label_de)]
        labels += [("altLabel", a) for a in concept.alt_labels]
        labels += [("hiddenLabel", h) for h in concept.hidden_labels]
        for kind, label in labels:
            other = self._loose.get(normalise(label))
            if other is not None and other.key != concept.key:
                raise fail(
                    None,
                    f"vocabulary {self.scheme!r}: the label {label!r} names both "
                    f"{other.key!r} and {concept.key!r}",
                    "a label may name one concept only: remove it from one of them in "
                    "ontology/vocabularies/",
                )
            self._exact.setdefault(label, Match(concept, kind))
            self._loose[normalise(label)] = concept

    def lookup(self, text: str) -> Match | None:
        """The concept that `text` names, or None."""
        exact = self._exact.get(text)
        if exact is not None:
            return exact
        concept = self._loose.get(normalise(text))
        return Match(concept, "normalised") if concept is not None else None

    def labels(self) -> list[str]:
        """Every label of the scheme, preferred labels first."""
        return [c.label_de for c in self.concepts.values()] + [
            a for c in self.concepts.values() for a in (*c.alt_labels, *c.hidden_labels)
        ]

    def suggestions(self, text: str, n: int = 3) -> list[str]:
        """The known preferred labels closest to `text`."""
        by_norm: dict[str, str] = {}
        for label in self.labels():
            owner = self._loose[normalise(label)]
            by_norm.setdefault(normalise(label), owner.label_de)
        close = difflib.get_close_matches(normalise(text), list(by_norm), n=n * 3, cutoff=0.5)
        found: list[str] = []
        for norm in close:
            if by_norm[norm] not in found:
                found.append(by_norm[norm])
        return found[:n]

    def resolve(self, text: str, position: Position | None, what: str, where: str = "") -> Match:
        """The concept `text` names; an InputError that suggests labels if none."""
        match = self.lookup(text)
        if match is not None:
            return match
        close = self.suggestions(text)
        hint = (
            f"did you mean {' or '.join(repr(c) for c in close)}? "
            if close
            else ""
        ) + f"Known {self.title}: {', '.join(c.label_de for c in self.concepts.values())}."
        raise fail(position, f"unknown {what} {text!r}{where}", hint)



#: each scheme's English name as it stands in a sentence ("unknown actor types"): lower case,
#: but "Länder", a German name
SCHEME_TITLES = {scheme.key: scheme.name_en if scheme.key == "land" else scheme.name_en.lower()
                 for scheme in SCHEME_REGISTRY}


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
