"""What the site reads of the data without an rdflib Graph of it all (site/data.py), the
templates' dict lookups (pages.SiteEnvironment), and that a build of the site never asks
for the rdflib Graph of the data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import BASE
from jinja2 import StrictUndefined, UndefinedError

import gremien_rdf
from gremien_rdf.rdf.convert import Conversion
from gremien_rdf.rdf.namespaces import Iris
from gremien_rdf.rdf.triples import RDF_TYPE, Triples
from gremien_rdf.site.data import site_data
from gremien_rdf.site.pages import SiteEnvironment

IRIS = Iris(BASE)
GMH = "https://w3id.org/gremien-rdf/def#"


def n(path: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + path)


def g(term: str) -> ox.NamedNode:
    return ox.NamedNode(GMH + term)


TABLE = n("quelle/r/tabelle")
REPORT = n("quelle/r")
#: two bodies and a part of each; the report, its table; a body the report names
TRIPLES = [
    (n("gremium/a"), RDF_TYPE, g("Body")),
    (n("gremium/a"), g("source"), TABLE),
    (n("gremium/a/quelle/r"), RDF_TYPE, g("SourceEntry")),
    (n("gremium/a/quelle/r"), g("isPartOf"), TABLE),  # a names the table twice
    (n("gremium/b"), RDF_TYPE, g("Body")),
    (n("gremium/b/quelle/r"), g("isPartOf"), TABLE),  # b only through its part
    (n("gremium/b"), g("land"), n("land/DE-BW")),
    (TABLE, RDF_TYPE, g("SourceTable")),
    (TABLE, g("isPartOf"), REPORT),
    (REPORT, RDF_TYPE, g("Report")),
    (REPORT, g("example"), n("gremium/b")),
    (ox.BlankNode("x"), g("note"), ox.Literal(BASE + "gremium/a")),
]


def test_the_data_splits_into_the_bodies_triples_and_the_others_in_order():
    data = site_data(Triples(TRIPLES), IRIS)
    assert data.of_bodies == TRIPLES[:7]
    assert data.others == TRIPLES[7:]


def test_bodies_naming_counts_each_body_once_through_itself_or_its_parts():
    data = site_data(Triples(TRIPLES), IRIS)
    naming = data.bodies_naming(IRIS, {TABLE.value, REPORT.value, n("land/DE-BW").value})
    assert naming == {TABLE.value: {BASE + "gremium/a", BASE + "gremium/b"},
                      n("land/DE-BW").value: {BASE + "gremium/b"}}
    # a literal with the text of an IRI names nothing
    assert data.bodies_naming(IRIS, {BASE + "gremium/a"}) == {}


def test_the_uses_of_classes_and_properties_are_counted_over_all_triples():
    data = site_data(Triples(TRIPLES), IRIS)
    assert data.instances == {GMH + "Body": 2, GMH + "SourceEntry": 1,
                              GMH + "SourceTable": 1, GMH + "Report": 1}
    assert data.statements[GMH + "isPartOf"] == 3
    assert data.statements[RDF_TYPE.value] == 5
    assert data.statements[GMH + "missing"] == 0


def test_named_gives_the_triples_of_the_bodies_the_others_name():
    data = site_data(Triples(TRIPLES), IRIS)
    assert data.named() == [(n("gremium/b"), RDF_TYPE, g("Body")),
                            (n("gremium/b"), g("land"), n("land/DE-BW"))]
    assert site_data(Triples(TRIPLES[:10]), IRIS).named() == []


def test_templates_read_a_dicts_keys_and_methods_as_jinja_does():
    env = SiteEnvironment(undefined=StrictUndefined)
    view = {"title": "T", "items": "shadowed", "n": 0}
    assert env.from_string("{{ v.title }} {{ v.n }} {{ v['items'] }}").render(v=view) \
        == "T 0 shadowed"
    # an attribute of dict wins over a key, as in Jinja2's own getattr
    assert env.from_string("{{ v.items is callable }}").render(v=view) == "True"
    with pytest.raises(UndefinedError):
        env.from_string("{{ v.missing }}").render(v=view)


def test_the_site_never_makes_an_rdflib_graph_of_the_data(monkeypatch):
    def refuse(self):
        raise AssertionError("the site asked for the rdflib Graph of the whole data")

    monkeypatch.setattr(Conversion, "graph", property(refuse))
    dataset = gremien_rdf.load()
    files = dataset.site()
    assert len([name for name in files if name.endswith(".html")]) == 284
    assert dataset.conversion.triples._graph is None  # nor through Triples.graph()
