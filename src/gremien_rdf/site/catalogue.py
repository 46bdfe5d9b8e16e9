"""The pages of the resources that are neither bodies nor concepts: the catalogue, the dataset
with its files (the distributions, each a section of the dataset's page, where their IRIs
lead), the report, its table (the report's rows as an HTML table) and bibliography entry,
and the organisations. Each says in words what it is and who names it; all its statements
are there for the curious, each property by its name."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from gremien_rdf.digests import size_of
from gremien_rdf.model import COLUMNS
from gremien_rdf.publishing.distributions import CATALOG, FILES, file_format
from gremien_rdf.rdf.namespaces import (
    DCAT,
    DCATAP,
    DCATDE,
    FOAF,
    GEODCATAP,
    GMH,
    ORG,
    SCHEMA,
    VCARD,
)
from gremien_rdf.site import pages
from gremien_rdf.site.pages import UI
from gremien_rdf.site.statements import FORMAT_NAMES, Statements, anchor

#: what each kind of resource shows first, in this order (the rest is in its statements)
SUMMARIES: dict[str, tuple[URIRef, ...]] = {
    "catalogue": (DCTERMS.publisher, DCAT.dataset, FOAF.homepage, DCTERMS.license,
                  DCTERMS.issued, DCTERMS.modified, DCTERMS.language, DCTERMS.spatial,
                  DCAT.themeTaxonomy),
    "dataset": (DCTERMS.publisher, GEODCATAP.originator, PROV.wasDerivedFrom,
                DCTERMS.relation, DCAT.version, DCTERMS.license, DCTERMS.issued,
                DCTERMS.modified, DCTERMS.temporal, DCTERMS.spatial, DCAT.theme,
                DCAT.keyword, DCTERMS.language, DCAT.landingPage, DCAT.contactPoint,
                DCTERMS.identifier),
    "report": (SCHEMA.bookEdition, DCTERMS.publisher, DCTERMS.creator, DCTERMS.issued,
               FOAF.page, RDFS.seeAlso),
    "table": (DCTERMS.isPartOf, PROV.wasDerivedFrom, RDFS.comment),
    "organisation": (ORG.unitOf, FOAF.homepage),
    "other": (DCTERMS.bibliographicCitation,),
}

#: the kind of page for a class of resource
KINDS = {DCAT.Catalog: "catalogue", DCAT.Dataset: "dataset", GMH.Report: "report",
         GMH.SourceTable: "table", ORG.Organization: "organisation",
         ORG.OrganizationalUnit: "organisation", FOAF.Agent: "organisation"}

#: what every file of the dataset says alike, shown once for all if it is the same
SHARED = (DCTERMS.license, DCATDE.licenseAttributionByText, DCTERMS.issued, DCTERMS.modified,
          DCATAP.availability)


def size_text(size: int, lang: str) -> str:
    """A file size for people: bytes below 1,000, else kilobytes with one decimal."""
    if size < 1000:
        return f"{size} {UI[lang]['bytes']}"
    text = f"{size / 1000:,.1f}"
    if lang == "de":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} kB"


class CataloguePages(Statements):

    def resource_pages(self, lang: str) -> None:
        """A page for each of the other resources: what it is, its facts, who names it."""
        for path, subject in self.resources.items():
            kind = next((KINDS[k] for k in sorted(self.merged.objects(subject, RDF.type), key=str)
                         if isinstance(k, URIRef) and k in KINDS), "other")
            nested = kind == "dataset"
            alternates = self.representations(path, self.merged_triples, subject, nested)
            heading = self.heading(subject, kind, lang)
            lead = self.literal(subject, DCTERMS.description, lang)
            named_by, bodies = self.named_by(subject, lang)
            view: dict[str, Any] = {
                "kind": kind, "kinds": self.kinds(subject, lang), "heading": heading,
                "lead": (str(lead), lead.language) if lead is not None else None,
                "facts": self.summary(subject, kind, lang), "named_by": named_by,
                "bodies_naming": bodies, "files": [], "shared": [], "source_table": None,
                "citation": None, "crumbs": self.crumbs(subject, kind, lang),
                "statements": self.statements(
                    self.describe(self.merged_triples, subject, nested).graph(), lang)}
            if kind == "dataset":
                view["files"], view["shared"] = self.distributions(subject, lang)
                view["citation"] = self.citation(None, lang)
            elif kind == "catalogue":
                view["files"] = [self.file_view(CATALOG, None, lang)]
            elif kind == "table":
                view["source_table"] = self.source_table(subject)
            self.page(path, "resource.html", lang, heading[0], alternates, None, **view)

    def heading(self, subject: URIRef, kind: str, lang: str) -> tuple[str, str | None]:
        """The page's heading: the resource's name, or (a bibliography entry, which has
        none) what it is."""
        if kind == "other" and self.literal(subject, DCTERMS.title, lang) is None:
            return UI[lang]["bibliographic_entry"], lang
        return self.name(subject, lang)

    def summary(self, subject: URIRef, kind: str, lang: str) -> list[dict[str, Any]]:
        """The facts the page begins with, without repeating one (the dataset's relation
        is its source; the report's see-also its page)."""
        rows, seen = [], []
        for row in self.facts(subject, SUMMARIES[kind], lang):
            key = [v["iri"] for v in row["values"]]
            if all(key) and key in seen:
                continue
            seen.append(key)
            predicate = URIRef(row["term"]["iri"])
            if predicate == DCTERMS.temporal:
                row["values"] = [self.period(node, lang) for node in
                                 self.merged.objects(subject, predicate)]
            elif predicate == DCAT.contactPoint:
                row["values"] = [self.contact(node, lang) for node in
                                 self.merged.objects(subject, predicate)]
            rows.append(row)
        if kind == "report":
            parts = sorted((s for s in self.merged.subjects(DCTERMS.isPartOf, subject)
                            if self.iris.body_of(s) is None), key=str)
            if parts:
                rows.append({"term": {"text": UI[lang]["contains"], "curie": "", "iri": ""},
                             "values": [self.part_view(part, lang) for part in parts]})
        return rows

    def period(self, node: Node, lang: str) -> dict[str, Any]:
        """A period of time as 'start – end'."""
        start, end = (self.merged.value(node, p) for p in (DCAT.startDate, DCAT.endDate))
        return self.value_view(node, lang) | {
            "text": f"{start or ''} – {end or ''}", "page": None, "fragment": ""}

    def contact(self, node: Node, lang: str) -> dict[str, Any]:
        """A contact point: its name, linking to its web address."""
        url = self.merged.value(node, VCARD.hasURL)
        view = self.value_view(url if url is not None else node, lang)
        return view | {"text": self.name(node, lang)[0], "lang": None}

    def part_view(self, part: Node, lang: str) -> dict[str, Any]:
        """A part of the report: its description and title (Datenanhang 2: …, Tabelle 1)."""
        view = self.value_view(part, lang)
        described = self.literal(part, DCTERMS.description, lang)
        if described is not None:
            view["text"] = f"{described} – {view['text']}"
        return view

    def crumbs(self, subject: URIRef, kind: str, lang: str) -> list[dict[str, Any]]:
        """The resources this one is part of, outermost first."""
        trail: list[dict[str, Any]] = []
        node = self.merged.value(subject, DCTERMS.isPartOf)
        while isinstance(node, URIRef) and len(trail) < 5:
            trail.insert(0, self.value_view(node, lang))
            node = self.merged.value(node, DCTERMS.isPartOf)
        return trail

    def distributions(self, dataset: URIRef, lang: str
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The dataset's files in the order of the build's list (FILES), and the facts
        that are the same for all of them."""
        nodes = {name: node for node in self.merged.objects(dataset, DCAT.distribution)
                 if (name := self.file_of(node)) is not None}
        order = list(FILES)
        names = sorted(nodes, key=lambda n: (order.index(n) if n in order else len(order), n))
        shared = [p for p in SHARED
                  if len({frozenset(self.merged.objects(nodes[n], p)) for n in names}) == 1]
        files = [self.file_view(name, nodes[name], lang, tuple(p for p in SHARED
                                                              if p not in shared))
                 for name in names]
        common = self.facts(nodes[names[0]], tuple(shared), lang) if names else []
        return files, common

    def file_view(self, name: str, node: Node | None, lang: str,
                  own: tuple[URIRef, ...] = ()) -> dict[str, Any]:
        """A file to download: what it is for, its format, size and checksum, as the
        catalogue describes it (`node`) or, for the catalogue's own file, the build's list."""
        fmt, compressed = file_format(name)
        form = next((FORMAT_NAMES[iri] for iri in fmt.conforms_to if iri in FORMAT_NAMES),
                    fmt.file_type)
        size = size_of(self.s.files[name])
        title = self.literal(node, DCTERMS.title, lang) if node is not None else None
        described = self.literal(node, DCTERMS.description, lang) if node is not None \
            else None
        return {
            "name": name, "anchor": anchor(name) if node is not None else f"datei-{name}",
            "asset": f"download/{name}",
            "title": str(title) if title is not None else FILES[name][0 if lang == "de" else 1],
            "description": str(described) if described is not None else None,
            "format": f"{form}, gzip" if compressed else form,
            "media_type": fmt.media_type, "size": size, "size_text": size_text(size, lang),
            "sha256": self.checksum(node) if node is not None else None,
            "facts": self.facts(node, (DCTERMS.conformsTo, *own), lang)
            if node is not None else []}

    def source_table(self, subject: URIRef) -> dict[str, Any] | None:
        """The report's table as printed, a row per body in the table's order, if `subject`
        is the table the register is taken from."""
        register = self.s.register
        if subject != self.iris.table(register.report.id, register.report.table_id):
            return None
        keys = [key for key, _ in COLUMNS]
        # a register of more than PAGE_SIZE bodies: the first rows, and how many there are
        shown = sorted(register.bodies, key=lambda b: b.source.row)[:pages.PAGE_SIZE]
        return {"headings": [heading for _, heading in COLUMNS],
                "title_column": keys.index("title"), "total": len(register.bodies),
                "rows": [{"id": b.id, "row": b.source.row,
                          "cells": [b.source.cells[key] for key in keys]} for b in shown]}
