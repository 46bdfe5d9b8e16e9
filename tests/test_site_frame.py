"""What frames the website (#13): the About page, the sitemap and robots.txt, each page's
description, address and preview tags, tab titles that name the Land, the Land pages that
lead with their bodies, and the ontology page's metadata, contents and uses. Read as files;
the expectations come from data/gremien.yaml, publication.yaml and the ontology."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from gremien_rdf.rdf.namespaces import GMH

BASE = "https://w3id.org/gremien-rdf/"
SETTINGS = yaml.safe_load((ROOT / "publication.yaml").read_text("utf-8"))
#: the Länder without a body in the report's table
EMPTY = ("DE-MV", "DE-SH", "DE-TH")


@pytest.fixture(scope="module")
def site(dist) -> Path:
    return dist / "site"


@pytest.fixture(scope="module")
def html(site) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text("utf-8") for p in sorted(site.rglob("*.html"))}


def head(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    assert found, pattern
    return unescape(found[1])


def words(fragment: str) -> str:
    """The visible words of a piece of HTML, tags removed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def main(text: str) -> str:
    """The visible words of a page's <main>."""
    return words(text[text.index("<main"):text.index("</main>")])


def test_every_page_describes_itself_for_search_engines_and_link_previews(html):
    for name, text in html.items():
        title = head(text, r"<title>(.*?)</title>")
        description = head(text, r'<meta name="description" content="([^"]*)">')
        assert 15 <= len(description) <= 200, name
        assert head(text, r'<meta property="og:description" content="([^"]*)">') == description
        assert title.startswith(head(text, r'<meta property="og:title" content="([^"]*)">'))
        address = BASE + name.removesuffix("index.html")
        assert head(text, r'<link rel="canonical" href="([^"]*)">') == address, name
        assert head(text, r'<meta property="og:url" content="([^"]*)">') == address
        assert head(text, r'<meta property="og:locale" content="([^"]*)">') == (
            "en_GB" if name.startswith("en/") else "de_DE")


def test_the_favicon_is_there(site, html):
    icon = ET.fromstring((site / "assets" / "favicon.svg").read_text("utf-8"))
    assert icon.tag == "{http://www.w3.org/2000/svg}svg"
    for name, text in html.items():
        link = head(text, r'<link rel="icon" href="([^"]*)"')
        assert (site / name).parent.joinpath(link).resolve() == \
            (site / "assets" / "favicon.svg").resolve(), name


def test_tab_titles_name_the_land_and_no_two_pages_share_one(html, register, vocabularies):
    for lang in ("de", "en"):
        titles = Counter(head(text, r"<title>(.*?)</title>") for name, text in html.items()
                         if name.startswith("en/") == (lang == "en"))
        assert [t for t, n in titles.items() if n > 1] == [], lang
    # every body's tab names its Land: "Jour Fixe" alone says nothing in a row of tabs
    for body in register.bodies:
        for prefix, lang in (("", "de"), ("en/", "en")):
            land = vocabularies["land"].concepts[body.land]
            name = land.label_de if lang == "de" else land.label_en
            assert head(html[f"{prefix}gremium/{body.id}.html"], r"<title>(.*?) – ") == \
                f"{body.title} ({name})"
    jour_fixe = sorted(head(text, r"<title>(.*?) – ") for name, text in html.items()
                       if name.startswith("gremium/") and "<h1 lang=\"de\">Jour Fixe" in text)
    assert jour_fixe == ["Jour Fixe (Saarland)", "Jour Fixe Arbeitsausbeutung (Berlin)",
                         "Jour Fixe Menschenhandel (Berlin)"]


def test_the_sitemap_lists_every_page_with_its_other_language(site, html):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    locations = [u.findtext("s:loc", namespaces=ns) for u in urls]
    assert sorted(locations) == sorted(BASE + name.removesuffix("index.html") for name in html)
    for url in urls:
        assert url.findtext("s:lastmod", namespaces=ns) == str(SETTINGS["modified"])
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert set(alternates) == {"de", "en"}
        assert url.findtext("s:loc", namespaces=ns) in alternates.values()
        for href in alternates.values():
            assert href in locations


