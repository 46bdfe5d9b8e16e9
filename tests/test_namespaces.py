"""gremien_rdf.rdf.namespaces: the one way to shorten an IRI (curie, Iris.relative) and to
find the page that shows it (Iris.page)."""

from __future__ import annotations

from rdflib import URIRef

from gremien_rdf.rdf.namespaces import GMH, METADATA_PREFIXES, PREFIXES, Iris, curie

IRIS = Iris("https://example.org/g/")


def test_curie_takes_the_longest_namespace_and_gives_none_outside():
    assert curie(GMH.Body) == "gmh:Body"
    assert curie(URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) == "skos:prefLabel"
    assert curie("http://www.w3.org/ns/dcat#Dataset") is None  # not among PREFIXES
    assert curie("http://www.w3.org/ns/dcat#Dataset",
                 PREFIXES | METADATA_PREFIXES) == "dcat:Dataset"
    nested = {"a": "http://x.org/", "b": "http://x.org/deep/"}
    assert curie("http://x.org/deep/thing", nested) == "b:thing"  # type: ignore[arg-type]


def test_an_iri_of_ours_is_shortened_to_its_path_and_any_other_is_not():
    assert IRIS.relative(IRIS.body("he-x")) == "gremium/he-x"
    assert IRIS.relative("https://example.org/g/") == ""
    assert IRIS.relative("https://example.org/other/gremium/he-x") is None
    assert IRIS.relative("https://example.org/g") is None


def test_a_part_of_a_body_is_shown_on_the_body_page():
    assert IRIS.page(IRIS.participation("he-x", "polizei")) == "gremium/he-x"
    assert IRIS.page(IRIS.former_name("he-x", 2019)) == "gremium/he-x"
    assert IRIS.page(IRIS.concept("land", "DE-HE")) == "land/DE-HE"
    assert IRIS.page("https://schema.org/Organization") is None


def test_iris_parse_what_they_build():
    from gremien_rdf.rdf.namespaces import local_name

    assert IRIS.concept_key("akteur", IRIS.concept("akteur", "polizei")) == "polizei"
    assert IRIS.concept_key("akteur", IRIS.concept("land", "DE-HE")) is None
    assert IRIS.body_of(IRIS.focus_assignment("he-x", "ausbeutung")) == IRIS.body("he-x")
    assert IRIS.body_of(IRIS.body("he-x")) == IRIS.body("he-x")
    assert IRIS.body_of(IRIS.concept("land", "DE-HE")) is None
    assert local_name(GMH.Body, GMH) == "Body" and local_name(GMH.Body, "urn:x:") is None
