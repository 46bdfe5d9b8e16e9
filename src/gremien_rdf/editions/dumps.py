"""A built register read back from RDF, for `diff`: a `dist/` folder (its gremien.nt and its
vocabularies.ttl) or one dump (Turtle, N-Triples, JSON-LD) that `build` wrote.

The records are those the YAML gave, taken back from the triples the converter made
(rdf/convert.py): the body's id (dcterms:identifier), Land, level, frequency, place, focus
assignments (with since and note), participations (with status), title, its start and the
former names, and the source entry with the report's verbatim cells. Concepts are read as
keys, the last segment of their IRIs, whatever the base IRI of the build. RDF has no
order: bodies come in the order of their rows in the report's table, focus areas and
participations as `diff` compares them (sorted). A position is the file's first line:
the diff names bodies, not lines.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from gremien_rdf.errors import Position, display_path, fail
from gremien_rdf.model import (
    COLUMNS,
    Body,
    Focus,
    FormerTitle,
    Participant,
    Register,
    Report,
    SourceRow,
)
from gremien_rdf.rdf.namespaces import DEFAULT_BASE_IRI, GMH, Iris
from gremien_rdf.rdf.read import RDF_FORMATS, read_rdf
from gremien_rdf.rdf.vocabularies import Vocabularies, vocabulary_graph

SCHEMA_BOOK_EDITION = URIRef("https://schema.org/bookEdition")

#: the source entry's property for each column of the report's table
CELL_PROPERTIES = {"land": GMH.landText, "title": GMH.titleText, "level": GMH.levelText,
                   "focus": GMH.focusText, "participants": GMH.participantsText,
                   "frequency": GMH.frequencyText}
#: the dump of a dist/ folder that is read, and its vocabularies
DIST_DUMP, DIST_VOCABULARIES = "gremien.nt", "vocabularies.ttl"


def is_dump(path: Path) -> bool:
    """Whether `path` names a build folder or an RDF file that `diff` reads as a dump."""
    return path.is_dir() or path.suffix.lower() in RDF_FORMATS


def load_dump(path: Path) -> tuple[Register, Vocabularies | None]:
    """The register in the build folder or dump at `path`; with a folder, the vocabularies
    it was built with (None for a single dump: the diff uses those in use)."""
    if path.is_dir():
        dump = path / DIST_DUMP
        if not dump.is_file():
            raise fail(None, f"{display_path(path)} is a folder without {DIST_DUMP}",
                       "pass the folder that `gremien-rdf build` wrote (dist/), one of its "
                       "dumps, a register YAML file or a git revision")
        graph, _ = read_rdf(dump, DEFAULT_BASE_IRI)
        words = path / DIST_VOCABULARIES
        vocabularies = None
        if words.is_file():
            base = _base_of(graph, dump)
            vocabularies = Vocabularies(vocabulary_graph(base, [words]), Iris(base))
        return register_in(graph, dump), vocabularies
    return register_in(read_rdf(path, DEFAULT_BASE_IRI)[0], path), None


def register_in(graph: Graph, path: Path) -> Register:
    """The register in `graph`, the dump at `path` (read as `validate` reads RDF: nothing
    fetched)."""
    at = Position(str(path), 1)
    reports = list(graph.subjects(RDF.type, GMH.Report))
    if len(reports) != 1:
        raise fail(at, f"{display_path(path)} holds {len(reports)} reports (gmh:Report), "
                       "not one: it is no dump of gremien-rdf",
                   "pass gremien.ttl, gremien.nt or gremien.jsonld of a build")
    bodies = [_body(graph, subject, at) for subject in graph.subjects(RDF.type, GMH.Body)]
    bodies.sort(key=lambda body: (body.source.row, body.id))
    return Register(_report(graph, reports[0], at), tuple(bodies), str(path))


def _base_of(graph: Graph, path: Path) -> str:
    for subject in graph.subjects(RDF.type, GMH.Body):
        identifier = graph.value(subject, DCTERMS.identifier)
        suffix = f"gremium/{identifier}"
        if str(subject).endswith(suffix):
            return str(subject).removesuffix(suffix)
    raise fail(Position(str(path), 1), f"{display_path(path)} has no body (gmh:Body)",
               "pass the folder that `gremien-rdf build` wrote")


def _key(term: object) -> str:
    """A concept's key: the last segment of its IRI."""
    return str(term).rsplit("/", 1)[-1]


