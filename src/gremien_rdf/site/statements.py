"""What the resource pages say about any term: the readable name of a property or class (the
ontology's labels for gmh:, site/terms.yaml for the others), the name and link of any value,
a resource's facts in a chosen order, who names it, and all its statements for the curious."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from gremien_rdf.rdf.formats import RDF_FORMATS
from gremien_rdf.rdf.namespaces import (
    EU_AUTHORITY,
    FOAF,
    GMH,
    IANA_MEDIA_TYPES,
    METADATA_PREFIXES,
    PREFIXES,
    SPDX,
    VCARD,
    curie,
    local_name,
)
from gremien_rdf.site.escaping import href
from gremien_rdf.site.pages import SCHEMES, Pages, number
from gremien_rdf.source.reader import Loader

#: readable names of the properties and classes, by compact IRI: [German, English]
TERMS: dict[str, dict[str, list[str]]] = yaml.load(
    (Path(__file__).parent / "terms.yaml").read_text("utf-8"), Loader=Loader)

#: the prefixes of the data and of the catalogue, for compact IRIs
ALL_PREFIXES = PREFIXES | METADATA_PREFIXES

#: the properties whose value names a resource, most telling first
NAMES = (SKOS.prefLabel, DCTERMS.title, FOAF.name, RDFS.label, VCARD.fn,
         DCTERMS.bibliographicCitation)

#: the W3C format IRIs and their names (the last part of the IRI: Turtle, JSON-LD, …)
FORMAT_NAMES = {fmt.iri: fmt.iri.rsplit("/", 1)[-1] for fmt in RDF_FORMATS}

#: literal datatypes shown as numbers
NUMBERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int}


def term_name(iri: str, lang: str) -> str | None:
    """The readable name of a property or class of terms.yaml in `lang`, or None."""
    short = curie(iri, ALL_PREFIXES)
    for kind in ("properties", "classes"):
        if short in TERMS[kind]:
            return TERMS[kind][short][0 if lang == "de" else 1]
    return None


def anchor(file_name: str) -> str:
    """The fragment of the dataset page that describes the distribution of `file_name`."""
    return f"verteilung-{file_name}"


class Statements(Pages):
    """Names, links and facts of the resources in the data and the catalogue (`merged`)."""

    def term(self, iri: Node, lang: str) -> dict[str, str]:
        """A property or class: its readable name, compact IRI and IRI."""
        text = str(iri)
        short = curie(text, ALL_PREFIXES) or text
        if text.startswith(str(GMH)):
            name = self.text(self.ontology, URIRef(text), RDFS.label, lang)
        else:
            name = term_name(text, lang)
        name = name or short
        return {"text": name[:1].upper() + name[1:], "curie": short, "iri": text}

    def literal(self, subject: Node, predicate: Node, lang: str) -> Literal | None:
        """The value of `predicate` in `lang` (else German, English, without language)."""
        values = {v.language: v for v in self.merged.objects(subject, predicate)
                  if isinstance(v, Literal)}
        return values.get(lang) or values.get("de") or values.get("en") or values.get(None)

    def name(self, iri: Node, lang: str) -> tuple[str, str | None]:
        """What to call `iri` on a page in `lang`, and the language of that text."""
        text = str(iri)
        if text.startswith(str(GMH)):
            return self.term(iri, lang)["text"], lang
        path = self.iris.relative(text)
        if path is not None and path.startswith("gremium/") and path.count("/") == 1:
            return self.text(self.merged, iri, DCTERMS.title, "de") or path, "de"
        parts = (path or "").split("/")
        if parts[0] in SCHEMES and len(parts) == 2:
            return self.label(parts[0], parts[1], lang), lang
        for predicate in NAMES:
            found = self.literal(iri, predicate, lang)
            if found is not None:
                return str(found), found.language
        if (land := self.land_of(text)) is not None:
            return self.label("land", land, lang), lang
        if (named := term_name(text, lang)) is not None:
            return named, lang
        if text in TERMS["values"]:
            return TERMS["values"][text][0 if lang == "de" else 1], lang
        if text.startswith(IANA_MEDIA_TYPES):
            return text.removeprefix(IANA_MEDIA_TYPES), None
        if text.startswith(EU_AUTHORITY):
            return text.rsplit("/", 1)[-1], None
        if text in FORMAT_NAMES:
            return FORMAT_NAMES[text], None
        return path or text, None

    def land_of(self, iri: str) -> str | None:
        """The key of the Land that `iri` (another register's IRI of it, e.g. DCAT-AP.de's
        state key) matches, by the Land vocabulary's skos:exactMatch."""
        matches = self.cache.get(("land-matches", 0))
        if matches is None:
            graph = self.s.vocabularies.graph
            matches = self.cache["land-matches", 0] = {
                str(o): key for key in self.s.vocabularies["land"].concepts
                for o in graph.objects(self.iris.concept("land", key), SKOS.exactMatch)}
        return matches.get(iri)

    def value_view(self, value: Node, lang: str) -> dict[str, Any]:
        """A value on a resource page: its text and language, whether it is code, and where
        it links to (a page of the site, a downloadable file, or a web address)."""
        view: dict[str, Any] = {"text": str(value), "lang": None, "page": None, "href": None,
                                "asset": None, "fragment": "", "code": False, "iri": None}
        if isinstance(value, Literal):
            if value.datatype in NUMBERS:
                view["text"] = number(int(value), lang)
            view["lang"] = value.language
            view["code"] = value.datatype == XSD.hexBinary
            return view
        iri = str(value)
        view["text"], view["lang"] = self.name(value, lang)
        view["iri"] = iri
        if iri.startswith(str(GMH)):
            return view | {"page": "def", "fragment": local_name(iri, GMH)}
        if (land := self.land_of(iri)) is not None:
            return view | {"page": f"land/{land}"}
        path = self.iris.relative(iri)
        if path is None:  # a link only to a web address (not mailto:)
            return view | {"href": href(iri),
                           "code": iri.startswith(IANA_MEDIA_TYPES)}
        parts = path.split("/")
        dataset = self.iris.relative(self.iris.dataset()) or ""
        if path == "":
            view |= {"page": "index", "text": iri}
        elif parts[0] == "gremium" and len(parts) > 1:
            view["page"] = f"gremium/{parts[1]}"
        elif (file_name := self.file_of(iri)) is not None:
            view |= {"page": dataset, "fragment": anchor(file_name)}
        elif path.startswith(dataset):
            view["page"] = dataset
        elif parts[0] == "download" and len(parts) == 2:
            view |= {"asset": path, "text": parts[1], "code": True}
        elif path in self.resources or parts[0] in SCHEMES:
            view["page"] = path
        return view

    def facts(self, subject: Node, predicates: tuple[URIRef, ...], lang: str
              ) -> list[dict[str, Any]]:
        """The values of `predicates` (in this order, those it has) as (name, values)."""
        rows = []
        for predicate in predicates:
            values = self.values(subject, predicate, lang)
            if values:
                rows.append({"term": self.term(predicate, lang), "values": values})
        return rows

    def values(self, subject: Node, predicate: URIRef, lang: str) -> list[dict[str, Any]]:
        """The values of `predicate`: literals in `lang` where there are (else all), IRIs by
        their name."""
        found = list(self.merged.objects(subject, predicate))
        literals = [v for v in found if isinstance(v, Literal)]
        if any(v.language == lang for v in literals):
            found = [v for v in found if not isinstance(v, Literal) or v.language == lang]
        elif any(v.language == "de" for v in literals):
            found = [v for v in found if not isinstance(v, Literal) or v.language == "de"]
        views = [self.value_view(v, lang) for v in found]
        return sorted(views, key=lambda v: (v["text"].casefold(), v["iri"] or ""))

    def kinds(self, subject: Node, lang: str) -> str:
        """The names of the classes of `subject`, as a list in words."""
        classes = set(self.merged.objects(subject, RDF.type))
        if len(classes) > 1:  # an agent that is also an organisation: the organisation
            classes.discard(FOAF.Agent)
        names = sorted({self.name(o, lang)[0] for o in classes})
        text = ", ".join(names)
        return text[:1].upper() + text[1:]

    def named_by(self, subject: URIRef, lang: str) -> tuple[list[dict[str, Any]], int]:
        """The other resources that name `subject` (not those on its own page, not the
        bodies' parts): each with its kind and the property; and how many bodies name it."""
        own = str(subject)
        by: dict[Node, list[str]] = {}
        # `merged` holds no body's triples but those the other resources name: the bodies
        # are counted over the data (site/data.py)
        bodies = set(self.bodies_naming.get(own, ()))
        for s, p in sorted(self.merged.subject_predicates(subject)):
            if not isinstance(s, URIRef) or str(s).startswith(own + "/"):
                continue
            if (body := self.iris.body_of(s)) is not None:
                bodies.add(str(body))
                continue
            by.setdefault(s, []).append(self.term(p, lang)["text"])
        return [{"value": self.value_view(s, lang), "kinds": self.kinds(s, lang),
                 "as": sorted(names)} for s, names in by.items()], len(bodies)

    def statements(self, graph: Graph, lang: str) -> list[dict[str, Any]]:
        """Every statement of `graph` (a resource's description), by subject: its name and
        path, and each property with its name and the value as a page shows it."""
        by_subject: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in sorted(graph):
            by_subject.setdefault(s, {}).setdefault(p, []).append(o)
        views = []
        for s, properties in by_subject.items():
            rows = [(self.term(p, lang), [self.value_view(o, lang) for o in values])
                    for p, values in properties.items()]
            rows.sort(key=lambda row: (row[0]["iri"] != str(RDF.type),
                                       row[0]["text"].casefold()))
            views.append({"subject": self.value_view(s, lang),
                          "path": self.iris.relative(s) or str(s),
                          "count": sum(len(values) for values in properties.values()),
                          "rows": rows})
        return views

    def file_of(self, iri: object) -> str | None:
        """The file name of the distribution `iri` (or of a part of it), or None."""
        name = local_name(iri, self.iris.distribution(""))
        return name.split("/")[0] if name else None

    def checksum(self, distribution: Node) -> str | None:
        node = self.merged.value(distribution, SPDX.checksum)
        value = self.merged.value(node, SPDX.checksumValue) if node is not None else None
        return str(value) if value is not None else None
