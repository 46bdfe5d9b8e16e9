"""A page per concept scheme and per concept: its concepts, labels and hierarchy, and the
bodies that name each, counted by the one rule."""

from __future__ import annotations

from collections import Counter

from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from gremien_rdf.model import Body, Register
from gremien_rdf.rdf.vocabularies import SCHEME_NAMES
from gremien_rdf.site.counts import Count, counts
from gremien_rdf.site.pages import UI, Pages, page_title, paged


class SchemePages(Pages):

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
            bodies = sorted(uses.get(concept.key, []), key=lambda b: (
                self.label("land", b.land, lang), b.title))
            template = "land.html" if scheme == "land" else "concept.html"
            title = self.label(scheme, concept.key, lang)
            summary = self.concept_summary(scheme, concept.key, len(bodies), lang)
            # beyond PAGE_SIZE bodies, their list goes on below the concept's path
            # (land/DE-BY/seite-2.html, …), without the facts of the first page
            for page_at, shown, pager in paged(path, bodies):
                first = pager is None or pager.number == 1
                self.page(page_at, template, lang, page_title(title, pager, lang),
                          alternates if first else (), None, scheme=scheme, concept=concept,
                          definition=self.text(graph, iri, SKOS.definition, lang),
                          notations=sorted((self.notation_kind(n, lang), str(n))
                                           for n in graph.objects(iri, SKOS.notation)),
                          matches=sorted(str(m) for m in graph.objects(iri, SKOS.exactMatch)),
                          broader=[(k, self.label(scheme, k, lang)) for k in concept.broader],
                          narrower=[(k, self.label(scheme, k, lang)) for k in narrower],
                          bodies=[self.body_view(b, lang) for b in shown], total=len(bodies),
                          pager=pager, concept_path=path,
                          count_text=self.count_text(scheme, concept.key, lang),
                          land_summary=self.land_summary(concept.key, lang)
                          if scheme == "land" and first else None,
                          summary=summary)

    def concept_summary(self, scheme: str, key: str, bodies: int, lang: str) -> str:
        """What a concept's page says, in a sentence (for search engines and previews)."""
        t = UI[lang]
        name = self.label(scheme, key, lang)
        if scheme == "land":
            if not bodies:
                return f"{name}: {t['no_bodies_in_land']} {t['unreported_note']}"
            return (t["land_lead_one"] if bodies == 1 else t["land_lead"]).format(
                n=bodies, land=name)
        return f"{name}: {self.count_text(scheme, key, lang) or t['used_by'] + f' ({bodies})'}"

    def notation_kind(self, notation: Node, lang: str) -> str:
        """What kind of code a notation is: its datatype's label in the ontology (State
        key, ISO 3166-2 code, NUTS code), else "Notation"."""
        kind = getattr(notation, "datatype", None)
        return (self.text(self.ontology, kind, RDFS.label, lang) if kind else None) \
            or "Notation"

    def land_summary(self, land: str, lang: str) -> dict[str, list[tuple[str, str, int]]]:
        """The bodies of `land` by level, and the focus areas and actor types they name
        (counted by the one rule, largest first): (key, label, number of bodies)."""
        register = Register(self.s.register.report,
                            tuple(b for b in self.s.register.bodies if b.land == land),
                            self.s.register.path)
        levels = Counter(b.level for b in register.bodies)
        summary = {"ebene": [(k, self.label("ebene", k, lang), levels[k])
                             for k in self.s.vocabularies["ebene"].concepts if levels[k]]}
        for scheme in ("schwerpunkt", "akteur"):
            found = counts(register, self.s.vocabularies, scheme)
            summary[scheme] = sorted(
                ((k, self.label(scheme, k, lang), c.total) for k, c in found.items()),
                key=lambda item: (-item[2], item[1]))
        return summary

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
        text = f"{total} " + ((UI[lang]["body_one"] if total == 1 else UI[lang]["bodies"])
                              if de else ("body" if total == 1 else "bodies"))
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
