"""The static website in dist/site/: a page per resource, in German and English, with the
resource's Turtle and JSON-LD beside it, charts and a map, and content-negotiation rules.

Every link is relative and names its file (``gremium/x.html``), so that the site works
from the file system, from any web server, and at the base IRI. There a resource IRI
(``gremium/x``) answers HTML, Turtle or JSON-LD by the Accept header, by the generated
rules (``.htaccess`` for Apache, ``nginx/`` for nginx). German pages are at the top,
English ones below ``en/``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from gremien_rdf import LANGUAGES, resources
from gremien_rdf.model import COLUMNS, Body, Register
from gremien_rdf.publishing.cite import SUFFIXES as CITATION_SUFFIXES
from gremien_rdf.publishing.cite import citation
from gremien_rdf.publishing.cite import render as render_citation
from gremien_rdf.publishing.cite import text as citation_text
from gremien_rdf.publishing.files import sha256
from gremien_rdf.publishing.metadata import CATALOG, CHECKSUMS, FILES, file_format
from gremien_rdf.rdf.namespaces import GMH, SCHEMA, SCHEMES, Iris, curie
from gremien_rdf.rdf.serialize import json_ld, turtle
from gremien_rdf.rdf.vocabularies import SCHEME_NAMES, Vocabularies
from gremien_rdf.settings import Publication
from gremien_rdf.site.charts import Bar, bar_chart, tile_map
from gremien_rdf.site.counts import Count, ancestors, counts
from gremien_rdf.site.escaping import checked_href, href, script_json

#: the @context of the embedded JSON-LD: schema.org's terms in the namespace the dumps, the
#: context and the ontology use (https://schema.org/), and the properties whose values are
#: web addresses as IRIs. Not schema.org's remote context ("@context": "https://schema.org"),
#: which maps its terms to http://schema.org/ (README, "The website").
SCHEMA_ORG_CONTEXT = {"@vocab": str(SCHEMA), **{term: {"@type": "@id"} for term in
                                               ("url", "license", "contentUrl")}}

SCHEME_ORDER = SCHEMES
TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
#: the file the IRI of a folder resolves to
INDEX = "index"

#: the words of the site in both languages, by key (a data file beside this module)
UI: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).parent / "messages.yaml").read_text("utf-8"))


def number(value: int, lang: str) -> str:
    """A whole number with the thousands separator of `lang` (131.193 / 131,193)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "de" else text


@dataclass
class SiteInput:
    """Everything the site is made of: the checked register and the built dist/ files."""

    publication: Publication
    register: Register
    vocabularies: Vocabularies
    data: Graph
    files: dict[str, bytes]
    query_results: dict[str, dict[str, list[list[tuple[str, str | None]]]]] = field(
        default_factory=dict)
    query_heads: dict[str, list[str]] = field(default_factory=dict)
    #: each stored query's result as CSV (readable headers), by name and language
    query_csv: dict[str, dict[str, bytes]] = field(default_factory=dict)


def ontology_graph() -> Graph:
    """The shipped ontology (or the one of GREMIEN_RDF_RESOURCES), its terms checked
    against the character policy: its labels and comments reach the ontology page."""
    from gremien_rdf.errors import read_utf8
    from gremien_rdf.rdf.read import check_terms, parse_text
    from gremien_rdf.resources import reading_resources

    path = resources.ontology_file()
    with reading_resources():
        text = read_utf8(path)
        graph = parse_text(Graph(), text, "turtle", path, None)
        check_terms(path, text, graph)
    return graph