def test_robots_txt_allows_all_and_names_the_sitemap(site):
    lines = (site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {SETTINGS['base_iri']}sitemap.xml" in lines


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_about_page_names_publisher_contact_licence_and_how_the_data_was_made(html, lang):
    text = html["ueber.html" if lang == "de" else "en/ueber.html"]
    shown = main(text)
    assert SETTINGS["publisher"]["name"] in shown
    assert f'href="{SETTINGS["publisher"]["url"]}"' in text
    assert f'href="{SETTINGS["contact"]["url"]}"' in text
    assert f'href="{SETTINGS["licence"]}"' in text
    assert "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)" in shown
    assert " ".join(SETTINGS["attribution"].split()) in shown
    assert SETTINGS["version"] in shown and str(SETTINGS["modified"]) in shown
    assert ("44 koordinierenden Gremien" if lang == "de" else "44 coordinating bodies") in shown
    assert ("nicht vom Deutschen Institut für Menschenrechte" if lang == "de"
            else "not by the German Institute for Human Rights") in shown
    assert shown.count("SHACL") == 1 and text.count("<li>") >= 9
    # every page links to it, from the navigation and the footer
    for name, page in html.items():
        if name.startswith("en/") == (lang == "en"):
            assert page.count("ueber.html") >= 2, name


def land_section(text: str, ident: str) -> str:
    start = text.index(f'id="{ident}"')
    return text[start:text.index("</section>", start)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_land_page_leads_with_its_bodies_and_ends_with_its_identifiers(html, register,
                                                                         vocabularies, lang):
    from gremien_rdf.site.counts import counts

    prefix = "" if lang == "de" else "en/"
    for land in vocabularies["land"].concepts:
        text = html[f"{prefix}land/{land}.html"]
        bodies = [b for b in register.bodies if b.land == land]
        # the bodies come before the identifiers (codes, matches), not after them
        assert text.index('id="gremien"') < text.index('id="kennungen"'), land
        assert text.count('class="body-card"') == len(bodies)
        codes = text[text.index('id="kennungen"'):]
        assert land in codes and "data.europa.eu/nuts/code/" in codes
        if not bodies:
            assert land in EMPTY
            assert ("heißt das nicht, dass es dort keines gibt" if lang == "de"
                    else "does not mean none exists") in main(text)
            assert 'class="summary"' not in text
            continue
        assert land not in EMPTY
        lead = main(text)
        assert (f"Der Bericht nennt {len(bodies)} " if lang == "de" and len(bodies) > 1
                else "") in lead
        # the summary: bodies per level, and per focus area and actor type by the one rule
        levels = Counter(b.level for b in bodies)
        summary = land_section(text, "sum-level")
        for level, n in levels.items():
            assert re.search(rf'ebene/{level}.html">[^<]+</a> <span class="n">{n}</span>',
                             summary), (land, level)
        assert summary.count('class="n"') == len(levels)
        mini = type(register)(register.report, tuple(bodies), register.path)
        for scheme, section in (("akteur", "sum-actor"), ("schwerpunkt", "sum-focus")):
            found = counts(mini, vocabularies, scheme)
            listed = re.findall(rf'{scheme}/([^".]+).html">[^<]+</a> <span class="n">(\d+)',
                                land_section(text, section))
            assert {k: int(n) for k, n in listed} == {k: c.total for k, c in found.items()}
            assert [int(n) for _, n in listed] == sorted((int(n) for _, n in listed),
                                                         reverse=True)


def test_baden_wuerttemberg_in_figures(html):
    """Counted by hand in the report's table: 14 bodies in Baden-Württemberg, 12 of them
    municipal or regional, one at Land level, one international; Polizei at 12 tables."""
    text = html["land/DE-BW.html"]
    level = land_section(text, "sum-level")
    assert re.search(r'Kommunal / Regional</a> <span class="n">12<', level)
    assert re.search(r'Landesebene</a> <span class="n">1<', level)
    assert re.search(r'International</a> <span class="n">1<', level)
    assert re.search(r'Polizei</a> <span class="n">12<', land_section(text, "sum-actor"))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_ontology_page_has_metadata_contents_downloads_and_uses(site, html, dist, lang):
    text = html["def.html" if lang == "de" else "en/def.html"]
    graph = Graph().parse(ROOT / "ontology" / "gremien.ttl")
    ontology = next(graph.subjects(RDF.type, OWL.Ontology))
    shown = main(text)
    for value in (graph.value(ontology, OWL.versionInfo), graph.value(ontology, OWL.versionIRI),
                  SETTINGS["licence"], "https://w3id.org/gremien-rdf/def#"):
        assert str(value) in text
    assert ("Namensraum" if lang == "de" else "Namespace") in shown
    assert (" Type " not in shown) if lang == "de" else True
    for name in ("def.ttl", "def.jsonld"):
        size = (site / name).stat().st_size
        number = f"{size:,}".replace(",", ".") if lang == "de" else f"{size:,}"
        assert re.search(rf'href="(\.\./)?{name}"[^>]*download>[^<]+<span class="what">'
                         rf"\({number} ", text), name
    toc = text[text.index('id="toc"'):text.index("</nav>", text.index('id="toc"'))]
    terms = sorted({s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                   RDFS.Datatype) for s in graph.subjects(RDF.type, kind)
                    if str(s).startswith(str(GMH))}, key=str)
    assert sorted(re.findall(r'href="#([^"]+)"', toc)) == sorted(
        ["klassen", "eigenschaften", "datentypen"] + [str(t)[len(str(GMH)):] for t in terms])
    # each class: the properties whose domain (range) it is, and its instances in the data
    data = Graph().parse(dist / "gremien.ttl")
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(GMH)):
            continue
        name = str(cls)[len(str(GMH)):]
        section = land_section(text, name)
        for prop in graph.subjects(RDFS.domain, cls):
            assert f'href="#{str(prop)[len(str(GMH)):]}"' in section or \
                not str(prop).startswith(str(GMH)), (name, prop)
        instances = len(set(data.subjects(RDF.type, cls)))
        assert (f"{instances} Ressourcen" if lang == "de" else f"{instances} resources") \
            in words(section), name
    # each property: its statements in the data (counted by the site over the converter's
    # triples, here over the dump)
    properties = {s for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
                  for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(GMH))}
    assert len(properties) > 10
    for prop in properties:
        uses = f"{len(set(data.triples((None, prop, None)))):,}"
        expected = (f"{uses.replace(',', '.')} Aussagen" if lang == "de"
                    else f"{uses} statements")
        assert expected in words(land_section(text, str(prop)[len(str(GMH)):])), prop


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_have_enough_contrast_in_the_light_and_the_dark_scheme():
    """WCAG AA (4.5:1) for every pair of text and ground colour the stylesheet uses, read
    from its custom properties: the light scheme, and the dark one that overrides them."""
    css = (ROOT / "src" / "gremien_rdf" / "site" / "assets" / "site.css").read_text("utf-8")
    light = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", css[css.index(":root {"):
                                                              css.index("}")]))
    dark_block = css[css.index("prefers-color-scheme: dark"):]
    dark = light | dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})",
                                   dark_block[:dark_block.index("}")]))
    assert dark["bg"] != light["bg"] and dark["ink"] != light["ink"]
    for colours in (light, dark):
        for text in ("ink", "muted", "accent"):
            for ground in ("bg", "soft", "accent-soft"):
                assert contrast(colours[text], colours[ground]) >= 4.5, (text, ground, colours)
