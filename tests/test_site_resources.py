"""The pages of the other resources (site/catalogue.py): the catalogue, the dataset and its
files, the report and its table, the bibliography entry, the organisations. Read as files,
against the register, the built catalogue and the dist files; and at 320 px in a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BASE, DATASET, REPORT, watched_tab
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from gremien_rdf.model import COLUMNS
from gremien_rdf.rdf.namespaces import DCAT, GMH, curie
from gremien_rdf.site.pages import ontology_graph
from gremien_rdf.site.statements import ALL_PREFIXES, TERMS, term_name

#: the resource pages, by path (the other resources of the built data and catalogue)
RESOURCES = ("katalog", "datensatz/gremien", "quelle/monitor-2024",
             "quelle/monitor-2024/datenanhang-2-tabelle-1",
             "quelle/monitor-2024/literatur/dimr-monitor-2024",
             "organisation/deutsches-institut-fuer-menschenrechte",
             "organisation/berichterstattungsstelle-menschenhandel",
             "organisation/gremien-rdf")
TABLE = "quelle/monitor-2024/datenanhang-2-tabelle-1"
#: the namespaces of the properties the data and the catalogue use
NAMESPACES = re.compile(r"http://www\.w3\.org/ns/(dcat|org|prov)#|http://purl\.org/dc/terms/"
                        r"|http://xmlns\.com/foaf/0\.1/|http://www\.w3\.org/2004/02/skos/"
                        r"|http://www\.w3\.org/(1999/02/22-rdf-syntax-ns|2000/01/rdf-schema)#"
                        r"|http://spdx\.org/rdf/terms#|http://www\.w3\.org/2006/vcard/"
                        r"|http://data\.europa\.eu/(r5r|930)/|http://dcat-ap\.de/def/dcatde/"
                        r"|https://schema\.org/|https://w3id\.org/gremien-rdf/def#")


class Page(HTMLParser):
    """A page's visible text outside the statements (<details class="res-statements">),
    code and scripts; its links; the rows of its source table; its h1."""

    SKIP = ("code", "pre", "script", "style", "textarea")  # textarea: a query to edit

    def __init__(self, text: str):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.rows: list[dict] = []
        self.h1 = ""
        self.summary = ""
        self._skip: list[str] = []
        self._in: list[str] = []
        self._cell: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and "res-statements" in (a.get("class") or ""):
            self._skip.append("details")
        elif tag in self.SKIP:
            self._skip.append(tag)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if self._cell is not None and self.rows:
                self.rows[-1]["links"].append(a["href"])
        if tag == "table" and "res-source" in (a.get("class") or ""):
            self._in.append("source")
        if "source" in self._in and tag == "tr" and a.get("id", "").startswith("zeile-"):
            self.rows.append({"id": a["id"], "cells": [], "links": []})
        if "source" in self._in and tag in ("td", "th") and self.rows:
            self._cell = ""
        if tag in ("h1", "summary"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag == "table" and "source" in self._in:
            self._in.remove("source")
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1]["cells"].append(self._cell)
            self._cell = None
        if tag in ("h1", "summary") and tag in self._in:
            self._in.remove(tag)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if "h1" in self._in:
            self.h1 += data
        if "summary" in self._in:
            self.summary += data
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(self.text)


@pytest.fixture(scope="module")
def site(dist) -> Path:
    return dist / "site"


def page(site: Path, path: str, lang: str) -> Page:
    prefix = "" if lang == "de" else "en/"
    return Page((site / f"{prefix}{path}.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def merged(dist) -> Graph:
    graph = Graph().parse(dist / "gremien.ttl")
    graph.parse(dist / "catalog.ttl")
    return graph


def test_every_other_resource_has_a_page_in_both_languages(site):
    for lang in ("", "en/"):
        for path in RESOURCES:
            assert (site / f"{lang}{path}.html").is_file(), path
    assert page(site, "datensatz/gremien", "en").h1 == \
        "Coordinating bodies against human trafficking in the German Länder"
    assert page(site, "katalog", "de").h1 == "Katalog von gremien-rdf"
    assert page(site, "katalog", "en").h1 == "Catalogue of gremien-rdf"
    assert page(site, "organisation/deutsches-institut-fuer-menschenrechte", "en").h1 \
        == "Deutsches Institut für Menschenrechte"


def test_the_table_page_shows_the_44_rows_of_the_report_in_order(site, register):
    bodies = sorted(register.bodies, key=lambda b: b.source.row)
    assert len(bodies) == 44  # the report's table has 44 rows, one body each
    for lang, up in (("de", "../../"), ("en", "../../../en/")):
        rows = page(site, TABLE, lang).rows
        assert [r["id"] for r in rows] == [f"zeile-{n}" for n in range(1, 45)]
        for row, body in zip(rows, bodies, strict=True):
            assert row["cells"] == [str(body.source.row)] + [
                body.source.cells[key] for key, _ in COLUMNS], body.id
            assert row["links"] == [f"{up}gremium/{body.id}.html"]
    first = page(site, TABLE, "de").rows[0]["cells"]
    assert first == ["1", "Bayern", "Kooperationsgruppe Opferschutz", "Landesebene",
                     "Menschenhandel / Sexuelle Ausbeutung",
                     "Landesministerien, LKA, Staatsanwaltschaft, BAMF, FBS",
                     "Einmal jährlich"]
    html = (site / f"{TABLE}.html").read_text("utf-8")
    assert "".join(f'<th scope="col" lang="de">{heading}</th>' for _, heading in COLUMNS) \
        in html
    assert '<div class="scroll" tabindex="0" role="region" aria-labelledby="tabelle">' \
        '\n<table class="res-source">' in html


def test_each_page_says_how_many_bodies_name_its_resource(site, merged):
    """Counted over the data (site/data.py), not over a Graph of it: the bodies whose own
    triples or whose parts' triples (a source entry is part of the table) name it; read
    here from the built dumps with rdflib."""
    naming = {path: {str(s).removeprefix(BASE).split("/")[1]
                     for s, _ in merged.subject_predicates(URIRef(BASE + path))
                     if str(s).startswith(BASE + "gremium/")} for path in RESOURCES}
    # the table is every body's source; no other resource is named by a body
    assert {path: len(bodies) for path, bodies in naming.items() if bodies} == {TABLE: 44}
    for path, bodies in naming.items():
        for lang, words in (("de", "Gremien, die sie als Quelle nennen"),
                            ("en", "Bodies that name it as their source")):
            text = " ".join(page(site, path, lang).visible.split())
            if bodies:
                assert f"{words}: {len(bodies)}" in text, (path, lang)
            else:
                assert words not in text, (path, lang)


def test_the_dataset_page_lists_every_file_with_its_size(site, dist, merged):
    files = sorted(str(o).rsplit("/", 1)[-1] for o in merged.objects(DATASET,
                                                                       DCAT.distribution))
    assert len(files) == 23 and "gremien.ttl" in files and "gremien.xlsx" in files
    for lang in ("de", "en"):
        text = (site / ("" if lang == "de" else "en/") / "datensatz/gremien.html").read_text(
            "utf-8")
        found = page(site, "datensatz/gremien", lang)
        up = "../" if lang == "de" else "../../"
        for name in files:
            size = (dist / name).stat().st_size
            shown = f"{size:,}".replace(",", ".") if lang == "de" else f"{size:,}"
            item = text[text.index(f'<li id="verteilung-{name}">'):]
            item = item[:item.index("</li>")]
            assert f'href="{up}download/{name}"' in item and " download>" in item, name
            assert f"{shown} {'Bytes' if lang == 'de' else 'bytes'}" in item, name
            assert f"{up}download/{name}" in found.links
        assert text.count('class="res-button"') == 23
    german = (site / "datensatz/gremien.html").read_text("utf-8")
    assert "Die Gremien (Turtle)" in german and "Turtle · 131," in german
    assert "Alle Tabellen als Arbeitsmappe (XLSX)" in german


def test_the_dataset_page_summarises_the_dataset(site, register):
    text = page(site, "datensatz/gremien", "de")
    visible = text.visible
    for expected in ("Herausgeber", "gremien-rdf", "Lizenz",
                     "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
                     "Version", "1.0.0", "Veröffentlicht", "2026-11-27",
                     "Zeitliche Abdeckung", "2020-01-01 – 2022-12-31",
                     "Räumliche Abdeckung", "Baden-Württemberg", "Abgeleitet von",
                     "Monitor Menschenhandel in Deutschland", "Zitieren"):
        assert expected in visible, expected
    # the 13 Länder with a body (of 16: none in SH, MV, TH), each linking to its page
    laender = {link for link in text.links if re.fullmatch(r"\.\./land/DE-[A-Z]{2}\.html",
                                                           link)}
    assert laender == {f"../land/{key}.html" for key in {b.land for b in register.bodies}}
    assert len(laender) == 13
    assert "../quelle/monitor-2024.html" in text.links


def test_the_catalogue_shows_its_homepage_as_a_link(site):
    for lang, word, link in (("de", "Website", "index.html"),
                             ("en", "Homepage", "../en/index.html")):
        html = (site / ("" if lang == "de" else "en/") / "katalog.html").read_text("utf-8")
        assert f'<dt>{word}</dt><dd><a href="{link}">{BASE}</a></dd>' in html


def test_the_report_page_names_its_edition_publisher_date_and_table(site, register):
    report = register.report
    for lang, up in (("de", "../"), ("en", "../../en/")):
        found = page(site, "quelle/monitor-2024", lang)
        assert found.h1 == report.title
        for expected in (report.edition, report.publisher, report.department, "2024-10"):
            assert expected in found.visible, expected
        assert report.landing_page in found.links
        assert f"{up}organisation/deutsches-institut-fuer-menschenrechte.html" in found.links
        assert f"{up}{TABLE}.html" in found.links
        assert f"{up}datensatz/gremien.html" in found.links  # it names the report


def test_organisation_pages_say_who_names_them(site):
    de = page(site, "organisation/deutsches-institut-fuer-menschenrechte", "de")
    assert "Organisation" in de.visible
    assert "../quelle/monitor-2024.html" in de.links
    assert "../datensatz/gremien.html" in de.links
    assert "nennt sie als: Herausgeber" in de.visible
    assert "nennt sie als: Urheber der Daten" in de.visible
    en = page(site, "organisation/berichterstattungsstelle-menschenhandel", "en")
    assert "Organisational unit" in en.visible and "Unit of" in en.visible
    assert "names it as: Creator" in en.visible


def test_every_property_and_class_has_a_name_in_both_languages(merged):
    ontology = ontology_graph()
    predicates = set(merged.predicates())
    classes = set(merged.objects(None, RDF.type))
    assert DCAT.distribution in predicates and GMH.participantType in predicates
    for term in sorted(predicates | classes):
        if str(term).startswith(str(GMH)):
            labels = {label.language for label in ontology.objects(term, RDFS.label)}
            assert {"de", "en"} <= labels, term
        else:
            assert term_name(str(term), "de") and term_name(str(term), "en"), term
    # and terms.yaml names nothing that is not used
    assert set(TERMS["properties"]) == {curie(p, ALL_PREFIXES) for p in predicates
                                        if not str(p).startswith(str(GMH))}
    assert set(TERMS["classes"]) == {curie(c, ALL_PREFIXES) for c in classes
                                     if not str(c).startswith(str(GMH))}


def test_no_page_shows_a_property_iri_outside_the_statements(site, merged):
    properties = {str(p) for p in merged.predicates()}
    checked = 0
    for path in sorted(site.rglob("*.html")):
        visible = Page(path.read_text("utf-8")).visible
        assert not NAMESPACES.search(visible), (path, NAMESPACES.search(visible))
        assert not [p for p in properties if p in visible], path
        checked += 1
    assert checked == 284


def test_the_statements_hold_every_published_triple(site):
    for path in RESOURCES:
        triples = len(Graph().parse(site / f"{path}.ttl"))
        for lang in ("de", "en"):
            summary = page(site, path, lang).summary
            count = int(re.search(r"\(([\d.,]+)\)", summary).group(1).replace(".", "")
                        .replace(",", ""))
            assert count == triples, (path, lang)
    html = (site / "datensatz/gremien.html").read_text("utf-8")
    # each property by its name and compact IRI, its values together
    row = html[html.index('<tr><th scope="row">Datei <code>dcat:distribution</code></th>'):]
    assert row[:row.index("</tr>")].count("<br>") == 22  # 23 files


def test_each_resource_keeps_its_turtle_and_json_ld(site, merged):
    dataset = Graph().parse(site / "datensatz/gremien.ttl")
    assert len(list(dataset.objects(DATASET, DCAT.distribution))) == 23
    report = Graph().parse(site / "quelle/monitor-2024.jsonld", format="json-ld")
    assert set(report) == set(merged.triples((REPORT, None, None)))
    html = (site / "en/quelle/monitor-2024.html").read_text("utf-8")
    assert '<link rel="alternate" type="text/turtle" href="../../quelle/monitor-2024.ttl">' \
        in html


def test_resource_pages_fit_320_px(browser, served):
    with watched_tab(browser, served, width=320, height=640) as tab:
        for lang in ("", "en/"):
            for path in RESOURCES:
                tab.goto(served + f"{lang}{path}.html")
                assert tab.problems == [], path
                width = tab.evaluate("document.documentElement.scrollWidth")
                assert width <= 320, (path, width)
        # the report's table scrolls inside its own box
        tab.goto(served + f"{TABLE}.html")
        box = tab.evaluate("(() => { const b = document.querySelector('.res-source')"
                           ".closest('.scroll'); return [b.scrollWidth, b.clientWidth]; })()")
        assert box[0] > box[1] > 0
