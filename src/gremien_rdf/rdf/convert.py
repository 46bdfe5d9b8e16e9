"""Records and vocabularies → Triples (pyoxigraph terms; see triples.py).

No blank nodes: every node has an IRI derived from the base IRI and stable ids. Each
body keeps its verbatim cell texts (on its gmh:SourceEntry) beside the normalised links,
and points back to the report's table. Besides the triples, the conversion returns a
source map: the YAML position that produced each node and each (node, property), by
their IRIs. rdflib is not used per triple (10,000 bodies: 15.1 s → see README, Scaling).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from gremien_rdf.errors import Position
from gremien_rdf.model import COLUMNS, Body, Register
from gremien_rdf.rdf.names import concept_iri
from gremien_rdf.rdf.namespaces import GMH, ORG, SCHEMA, Iris, new_graph
from gremien_rdf.rdf.triples import Object, Triples
from gremien_rdf.rdf.vocabularies import Vocabularies

if TYPE_CHECKING:
    from rdflib import Graph

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


Key = str | tuple[str, str]


def _iri_key(key: object) -> bool:
    """Whether `key` names a node by IRI: a str, or rdflib's URIRef (not its Literal or
    BNode, which are str too)."""
    return isinstance(key, str) and not isinstance(key, Literal | BNode)


class SourceMap:
    """The YAML position that produced each node and each (node, property), by their IRIs
    as strings. Kept per body, made when first asked for by converting that body again
    (the same code gives triples and positions): a map of every triple's position took
    126 MB at 10,000 bodies, more than the triples, and is read only for findings."""

    def __init__(self, register: Register, iris: Iris) -> None:
        self.register = register
        self.iris = iris
        report = register.report
        self._report = {str(iris.report(report.id)): report.position,
                        str(iris.table(report.id, report.table_id)): report.position}
        self._bodies: dict[str, Body] | None = None
        self._made: dict[str, dict[Key, Position]] = {}

    def get(self, key: object, default: Position | None = None) -> Position | None:
        """The position of a node (its IRI) or a (node, property) pair; rdflib's URIRefs
        are taken as the IRIs they are."""
        if isinstance(key, tuple) and len(key) == 2 and _iri_key(key[0]):
            key = (str(key[0]), str(key[1]))
        elif _iri_key(key):
            key = str(key)
        else:  # a literal or blank node (rdflib's are str too) is no node of the map
            return default
        node = key if isinstance(key, str) else key[0]
        if node in self._report:
            return self._report[node] if isinstance(key, str) else default
        body_iri = self.iris.body_of(node)
        if body_iri is None:
            return default
        return self._of(str(body_iri)).get(key, default)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: object) -> Position:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def _of(self, body_iri: str) -> dict[Key, Position]:
        """The positions of one body's nodes and properties (made once)."""
        found = self._made.get(body_iri)
        if found is None:
            if self._bodies is None:
                self._bodies = {str(self.iris.body(body.id)): body
                                for body in self.register.bodies}
            found = self._made[body_iri] = {}
            body = self._bodies.get(body_iri)
            if body is not None:
                report = self.register.report
                _add_body(Triples(), found, body, self.iris, report.id,
                          _named(self.iris.table(report.id, report.table_id)))
        return found


