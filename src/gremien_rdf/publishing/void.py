"""The VoID description of the bodies' data: its size, and a partition per class and per
property."""

from __future__ import annotations

import hashlib
from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import Node

from gremien_rdf.model import Register
from gremien_rdf.publishing.distributions import (
    DUMPS,
    file_format,
)
from gremien_rdf.publishing.metadata import add_texts, day_literal
from gremien_rdf.rdf.namespaces import (
    METADATA_PREFIXES,
    PREFIXES,
    VOID,
    Iris,
    curie,
    new_graph,
)
from gremien_rdf.rdf.triples import RDF_TYPE, Triples
from gremien_rdf.settings import Publication


def void_graph(publication: Publication, register: Register, data: Triples) -> Graph:
    """The VoID description of the register's data: size, classes, properties, dumps."""
    iris = Iris(publication.base_iri)
    g = new_graph(metadata=True)
    add = g.add
    dataset = iris.dataset()
    add((dataset, RDF.type, VOID.Dataset))
    add_texts(g, dataset, DCTERMS.title, publication.title)
    add((dataset, DCTERMS.license, URIRef(publication.licence.iri)))
    # the same IRI as the dcat:Dataset of catalog.ttl (publish uploads both into one graph),
    # so the same property for the report: prov:wasDerivedFrom, not dct:source (see there)
    add((dataset, PROV.wasDerivedFrom, iris.report(register.report.id)))
    add((dataset, DCTERMS.modified, day_literal(publication.modified)))
    add((dataset, VOID.uriSpace, Literal(publication.base_iri)))
    for name in DUMPS:
        for dump in (name, f"{name}.gz"):
            add((dataset, VOID.dataDump, URIRef(publication.download_url + dump)))
        add((dataset, VOID.feature, URIRef(file_format(name)[0].conforms_to[0])))
    for example in (iris.body(register.bodies[0].id), iris.report(register.report.id)):
        add((dataset, VOID.exampleResource, example))

    def count(value: int) -> Literal:
        return Literal(value, datatype=XSD.integer)

    # counted as pyoxigraph terms, the few distinct ones made rdflib's after (a URIRef made
    # per triple was 1 s of 10,000 bodies)
    classes = Counter({URIRef(o.value): n for o, n in
                       Counter(o for _, p, o in data if p == RDF_TYPE).items()})
    properties = Counter({URIRef(p.value): n for p, n in Counter(p for _, p, _ in data).items()})
    subjects = {s for s, _, _ in data}
    entities = {s for s in subjects if s.value.startswith(publication.base_iri)}
    add((dataset, VOID.triples, count(len(data))))
    add((dataset, VOID.entities, count(len(entities))))
    add((dataset, VOID.classes, count(len(classes))))
    add((dataset, VOID.properties, count(len(properties))))
    add((dataset, VOID.distinctSubjects, count(len(subjects))))
    add((dataset, VOID.distinctObjects, count(len({o for _, _, o in data}))))
    for cls, entities_of_class in sorted(classes.items()):
        part = iris.dataset_part("void", "klasse", _curie(cls))
        add((dataset, VOID.classPartition, part))
        add((part, VOID["class"], cls))
        add((part, VOID.entities, count(entities_of_class)))
    for prop, triples in sorted(properties.items()):
        part = iris.dataset_part("void", "eigenschaft", _curie(prop))
        add((dataset, VOID.propertyPartition, part))
        add((part, VOID.property, prop))
        add((part, VOID.triples, count(triples)))
    used = {str(term) for term in (*classes, *properties)}
    for namespace in (PREFIXES | METADATA_PREFIXES).values():
        if any(term.startswith(str(namespace)) for term in used):
            add((dataset, VOID.vocabulary, URIRef(str(namespace))))
    return g


def _curie(term: Node) -> str:
    """A path segment naming a class or property: prefix-localname (e.g. gmh-Body)."""
    short = curie(term, PREFIXES | METADATA_PREFIXES)
    if short is None:
        return hashlib.sha256(str(term).encode()).hexdigest()[:12]
    return short.replace(":", "-", 1)
