"""The reference pages: the ontology, the other
resources (report, table, organisations, catalogue, dataset), and the rules for content
negotiation."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from gremien_rdf import resources
from gremien_rdf.publishing.distributions import CATALOG
from gremien_rdf.rdf.namespaces import GMH, local_name
from gremien_rdf.rdf.serialize import json_ld
from gremien_rdf.site.escaping import href
from gremien_rdf.site.pages import SCHEMES, UI, Pages


class ReferencePages(Pages):

    def ontology_page(self, lang: str) -> None:
        g = self.ontology
        alternates = ("def.ttl", "def.jsonld")
        if lang == "de":
            self.write("def.ttl", resources.ontology_file().read_bytes())
            self.write("def.jsonld", json_ld(g, self.base))

        def terms(*kinds: URIRef) -> list[dict[str, Any]]:
            found = sorted({s for kind in kinds for s in g.subjects(RDF.type, kind)
                            if str(s).startswith(str(GMH))}, key=str)
            return [{
                "name": local_name(s, GMH),
                "iri": str(s),
                "label_de": self.text(g, s, RDFS.label, "de"),
                "label_en": self.text(g, s, RDFS.label, "en"),
                "definition": self.text(g, s, SKOS.definition, lang),
                "comment": self.text(g, s, RDFS.comment, lang),
                "kind": self.curie(next(iter(sorted(g.objects(s, RDF.type), key=str)))),
                "super": [self.curie(o) for o in sorted(g.objects(s, RDFS.subClassOf), key=str)
                          + sorted(g.objects(s, RDFS.subPropertyOf), key=str)],
                "domain": [self.curie(o) for o in sorted(g.objects(s, RDFS.domain), key=str)],
                "range": [self.curie(o) for o in sorted(g.objects(s, RDFS.range), key=str)],
            } for s in found]

        ontology_iri = URIRef(str(GMH).rstrip("#"))
        licence = g.value(ontology_iri, DCTERMS.license)
        licence_label = (self.s.publication.licence.label
                         if str(licence) == self.s.publication.licence.iri else None)
        self.page("def", "ontology.html", lang, UI[lang]["ontology"], alternates, None,
                  version=g.value(ontology_iri, OWL.versionInfo),
                  version_iri=g.value(ontology_iri, OWL.versionIRI),
                  licence=licence, licence_label=licence_label,
                  issued=g.value(ontology_iri, DCTERMS.issued),
                  modified=g.value(ontology_iri, DCTERMS.modified),
                  creator=self.text(g, ontology_iri, DCTERMS.creator, lang),
                  title_text=self.text(g, ontology_iri, DCTERMS.title, lang),
                  description=self.text(g, ontology_iri, DCTERMS.description, lang),
                  note=self.text(g, ontology_iri, RDFS.comment, lang),
                  classes=terms(OWL.Class),
                  properties=terms(OWL.ObjectProperty, OWL.DatatypeProperty),
                  datatypes=terms(RDFS.Datatype))

    def resource_pages(self, lang: str) -> None:
        """A plain page for each of the other resources: its triples in a table."""
        merged = self.merged
        for path, subject in self.resources.items():
            nested = path == "datensatz/gremien"
            alternates = self.representations(path, merged, subject, nested)
            rows = [(self.curie_text(s), self.curie_text(p), self.value_view(o))
                    for s, p, o in sorted(self.describe(merged, subject, nested))]
            name = self.text(merged, subject, SKOS.prefLabel, lang) or self.text(
                merged, subject, URIRef("http://purl.org/dc/terms/title"), lang) or \
                self.text(merged, subject, URIRef("http://xmlns.com/foaf/0.1/name"), lang) \
                or path
            self.page(path, "resource.html", lang, name, alternates, None, rows=rows)

    def value_view(self, value: Any) -> dict[str, Any]:
        """A value in a resource's table: text, language, and where it links to (a page of
        the site, a downloadable file, or a web address)."""
        view: dict[str, Any] = {"text": str(value), "lang": None, "page": None, "href": None,
                                "asset": None, "fragment": ""}
        if isinstance(value, Literal):
            view["lang"] = value.language
            return view
        iri = str(value)
        if iri.startswith(str(GMH)):
            return view | {"text": self.curie(value)["text"], "page": "def",
                           "fragment": local_name(iri, GMH)}
        path = self.iris.relative(iri)
        if path is None:  # a link only to a web address (not mailto:)
            return view | {"text": self.curie(value)["text"], "href": href(iri)}
        parts = path.split("/")
        view["text"] = path
        if parts[0] == "gremium" and len(parts) > 1:
            view["page"] = f"gremium/{parts[1]}"
        elif path.startswith("datensatz/gremien"):
            view["page"] = "datensatz/gremien"
        elif parts[0] == "download" and len(parts) == 2:
            view["asset"] = path
        elif path in self.resources or parts[0] in SCHEMES:
            view["page"] = path
        return view

    def conneg(self) -> None:
        self.write(".htaccess", self.env.get_template("htaccess").render())
        self.write("nginx/http.conf", self.env.get_template("nginx-http.conf").render())
        self.write("nginx/server.conf", self.env.get_template("nginx-server.conf").render())
        self.write("index.ttl", self.s.files[CATALOG])
        self.write("index.jsonld", json_ld(self.catalog, self.base))
