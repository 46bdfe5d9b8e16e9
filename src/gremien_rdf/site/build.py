"""The static website in dist/site/: a page per resource, in German and English, with the
resource's Turtle and JSON-LD beside it, charts and a map, and content-negotiation rules.

Every link is relative and names its file (``gremium/x.html``), so that the site works
from the file system, from any web server, and at the base IRI. There a resource IRI
(``gremium/x``) answers HTML, Turtle or JSON-LD by the Accept header, by the generated
rules (``.htaccess`` for Apache, ``nginx/`` for nginx). German pages are at the top,
English ones below ``en/``.
"""

from __future__ import annotations

from rdflib import Graph

from gremien_rdf import LANGUAGES
from gremien_rdf.model import Register
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.site.bodies import BodyPages
from gremien_rdf.site.index import IndexPages
from gremien_rdf.site.pages import SCHEMES, SiteInput
from gremien_rdf.site.reference import ReferencePages
from gremien_rdf.site.schemes import SchemePages
from gremien_rdf.site.search import SearchPages


class _Site(IndexPages, SearchPages, BodyPages, SchemePages, ReferencePages):
    """Renders every page; collects the files in `out` (path → bytes)."""

    def build(self) -> dict[str, bytes]:
        self.assets()
        self.downloads()
        for lang in LANGUAGES:
            self.index(lang)
            self.search(lang)
            for body in self.s.register.bodies:
                self.body(body, lang)
            for scheme in SCHEMES:
                self.scheme(scheme, lang)
            self.ontology_page(lang)
            self.query_pages(lang)
            self.resource_pages(lang)
        self.conneg()
        return self.out


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
                if no_example:
                    heads.setdefault(query.name, [])
                    results.setdefault(query.name, {})[lang] = []
                    continue
                out = io.BytesIO()
                write_results(run(query, store, {}, lang), "csv", iris.base, out, lang=lang)
                tables.setdefault(query.name, {})[lang] = out.getvalue()
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
