"""Every namespace and every IRI pattern of gremien-rdf, in one place.

The ontology namespace (``gmh:``) is fixed. All other IRIs (bodies, their parts, the
vocabularies' concepts, the source report) are derived from one configurable base IRI and
stable ids, never from row order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

GMH = Namespace("https://w3id.org/gremien-rdf/def#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")

DEFAULT_BASE_IRI = "https://w3id.org/gremien-rdf/"

#: Prefixes bound in every graph we write.
PREFIXES: dict[str, Namespace] = {
    "dcterms": DCTERMS,
    "gmh": GMH,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "vann": VANN,
    "xsd": XSD,
}

#: Concept scheme keys, as used in IRIs ({base}{scheme}/{concept}).
SCHEMES = ("land", "ebene", "schwerpunkt", "akteur", "turnus", "teilnahmestatus")


def slug(text: str) -> str:
    """An ASCII id fragment from German text."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def check_base_iri(base: str) -> str | None:
    """Why `base` cannot serve as base IRI, or None when it can."""
    if not base.startswith(("http://", "https://")):
        return "it must start with http:// or https://"
    if not base.endswith(("/", "#")):
        return "it must end with '/' (or '#')"
    if any(c in base for c in ' <>"{}|\\^`'):
        return "it contains a character that is not allowed in an IRI"
    return None


@dataclass(frozen=True)
class Iris:
    """IRI builders for one base IRI."""

    base: str = DEFAULT_BASE_IRI

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
        return URIRef(f"{self.base}organisation/{slug(name)}")

    def report(self, report_id: str) -> URIRef:
        return URIRef(f"{self.base}quelle/{report_id}")

    def table(self, report_id: str, table_id: str) -> URIRef:
        return URIRef(f"{self.base}quelle/{report_id}/{table_id}")
