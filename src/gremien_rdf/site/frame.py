"""What frames the site rather than describing a resource: the About page (who publishes
it, the licence, how the data was made), the sitemap with each page's other language, and
robots.txt that points to it."""

from __future__ import annotations

from gremien_rdf.site.escaping import html_text
from gremien_rdf.site.pages import UI, Pages, address

#: the path of the About page (in both languages: ueber.html, en/ueber.html)
ABOUT = "ueber"


class FramePages(Pages):

    def about_page(self, lang: str) -> None:
        p = self.s.publication
        bodies = self.s.register.bodies
        self.page(ABOUT, "about.html", lang, UI[lang]["about_site"], (), None,
                  summary=UI[lang]["about_description"], publication=p,
                  report=self.s.register.report,
                  figures={"bodies": len(bodies), "laender": len({b.land for b in bodies})})

    def sitemap(self) -> None:
        """sitemap.xml (every HTML page at its address below the base IRI, with its page in
        the other language) and robots.txt, which names the sitemap."""
        base = self.base
        modified = self.s.publication.modified.isoformat()
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                 'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
        pages = set(self.html_pages)
        for file in sorted(pages):
            german = file.removeprefix("en/")
            english = f"en/{german}"
            lines.append(f"<url><loc>{html_text(address(base, file))}</loc>"
                         f"<lastmod>{modified}</lastmod>")
            for lang, other in (("de", german), ("en", english)):
                if other in pages:
                    lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" '
                                 f'href="{html_text(address(base, other))}"/>')
            lines.append("</url>")
        lines.append("</urlset>")
        self.write("sitemap.xml", "\n".join(lines) + "\n")
        self.write("robots.txt", "# gremien-rdf: every page may be read and indexed.\n"
                   "User-agent: *\nAllow: /\n\n"
                   f"Sitemap: {base}sitemap.xml\n")

