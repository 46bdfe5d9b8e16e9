"""The index page: key figures, the map, the charts, the table of all bodies with its
filters, and the dataset described for search engines (schema.org); the downloads and the
assets."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from gremien_rdf.digests import digest_of, size_of
from gremien_rdf.model import Body
from gremien_rdf.publishing.distributions import CHECKSUMS, FILES, file_format
from gremien_rdf.site.charts import (
    EDGE_COLOUR,
    EMPTY,
    EMPTY_EDGE,
    Bar,
    bar_chart,
    by_value,
    shade_ranges,
    table_csv,
    tile_map,
)
from gremien_rdf.site.pages import (
    ASSETS,
    INDEX,
    SCHEMA_ORG_CONTEXT,
    UI,
    Pages,
    page_title,
    paged,
)
from gremien_rdf.site.search import search_path


class IndexPages(Pages):

    def assets(self) -> None:
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                self.write(f"assets/{path.relative_to(ASSETS).as_posix()}", path.read_bytes())

    def downloads(self) -> None:
        for name, data in self.s.files.items():
            self.write(f"download/{name}", data)

    def index(self, lang: str) -> list[list[Body]]:
        """The index page (and, beyond PAGE_SIZE bodies, the further pages of its table:
        seite-2.html, …); the bodies of each page's table, for its search entries."""
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
            {k: f"land/{k}.html" for k in laender},
            f"map-{lang}", t["map"], t["map_desc"], (t["body_one"], t["body_many"]), t["none"])
        top = max(per_land.values(), default=0)
        legend = [(colour, low, high, t["body_one"] if high == 1 else t["body_many"])
                  for colour, low, high in shade_ranges(top)]
        levels = list(self.s.vocabularies["ebene"].concepts)
        actor_counts = self.counts["akteur"]
        focus_counts = self.counts["schwerpunkt"]
        ordered = sorted(bodies, key=lambda b: (names[b.land], b.title))
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
                "name": name, "href": f"download/{name}", "size": size_of(data),
                "sha256": digest_of(data), "what": FILES.get(name, ("SHA-256", "SHA-256"))[
                    0 if lang == "de" else 1],
                "media_type": fmt[0].media_type if fmt else "text/plain"})
        table_pages = paged(INDEX, ordered)
        for number, (path, shown, pager) in enumerate(table_pages[1:], 2):
            self.page(path, "index.html", lang, page_title(t["bodies"], pager, lang),
                      rows=[self.body_view(b, lang) for b in shown], filters=filters,
                      pager=pager, search_file=search_path(lang, number))
        path, shown, pager = table_pages[0]
        schema = self.dataset_schema(lang)
        alternates = ("index.ttl", "index.jsonld")
        self.page(INDEX, "index.html", lang, p.title[lang], alternates, schema,
                  citation=self.citation(None, lang), pager=pager,
                  search_file=search_path(lang, 1),
                  publication=p, report=register.report,
                  rows=[self.body_view(b, lang) for b in shown], filters=filters,
                  figures={"bodies": len(bodies), "laender": len(per_land),
                           "laender_all": len(laender),
                           "without": [(k, names[k]) for k in land_keys
                                       if not per_land.get(k)],
                           "participations": sum(len(b.participants) for b in bodies),
                           "actor_types": len({p.actor for b in bodies
                                               for p in b.participants})},
                  report_year=register.report.issued[:4],
                  map_svg=Markup(map_svg), map_legend=legend,
                  map_edges=(EDGE_COLOUR, EMPTY, EMPTY_EDGE), charts=self.charts(lang),
                  downloads=downloads)
        # unpaged, the search entries stay in the register's order
        return [list(bodies)] if pager is None else [shown for _, shown, _ in table_pages]

    def charts(self, lang: str) -> list[dict[str, Any]]:
        """The index's charts, largest first: bodies per Land and level, actor types and
        focus areas by the number of bodies (counts.py); each as inline SVG, with its
        numbers as a table, and written beside the page as SVG and CSV (diagramm/)."""
        t = UI[lang]
        bodies = self.s.register.bodies
        report = self.s.register.report
        source = (f'{t["source"]}: {report.publisher}, {report.title} ({report.issued[:4]}), '
                  f'{report.part.split(":")[0]}; {t["chart_by"]}: '
                  f"{self.s.publication.publisher.name}")
        per_level = Counter(b.level for b in bodies)
        per_land_level = Counter((b.land, b.level) for b in bodies)
        # the levels as a legend reads them: the most frequent first
        levels = sorted(self.s.vocabularies["ebene"].concepts,
                        key=lambda lv: (-per_level[lv], self.label("ebene", lv, lang)))
        level_names = tuple(self.label("ebene", lv, lang) for lv in levels)
        land_bars = by_value([
            Bar(self.label("land", k, lang), f"land/{k}.html",
                tuple(per_land_level[k, level] for level in levels))
            for k in self.s.vocabularies["land"].concepts])
        actor_bars = by_value([
            Bar(self.label("akteur", k, lang), f"akteur/{k}.html",
                (len(c.firm), c.qualified_total))
            for k, c in self.counts["akteur"].items()])
        focus_bars = by_value([
            Bar(self.label("schwerpunkt", k, lang), f"schwerpunkt/{k}.html", (c.total,))
            for k, c in self.counts["schwerpunkt"].items()])
        specs = [
            ("gremien-je-land", land_bars, level_names, t["chart_land_level"],
             t["chart_desc"], [t["land"], *level_names, t["total"]], None),
            ("akteurstypen", actor_bars, (t["firm"], t["qualified"]), t["chart_actor"],
             f'{t["chart_actor_desc"]} {t["count_rule"]}',
             [t["actor"], t["firm"], t["qualified"], t["total"]], t["count_rule"]),
            ("schwerpunkte", focus_bars, (t["bodies"],), t["chart_focus"],
             f'{t["chart_desc"]} {t["count_rule_focus"]}', [t["focus"], t["bodies"]],
             t["count_rule_focus"]),
        ]
        prefix = "" if lang == "de" else "en/"
        out = []
        for name, bars, series, title, desc, head, note in specs:
            chart = bar_chart(bars, series, f"chart-{name}-{lang}", title, desc, source)
            rows = [(b.label, b.link, (*b.values, b.total) if len(series) > 1 else b.values)
                    for b in bars]
            # beside the page: diagramm/ (en/diagramm/), linked relative to index.html
            files = {kind: f"diagramm/{name}.{kind}" for kind in ("svg", "csv")}
            self.write(prefix + files["svg"], chart.standalone)
            self.write(prefix + files["csv"], table_csv(head, [(label, *values)
                                                               for label, _, values in rows]))
            out.append({"name": name, "title": title, "svg": Markup(chart.inline),
                        "head": head, "rows": rows, "note": note, "files": files})
        return out

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
                 "contentSize": f"{size_of(self.s.files[name])} B"}
                for name in ("gremien.ttl", "gremien.jsonld", "gremien.nt")],
        }
