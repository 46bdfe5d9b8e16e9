"""The website in dist/site/, read as files: every page, link and figure, checked against
counts taken from the report's table."""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from click.testing import CliRunner
from conftest import BASE
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS

from gremien_rdf.api import DIST_FILES
from gremien_rdf.cli import cli
from gremien_rdf.publishing.files import MANIFEST
from gremien_rdf.queries.run import run
from gremien_rdf.queries.stored import catalogue
from gremien_rdf.rdf.namespaces import GMH

#: bodies per Land, counted by hand in the report's table (data/source/…)
PER_LAND = {"DE-BW": 14, "DE-BE": 6, "DE-BB": 3, "DE-HH": 3, "DE-HE": 3, "DE-SL": 3,
            "DE-SN": 3, "DE-BY": 2, "DE-HB": 2, "DE-NI": 2, "DE-NW": 1, "DE-RP": 1,
            "DE-ST": 1, "DE-SH": 0, "DE-MV": 0, "DE-TH": 0}


class Page(HTMLParser):
    """What the tests look at in a page: links, sources, ids, lang, embedded JSON-LD."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.alternates: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.tiles: list[dict[str, str]] = []
        self.bars: dict[str, list[dict[str, str]]] = {}
        self._svg: str | None = None
        self._script: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link":
            self.sources.append(a["href"])
            if a.get("rel") == "alternate" and "type" in a:
                self.alternates[a["type"]] = a["href"]
        if tag in ("script", "img") and "src" in a:
            self.sources.append(a["src"])
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = ""
        if tag == "svg":
            self._svg = a.get("class")
        if tag == "a" and a.get("class") == "tile":
            self.tiles.append(a)
        if tag == "g" and a.get("class") == "bar":
            self.bars.setdefault(self._svg or "", []).append(a)

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append(self._script)
            self._script = None


@pytest.fixture(scope="module")
def site(dist) -> Path:
    return dist / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {str(p.relative_to(site)): Page(p.read_text("utf-8"))
            for p in sorted(site.rglob("*.html"))}


def test_every_internal_link_and_source_resolves(site, pages):
    checked = 0
    for name, page in pages.items():
        folder = (site / name).parent
        for href in page.links + page.sources:
            if re.match(r"^[a-z]+:", href):
                continue
            target, fragment = urldefrag(href)
            path = (folder / unquote(target)).resolve() if target else site / name
            assert path.is_file(), f"{name}: {href}"
            if fragment and path.suffix == ".html":
                rel = str(path.relative_to(site.resolve()))
                assert fragment in pages[rel].ids, f"{name}: {href}"
            checked += 1
    assert checked > 5_000  # the walk really went through the pages


def test_nothing_is_loaded_from_elsewhere(pages):
    for name, page in pages.items():
        assert not [s for s in page.sources if re.match(r"^(https?:)?//", s)], name


def test_a_page_for_every_body_land_concept_query_in_both_languages(site, register,
                                                                    vocabularies):
    for lang in ("", "en/"):
        for body in register.bodies:
            assert (site / f"{lang}gremium/{body.id}.html").is_file()
        for scheme, vocabulary in vocabularies.schemes.items():
            assert (site / f"{lang}{scheme}.html").is_file()
            for key in vocabulary.concepts:
                assert (site / f"{lang}{scheme}/{key}.html").is_file()
        for query in catalogue():
            assert (site / f"{lang}abfrage/{query.name}.html").is_file()
        for page in ("index", "def", "abfrage", "quelle/monitor-2024", "datensatz/gremien",
                     "katalog", "organisation/deutsches-institut-fuer-menschenrechte"):
            assert (site / f"{lang}{page}.html").is_file(), page


def test_pages_say_their_language(pages):
    for name, page in pages.items():
        assert page.lang == ("en" if name.startswith("en/") else "de"), name


def test_each_resource_has_turtle_and_json_ld_beside_it(site, pages, graph):
    body = "gremium/he-runder-tisch-menschenhandel"
    page = pages[f"{body}.html"]
    assert page.alternates == {"text/turtle": "../gremium/he-runder-tisch-menschenhandel.ttl",
                               "application/ld+json":
                                   "../gremium/he-runder-tisch-menschenhandel.jsonld"}
    iri = URIRef(BASE + body)
    expected = Graph()
    for s, p, o in graph:
        if s == iri or str(s).startswith(f"{iri}/"):
            expected.add((s, p, o))
    turtle = Graph().parse(site / f"{body}.ttl")
    json_ld = Graph().parse(site / f"{body}.jsonld", format="json-ld")
    assert isomorphic(turtle, expected) and isomorphic(json_ld, expected)
    assert (iri, GMH.participantType, URIRef(BASE + "akteur/fbs")) in turtle
    assert pages["en/gremium/he-runder-tisch-menschenhandel.html"].alternates["text/turtle"] \
        == "../../gremium/he-runder-tisch-menschenhandel.ttl"


def test_the_map_shows_16_laender_with_the_counts_of_the_table(pages):
    for index in ("index.html", "en/index.html"):
        tiles = {t["data-land"]: int(t["data-count"]) for t in pages[index].tiles}
        assert tiles == PER_LAND
        assert {t["href"] for t in pages[index].tiles} == {f"land/{k}.html" for k in PER_LAND}


def test_the_charts_say_the_same_as_the_data(pages, register):
    bars = pages["index.html"].bars
    per_land = {b["data-label"]: int(b["data-total"]) for b in bars["chart"][:16]}
    assert sum(per_land.values()) == 44 and per_land["Baden-Württemberg"] == 14
    actors = {b["data-label"]: int(b["data-total"]) for b in bars["chart"][16:]
              if b["data-label"] == "Fachberatungsstellen"}
    assert actors == {"Fachberatungsstellen": 24}  # 24 rows of the table list FBS


def test_a_land_page_lists_every_body_with_its_participants(site):
    text = (site / "land" / "DE-HE.html").read_text("utf-8")
    assert text.count('class="body-card"') == 3
    for title in ("Austauschtreffen zwischen Polizei und Fachberatungsstellen",
                  "Menschenhandel und Arbeitsausbeutung in Hessen stoppen"):
        assert title in text
    assert "Frauenhäuser" in text  # a participant of the renamed Hessian body
    empty = (site / "land" / "DE-TH.html").read_text("utf-8")
    assert "Für dieses Land nennt der Bericht kein Gremium." in empty


def test_a_body_page_shows_every_fact_and_the_verbatim_source(site):
    text = (site / "gremium" / "he-runder-tisch-menschenhandel.html").read_text("utf-8")
    for fact in ("Runder Tisch „Bekämpfung des Menschenhandels“</span> (verwendet bis 2024)",
                 "Zeile 28", "seit 2024", "Landeskriminalamt",
                 "Menschenhandel / sexuelle Ausbeutung (seit 2024 auch Arbeitsausbeutung)",
                 "DIMR Monitor (2024): Befragung zur Umsetzung der Europaratskonvention"):
        assert fact in text, fact
    qualified = (site / "gremium" / "sl-jour-fixe.html").read_text("utf-8")
    assert re.search(r"Fachberatungsstellen</a></th><td><a [^>]*>anlassbezogen</a>", qualified)


def test_embedded_json_ld_for_search_engines(pages):
    dataset = json.loads(pages["index.html"].json_ld[0])
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert dataset["temporalCoverage"] == "2020-01-01/2022-12-31"
    assert dataset["isBasedOn"]["publisher"]["name"] == "Deutsches Institut für Menschenrechte"
    body = json.loads(pages["gremium/sl-jour-fixe.html"].json_ld[0])
    assert body == {"@context": {"@vocab": "https://schema.org/", "url": {"@type": "@id"},
                                 "license": {"@type": "@id"}, "contentUrl": {"@type": "@id"}},
                    "@type": "Organization",
                    "@id": BASE + "gremium/sl-jour-fixe", "name": "Jour Fixe",
                    "identifier": "sl-jour-fixe", "url": BASE + "gremium/sl-jour-fixe",
                    "areaServed": {"@type": "AdministrativeArea", "name": "Saarland"}}


def test_query_pages_show_the_current_results(site, data):
    for query in catalogue():
        for lang, prefix in (("de", ""), ("en", "en/")):
            rows = len(list(run(query, data, {}, lang)))
            text = (site / f"{prefix}abfrage/{query.name}.html").read_text("utf-8")
            tbody = text.split('<table class="results">')[1].split("<tbody>")[1]
            tbody = tbody.split("</tbody>")[0]
            assert tbody.count("<tr>") == rows, (query.name, lang)
            assert (site / f"abfrage/{query.name}.rq").read_text("utf-8") == query.text


def test_the_ontology_page_documents_every_term(site, pages):
    ontology = Graph().parse(site / "def.ttl")
    terms = {str(s)[len(str(GMH)):] for s in ontology.subjects()
             if str(s).startswith(str(GMH)) and str(s) != str(GMH)}
    assert len(terms) > 30
    assert terms <= pages["def.html"].ids and terms <= pages["en/def.html"].ids
    version = str(ontology.value(URIRef(str(GMH)[:-1]), OWL.versionInfo))
    for lang, prefix in (("de", ""), ("en", "en/")):
        text = (site / f"{prefix}def.html").read_text("utf-8")
        assert f"<dd>{version} (<code>{str(GMH)[:-1]}/{version}</code>)</dd>" in text
        comment = next(c for c in ontology.objects(GMH.Year, RDFS.comment) if c.language == lang)
        assert f"<dd>{escape(str(comment), quote=True)}</dd>" in text, lang


def test_conneg_rules_are_written(site):
    htaccess = (site / ".htaccess").read_text("utf-8")
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle" in htaccess
    assert "map $http_accept $gremien_rdf_suffix" in (site / "nginx" / "http.conf").read_text()
    assert "try_files $uri $uri$gremien_rdf_suffix" in (site / "nginx" / "server.conf").read_text()


def test_downloads_carry_the_published_bytes(site, dist):
    published = [path for path in dist.iterdir() if path.is_file() and path.name != MANIFEST]
    assert sorted(path.name for path in published) == sorted(DIST_FILES)
    for path in published:
        assert (site / "download" / path.name).read_bytes() == path.read_bytes()


@pytest.mark.slow
def test_site_command_replaces_only_the_site(tmp_path, dist):
    result = CliRunner().invoke(cli, ["site", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "280 pages in German and English" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "site"]
    out = tmp_path / "dist"
    shutil.copytree(dist, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / "site" / "index.html").unlink()
    result = CliRunner().invoke(cli, ["site", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "site" / "index.html").is_file()
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # the dumps, SHA256SUMS and the manifest as they were


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_and_map_colours_have_enough_contrast():
    from gremien_rdf.site.charts import EMPTY, SCALE, SERIES, TEXT

    for fill in SCALE:
        assert contrast(fill, "#ffffff") >= 4.5, fill  # white numbers on the tiles
    assert contrast(TEXT, EMPTY) >= 4.5
    for fill in SERIES:
        assert contrast(fill, "#ffffff") >= 4.5, fill  # bars against the white page
    css = (Path(__file__).parents[1] / "src/gremien_rdf/site/assets/site.css").read_text("utf-8")
    ink, muted, accent = (re.search(rf"--{name}: (#[0-9a-f]{{6}})", css)[1]
                          for name in ("ink", "muted", "accent"))
    for colour in (ink, muted, accent):
        assert contrast(colour, "#ffffff") >= 4.5, colour


def test_organization_says_no_more_about_its_area_than_the_report(pages):
    def organisation(body: str) -> dict:
        return json.loads(pages[f"gremium/{body}.html"].json_ld[0])

    # a municipal body: the place its title names, not the whole Land
    assert organisation("bw-steuerungskreis-prostitution-mannheim")["areaServed"] == {
        "@type": "Place", "name": "Mannheim"}
    # the international body (level international) claims no area at all
    level_international = [name for name, page in pages.items()
                           if name.startswith("gremium/")
                           and "../ebene/international.html" in page.links]
    assert len(level_international) == 1
    assert "areaServed" not in json.loads(pages[level_international[0]].json_ld[0])


def test_german_text_on_english_pages_is_marked_german(site):
    text = (site / "en" / "gremium" / "he-runder-tisch-menschenhandel.html").read_text("utf-8")
    assert '<h1 lang="de">Menschenhandel und Arbeitsausbeutung in Hessen stoppen</h1>' in text
    assert '<span lang="de">Runder Tisch „Bekämpfung des Menschenhandels“</span>' in text
    assert "English labels are gremien-rdf&#39;s translations" in text


def test_german_numbers_on_german_pages(site):
    size = (site.parent / "gremien.nt").stat().st_size
    assert f"{size:,}".replace(",", ".") + " Bytes" in (site / "index.html").read_text("utf-8")
    assert f"{size:,} bytes" in (site / "en" / "index.html").read_text("utf-8")


def test_the_words_of_the_site_are_in_both_languages_under_the_same_keys():
    """site/messages.yaml, the site's message catalogue: a key missing in one language
    would stop a page (the templates are strict) only when that page is built."""
    from gremien_rdf.site.pages import UI

    assert set(UI) == {"de", "en"}
    assert set(UI["de"]) == set(UI["en"]) and len(UI["de"]) == 102
    for lang, words in UI.items():
        assert all(isinstance(text, str) and text.strip() for text in words.values()), lang
    assert UI["de"]["home"] == "Übersicht" and UI["en"]["rows"] == "rows"
