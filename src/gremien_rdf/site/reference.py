"""The reference pages: the ontology, and the rules for content negotiation. (The stored
queries' pages are in query_pages.py, the other resources' in catalogue.py.)"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VANN

from gremien_rdf import resources
from gremien_rdf.digests import size_of
from gremien_rdf.publishing.distributions import CATALOG
from gremien_rdf.rdf.namespaces import GMH, local_name
from gremien_rdf.rdf.serialize import json_ld
from gremien_rdf.site.pages import UI, Pages


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
                # how often the data uses it: instances of a class, statements of a property
                "uses": (self.data.instances if (s, RDF.type, OWL.Class) in g
                         else self.data.statements)[str(s)],
                # for a class: the properties that have it as domain, and as range
                "in_domain_of": [self.curie(o) for o in sorted(g.subjects(RDFS.domain, s),
                                                               key=str)],
                "in_range_of": [self.curie(o) for o in sorted(g.subjects(RDFS.range, s),
                                                              key=str)],
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
                  publisher=self.agent(g.value(ontology_iri, DCTERMS.publisher), lang),
                  prefix=g.value(ontology_iri, VANN.preferredNamespacePrefix),
                  namespace=g.value(ontology_iri, VANN.preferredNamespaceUri),
                  files=[(name, size_of(self.out[name])) for name in alternates],
                  classes=terms(OWL.Class),
                  properties=terms(OWL.ObjectProperty, OWL.DatatypeProperty),
                  datatypes=terms(RDFS.Datatype))

    def agent(self, iri: Any, lang: str) -> tuple[str | None, str] | None:
        """An organisation named by its IRI: the path of its page on the site (if it has
        one) and its name."""
        if iri is None:
            return None
        path = self.iris.relative(iri)
        name = self.text(self.merged, iri, FOAF.name, lang) or str(iri)
        return (path if path in self.resources else None, name)

    def conneg(self) -> None:
        self.write(".htaccess", self.env.get_template("htaccess").render())
        self.write("nginx/http.conf", self.env.get_template("nginx-http.conf").render())
        self.write("nginx/server.conf", self.env.get_template("nginx-server.conf").render())
        self.write("index.ttl", self.s.files[CATALOG])
        self.write("index.jsonld", json_ld(self.catalog, self.base))
