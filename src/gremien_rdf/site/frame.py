"""What frames the site rather than describing a resource: the About page (who publishes
it, the licence, how the data was made), the Changes page (each version of the data and
what changed in it), the sitemap with each page's other language, and
robots.txt that points to it."""

from __future__ import annotations

from gremien_rdf.site.escaping import html_text
from gremien_rdf.site.pages import FIELD_WORDS, UI, Pages, VersionChanges, address

#: the path of the About page (in both languages: ueber.html, en/ueber.html)
ABOUT = "ueber"

#: the path of the Changes page (aenderungen.html, en/aenderungen.html)
CHANGES = "aenderungen"

#: the most pages one sitemap file may list (the sitemap protocol's limit)
SITEMAP_SIZE = 50_000


def _urlset(entries: list[str]) -> str:
    """A sitemap file with the <url> `entries`."""
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>',
                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                      'xmlns:xhtml="http://www.w3.org/1999/xhtml">', *entries,
                      "</urlset>"]) + "\n"


class FramePages(Pages):

    def about_page(self, lang: str) -> None:
        p = self.s.publication
        bodies = self.s.register.bodies
        self.page(ABOUT, "about.html", lang, UI[lang]["about_site"], (), None,
                  summary=UI[lang]["about_description"], publication=p,
                  report=self.s.register.report,
                  figures={"bodies": len(bodies), "laender": len({b.land for b in bodies})})

    def changes_page(self, lang: str) -> None:
        """Every version of the data, newest first, with what changed from the one before;
        the current version alone (the first) when the settings list no earlier ones."""
        p = self.s.publication
        versions = self.s.versions or (VersionChanges(
            p.version, p.issued, len(self.s.register.bodies), first=True),)
        t = UI[lang]
        self.page(CHANGES, "changes.html", lang, t["changes"], (), None,
                  summary=t["changes_description"], versions=versions,
                  pages={body.id for body in self.s.register.bodies},
                  fields={key: t[value] for key, value in FIELD_WORDS.items()})

    def sitemap(self) -> None:
        """sitemap.xml (every HTML page at its address below the base IRI, with its page in
        the other language) and robots.txt, which names the sitemap. Beyond SITEMAP_SIZE
        pages, the protocol's limit for one file, the pages go into sitemap-1.xml, … and
        sitemap.xml is their index."""
        base = self.base
        modified = self.s.publication.modified.isoformat()
        pages = set(self.html_pages)
        entries = []
        for file in sorted(pages):
            german = file.removeprefix("en/")
            english = f"en/{german}"
            lines = [f"<url><loc>{html_text(address(base, file))}</loc>"
                     f"<lastmod>{modified}</lastmod>"]
            for lang, other in (("de", german), ("en", english)):
                if other in pages:
                    lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" '
                                 f'href="{html_text(address(base, other))}"/>')
            lines.append("</url>")
            entries.append("\n".join(lines))
        parts = [entries[start:start + SITEMAP_SIZE]
                 for start in range(0, len(entries), SITEMAP_SIZE)] or [[]]
        if len(parts) == 1:
            self.write("sitemap.xml", _urlset(parts[0]))
        else:
            names = [f"sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
            for name, part in zip(names, parts, strict=True):
                self.write(name, _urlset(part))
            self.write("sitemap.xml", "\n".join([
                '<?xml version="1.0" encoding="UTF-8"?>',
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                *(f"<sitemap><loc>{html_text(base + name)}</loc>"
                  f"<lastmod>{modified}</lastmod></sitemap>" for name in names),
                "</sitemapindex>"]) + "\n")
        self.write("robots.txt", "# gremien-rdf: every page may be read and indexed.\n"
                   "User-agent: *\nAllow: /\n\n"
                   f"Sitemap: {base}sitemap.xml\n")

