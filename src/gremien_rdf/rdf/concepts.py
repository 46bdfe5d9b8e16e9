"""The concepts of a scheme and their label index: finding a concept by one of its labels
(see vocabularies, which loads them from the SKOS files and re-exports these names). Free
of rdflib, so that `query run` from the cache resolves a parameter's label without it."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from gremien_rdf.errors import Position, fail
from gremien_rdf.rdf.names import SCHEME_REGISTRY, normalise


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


def concepts_data(vocabulary: Vocabulary) -> list[dict]:
    """The concepts of `vocabulary` as JSON-ready dicts, in order (see `vocabulary_of`)."""
    return [asdict(concept) for concept in vocabulary.concepts.values()]


def vocabulary_of(scheme: str, concepts: list[dict]) -> Vocabulary:
    """The label index of `scheme` from its `concepts_data`."""
    vocabulary = Vocabulary(scheme, SCHEME_TITLES[scheme])
    for data in concepts:
        vocabulary.add(Concept(
            scheme=data["scheme"], key=data["key"], label_de=data["label_de"],
            label_en=data["label_en"], alt_labels=tuple(data["alt_labels"]),
            hidden_labels=tuple(data["hidden_labels"]), broader=tuple(data["broader"])))
    return vocabulary