def _text(graph: Graph, subject: Node | None, predicate: URIRef) -> str | None:
    found = graph.value(subject, predicate)
    return None if found is None else str(found)


def _year(graph: Graph, subject: Node | None, predicate: URIRef) -> int | None:
    found = graph.value(subject, predicate)
    return None if found is None else int(found.toPython() if isinstance(found, Literal)
                                           else str(found))


def _body(graph: Graph, subject: Node, at: Position) -> Body:
    def concept(predicate: URIRef) -> str:
        found = graph.value(subject, predicate)
        if found is None:
            raise fail(at, f"the body {subject} has no {predicate}",
                       "pass a dump that `gremien-rdf build` wrote")
        return _key(found)

    source = graph.value(subject, PROV.wasDerivedFrom)
    cells = {key: _text(graph, source, CELL_PROPERTIES[key]) or "" for key, _ in COLUMNS}
    row = _year(graph, source, GMH.rowNumber) or 0
    focus = sorted((Focus(_key(graph.value(node, GMH.focusArea)),
                          _year(graph, node, GMH.since), _text(graph, node, GMH.note), at)
                    for node in graph.objects(subject, GMH.focusAssignment)),
                   key=lambda f: f.area)
    participants = sorted(
        (Participant(_key(graph.value(node, ORG.role)),
                     _key(status) if (status := graph.value(node, GMH.status)) else None, at)
         for node in graph.objects(subject, GMH.participation)),
        key=lambda p: (p.actor, p.status or ""))
    former = sorted((FormerTitle(str(graph.value(node, RDFS.label)),
                                 _year(graph, node, GMH.usedUntil) or 0, at)
                     for node in graph.objects(subject, GMH.formerName)),
                    key=lambda f: (f.until, f.title))
    return Body(
        id=str(graph.value(subject, DCTERMS.identifier)), land=concept(GMH.land),
        title=str(graph.value(subject, SKOS.prefLabel)),
        title_since=_year(graph, subject, GMH.nameSince), former_titles=tuple(former),
        level=concept(GMH.level), place=_text(graph, subject, GMH.place),
        focus=tuple(focus), participants=tuple(participants),
        frequency=concept(GMH.frequency), source=SourceRow(row, cells, at), position=at,
        # every field at the file's first line, as the converter asks for them by key
        positions=defaultdict(lambda: at))


def _report(graph: Graph, report: Node, at: Position) -> Report:
    table = next(graph.subjects(DCTERMS.isPartOf, report), None)
    if table is None or (table, RDF.type, GMH.SourceTable) not in graph:
        raise fail(at, "the report has no table (gmh:SourceTable)",
                   "pass a dump that `gremien-rdf build` wrote")
    cited = graph.value(table, PROV.wasDerivedFrom)

    def name(predicate: URIRef) -> str | None:
        organisation = graph.value(report, predicate)
        return None if organisation is None else _text(graph, organisation, SKOS.prefLabel)

    return Report(
        id=_key(report), title=_text(graph, report, DCTERMS.title) or "",
        edition=_text(graph, report, SCHEMA_BOOK_EDITION) or "",
        publisher=name(DCTERMS.publisher) or "", department=name(DCTERMS.creator),
        issued=_text(graph, report, DCTERMS.issued) or "", part=_text(graph, table,
                                                                        DCTERMS.description) or "",
        table_id=_key(table), table=_text(graph, table, DCTERMS.title) or "",
        source_note=_text(graph, table, RDFS.comment) or "",
        source_citation=(_text(graph, cited, DCTERMS.bibliographicCitation)
                         if cited is not None else None),
        landing_page=_text(graph, report, RDFS.seeAlso), position=at)