class _Site:
    """Renders every page; collects the files in `out` (path → bytes)."""

    def __init__(self, source: SiteInput):
        self.s = source
        self.iris = Iris(source.publication.base_iri)
        self.base = source.publication.base_iri
        self.out: dict[str, bytes] = {}
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True)
        self.env.filters["number"] = number
        self.env.filters["href"] = checked_href
        self.ontology = ontology_graph()
        self.catalog = Graph().parse(data=source.files[CATALOG].decode("utf-8"),
                                     format="turtle")
        #: the data and the catalogue, for the resources that both describe
        self.merged = Graph()
        self.merged += source.data
        self.merged += self.catalog
        #: per graph (by id: the graphs above live as long as this object), its index by
        #: subject and its prefixes
        self.cache: dict[tuple[str, int], Any] = {}
        #: the resources that get a plain page (resource_pages), by path
        self.resources = self.other_resources()
        #: actor types and focus areas counted by the one rule (counts.py)
        self.counts = {scheme: counts(source.register, source.vocabularies, scheme)
                       for scheme in ("akteur", "schwerpunkt")}

    # -- helpers -------------------------------------------------------------------------

    def label(self, scheme: str, key: str, lang: str) -> str:
        concept = self.s.vocabularies[scheme].concepts[key]
        return concept.label_de if lang == "de" else concept.label_en or concept.label_de

    def write(self, path: str, data: str | bytes) -> None:
        self.out[path] = data.encode("utf-8") if isinstance(data, str) else data

    def page(self, path: str, template: str, lang: str, title: str,
             alternates: tuple[str, ...] = (), schema: dict[str, Any] | None = None,
             **context: Any) -> None:
        """Render `template` as the page of resource `path` (no extension) in `lang`."""
        prefix = "" if lang == "de" else "en/"
        file = f"{prefix}{path}.html"
        depth = file.count("/")
        up = "../" * depth

        def link(target: str, fragment: str = "") -> str:
            """The relative link to the page of resource `target` in this language."""
            return checked_href(f"{up}{prefix}{target}.html"
                                + (f"#{fragment}" if fragment else ""))

        def asset(target: str) -> str:
            return checked_href(f"{up}{target}")

        other = "en/" if lang == "de" else ""
        html = self.env.get_template(template).render(
            lang=lang, t=UI[lang], title=title, link=link, asset=asset,
            other_link=checked_href(f"{up}{other}{path}.html"),
            other_lang="en" if lang == "de" else "de",
            alternates=[(asset(f"{path}{ext}"), kind) for ext, kind in (
                (".ttl", "text/turtle"), (".jsonld", "application/ld+json"))
                if f"{path}{ext}" in alternates],
            iri=self.base + ("" if path == INDEX else path),
            schema=script_json(schema) if schema else None,
            scheme_names=SCHEME_NAMES, schemes=SCHEME_ORDER, label=self.label,
            site_version=self.s.publication.version,
            site_modified=self.s.publication.modified.isoformat(),
            lang_index=0 if lang == "de" else 1, **context)
        self.write(file, html)

    def representations(self, path: str, graph: Graph, subject: URIRef,
                        nested: bool = True) -> tuple[str, ...]:
        """Write the resource's Turtle and JSON-LD beside its page, once for both
        languages; their paths."""
        if f"{path}.ttl" not in self.out:
            described = self.describe(graph, subject, nested)
            self.write(f"{path}.ttl", turtle(described, self.base))
            self.write(f"{path}.jsonld", json_ld(described, self.base))
        return (f"{path}.ttl", f"{path}.jsonld")

    def describe(self, graph: Graph, subject: URIRef, nested: bool = True) -> Graph:
        """The triples of `subject`, and (if `nested`) of the nodes below its IRI."""
        index = self.cache.get(("index", id(graph)))
        if index is None:  # subject IRI → its triples, and the IRIs in order
            by_subject: dict[str, list] = {}
            for triple in graph:
                by_subject.setdefault(str(triple[0]), []).append(triple)
            index = self.cache["index", id(graph)] = (by_subject, sorted(by_subject))
        by_subject, ordered = index
        out = Graph(bind_namespaces="none")
        for prefix, namespace in self.prefixes(graph):
            out.bind(prefix, namespace)
        key = str(subject)
        for triple in by_subject.get(key, []):
            out.add(triple)
        if nested:
            start = bisect.bisect_left(ordered, key + "/")
            for name in ordered[start:]:
                if not name.startswith(key + "/"):
                    break
                for triple in by_subject[name]:
                    out.add(triple)
        return out

    def prefixes(self, graph: Graph) -> list[tuple[str, Any]]:
        """The prefixes bound in `graph` (asked once per graph: rdflib is slow at it)."""
        key = ("prefixes", id(graph))
        if key not in self.cache:
            self.cache[key] = list(graph.namespace_manager.namespaces())
        return self.cache[key]

    def body_view(self, body: Body, lang: str) -> dict[str, Any]:
        statuses = self.s.vocabularies["teilnahmestatus"]
        return {
            "id": body.id,
            "title": body.title,
            "land": (body.land, self.label("land", body.land, lang)),
            "level": (body.level, self.label("ebene", body.level, lang)),
            "place": body.place,
            "frequency": (body.frequency, self.label("turnus", body.frequency, lang)),
            "focus": [{"key": f.area, "label": self.label("schwerpunkt", f.area, lang),
                       "since": f.since, "note": f.note} for f in body.focus],
            # for the filter, by the counting rule: a narrower concept finds the broader
            "focus_keys": " ".join(sorted({key for f in body.focus for key in
                                           ancestors(self.s.vocabularies, "schwerpunkt",
                                                     f.area)})),
            "actor_keys": " ".join(sorted({key for p in body.participants for key in
                                           ancestors(self.s.vocabularies, "akteur",
                                                     p.actor)})),
            "actors": [{"key": p.actor, "label": self.label("akteur", p.actor, lang),
                        "status": (p.status, self.label("teilnahmestatus", p.status, lang))
                        if p.status and p.status in statuses.concepts else None}
                       for p in body.participants],
            "former": [{"title": f.title, "until": f.until} for f in body.former_titles],
            "title_since": body.title_since,
            "row": body.source.row,
            "cells": [(heading, body.source.cells[key]) for key, heading in COLUMNS],
        }

    # -- pages ---------------------------------------------------------------------------

    def build(self) -> dict[str, bytes]:
        self.assets()
        self.downloads()
        for lang in LANGUAGES:
            self.index(lang)
            for body in self.s.register.bodies:
                self.body(body, lang)
            for scheme in SCHEME_ORDER:
                self.scheme(scheme, lang)
            self.ontology_page(lang)
            self.query_pages(lang)
            self.resource_pages(lang)
        self.conneg()
        return self.out

    def assets(self) -> None:
        for path in sorted(ASSETS.iterdir()):
            self.write(f"assets/{path.name}", path.read_bytes())

    def downloads(self) -> None:
        for name, data in self.s.files.items():
            self.write(f"download/{name}", data)

    def index(self, lang: str) -> None:
        p = self.s.publication
        register = self.s.register
        bodies = register.bodies
        laender = self.s.vocabularies["land"].concepts
        per_land = Counter(b.land for b in bodies)
        land_keys = sorted(laender, key=lambda k: self.label("land", k, lang))
        t = UI[lang]
        names = {k: self.label("land", k, lang) for k in laender}
        # links in the SVG are relative to the page (index.html is at the top of its tree)
        map_svg = tile_map(
            {k: per_land.get(k, 0) for k in laender}, names,
            {k: f"land/{k}.html" for k in laender}, {k: k.removeprefix("DE-") for k in laender},
            f"map-{lang}", t["map"], t["map_desc"], (t["body_one"], t["bodies"]), t["none"])
        levels = list(self.s.vocabularies["ebene"].concepts)
        level_bars = [Bar(names[k], f"land/{k}.html",
                          tuple(sum(1 for b in bodies if b.land == k and b.level == level)
                                for level in levels)) for k in land_keys]
        land_chart = bar_chart(level_bars, tuple(self.label("ebene", lv, lang) for lv in levels),
                               f"chart-land-{lang}", t["chart_land_level"], t["chart_desc"])
        actor_counts = self.counts["akteur"]
        actor_bars = [Bar(self.label("akteur", k, lang), f"akteur/{k}.html",
                          (len(c.firm), c.qualified_total))
                      for k, c in sorted(actor_counts.items(),
                                         key=lambda kc: (-kc[1].total,
                                                         self.label("akteur", kc[0], lang)))]
        actor_chart = bar_chart(actor_bars, (t["firm"], t["qualified"]), f"chart-actor-{lang}",
                                t["chart_actor"], f'{t["chart_actor_desc"]} {t["count_rule"]}')
        focus_counts = self.counts["schwerpunkt"]
        focus_bars = [Bar(self.label("schwerpunkt", k, lang), f"schwerpunkt/{k}.html",
                          (c.total,))
                      for k, c in sorted(focus_counts.items(),
                                         key=lambda kc: (-kc[1].total,
                                                         self.label("schwerpunkt", kc[0],
                                                                    lang)))]
        focus_chart = bar_chart(focus_bars, (t["bodies"],), f"chart-focus-{lang}",
                                t["chart_focus"], f'{t["chart_desc"]} {t["count_rule_focus"]}')
        rows = sorted((self.body_view(b, lang) for b in bodies),
                      key=lambda v: (v["land"][1], v["title"]))
        filters = {
            "land": [(k, names[k]) for k in land_keys if per_land.get(k)],
            "level": [(k, self.label("ebene", k, lang)) for k in levels],
            "focus": sorted(((k, self.label("schwerpunkt", k, lang)) for k in focus_counts),
                            key=lambda kv: kv[1]),
            "actor": sorted(((k, self.label("akteur", k, lang)) for k in actor_counts),
                            key=lambda kv: kv[1]),
            "frequency": [(k, self.label("turnus", k, lang))
                          for k in self.s.vocabularies["turnus"].concepts
                          if any(b.frequency == k for b in bodies)],
        }
        downloads = []
        for name in [*FILES, CHECKSUMS]:
            data = self.s.files[name]
            fmt = None if name == CHECKSUMS else file_format(name)
            downloads.append({
                "name": name, "href": f"download/{name}", "size": len(data),
                "sha256": sha256(data), "what": FILES.get(name, ("SHA-256", "SHA-256"))[
                    0 if lang == "de" else 1],
                "media_type": fmt[0].media_type if fmt else "text/plain"})
        schema = self.dataset_schema(lang)
        alternates = ("index.ttl", "index.jsonld")
        self.page(INDEX, "index.html", lang, p.title[lang], alternates, schema,
                  citation=self.citation(None, lang),
                  publication=p, report=register.report, rows=rows, filters=filters,
                  figures={"bodies": len(bodies), "laender": len(per_land),
                           "laender_all": len(laender),
                           "without": [names[k] for k in land_keys if not per_land.get(k)],
                           "participations": sum(len(b.participants) for b in bodies),
                           "actor_types": len({p.actor for b in bodies
                                               for p in b.participants})},
                  map_svg=Markup(map_svg), land_chart=Markup(land_chart),
                  actor_chart=Markup(actor_chart), focus_chart=Markup(focus_chart),
                  level_table=[(bar.label, bar.link, bar.values) for bar in level_bars],
                  level_names=[self.label("ebene", lv, lang) for lv in levels],
                  actor_table=[(b.label, b.link, (*b.values, sum(b.values)))
                               for b in actor_bars],
                  focus_table=[(b.label, b.link, b.values) for b in focus_bars],
                  downloads=downloads)

    def dataset_schema(self, lang: str) -> dict[str, Any]:
        p = self.s.publication
        report = self.s.register.report
        return {
            "@context": SCHEMA_ORG_CONTEXT,
            "@type": "Dataset",
            "@id": str(self.iris.dataset()),
            "name": p.title[lang],
            "description": p.description[lang],
            "url": p.landing_page,
            "license": p.licence.iri,
            "version": p.version,
            "datePublished": p.issued.isoformat(),
            "dateModified": p.modified.isoformat(),
            "inLanguage": "de",
            "keywords": list(p.keywords[lang]),
            "temporalCoverage": f"{p.temporal[0].isoformat()}/{p.temporal[1].isoformat()}",
            "spatialCoverage": {"@type": "Country", "name": "Deutschland"},
            "publisher": {"@type": "Organization", "name": p.publisher.name,
                          **({"url": p.publisher.url} if p.publisher.url else {})},
            "isBasedOn": {"@type": "Report", "name": report.title,
                          "publisher": {"@type": "Organization", "name": report.publisher},
                          **({"url": report.landing_page} if report.landing_page else {})},
            "distribution": [
                {"@type": "DataDownload", "name": name,
                 "encodingFormat": file_format(name)[0].media_type,
                 "contentUrl": p.download_url + name,
                 "contentSize": f"{len(self.s.files[name])} B"}
                for name in ("gremien.ttl", "gremien.jsonld", "gremien.nt")],
        }

    def body(self, body: Body, lang: str) -> None:
        iri = self.iris.body(body.id)
        path = f"gremium/{body.id}"
        alternates = self.representations(path, self.s.data, iri)
        view = self.body_view(body, lang)
        report = self.s.register.report
        schema = {
            "@context": SCHEMA_ORG_CONTEXT,
            "@type": "Organization",
            "@id": str(iri),
            "name": body.title,
            "identifier": body.id,
            "url": str(iri),
            **({"alternateName": [f.title for f in body.former_titles]}
               if body.former_titles else {}),
            **self.area_served(body),
        }
        self.page(path, "body.html", lang, body.title, alternates, schema, body=view,
                  report=report, citation=self.citation(body, lang))

    def citation(self, body: Body | None, lang: str) -> dict[str, Any]:
        """The citation of `body` (None: the dataset) as text, and its files, written once
        per language below zitieren/ (en/zitieren/)."""
        item = citation(self.s.publication, self.s.register, body, lang)
        prefix = "" if lang == "de" else "en/"
        name = body.id if body else "gremien"
        files = []
        for fmt, label in (("bibtex", "BibTeX"), ("ris", "RIS"), ("csl", "CSL-JSON")):
            path = f"{prefix}zitieren/{name}{CITATION_SUFFIXES[fmt]}"
            self.write(path, render_citation(item, fmt))
            files.append((label, path))
        return {"text": citation_text(item), "files": files}

    def area_served(self, body: Body) -> dict[str, Any]:
        """schema.org's areaServed, as far as the report says it: the place a municipal body
        names, the Land of a body at Land level; nothing for the others."""
        if body.place:
            return {"areaServed": {"@type": "Place", "name": body.place}}
        if body.level == "landesebene":
            return {"areaServed": {"@type": "AdministrativeArea",
                                   "name": self.label("land", body.land, "de")}}
        return {}

    def scheme(self, scheme: str, lang: str) -> None:
        vocabulary = self.s.vocabularies[scheme]
        graph = self.s.vocabularies.graph
        scheme_iri = self.iris.scheme(scheme)
        alternates = self.representations(scheme, graph, scheme_iri)
        concepts = sorted(vocabulary.concepts.values(),
                          key=lambda c: self.label(scheme, c.key, lang))
        uses = self.uses(scheme)
        self.page(scheme, "scheme.html", lang, SCHEME_NAMES[scheme][0 if lang == "de" else 1],
                  alternates, None, scheme=scheme,
                  definition=self.text(graph, scheme_iri, SKOS.definition, lang),
                  concepts=[(c.key, self.label(scheme, c.key, lang), len(uses.get(c.key, [])))
                            for c in concepts])
        for concept in concepts:
            iri = self.iris.concept(scheme, concept.key)
            path = f"{scheme}/{concept.key}"
            alternates = self.representations(path, graph, iri, nested=False)
            narrower = sorted(c.key for c in vocabulary.concepts.values()
                              if concept.key in c.broader)
            bodies = [self.body_view(b, lang) for b in uses.get(concept.key, [])]
            template = "land.html" if scheme == "land" else "concept.html"
            self.page(path, template, lang, self.label(scheme, concept.key, lang), alternates,
                      None, scheme=scheme, concept=concept,
                      definition=self.text(graph, iri, SKOS.definition, lang),
                      notations=sorted(str(n) for n in graph.objects(iri, SKOS.notation)),
                      matches=sorted(str(m) for m in graph.objects(iri, SKOS.exactMatch)),
                      broader=[(k, self.label(scheme, k, lang)) for k in concept.broader],
                      narrower=[(k, self.label(scheme, k, lang)) for k in narrower],
                      bodies=sorted(bodies, key=lambda v: (v["land"][1], v["title"])),
                      count_text=self.count_text(scheme, concept.key, lang))

    def count_text(self, scheme: str, key: str, lang: str) -> str | None:
        """The count of `key` in words, with the readings that differ from it: "36 bodies:
        31 name Polizei directly, 5 only a narrower type; all 36 firm." (None for the
        schemes that the counting rule does not cover)."""
        count: Count | None = self.counts.get(scheme, {}).get(key)
        if scheme not in self.counts:
            return None
        if count is None:
            return "Kein Gremium nennt diesen Begriff." if lang == "de" else \
                "No body names this concept."
        name = self.label(scheme, key, lang)
        total, direct = count.total, len(count.direct)
        de = lang == "de"
        text = f"{total} Gremien" if de else f"{total} bodies"
        if direct != total:
            verb = ("nennt" if direct == 1 else "nennen") if de else \
                ("names" if direct == 1 else "name")
            text += (f": {direct} {verb} {name} selbst, {total - direct} nur einen Unterbegriff"
                     if de else f": {direct} {verb} {name} directly, {total - direct} only a "
                     "narrower concept")
        if scheme == "akteur":
            text += f"; {len(count.firm)} " + ("mit fester Teilnahme" if de else "firm")
            if count.qualified:
                statuses = ", ".join(f"{self.label('teilnahmestatus', s, lang)} {n}"
                                     for s, n in count.qualified.items())
                text += (f", {count.qualified_total} "
                         + ("eingeschränkt" if de else "qualified") + f" ({statuses})")
        return text + "."

    def uses(self, scheme: str) -> dict[str, list[Body]]:
        """The bodies that count for each concept of `scheme`: for actor types and focus
        areas by the counting rule (counts.py: a narrower concept counts for the broader
        one), for the other schemes the bodies that name it."""
        if scheme in self.counts:
            by_id = {body.id: body for body in self.s.register.bodies}
            return {key: [by_id[i] for i in count.bodies]
                    for key, count in self.counts[scheme].items()}
        found: dict[str, list[Body]] = {}
        for body in self.s.register.bodies:
            keys = {
                "land": [body.land], "ebene": [body.level], "turnus": [body.frequency],
                "schwerpunkt": [f.area for f in body.focus],
                "akteur": [p.actor for p in body.participants],
                "teilnahmestatus": [p.status for p in body.participants if p.status],
            }[scheme]
            for key in dict.fromkeys(keys):
                found.setdefault(key, []).append(body)
        return found

    @staticmethod
    def text(graph: Graph, subject: Node, predicate: Node, lang: str) -> str | None:
        values = {v.language: str(v) for v in graph.objects(subject, predicate)
                  if isinstance(v, Literal)}
        return values.get(lang) or values.get("de") or values.get("en") or values.get(None)

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
                "name": str(s)[len(str(GMH)):],
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

    def curie(self, term: Node) -> dict[str, str]:
        iri = str(term)
        short = curie(iri)
        if short is None:
            return {"text": iri, "iri": iri, "anchor": ""}
        prefix, local = short.split(":", 1)
        return {"text": short, "iri": iri, "anchor": local if prefix == "gmh" else ""}

    def query_pages(self, lang: str) -> None:
        from gremien_rdf.queries.results import column_label
        from gremien_rdf.queries.stored import catalogue

        stored = catalogue()
        if lang == "de":
            for query in stored:
                self.write(f"abfrage/{query.name}.rq", query.text)
        self.page("abfrage", "queries.html", lang, UI[lang]["queries"], (), None,
                  queries=[(q.name, q.title(lang), q.description(lang)) for q in stored])
        prefix = "" if lang == "de" else "en/"
        for query in stored:
            results = self.s.query_results.get(query.name, {}).get(lang, [])
            table = self.s.query_csv.get(query.name, {}).get(lang)
            if table is not None:
                self.write(f"{prefix}abfrage/{query.name}.csv", table)
            self.page(f"abfrage/{query.name}", "query.html", lang, query.title(lang), (), None,
                      query=query, description=query.description(lang),
                      head=[column_label(name, lang)
                            for name in self.s.query_heads.get(query.name, [])],
                      results=results, rq=f"abfrage/{query.name}.rq",
                      csv=f"{prefix}abfrage/{query.name}.csv" if table is not None else None)

    def other_resources(self) -> dict[str, URIRef]:
        """The other resources with an IRI of their own, by path: the report, its table and
        bibliography entry, the organisations, the catalogue and the dataset."""
        found: dict[str, URIRef] = {}
        for s in self.merged.subjects():
            if not isinstance(s, URIRef) or (path := self.iris.relative(s)) is None:
                continue
            if path.split("/")[0] in ("gremium", *SCHEME_ORDER) or not path:
                continue
            if path.startswith("datensatz/gremien/"):
                continue  # parts of the dataset's description: on its page
            found[path] = s
        return dict(sorted(found.items()))

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

    def curie_text(self, term: Node) -> str:
        path = self.iris.relative(term)
        return path if path is not None else self.curie(term)["text"]

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
                           "fragment": iri[len(str(GMH)):]}
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
        elif path in self.resources or parts[0] in SCHEME_ORDER:
            view["page"] = path
        return view

    # -- content negotiation ---------------------------------------------------------------

    def conneg(self) -> None:
        self.write(".htaccess", self.env.get_template("htaccess").render())
        self.write("nginx/http.conf", self.env.get_template("nginx-http.conf").render())
        self.write("nginx/server.conf", self.env.get_template("nginx-server.conf").render())
        self.write("index.ttl", self.s.files[CATALOG])
        self.write("index.jsonld", json_ld(self.catalog, self.base))