@dataclass
class Conversion:
    triples: Triples
    #: YAML position by node, and by (node, property): their IRIs (see SourceMap)
    source_map: SourceMap

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, made when first asked for (the site, pySHACL)."""
        return self.triples.graph()


@cache
def _named(iri: str) -> ox.NamedNode:
    """The node of an IRI that many triples name (a property, class, concept), made once."""
    return ox.NamedNode(iri)


_INTEGER = _named(str(XSD.integer))
_DATES = {4: _named(str(XSD.gYear)), 7: _named(str(XSD.gYearMonth)), 10: _named(str(XSD.date))}


#: the properties and classes of a body's triples, as pyoxigraph nodes (made once: an
#: rdflib Namespace makes a new URIRef on every attribute access)
(TYPE, IDENTIFIER, PREF_LABEL, LABEL, LAND, LEVEL, FREQUENCY, NAME_SINCE, PLACE, FORMER_NAME,
 FORMER_NAME_CLASS, USED_UNTIL, FOCUS, FOCUS_ASSIGNMENT, FOCUS_ASSIGNMENT_CLASS, FOCUS_AREA,
 SINCE, NOTE, PARTICIPANT_TYPE, PARTICIPATION, PARTICIPATION_CLASS, ORGANIZATION, ROLE,
 STATUS, SOURCE, DERIVED_FROM, SOURCE_ENTRY_CLASS, IS_PART_OF, ROW_NUMBER, BODY) = (
    _named(str(iri)) for iri in (
        RDF.type, DCTERMS.identifier, SKOS.prefLabel, RDFS.label, GMH.land, GMH.level,
        GMH.frequency, GMH.nameSince, GMH.place, GMH.formerName, GMH.FormerName,
        GMH.usedUntil, GMH.focus, GMH.focusAssignment, GMH.FocusAssignment, GMH.focusArea,
        GMH.since, GMH.note, GMH.participantType, GMH.participation, GMH.Participation,
        ORG.organization, ORG.role, GMH.status, DCTERMS.source, PROV.wasDerivedFrom,
        GMH.SourceEntry, DCTERMS.isPartOf, GMH.rowNumber, GMH.Body))
_TEXT_NODES = tuple((key, _named(str(prop))) for key, prop in TEXT_PROPERTIES.items())


def de(text: str) -> ox.Literal:
    return ox.Literal(text, language="de")


def year(value: int) -> ox.Literal:
    """A year as xsd:integer (the ontology's gmh:Year): xsd:gYear is not in the OWL 2
    datatype map, and OWL 2 DL reasoners such as HermiT refuse data that uses it."""
    return ox.Literal(str(value), datatype=_INTEGER)


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_DATES[len(value)])


@cache
def _namespaces() -> tuple[tuple[str, str], ...]:
    """The prefixes the data is written with: those new_graph binds (rdflib's among them)."""
    return tuple((prefix, str(namespace))
                 for prefix, namespace in new_graph().namespace_manager.namespaces())


def register_graph(register: Register, vocabularies: Vocabularies) -> Conversion:
    """The register as RDF, with IRIs under the vocabularies' base IRI."""
    iris = vocabularies.iris
    out = Conversion(Triples(namespaces=_namespaces()), SourceMap(register, iris))
    report = register.report
    report_iri = _named(iris.report(report.id))
    table_iri = _named(iris.table(report.id, report.table_id))
    publisher_iri = _named(iris.organisation(report.publisher))
    add = out.triples.add
    p = _named
    add((report_iri, p(RDF.type), p(DCTERMS.BibliographicResource)))
    add((report_iri, p(RDF.type), p(GMH.Report)))
    add((report_iri, p(DCTERMS.title), de(report.title)))
    add((report_iri, p(SCHEMA.bookEdition), de(report.edition)))
    add((report_iri, p(DCTERMS.publisher), publisher_iri))
    add((report_iri, p(DCTERMS.issued), _date(report.issued)))
    if report.landing_page:
        add((report_iri, p(RDFS.seeAlso), ox.NamedNode(report.landing_page)))
    add((publisher_iri, p(RDF.type), p(ORG.Organization)))
    add((publisher_iri, p(SKOS.prefLabel), de(report.publisher)))
    if report.department:
        department_iri = p(iris.organisation(report.department))
        add((report_iri, p(DCTERMS.creator), department_iri))
        add((department_iri, p(RDF.type), p(ORG.OrganizationalUnit)))
        add((department_iri, p(SKOS.prefLabel), de(report.department)))
        add((department_iri, p(ORG.unitOf), publisher_iri))
    if report.source_citation:
        cited = p(iris.cited_work(report.id, report.source_citation))
        add((table_iri, p(PROV.wasDerivedFrom), cited))
        add((cited, p(RDF.type), p(DCTERMS.BibliographicResource)))
        add((cited, p(DCTERMS.bibliographicCitation), de(report.source_citation)))
    add((table_iri, p(RDF.type), p(GMH.SourceTable)))
    add((table_iri, p(DCTERMS.title), de(report.table)))
    add((table_iri, p(DCTERMS.description), de(report.part)))
    add((table_iri, p(RDFS.comment), de(report.source_note)))
    add((table_iri, p(DCTERMS.isPartOf), report_iri))
    for body in register.bodies:
        _add_body(out.triples, None, body, iris, report.id, table_iri)
    return out


def _add_body(triples: Triples, where: dict[Key, Position] | None, body: Body, iris: Iris,
              report_id: str, table_iri: ox.NamedNode) -> None:
    """Add the triples of `body`; with `where`, the position of each node and each (node,
    property) too (the first triple's, for a property with several values)."""

    def concept(scheme: str, key: str) -> ox.NamedNode:
        return _named(concept_iri(iris.base, scheme, key))

    def node(iri: str, position: Position) -> ox.NamedNode:
        if where is not None:
            where[str(iri)] = position
        return ox.NamedNode(iri)

    def add(s: ox.NamedNode, prop: ox.NamedNode, o: Object, position: Position) -> None:
        triples.add((s, prop, o))
        if where is not None:
            where.setdefault((s.value, prop.value), position)

    at = body.positions
    subject = node(iris.body(body.id), body.position)
    add(subject, TYPE, BODY, body.position)
    add(subject, IDENTIFIER, ox.Literal(body.id), at["id"])
    add(subject, PREF_LABEL, de(body.title), at["title"])
    add(subject, LAND, concept("land", body.land), at["land"])
    add(subject, LEVEL, concept("ebene", body.level), at["level"])
    add(subject, FREQUENCY, concept("turnus", body.frequency), at["frequency"])
    if body.title_since is not None:
        add(subject, NAME_SINCE, year(body.title_since), at["title_since"])
    if body.place is not None:
        add(subject, PLACE, ox.Literal(body.place), at["place"])
    for former in body.former_titles:
        name = node(iris.former_name(body.id, former.until), former.position)
        add(subject, FORMER_NAME, name, former.position)
        add(name, TYPE, FORMER_NAME_CLASS, former.position)
        add(name, LABEL, de(former.title), former.position)
        add(name, USED_UNTIL, year(former.until), former.position)
    for focus in body.focus:
        assignment = node(iris.focus_assignment(body.id, focus.area), focus.position)
        area = concept("schwerpunkt", focus.area)
        add(subject, FOCUS, area, focus.position)
        add(subject, FOCUS_ASSIGNMENT, assignment, focus.position)
        add(assignment, TYPE, FOCUS_ASSIGNMENT_CLASS, focus.position)
        add(assignment, FOCUS_AREA, area, focus.position)
        if focus.since is not None:
            add(assignment, SINCE, year(focus.since), focus.position)
        if focus.note is not None:
            add(assignment, NOTE, de(focus.note), focus.position)
    for participant in body.participants:
        participation = node(iris.participation(body.id, participant.actor),
                             participant.position)
        actor = concept("akteur", participant.actor)
        add(subject, PARTICIPANT_TYPE, actor, participant.position)
        add(subject, PARTICIPATION, participation, participant.position)
        add(participation, TYPE, PARTICIPATION_CLASS, participant.position)
        add(participation, ORGANIZATION, subject, participant.position)
        add(participation, ROLE, actor, participant.position)
        if participant.status is not None:
            add(participation, STATUS, concept("teilnahmestatus", participant.status),
                participant.position)
    source = body.source
    entry = node(iris.source_entry(body.id, report_id), source.position)
    add(subject, SOURCE, table_iri, source.position)
    add(subject, DERIVED_FROM, entry, source.position)
    add(entry, TYPE, SOURCE_ENTRY_CLASS, source.position)
    add(entry, IS_PART_OF, table_iri, source.position)
    add(entry, ROW_NUMBER, ox.Literal(str(source.row), datatype=_INTEGER), source.position)
    for key, prop in _TEXT_NODES:
        add(entry, prop, de(source.cells[key]), source.position)
