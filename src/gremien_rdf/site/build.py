"""The static website in dist/site/: a page per resource, in German and English, with the
resource's Turtle and JSON-LD beside it, charts and a map, and content-negotiation rules.

Every link is relative and names its file (``gremium/x.html``), so that the site works
from the file system, from any web server, and at the base IRI. There a resource IRI
(``gremium/x``) answers HTML, Turtle or JSON-LD by the Accept header, by the generated
rules (``.htaccess`` for Apache, ``nginx/`` for nginx). German pages are at the top,
English ones below ``en/``.
"""

from __future__ import annotations

from gremien_rdf import LANGUAGES
from gremien_rdf.digests import FileData
from gremien_rdf.heap import frozen_heap
from gremien_rdf.progress import step
from gremien_rdf.site.bodies import BodyPages
from gremien_rdf.site.catalogue import CataloguePages
from gremien_rdf.site.frame import FramePages
from gremien_rdf.site.index import IndexPages
from gremien_rdf.site.pages import SCHEMES, SiteInput
from gremien_rdf.site.query_pages import QueryPages
from gremien_rdf.site.reference import ReferencePages
from gremien_rdf.site.schemes import SchemePages
from gremien_rdf.site.search import SearchPages


class _Site(IndexPages, SearchPages, BodyPages, SchemePages, ReferencePages, CataloguePages,
            QueryPages, FramePages):
    """Renders every page; collects the files in `out` (path → bytes)."""

    def build(self) -> dict[str, FileData]:
        with step("writing the website's assets"):
            self.assets()
            self.downloads()
        for lang in LANGUAGES:
            with step(f"writing the website's index ({lang})"):
                for number, page_bodies in enumerate(self.index(lang), 1):
                    self.search(lang, page_bodies, number)
            bodies = self.s.register.bodies
            with step(f"writing the body pages ({lang})", total=len(bodies)) as advance:
                for body in bodies:
                    self.body(body, lang)
                    advance(1)
            with step(f"writing the other pages ({lang})"):
                for scheme in SCHEMES:
                    self.scheme(scheme, lang)
                self.ontology_page(lang)
                self.query_pages(lang)
                self.resource_pages(lang)
                self.about_page(lang)
                self.changes_page(lang)
        with step("writing the website's server rules and sitemap"):
            self.conneg()
            self.sitemap()
        return self.out


def site_files(source: SiteInput) -> dict[str, FileData]:
    """Every file of the site, by its path below dist/site/. The register, its triples
    and the build's other files are left out of garbage collection meanwhile (heap.py):
    at 1,000 bodies the full collections took 0.5 of the site's 4.2 s of CPU, and more per
    body the larger the register."""
    with frozen_heap():
        return _Site(source).build()
