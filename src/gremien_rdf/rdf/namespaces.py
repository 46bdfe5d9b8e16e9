"""Every namespace and every IRI pattern of gremien-rdf, in one place.

The ontology namespace (``gmh:``) is fixed. All other IRIs (bodies, their parts, the
vocabularies' concepts, the source report) are derived from one configurable base IRI and
stable ids, never from row order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from gremien_rdf import DEFAULT_BASE_IRI

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

@dataclass(frozen=True)
class Scheme:
    """A concept scheme: its key (as in its IRI, {base}{key}/{concept}), its names (the
    English one our own translation) and the stem of its files (ontology/vocabularies/
    {file}.ttl, the table {file}.csv)."""

    key: str
    name_de: str
    name_en: str
    file: str


#: the one registry of the concept schemes, in the order every list shows them
SCHEME_REGISTRY = (
    Scheme("land", "Länder", "Länder", "laender"),
    Scheme("ebene", "Ebenen", "Levels", "ebenen"),
    Scheme("schwerpunkt", "Schwerpunkte", "Focus areas", "schwerpunkte"),
    Scheme("akteur", "Akteurstypen", "Actor types", "akteure"),
    Scheme("turnus", "Turnus", "Frequencies", "turnus"),
    Scheme("teilnahmestatus", "Teilnahmestatus", "Participation statuses", "teilnahmestatus"),
)
#: Concept scheme keys, as used in IRIs ({base}{scheme}/{concept}).
SCHEMES = tuple(scheme.key for scheme in SCHEME_REGISTRY)


def slug(text: str) -> str:
    """An ASCII id fragment from German text."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def segment(text: str, limit: int = 60) -> str:
    """A path segment for an IRI (and a file name of the site) named by free text: its slug
    if that is 1 to `limit` characters long, else the slug cut at a hyphen, or nothing, and
    8 hex digits of the text's SHA-256, so that a long or non-Latin name still gives a
    short, distinct, non-empty segment."""
    plain = slug(text)
    if plain and len(plain) <= limit:
        return plain
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    head = plain[:limit + 1].rsplit("-", 1)[0][:limit].strip("-")
    return f"{head}-{digest}" if head else digest


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


IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def check_iri(text: str) -> str | None:
    """Why `text` is not an absolute http(s) IRI, or None when it is one."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return "it must start with http:// or https://"
    if not parts.netloc or parts.netloc.startswith((":", "@")):
        return "it must name a host, as in https://example.org/"
    if IRI_FORBIDDEN.search(text):
        return "it contains a space or a character that is not allowed in an IRI (<>\"{}|\\^`)"
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return "it contains a '%' that is not followed by two hex digits"
    return None


def check_base_iri(base: str) -> str | None:
    """Why `base` cannot serve as base IRI, or None when it can.

    Published files use IRIs relative to the base, so it must be a plain folder IRI: no
    query, no fragment, no '.' or '..' segments, ending with '/'.
    """
    problem = check_iri(base)
    if problem:
        return problem
    parts = urlsplit(base)
    if parts.query or parts.fragment or "?" in base or "#" in base:
        return "it must not contain '?' or '#'"
    if not base.endswith("/"):
        return "it must end with '/'"
    if urljoin(base, "a/b") != base + "a/b" or "/./" in base or "/../" in base:
        return "its path must be normalised (no '.' or '..' segments, no '//')"
    if "//" in parts.path:
        return "its path must be normalised (no '.' or '..' segments, no '//')"
    return None


@dataclass(frozen=True)
class Iris:
    """IRI builders for one base IRI."""

    base: str = DEFAULT_BASE_IRI

    def relative(self, iri: object) -> str | None:
        """The path of `iri` below the base IRI ("" for the base itself), or None when it
        lies elsewhere: the one way to shorten an IRI of ours."""
        text = str(iri)
        return text[len(self.base):] if text.startswith(self.base) else None

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
        return URIRef(f"{self.base}{scheme}/{key}")

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
