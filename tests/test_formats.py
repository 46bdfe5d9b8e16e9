"""gremien_rdf.rdf.formats, the one table of RDF formats, against pyoxigraph's own."""

from __future__ import annotations

import pyoxigraph as ox

from gremien_rdf.rdf.formats import BY_SUFFIX, RDF_FORMATS


def test_media_types_suffixes_and_iris_are_pyoxigraphs():
    for fmt in RDF_FORMATS:
        theirs = ox.RdfFormat.from_extension(fmt.suffix.lstrip("."))
        assert theirs is not None, fmt
        assert (fmt.media_type, fmt.suffix) == (theirs.media_type, "." + theirs.file_extension)
        if fmt.name != "json-ld":
            assert fmt.iri == theirs.iri
    # pyoxigraph names another IRI for JSON-LD than W3C's register of format IRIs
    assert ox.RdfFormat.JSON_LD.iri == "https://www.w3.org/ns/formats/data/JSON-LD"
    assert BY_SUFFIX[".jsonld"].iri == "http://www.w3.org/ns/formats/JSON-LD"


def test_a_json_file_is_read_as_json_ld():
    assert BY_SUFFIX[".json"] is BY_SUFFIX[".jsonld"]
    assert [fmt.suffix for fmt in RDF_FORMATS] == [".ttl", ".jsonld", ".nt"]
