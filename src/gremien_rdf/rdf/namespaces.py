"""Every namespace and every IRI pattern of gremien-rdf, in one place.

The ontology namespace (``gmh:``) is fixed. All other IRIs (bodies, their parts, the
vocabularies' concepts, the source report) are derived from one configurable base IRI and
stable ids, never from row order.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from gremien_rdf import DEFAULT_BASE_IRI
from gremien_rdf.rdf.names import IRI_FORBIDDEN as IRI_FORBIDDEN
from gremien_rdf.rdf.names import SCHEME_REGISTRY as SCHEME_REGISTRY
from gremien_rdf.rdf.names import SCHEMES as SCHEMES
from gremien_rdf.rdf.names import Scheme as Scheme
from gremien_rdf.rdf.names import check_base_iri as check_base_iri
from gremien_rdf.rdf.names import check_iri as check_iri
from gremien_rdf.rdf.names import concept_iri, relative
from gremien_rdf.rdf.names import segment as segment
from gremien_rdf.rdf.names import slug as slug

GMH = Namespace("https://w3id.org/gremien-rdf/def#")
GMHSH = Namespace("https://w3id.org/gremien-rdf/shapes#")
GMHCHECK = Namespace("https://w3id.org/gremien-rdf/checks#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
#: DCAT-AP's own terms (dcatap:availability): SEMIC's DCAT-AP 3.0.0 context and shapes, and
#: DCAT-AP.de 3.0's examples, write them under http://data.europa.eu/r5r/
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
GEODCATAP = Namespace("http://data.europa.eu/930/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
VOID = Namespace("http://rdfs.org/ns/void#")
#: the EU's authority tables (file-type, language, data-theme, country, …)
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
#: IANA's media types, as DCAT-AP.de wants them in dcat:mediaType
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"

#: Prefixes bound in every graph we write.
PREFIXES: dict[str, Namespace] = {
    "dcterms": Namespace(str(DCTERMS)),
    "gmh": GMH,
    "org": ORG,
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "schema": SCHEMA,
    "skos": Namespace(str(SKOS)),
    "vann": VANN,
    "xsd": Namespace(str(XSD)),
}

#: More prefixes, bound only in the dataset's metadata (catalog.ttl, void.ttl).
METADATA_PREFIXES: dict[str, Namespace] = {
    "dcat": DCAT,
    "dcatap": DCATAP,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "geodcatap": GEODCATAP,
    "spdx": SPDX,
    "vcard": VCARD,
    "void": VOID,
}

def split_iri(iri: str, prefixes: dict[str, Namespace]) -> tuple[str, str] | None:
    """(prefix, local name) of `iri` under the longest namespace of `prefixes` it starts
    with, or None."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(str(item[1]))):
        if iri.startswith(str(namespace)):
            return prefix, iri[len(str(namespace)):]
    return None


def curie(iri: object, prefixes: dict[str, Namespace] | None = None) -> str | None:
    """`iri` as a compact IRI, prefix:local, under the longest namespace of `prefixes`
    (default PREFIXES, the project's); None if none fits."""
    split = split_iri(str(iri), PREFIXES if prefixes is None else prefixes)
    return f"{split[0]}:{split[1]}" if split else None


def local_name(iri: object, namespace: object) -> str | None:
    """What follows `namespace` in `iri`, or None if `iri` is not in it."""
    text, start = str(iri), str(namespace)
    return text[len(start):] if text.startswith(start) else None


def new_graph(metadata: bool = False) -> Graph:
    """An empty graph with the project's prefixes bound (and the metadata's, if asked)."""
    graph = Graph()
    for prefix, namespace in (PREFIXES | (METADATA_PREFIXES if metadata else {})).items():
        graph.bind(prefix, namespace, replace=True)
    return graph


@dataclass(frozen=True)
class Iris:
    """IRI builders for one base IRI."""

    base: str = DEFAULT_BASE_IRI

    def relative(self, iri: object) -> str | None:
        """The path of `iri` below the base IRI ("" for the base itself), or None when it
        lies elsewhere: the one way to shorten an IRI of ours."""
        return relative(self.base, iri)

    def concept_key(self, scheme: str, iri: object) -> str | None:
        """The key of the concept `iri` of `scheme` ({base}{scheme}/{key}), or None."""
        prefix = f"{self.scheme(scheme)}/"
        text = str(iri)
        return text[len(prefix):] if text.startswith(prefix) else None

    def body_of(self, iri: object) -> URIRef | None:
        """The body that `iri` names or is a part of (gremium/x/teilnahme/y → gremium/x),
        or None for an IRI that is no body's."""
        page = self.page(iri)
        return URIRef(self.base + page) if page and page.startswith("gremium/") else None

    def page(self, iri: object) -> str | None:
        """The path of the page that shows `iri` (a part of a body is on its body's page:
        gremium/x/teilnahme/y → gremium/x), or None for an IRI not of ours."""
        path = self.relative(iri)
        if path is not None and path.startswith("gremium/"):
            return "/".join(path.split("/")[:2])
        return path

    def scheme(self, scheme: str) -> URIRef:
        return URIRef(f"{self.base}{scheme}")

    def concept(self, scheme: str, key: str) -> URIRef:
        return URIRef(concept_iri(self.base, scheme, key))

    def body(self, body_id: str) -> URIRef:
        return URIRef(f"{self.base}gremium/{body_id}")

    def participation(self, body_id: str, actor_key: str) -> URIRef:
        return URIRef(f"{self.base}gremium/{body_id}/teilnahme/{actor_key}")

    def focus_assignment(self, body_id: str, area_key: str) -> URIRef:
        return URIRef(f"{self.base}gremium/{body_id}/schwerpunkt/{area_key}")

    def former_name(self, body_id: str, until: int) -> URIRef:
        return URIRef(f"{self.base}gremium/{body_id}/frueherer-name/{until}")

    def source_entry(self, body_id: str, report_id: str) -> URIRef:
        return URIRef(f"{self.base}gremium/{body_id}/quelle/{report_id}")

    def organisation(self, name: str) -> URIRef:
        return URIRef(f"{self.base}organisation/{segment(name)}")

    def cited_work(self, report_id: str, citation: str) -> URIRef:
        """A work in the report's bibliography, named by its key ("DIMR Monitor (2024)")."""
        key = citation.split(":")[0]
        return URIRef(f"{self.base}quelle/{report_id}/literatur/{segment(key)}")

    def report(self, report_id: str) -> URIRef:
        return URIRef(f"{self.base}quelle/{report_id}")

    def table(self, report_id: str, table_id: str) -> URIRef:
        return URIRef(f"{self.base}quelle/{report_id}/{table_id}")

    def catalog(self) -> URIRef:
        return URIRef(f"{self.base}katalog")

    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}datensatz/gremien")

    def distribution(self, file_name: str) -> URIRef:
        return URIRef(f"{self.base}datensatz/gremien/verteilung/{file_name}")

    def dataset_part(self, *path: str) -> URIRef:
        """A part of the dataset's description: its period, contact, VoID partitions."""
        return URIRef(f"{self.base}datensatz/gremien/" + "/".join(path))
