"""Records and vocabularies → an rdflib Graph.

No blank nodes: every node has an IRI derived from the base IRI and stable ids. Each
body keeps its verbatim cell texts (on its gmh:SourceEntry) beside the normalised links,
and points back to the report's table. Besides the graph, the conversion returns a source
map: the YAML position that produced each node and each (node, property).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from gremien_rdf.errors import Position
from gremien_rdf.model import COLUMNS, Body, Register
from gremien_rdf.rdf.namespaces import GMH, ORG, SCHEMA, Iris, new_graph
from gremien_rdf.rdf.vocabularies import Vocabularies

TEXT_PROPERTIES = {
    "land": GMH.landText,
    "title": GMH.titleText,
    "level": GMH.levelText,
    "focus": GMH.focusText,
    "participants": GMH.participantsText,
    "frequency": GMH.frequencyText,
}
assert set(TEXT_PROPERTIES) == {key for key, _ in COLUMNS}

#: the YAML key that each property comes from, so that findings speak the YAML's words
YAML_KEYS = {
    DCTERMS.identifier: "id", SKOS.prefLabel: "title", GMH.land: "land", GMH.level: "level",
    GMH.frequency: "frequency", GMH.nameSince: "title_since", GMH.formerName: "former_titles",
    RDFS.label: "title", GMH.usedUntil: "until", GMH.place: "place", GMH.focus: "focus",
    GMH.focusAssignment: "focus", GMH.focusArea: "area", GMH.since: "since", GMH.note: "note",
    GMH.participantType: "participants", GMH.participation: "participants", ORG.role: "actor",
    GMH.status: "status", DCTERMS.source: "source", PROV.wasDerivedFrom: "source",
    GMH.rowNumber: "row", **{prop: key for key, prop in TEXT_PROPERTIES.items()},
}


@dataclass
class Conversion:
    graph: Graph
    #: YAML position by node, and by (node, property)
    source_map: dict[URIRef | tuple[URIRef, URIRef], Position] = field(default_factory=dict)


def de(text: str) -> Literal:
    return Literal(text, lang="de")


def year(value: int) -> Literal:
    """A year as xsd:integer (the ontology's gmh:Year): xsd:gYear is not in the OWL 2
    datatype map, and OWL 2 DL reasoners such as HermiT refuse data that uses it."""
    return Literal(value, datatype=XSD.integer)


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def register_graph(register: Register, vocabularies: Vocabularies) -> Conversion:
    """The register as RDF, with IRIs under the vocabularies' base IRI."""
    iris = vocabularies.iris
    out = Conversion(new_graph())
    report = register.report
    report_iri = iris.report(report.id)
    table_iri = iris.table(report.id, report.table_id)
    publisher_iri = iris.organisation(report.publisher)
    add = out.graph.add
    add((report_iri, RDF.type, DCTERMS.BibliographicResource))
    add((report_iri, RDF.type, GMH.Report))
    add((report_iri, DCTERMS.title, de(report.title)))
    add((report_iri, SCHEMA.bookEdition, de(report.edition)))
    add((report_iri, DCTERMS.publisher, publisher_iri))
    add((report_iri, DCTERMS.issued, _date(report.issued)))
    if report.landing_page:
        add((report_iri, RDFS.seeAlso, URIRef(report.landing_page)))
    add((publisher_iri, RDF.type, ORG.Organization))
    add((publisher_iri, SKOS.prefLabel, de(report.publisher)))
    if report.department:
        department_iri = iris.organisation(report.department)
        add((report_iri, DCTERMS.creator, department_iri))
        add((department_iri, RDF.type, ORG.OrganizationalUnit))
        add((department_iri, SKOS.prefLabel, de(report.department)))
        add((department_iri, ORG.unitOf, publisher_iri))
    if report.source_citation:
        cited = iris.cited_work(report.id, report.source_citation)
        add((table_iri, PROV.wasDerivedFrom, cited))
        add((cited, RDF.type, DCTERMS.BibliographicResource))
        add((cited, DCTERMS.bibliographicCitation, de(report.source_citation)))
    add((table_iri, RDF.type, GMH.SourceTable))
    add((table_iri, DCTERMS.title, de(report.table)))
    add((table_iri, DCTERMS.description, de(report.part)))
    add((table_iri, RDFS.comment, de(report.source_note)))
    add((table_iri, DCTERMS.isPartOf, report_iri))
    out.source_map[report_iri] = report.position
    out.source_map[table_iri] = report.position
    for body in register.bodies:
        _add_body(out, body, iris, report.id, table_iri)
    return out


def _add_body(out: Conversion, body: Body, iris: Iris, report_id: str,
              table_iri: URIRef) -> None:
    graph, where = out.graph, out.source_map
    subject = iris.body(body.id)

    def concept(scheme: str, key: str) -> URIRef:
        return iris.concept(scheme, key)

    def add(s: URIRef, p: URIRef, o: URIRef | Literal, position: Position) -> None:
        graph.add((s, p, o))
        where.setdefault((s, p), position)

    at = body.positions
    where[subject] = body.position
    add(subject, RDF.type, GMH.Body, body.position)
    add(subject, DCTERMS.identifier, Literal(body.id), at["id"])
    add(subject, SKOS.prefLabel, de(body.title), at["title"])
    add(subject, GMH.land, concept("land", body.land), at["land"])
    add(subject, GMH.level, concept("ebene", body.level), at["level"])
    add(subject, GMH.frequency, concept("turnus", body.frequency), at["frequency"])
    if body.title_since is not None:
        add(subject, GMH.nameSince, year(body.title_since), at["title_since"])
    if body.place is not None:
        add(subject, GMH.place, Literal(body.place), at["place"])
    for former in body.former_titles:
        node = iris.former_name(body.id, former.until)
        where[node] = former.position
        add(subject, GMH.formerName, node, former.position)
        add(node, RDF.type, GMH.FormerName, former.position)
        add(node, RDFS.label, de(former.title), former.position)
        add(node, GMH.usedUntil, year(former.until), former.position)
    for focus in body.focus:
        node = iris.focus_assignment(body.id, focus.area)
        where[node] = focus.position
        add(subject, GMH.focus, concept("schwerpunkt", focus.area), focus.position)
        add(subject, GMH.focusAssignment, node, focus.position)
        add(node, RDF.type, GMH.FocusAssignment, focus.position)
        add(node, GMH.focusArea, concept("schwerpunkt", focus.area), focus.position)
        if focus.since is not None:
            add(node, GMH.since, year(focus.since), focus.position)
        if focus.note is not None:
            add(node, GMH.note, de(focus.note), focus.position)
    for participant in body.participants:
        node = iris.participation(body.id, participant.actor)
        actor = concept("akteur", participant.actor)
        where[node] = participant.position
        add(subject, GMH.participantType, actor, participant.position)
        add(subject, GMH.participation, node, participant.position)
        add(node, RDF.type, GMH.Participation, participant.position)
        add(node, ORG.organization, subject, participant.position)
        add(node, ORG.role, actor, participant.position)
        if participant.status is not None:
            add(node, GMH.status, concept("teilnahmestatus", participant.status),
                participant.position)
    entry = iris.source_entry(body.id, report_id)
    source = body.source
    where[entry] = source.position
    add(subject, DCTERMS.source, table_iri, source.position)
    add(subject, PROV.wasDerivedFrom, entry, source.position)
    add(entry, RDF.type, GMH.SourceEntry, source.position)
    add(entry, DCTERMS.isPartOf, table_iri, source.position)
    add(entry, GMH.rowNumber, Literal(source.row), source.position)
    for key, prop in TEXT_PROPERTIES.items():
        add(entry, prop, de(source.cells[key]), source.position)

