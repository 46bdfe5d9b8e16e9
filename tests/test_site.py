"""The website in dist/site/, read as files: every page, link and figure, checked against
counts taken from the report's table."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from html import escape, unescape
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
        self.canonical: str | None = None
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
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]  # the page's address on the web: not loaded
        elif tag == "link":
            self.sources.append(a["href"])
            if a.get("rel") == "alternate" and "type" in a:
                self.alternates[a["type"]] = a["href"]
        if tag in ("script", "img") and "src" in a:
            self.sources.append(a["src"])
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = ""
        if tag == "svg":
            self._svg = a.get("id") or a.get("class")
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


def test_the_map_shows_16_laender_with_the_counts_of_the_table(pages, site):
    for index in ("index.html", "en/index.html"):
        tiles = {t["data-land"]: int(t["data-count"]) for t in pages[index].tiles}
        assert tiles == PER_LAND
        assert {t["href"] for t in pages[index].tiles} == {f"land/{k}.html" for k in PER_LAND}
        # the short names as the German press writes them: NRW, not the ISO code's NW
        shown = re.findall(r'data-land="(DE-\w\w)".*?font-weight="bold">(\w+)</text>',
                           (site / index).read_text("utf-8"), re.S)
        assert dict(shown) == {
            "DE-BW": "BW", "DE-BY": "BY", "DE-BE": "BE", "DE-BB": "BB", "DE-HB": "HB",
            "DE-HH": "HH", "DE-HE": "HE", "DE-MV": "MV", "DE-NI": "NI", "DE-NW": "NRW",
            "DE-RP": "RP", "DE-SL": "SL", "DE-SN": "SN", "DE-ST": "ST", "DE-SH": "SH",
            "DE-TH": "TH"}


def test_the_map_has_a_legend_for_every_shade(site):
    from gremien_rdf.site.charts import EMPTY, SCALE

    for index, none in (("index.html", "kein Gremium im Bericht"),
                        ("en/index.html", "no body in the report")):
        text = (site / index).read_text("utf-8")
        legend = re.search(r'<ul class="map-legend".*?</ul>', text, re.S)[0]
        ranges = re.findall(r'fill="(#\w{6})"[^>]*/></svg> (\d+)(?:–(\d+))? ', legend)
        covered = [n for _, low, high in ranges for n in range(int(low), int(high or low) + 1)]
        assert covered == list(range(1, 15))  # 1 to 14, the most bodies of a Land (BW)
        assert len(ranges) == len(SCALE) and none in legend and EMPTY in legend
        shade_of = {n: fill for fill, low, high in ranges
                    for n in range(int(low), int(high or low) + 1)}
        for land, count in PER_LAND.items():
            fill = re.search(rf'data-land="{land}"[^>]*>\s*<title>[^<]*</title>\s*'
                             rf'<rect [^>]*fill="(#\w{{6}})"', text)[1]
            assert fill == (shade_of[count] if count else EMPTY), land


def test_the_charts_say_the_same_as_the_data(pages, register):
    bars = pages["index.html"].bars
    per_land = {b["data-label"]: int(b["data-total"])
                for b in bars["chart-gremien-je-land-de"]}
    assert sum(per_land.values()) == 44 and per_land["Baden-Württemberg"] == 14
    assert len(per_land) == 16 and per_land["Thüringen"] == 0
    actors = {b["data-label"]: int(b["data-total"]) for b in bars["chart-akteurstypen-de"]}
    assert actors["Fachberatungsstellen"] == 24  # 24 rows of the table list FBS
    assert actors["Polizei"] == 36  # Polizei, or one of LKA, BKA, Bundes-, Landespolizei
    english = {b["data-label"]: int(b["data-total"])
               for b in pages["en/index.html"].bars["chart-gremien-je-land-en"]}
    assert english["Hesse"] == 3 and english["Baden-Württemberg"] == 14


CHARTS = ("gremien-je-land", "akteurstypen", "schwerpunkte")


def chart_pages(site: Path) -> list[str]:
    """The pages that show a chart (today the index in both languages)."""
    found = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                   if '<svg class="chart"' in p.read_text("utf-8"))
    assert found == ["en/index.html", "index.html"]
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_chart_bars_are_sorted_largest_first(pages, lang):
    index = "index.html" if lang == "de" else "en/index.html"
    for name in CHARTS:
        bars = [(-int(b["data-total"]), b["data-label"].casefold())
                for b in pages[index].bars[f"chart-{name}-{lang}"]]
        assert len(bars) > 5 and bars == sorted(bars), name


def figure(text: str, name: str) -> str:
    return re.search(rf'<figure class="chart-figure" id="{name}">.*?</figure>', text, re.S)[0]


def cells(row: str) -> list[str]:
    from html import unescape

    return [unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_chart_comes_as_csv_with_the_numbers_of_the_chart_and_the_table(site, pages,
                                                                             lang, vocabularies):
    import csv
    import io

    index = "index.html" if lang == "de" else "en/index.html"
    prefix = "" if lang == "de" else "en/"
    text = (site / index).read_text("utf-8")
    for name in CHARTS:
        part = figure(text, name)
        link = re.search(r'href="([^"]+\.csv)" type="text/csv" download', part)[1]
        assert link == f"diagramm/{name}.csv"  # beside the page
        data = (site / prefix / link).read_bytes()
        table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert data.endswith(b"\r\n") and not data.startswith(b"\xef\xbb\xbf")
        html_rows = [cells(r) for r in re.findall(r"<tr>.*?</tr>", part, re.S)]
        assert table == html_rows, name  # header and rows, as the page's table
        bars = [(b["data-label"], b["data-total"]) for b in pages[index].bars[
            f"chart-{name}-{lang}"]]
        assert [(row[0], row[-1]) for row in table[1:]] == bars, name
    lands = {c.label_de if lang == "de" else c.label_en: k
             for k, c in vocabularies["land"].concepts.items()}
    per_land = list(csv.reader(io.StringIO((site / prefix / "diagramm/gremien-je-land.csv")
                                           .read_text("utf-8"), newline="")))
    assert per_land[0][0] == ("Land" if lang == "de" else "Land")
    assert {lands[row[0]]: int(row[-1]) for row in per_land[1:]} == PER_LAND
    assert all(sum(map(int, row[1:-1])) == int(row[-1]) for row in per_land[1:])
    actors = {row[0]: row[1:] for row in csv.reader(io.StringIO(
        (site / prefix / "diagramm/akteurstypen.csv").read_text("utf-8"), newline=""))}
    fbs = "Fachberatungsstellen" if lang == "de" else "Specialist counselling centres"
    assert actors[fbs] == ["21", "3", "24"]  # FBS: 21 firm, 3 qualified (counts.py)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_chart_comes_as_svg_equal_to_the_chart_on_the_page(site, lang):
    from xml.etree import ElementTree

    index = "index.html" if lang == "de" else "en/index.html"
    prefix = "" if lang == "de" else "en/"
    text = (site / index).read_text("utf-8")
    footer = re.search(r'<footer>\s*<div>\s*<p>[^<]*<span lang="de">([^<]+)</span>', text)[1]
    assert footer == ("Deutsches Institut für Menschenrechte, Monitor Menschenhandel in "
                      "Deutschland (2024), Datenanhang 2")
    for name in CHARTS:
        part = figure(text, name)
        link = re.search(r'href="([^"]+\.svg)" type="image/svg\+xml" download', part)[1]
        assert link == f"diagramm/{name}.svg"
        download = (site / prefix / link).read_text("utf-8")
        assert download.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
        root = ElementTree.fromstring(download.encode("utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        inline = re.search(r"<svg class=\"chart\".*?</svg>", part, re.S)[0]
        ElementTree.fromstring(inline)  # the inline chart is well-formed XML as well
        # the same drawing; the file leaves out the links, which are relative to the page,
        # and the ARIA role and name, which belong to the SVG in the page (its <title> and
        # <desc> name the file)
        chart_id = f"chart-{name}-{lang}"
        aria = f'role="group" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        assert aria in inline and "aria-" not in download and "role=" not in download
        assert re.sub(r'<a href="[^"]*">|</a>', "", inline).replace(aria, "", 1) == \
            download.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n').rstrip("\n")
        assert "<a " in inline and "<a " not in download
        # the source line under the bars: the report, as the footer names it
        source = " ".join(t.strip() for t in root.find(
            "{http://www.w3.org/2000/svg}g[@class='source']").itertext())
        assert footer in source, name
        # a legend where there is more than one series: levels, firm / qualified
        legend = root.find("{http://www.w3.org/2000/svg}g[@class='legend']")
        names = [] if legend is None else [t.text for t in legend.iter(
            "{http://www.w3.org/2000/svg}text")]
        assert len(names) == {"gremien-je-land": 3, "akteurstypen": 2, "schwerpunkte": 0}[
            name], name


def test_the_lead_sentence_gives_the_registers_numbers(site, register, vocabularies):
    for index, lead in (("index.html", "44 koordinierende Gremien gegen Menschenhandel in 13 "
                                       "der 16 Länder, laut Monitor Menschenhandel in "
                                       "Deutschland (Deutsches Institut für Menschenrechte, "
                                       "2024)."),
                        ("en/index.html", "44 coordinating bodies against human trafficking "
                                          "in 13 of the 16 Länder, according to the Monitor "
                                          "Menschenhandel in Deutschland (Deutsches Institut "
                                          "für Menschenrechte, 2024).")):
        text = (site / index).read_text("utf-8")
        paragraph = re.search(r'<p class="lead">(.*?)</p>', text, re.S)[1]
        assert " ".join(cells(f"<td>{paragraph}</td>")[0].split()) == lead
        # the numbers are the register's, not typed in
        assert len(register.bodies) == 44 and len(vocabularies["land"].concepts) == 16
        assert len({b.land for b in register.bodies}) == 13


def test_every_figure_of_the_first_screen_links_to_the_list_behind_it(site, pages):
    for index in ("index.html", "en/index.html"):
        text = (site / index).read_text("utf-8")
        first = re.search(r'<section aria-labelledby="figures" class="overview">.*?</section>',
                          text, re.S)[0]
        lead = re.search(r'<p class="lead">.*?</p>', first, re.S)[0]
        figures = re.search(r'<ul class="figures">.*?</ul>', first, re.S)[0]
        linked = [(href if href.startswith("#") else posixpath.normpath(
                       posixpath.join(posixpath.dirname(index), href)), number)
                  for href, number in re.findall(r'<a href="([^"]+)"><strong>([\d.,]+)'
                                                 r"</strong>", lead + figures)]
        prefix = "" if index == "index.html" else "en/"
        assert linked == [("#bodies", "44"), (f"{prefix}land.html", "13"), ("#bodies", "44"),
                          (f"{prefix}land.html", "13"), (f"{prefix}akteur.html", "32"),
                          ("#bodies", "219")]
        for href, _ in linked:
            if href.startswith("#"):
                assert href[1:] in pages[index].ids
            else:
                assert (site / href).is_file()
        assert "Teilnahmen von Akteurstypen" not in text
        # the three Länder without a body, each a link to its page
        assert re.findall(r'<a href="(?:\.\./en/)?land/(DE-\w\w)\.html">',
                          first.split("map-legend")[-1]) == ["DE-MV", "DE-SH", "DE-TH"]
    assert "keine einzelnen Behörden, Vereine oder Personen" in (site / "index.html").read_text(
        "utf-8")
    assert "not individual authorities, associations or people" in (
        site / "en/index.html").read_text("utf-8")


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
            tbody = text.split('<table class="results" id="static-result">')[1]
            tbody = tbody.split("<tbody>")[1]
            tbody = tbody.split("</tbody>")[0]
            assert tbody.count("<tr>") == rows, (query.name, lang)
            assert (site / f"abfrage/{query.name}.rq").read_text("utf-8") == query.text


def static_table(text: str) -> tuple[list[str], list[list[tuple[str, str | None]]]]:
    """The headers and the cells (text, href or None) of a query page's result table."""
    table = text.split('<table class="results" id="static-result">')[1].split("</table>")[0]
    head = re.findall(r'<th scope="col">([^<]*)</th>', table)
    rows = [[(unescape(link or plain), href_ or None) for href_, link, plain in re.findall(
        r'<td>(?:<a href="([^"]*)">([^<]*)</a>|([^<]*))</td>', row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]
    return head, rows


def test_query_tables_show_readable_headers_and_labels_not_iris(site, register):
    from gremien_rdf.queries.results import COLUMN_LABELS

    head, rows = static_table((site / "abfrage/bodies-per-land.html").read_text("utf-8"))
    assert head == ["Land", "Gremien"]
    assert rows[0] == [("Baden-Württemberg", "../land/DE-BW.html"), ("14", None)]
    assert {row[0][0]: int(row[1][0]) for row in rows} == {
        "Baden-Württemberg": 14, "Berlin": 6, "Brandenburg": 3, "Hamburg": 3, "Hessen": 3,
        "Saarland": 3, "Sachsen": 3, "Bayern": 2, "Bremen": 2, "Niedersachsen": 2,
        "Nordrhein-Westfalen": 1, "Rheinland-Pfalz": 1, "Sachsen-Anhalt": 1,
        "Mecklenburg-Vorpommern": 0, "Schleswig-Holstein": 0, "Thüringen": 0}
    head, _ = static_table((site / "en/abfrage/fbs-per-land.html").read_text("utf-8"))
    assert head == ["Land", "Bodies with FBS", "Bodies"]
    head, rows = static_table((site / "abfrage/bodies-with-actor.html").read_text("utf-8"))
    assert head == ["Gremium", "Land", "Akteurstypen"]
    assert len(rows) == 36  # Polizei, by the counting rule
    titles = {f"gremium/{body.id}.html": body.title for body in register.bodies}
    readable = {label for labels in COLUMN_LABELS.values() for label in labels}
    linked = 0
    for query in catalogue():
        for prefix in ("", "en/"):
            head, rows = static_table(
                (site / f"{prefix}abfrage/{query.name}.html").read_text("utf-8"))
            assert set(head) <= readable, (query.name, head)
            assert not any("(IRI)" in name for name in head), (query.name, head)
            for row in rows:
                for text, target in row:
                    # a link shows a label, never a relative IRI such as land/DE-BW
                    assert not re.match(r"^[a-z]+/", text), (query.name, text)
                    page = (target or "").removeprefix("../../en/").removeprefix("../")
                    if page.startswith("gremium/"):
                        assert text == titles[page], (query.name, text)
                        linked += 1
    assert linked == 2 * (44 + 6 + 36 + 6 + 1 + 17 + 6 + 2)  # as many as the queries give


def test_query_pages_explain_lang_and_parameters_in_their_language(site):
    de = (site / "abfrage/bodies-with-actor.html").read_text("utf-8")
    en = (site / "en/abfrage/bodies-with-actor.html").read_text("utf-8")
    assert "<dt><code>$actor</code></dt><dd>der Akteurstyp (Bezeichnung oder Abkürzung) " \
        "(Vorgabe: Polizei)</dd>" in de
    assert "<dt><code>$lang</code></dt><dd>die Sprache der Beschriftungen im Ergebnis." in de
    assert "the actor type" not in de.split("<pre")[0]
    assert "<dt><code>$actor</code></dt><dd>the actor type (label or abbreviation) " \
        "(default: Polizei)</dd>" in en
    assert "<dt><code>$lang</code></dt><dd>the language of the labels in the result." in en
    # the version to copy into another endpoint has the values bound
    for text, lang in ((de, "de"), (en, "en")):
        bound = text.split('<pre id="sparql-bound"><code>')[1].split("</code>")[0]
        assert "$" not in bound.split("PREFIX")[1]
        assert f"FILTER (LANG(?landLabel) = &#34;{lang}&#34;" in bound
        assert f"&lt;{BASE}akteur/polizei&gt; skos:narrower* ?type" in bound
    for query in catalogue():
        for prefix in ("", "en/"):
            text = (site / f"{prefix}abfrage/{query.name}.html").read_text("utf-8")
            assert ("<dt><code>$lang</code></dt>" in text) == ("$lang" in query.text)
            for parameter in query.parameters:
                assert f"<dt><code>${parameter.name}</code></dt>" in text
                assert f'<select name="{parameter.name}" data-kind="{parameter.kind}">' in text


def test_query_pages_have_a_csv_button_copy_buttons_and_a_hidden_runner(site, pages):
    for query in catalogue():
        for prefix, words in (("", "CSV herunterladen"), ("en/", "Download CSV")):
            name = f"{prefix}abfrage/{query.name}"
            text = (site / f"{name}.html").read_text("utf-8")
            size = (site / f"{name}.csv").stat().st_size
            shown = f"{size / 1000:.1f} kB"
            shown = shown.replace(".", ",") if not prefix else shown
            assert f'<a class="query-button" href="../abfrage/{query.name}.csv" ' \
                f'type="text/csv" download>{words} <span class="query-size">({shown})</span>' \
                in text.replace(f'"../../en/abfrage/{query.name}.csv"',
                                f'"../abfrage/{query.name}.csv"')
            # without JavaScript: no copy button, no form, a word why
            assert '<button type="button" class="query-copy" data-copy="sparql-stored" ' \
                "hidden>" in text
            assert '<form id="query-run" class="query-run" aria-labelledby="run-heading" ' \
                "hidden>" in text
            assert "<noscript>" in text
            assert pages[f"{name}.html"].sources[-1] == "../../assets/query.js" if prefix \
                else pages[f"{name}.html"].sources[-1] == "../assets/query.js"
    # the engine is no page's script: assets/query.js adds it when asked
    for name, page in pages.items():
        assert not any("vendor/oxigraph" in source for source in page.sources), name
        assert any(s.endswith("assets/query.js") for s in page.sources) == bool(
            re.match(r"^(en/)?abfrage/[a-z-]+\.html$", name)), name


def test_the_query_data_script_holds_what_query_run_reads(site, data):
    import pyoxigraph as ox

    text = (site / "abfrage/daten.js").read_text("ascii")
    assignment = "globalThis.gremienQueryData = "
    ntriples = json.loads(text.split(assignment)[1].rstrip().removesuffix(";"))
    store = ox.Store()
    store.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(data.store)
    assert set(store) == set(data.store)


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
    assert "284 pages in German and English" in result.output
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
    from gremien_rdf.site.charts import EMPTY, MUTED, SCALE, SERIES, TEXT

    for fill, ink in SCALE:
        assert contrast(fill, ink) >= 4.5, fill  # the name and number on each tile
    assert contrast(TEXT, EMPTY) >= 4.5
    for fill in SERIES:
        assert contrast(fill, "#ffffff") >= 4.5, fill  # bars against the white page
    assert contrast(MUTED, "#ffffff") >= 4.5  # the source line under each chart
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
    assert set(UI["de"]) == set(UI["en"])
    # every word is used, by a template (t.key) or by the site's code (t["key"]), and every
    # word used is there: no dead entries, no typo that only one page would show
    site = Path(__import__("gremien_rdf.site", fromlist=["x"]).__file__).parent
    text = "\n".join(path.read_text("utf-8") for path in sorted(site.rglob("*"))
                     if path.suffix in (".py", ".html"))
    used = set(re.findall(r"\bt\.([a-z_0-9]+)", text)) | set(
        re.findall(r"(?:\bt|UI\[\w+\])\[[\"']([a-z_0-9]+)[\"']\]", text))
    used -= {"format"}  # t.about_intro.format(…): a method of the text, not a key
    from gremien_rdf.site.query_pages import QUERY_WORDS

    used |= set(QUERY_WORDS)  # the words the query page's script shows
    from gremien_rdf.site.pages import FIELD_WORDS

    used |= set(FIELD_WORDS.values())  # the words of a body's fields on the Changes page
    assert used == set(UI["de"]), (used - set(UI["de"]), set(UI["de"]) - used)
    for lang, words in UI.items():
        assert all(isinstance(text, str) and text.strip() for text in words.values()), lang
    assert UI["de"]["home"] == "Übersicht" and UI["en"]["rows"] == "rows"
