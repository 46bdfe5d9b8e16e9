"""Records → graph: golden graphs, key triples, IRIs, provenance, vocabularies, ontology."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
import yaml
from conftest import BASE, CURATED, ROOT
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.namespaces import GMH, ORG
from gremien_rdf.rdf.vocabularies import load_vocabularies
from gremien_rdf.resources import ontology_file
from gremien_rdf.source.register import load_register

CASES = sorted((Path(__file__).parent / "data" / "convert").iterdir())
B = BASE


def iri(path: str) -> URIRef:
    return URIRef(B + path)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_graph(case, vocabularies):
    register = load_register(case / "input.yaml", vocabularies)
    actual = register_graph(register, vocabularies).graph
    expected = Graph().parse(case / "expected.ttl")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(actual, expected)
        pytest.fail(f"only in actual: {sorted(only_actual)}\n"
                    f"only expected: {sorted(only_expected)}")


def participants(graph: Graph, body_id: str) -> set[str]:
    return {str(o)[len(B + "akteur/"):] for o in
            graph.objects(iri(f"gremium/{body_id}"), GMH.participantType)}


def status(graph: Graph, body_id: str, actor: str) -> str | None:
    value = graph.value(iri(f"gremium/{body_id}/teilnahme/{actor}"), GMH.status)
    return str(value)[len(B + "teilnahmestatus/"):] if value else None


def test_register_has_44_bodies_in_13_laender(graph):
    bodies = set(graph.subjects(RDF.type, GMH.Body))
    assert len(bodies) == 44
    assert len({graph.value(b, GMH.land) for b in bodies}) == 13


def test_suspended_hyphens_are_linked_as_actor_types(graph):
    assert participants(graph, "sn-arbeitskreis-prostitution-chemnitz") == {
        "polizei", "ordnungsbehoerden", "gesundheitsbehoerden", "finanzbehoerden",
        "baubehoerden", "fbs"}
    assert participants(graph, "he-runder-tisch-menschenhandel-kassel") >= {
        "auslaenderbehoerden", "sozialbehoerden", "gesundheitsbehoerden", "finanzbehoerden"}


def test_qualified_participation(graph):
    assert status(graph, "be-fachkommission-menschenhandel", "fbs") == "geplant"
    assert status(graph, "be-fachkommission-menschenhandel", "asylbehoerden") is None
    assert status(graph, "sl-jour-fixe", "fbs") == "anlassbezogen"
    assert status(graph, "sn-arbeitskreis-prostitution-dresden", "weitere") == "gegebenenfalls"
    nrw = "nw-fachaustausch-menschenhandel-zwangsprostitution"
    assert participants(graph, nrw) == {"fbs", "behoerden", "zivilgesellschaft"}
    assert {status(graph, nrw, a) for a in participants(graph, nrw)} == {"wechselnd"}
    assert participants(graph, "he-austauschtreffen-polizei-fbs") == {
        "polizei", "bundespolizei", "bka", "landespolizei", "lka", "zoll", "fbs"}


def test_who_sits_at_the_table_is_a_one_line_pattern(graph):
    rows = graph.query(
        "SELECT (COUNT(DISTINCT ?body) AS ?n) WHERE { ?body gmh:participantType ?fbs }",
        initNs={"gmh": GMH}, initBindings={"fbs": iri("akteur/fbs")},
    )
    # 24 rows of the table name FBS in the actor column (row 7 as planned, 36 as changing,
    # 39 as occasional): awk -F'\t' '$5 ~ /FBS/' data/source/*.txt | wc -l
    assert [int(r[0]) for r in rows] == [24]


def test_renamed_body_and_dated_focus(graph):
    hessen = iri("gremium/he-runder-tisch-menschenhandel")
    # years are xsd:integer (gmh:Year): xsd:gYear is not in the OWL 2 datatype map
    assert graph.value(hessen, GMH.nameSince) == Literal(2024, datatype=XSD.integer)
    former = graph.value(hessen, GMH.formerName)
    assert graph.value(former, GMH.usedUntil) == Literal(2024, datatype=XSD.integer)
    assert graph.value(former, RDFS.label) == Literal(
        "Runder Tisch „Bekämpfung des Menschenhandels“", lang="de")
    labour = iri("gremium/he-runder-tisch-menschenhandel/schwerpunkt/arbeitsausbeutung")
    assert graph.value(labour, GMH.since) == Literal(2024, datatype=XSD.integer)
    assert not any(o.datatype == XSD.gYear for o in graph.objects() if isinstance(o, Literal))


def test_every_body_points_back_to_its_row(graph, register):
    table = iri("quelle/monitor-2024/datenanhang-2-tabelle-1")
    rows = []
    for body in register.bodies:
        subject = iri(f"gremium/{body.id}")
        entry = graph.value(subject, PROV.wasDerivedFrom)
        assert graph.value(subject, DCTERMS.source) == table
        assert graph.value(entry, DCTERMS.isPartOf) == table
        rows.append(int(graph.value(entry, GMH.rowNumber)))
        texts = {p for p in graph.predicates(entry) if str(p).endswith("Text")}
        assert len(texts) == 6
    assert sorted(rows) == list(range(1, 45))


def test_no_blank_nodes_and_all_data_iris_under_the_base(graph):
    external = ("http://www.w3.org/", "https://w3id.org/gremien-rdf/def#", "http://purl.org/",
                "https://schema.org/",
                "https://www.institut-fuer-menschenrechte.de/")
    for triple in graph:
        assert not any(isinstance(t, BNode) for t in triple)
        for term in triple:
            if isinstance(term, URIRef) and not str(term).startswith(external):
                assert str(term).startswith(B), term


def test_base_iri_is_configurable_and_iris_do_not_depend_on_row_order(tmp_path):
    other = "https://example.org/register/"
    vocabularies = load_vocabularies(other)
    data = yaml.safe_load(CURATED.read_text("utf-8"))
    random.Random(7).shuffle(data["bodies"])
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    a = register_graph(load_register(CURATED, vocabularies), vocabularies).graph
    b = register_graph(load_register(shuffled, vocabularies), vocabularies).graph
    assert isomorphic(a, b)
    assert (URIRef(other + "gremium/sl-jour-fixe"), GMH.land, URIRef(other + "land/DE-SL")) in a
    assert not any(str(s).startswith(B + "gremium") for s in a.subjects())


def test_source_map_points_to_the_yaml_lines(register, vocabularies):
    conversion = register_graph(register, vocabularies)
    lines = CURATED.read_text("utf-8").splitlines()

    def line_at(key):  # the source map names nodes and properties by their IRIs, as str
        key = str(key) if isinstance(key, str) else tuple(map(str, key))
        return lines[conversion.source_map[key].line - 1].strip()

    jour_fixe = iri("gremium/sl-jour-fixe")
    assert line_at(jour_fixe) == "- id: sl-jour-fixe"
    assert line_at((jour_fixe, GMH.frequency)) == "frequency: Mehrmals jährlich"
    assert line_at(iri("gremium/sl-jour-fixe/teilnahme/fbs")) == "- actor: Fachberatungsstellen"
    assert line_at(iri("gremium/sl-jour-fixe/teilnahme/polizei")) == "- Polizei"
    assert line_at(iri("gremium/sl-jour-fixe/quelle/monitor-2024")) == "row: 39"


def test_report_publisher_department_and_cited_survey(graph):
    report = iri("quelle/monitor-2024")
    department = graph.value(report, DCTERMS.creator)
    assert graph.value(department, SKOS.prefLabel) == Literal(
        "Berichterstattungsstelle Menschenhandel", lang="de")
    assert graph.value(department, ORG.unitOf) == graph.value(report, DCTERMS.publisher)
    survey = graph.value(iri("quelle/monitor-2024/datenanhang-2-tabelle-1"), PROV.wasDerivedFrom)
    assert survey == iri("quelle/monitor-2024/literatur/dimr-monitor-2024")
    assert str(graph.value(survey, DCTERMS.bibliographicCitation)).startswith(
        "DIMR Monitor (2024): Befragung zur Umsetzung der Europaratskonvention")


def test_laender_scheme_matches_the_reference_table(vocabularies):
    graph = vocabularies.graph
    with (ROOT / "data" / "reference" / "laender.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 16
    for row in rows:
        concept = iri(f"land/{row['iso_3166_2']}")
        assert graph.value(concept, SKOS.prefLabel) is not None
        assert Literal(row["name"], lang="de") in set(graph.objects(concept, SKOS.prefLabel))
        notations = {str(n) for n in graph.objects(concept, SKOS.notation)}
        assert {row["state_key"], row["iso_3166_2"], row["nuts1"]} <= notations
        assert URIRef(row["nuts_iri"]) in set(graph.objects(concept, SKOS.exactMatch))


def test_the_three_laender_without_a_body_are_in_the_scheme(graph, vocabularies):
    used = {str(o) for o in graph.objects(None, GMH.land)}
    unused = {c.label_de for c in vocabularies["land"].concepts.values()
              if B + f"land/{c.key}" not in used}
    assert unused == {"Schleswig-Holstein", "Mecklenburg-Vorpommern", "Thüringen"}


def test_vocabularies_have_english_labels_and_a_hierarchy(vocabularies):
    for vocabulary in vocabularies.schemes.values():
        for concept in vocabulary.concepts.values():
            assert concept.label_de and concept.label_en, concept
    graph = vocabularies.graph
    assert list(graph.transitive_objects(iri("akteur/lka"), SKOS.broader)) == [
        iri("akteur/lka"), iri("akteur/landespolizei"), iri("akteur/polizei")]
    assert list(graph.transitive_objects(iri("schwerpunkt/arbeitsausbeutung"), SKOS.broader)) == [
        iri("schwerpunkt/arbeitsausbeutung"), iri("schwerpunkt/menschenhandel")]
    assert (iri("akteur/polizei"), SKOS.narrower, iri("akteur/bka")) in vocabularies.graph
    assert vocabularies["akteur"].lookup("BKA").concept.key == "bka"
    assert vocabularies["ebene"].lookup("kommunal/regional").concept.key == "kommunal-regional"


def test_ontology_defines_every_term_the_data_uses(graph):
    ontology = Graph().parse(ontology_file())
    assert not any(isinstance(t, BNode) for triple in ontology for t in triple)
    used = {p for p in graph.predicates() if str(p).startswith(str(GMH))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(GMH))}
    for term in used:
        labels = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"de", "en"} <= labels, term
        definitions = {d.language for d in ontology.objects(term, SKOS.definition)}
        assert {"de", "en"} <= definitions, term
    assert (GMH.Body, RDFS.subClassOf, ORG.Organization) in ontology
    assert (GMH.Participation, RDFS.subClassOf, ORG.Membership) in ontology
    assert (GMH.Body, RDFS.subClassOf, ORG.OrganizationalCollaboration) not in ontology
    assert (URIRef(str(GMH)[:-1]), RDF.type, OWL.Ontology) in ontology


def test_published_labels_carry_no_pdf_artefact(graph, vocabularies):
    artefacts = re.compile(r"Menschenhand el|Ausbeutungsfo rmen|\w- [A-ZÄÖÜ]")
    for subject, predicate, obj in (*graph, *vocabularies.graph):
        if isinstance(obj, Literal) and predicate != GMH.participantsText:
            assert not artefacts.search(str(obj)), (subject, predicate, obj)
    titles = [str(o) for o in graph.objects(None, SKOS.prefLabel)]
    assert not [t for t in titles if t.endswith((".", "-", " des"))]


def test_every_suspended_hyphen_is_linked(graph, register, vocabularies):
    """Each `Xyz-` stem in a verbatim actor cell is a linked actor type of that body."""
    for body in register.bodies:
        linked = {vocabularies["akteur"].concepts[k].label_de
                  for k in participants(graph, body.id)}
        items = [item.strip() for item in body.source.cells["participants"].split(",")]
        for index, item in enumerate(items):
            if item.endswith("-"):
                head = next(i for i in items[index:] if not i.endswith("-"))
                assert any(label.startswith(item[:-1]) and label.endswith(head[-8:])
                           for label in linked), (body.id, item)


def test_the_source_map_made_per_body_equals_a_map_made_with_every_triple(register,
                                                                          vocabularies):
    """SourceMap converts a body again when a finding asks for its positions; it must give
    what a map filled while converting all bodies gives, key for key."""
    from gremien_rdf.rdf.convert import _add_body, _named
    from gremien_rdf.rdf.triples import Triples

    conversion = register_graph(register, vocabularies)
    iris, report = vocabularies.iris, register.report
    table = _named(iris.table(report.id, report.table_id))
    whole: dict = {str(iris.report(report.id)): report.position, str(table.value): report.position}
    for body in register.bodies:
        _add_body(Triples(), whole, body, iris, report.id, table)
    # a position for every node of a body and every property of such a node
    prefix = str(iris.body(""))
    of_bodies = {(s.value, p.value) for s, p, _ in conversion.triples
                 if s.value.startswith(prefix)}
    assert set(whole) == {*of_bodies, *(s for s, _ in of_bodies), str(iris.report(report.id)),
                          str(table.value)}
    assert {key: conversion.source_map.get(key) for key in whole} == whole
    subjects = {s.value for s, _, _ in conversion.triples}
    assert all(s in conversion.source_map for s in subjects if s in whole)
    publisher = str(iris.organisation(report.publisher))
    assert publisher in subjects and publisher not in conversion.source_map
    assert conversion.source_map.get((str(iris.report(report.id)), str(GMH.land))) is None
    assert iri("gremium/none") not in conversion.source_map
    # rdflib's terms are taken as the IRIs they are; a key of another shape is no key
    body = iri("gremium/sl-jour-fixe")
    assert conversion.source_map[body] == whole[str(body)]
    assert conversion.source_map[(body, GMH.land)] == whole[(str(body), str(GMH.land))]
    assert () not in conversion.source_map and None not in conversion.source_map
