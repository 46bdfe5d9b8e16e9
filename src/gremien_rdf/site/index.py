"""The index page: key figures, the map, the charts, the table of all bodies with its
filters, and the dataset described for search engines (schema.org); the downloads and the
assets."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from gremien_rdf.publishing.distributions import CHECKSUMS, FILES, file_format
from gremien_rdf.publishing.files import sha256
from gremien_rdf.site.charts import Bar, bar_chart, tile_map
from gremien_rdf.site.pages import ASSETS, INDEX, SCHEMA_ORG_CONTEXT, UI, Pages


class IndexPages(Pages):

    def assets(self) -> None:
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                self.write(f"assets/{path.relative_to(ASSETS).as_posix()}", path.read_bytes())

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
