"""The one table of the RDF formats gremien-rdf writes and reads: rdflib's name, the file
suffix, the media type, the W3C format IRI and the EU file type (DCAT-AP's dct:format).

The media types and the Turtle and N-Triples IRIs are pyoxigraph's own (tests/test_formats.py
compares them); for JSON-LD pyoxigraph 0.5 names https://www.w3.org/ns/formats/data/JSON-LD,
while W3C's register of format IRIs (https://www.w3.org/ns/formats/) has
http://www.w3.org/ns/formats/JSON-LD, which the published metadata keeps."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RdfFormat:
    name: str  # rdflib's parser and serializer
    suffix: str
    media_type: str
    iri: str
    eu_file_type: str


#: the formats of the dumps, in the order of the files (gremien.ttl, .jsonld, .nt)
RDF_FORMATS = (
    RdfFormat("turtle", ".ttl", "text/turtle", "http://www.w3.org/ns/formats/Turtle",
              "RDF_TURTLE"),
    RdfFormat("json-ld", ".jsonld", "application/ld+json",
              "http://www.w3.org/ns/formats/JSON-LD", "JSON_LD"),
    RdfFormat("nt", ".nt", "application/n-triples", "http://www.w3.org/ns/formats/N-Triples",
              "RDF_N_TRIPLES"),
)
#: by file suffix; a JSON-LD document may also end in .json when it is read
BY_SUFFIX = {fmt.suffix: fmt for fmt in RDF_FORMATS} | {".json": RDF_FORMATS[1]}