def site_files(source: SiteInput) -> dict[str, bytes]:
    """Every file of the site, by its path below dist/site/."""
    return _Site(source).build()


def query_results(register: Register, vocabularies: Vocabularies, data: Graph
                  ) -> tuple[dict[str, dict[str, list]], dict[str, list[str]],
                             dict[str, dict[str, bytes]]]:
    """Each stored query's rows in German and English (default parameters), as text and
    the site path of each value's page where there is one; its variables; and its result
    as CSV with readable headers, as `query run --format csv --lang …` writes it."""
    import io

    from gremien_rdf.queries.results import write_results
    from gremien_rdf.queries.run import query_data, run
    from gremien_rdf.queries.stored import catalogue
    from gremien_rdf.resources import reading_resources

    store = query_data(register, vocabularies, data)
    iris = vocabularies.iris
    results: dict[str, dict[str, list]] = {}
    heads: dict[str, list[str]] = {}
    tables: dict[str, dict[str, bytes]] = {}
    # the stored queries and their defaults are gremien-rdf's own: a failure is a defect
    with reading_resources():
        for query in catalogue():
            # an example body (its default) that this register does not hold: no rows
            no_example = any(p.kind == "body" and p.default not in store.bodies
                             for p in query.parameters)
            for lang in LANGUAGES:
                out = io.BytesIO()
                if not no_example:
                    write_results(run(query, store, {}, lang), "csv", iris.base, out,
                                  lang=lang)
                    tables.setdefault(query.name, {})[lang] = out.getvalue()
                if no_example:
                    heads.setdefault(query.name, [])
                    results.setdefault(query.name, {})[lang] = []
                    continue
                solutions = run(query, store, {}, lang)
                names = [v.value for v in solutions.variables]
                heads[query.name] = names
                rows = []
                for solution in solutions:
                    row: list[tuple[str, str | None]] = []
                    for name in names:
                        term = solution[name]
                        if term is None:
                            row.append(("", None))
                            continue
                        value = term.value
                        page = iris.page(value) if type(term).__name__ == "NamedNode" \
                            else None
                        row.append((page or value, page))
                    rows.append(row)
                results.setdefault(query.name, {})[lang] = rows
    return results, heads, tables
