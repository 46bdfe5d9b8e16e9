"""One counting rule everywhere (README, "How bodies are counted"): each count is computed
once here, from the graph with SPARQL (not with gremien_rdf.site.counts), and every surface
that shows it must show the same number: the index's chart, its table and its filter,
the concept pages and their scheme pages, the stored query, and the CSVs."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pyoxigraph as ox
import pytest
from conftest import serving_site, watched_tab

from gremien_rdf.queries.results import render
from gremien_rdf.queries.run import load_data, run
from gremien_rdf.queries.stored import find_query
from gremien_rdf.resources import default_source

BASE = "https://w3id.org/gremien-rdf/"
PREFIXES = """PREFIX gmh: <https://w3id.org/gremien-rdf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


@pytest.fixture(scope="module")
def store(dist) -> ox.Store:
    store = ox.Store()
    store.load((dist / "gremien.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)
    store.load((dist / "vocabularies.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def expected(store) -> dict[str, dict[str, dict]]:
    """By scheme and concept key: the bodies (inclusive), direct, firm, qualified."""
    result: dict[str, dict[str, dict]] = {"akteur": {}, "schwerpunkt": {}}
    for row in store.query(PREFIXES + """
        SELECT ?concept (COUNT(DISTINCT ?body) AS ?n) WHERE {
          ?participation org:role/skos:broader* ?concept ; org:organization ?body }
        GROUP BY ?concept"""):
        result["akteur"][row["concept"].value.rsplit("/", 1)[1]] = {"bodies": int(
            row["n"].value)}
    for row in store.query(PREFIXES + """
        SELECT ?concept (COUNT(DISTINCT ?body) AS ?n) WHERE {
          ?body gmh:focus/skos:broader* ?concept } GROUP BY ?concept"""):
        result["schwerpunkt"][row["concept"].value.rsplit("/", 1)[1]] = {"bodies": int(
            row["n"].value)}
    for scheme, property in (("akteur", "gmh:participantType"), ("schwerpunkt", "gmh:focus")):
        for row in store.query(PREFIXES + f"""
            SELECT ?concept (COUNT(DISTINCT ?body) AS ?n) WHERE {{ ?body {property} ?concept }}
            GROUP BY ?concept"""):
            result[scheme][row["concept"].value.rsplit("/", 1)[1]]["direct"] = int(
                row["n"].value)
    for row in store.query(PREFIXES + """
        SELECT ?concept (COUNT(DISTINCT ?body) AS ?n) WHERE {
          ?participation org:role/skos:broader* ?concept ; org:organization ?body .
          FILTER NOT EXISTS { ?participation gmh:status ?status } } GROUP BY ?concept"""):
        result["akteur"][row["concept"].value.rsplit("/", 1)[1]]["firm"] = int(row["n"].value)
    for counts in result.values():
        for count in counts.values():
            count.setdefault("direct", 0)
            count.setdefault("firm", count["bodies"] if "firm" not in count else 0)
    return result


def test_the_rule_gives_the_numbers_a_reader_checks_in_the_report(expected):
    """Written down from the report's table by hand."""
    assert expected["akteur"]["polizei"] == {"bodies": 36, "direct": 31, "firm": 36}
    assert expected["akteur"]["zivilgesellschaft"] == {"bodies": 35, "direct": 1, "firm": 32}
    assert expected["akteur"]["fbs"] == {"bodies": 24, "direct": 24, "firm": 21}
    assert expected["schwerpunkt"]["menschenhandel"]["bodies"] == 27


def _chart(page: str, ident: str) -> dict[str, int]:
    svg = page[page.index(f'id="{ident}-title"'):]
    svg = svg[:svg.index("</svg>")]
    return {label.replace("&amp;", "&").replace("&#39;", "'"): int(total) for label, total
            in re.findall(r'<g class="bar" data-label="([^"]*)" data-total="(\d+)">', svg)}


def _labels(dist, scheme: str, lang: str) -> dict[str, str]:
    column = "Bezeichnung" if lang == "de" else "Bezeichnung (englisch)"
    file = {"akteur": "akteure.csv", "schwerpunkt": "schwerpunkte.csv"}[scheme]
    return {row["Code"]: row[column] for row in csv.DictReader(io.StringIO(
        (dist / file).read_text("utf-8"), newline=""))}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_index_charts_show_the_rule(expected, dist, lang):
    page = (dist / "site" / ("" if lang == "de" else "en") / "index.html").read_text("utf-8")
    for scheme, ident in (("akteur", "chart-akteurstypen"),
                          ("schwerpunkt", "chart-schwerpunkte")):
        labels = _labels(dist, scheme, lang)
        shown = _chart(page, f"{ident}-{lang}")
        assert shown == {labels[k]: c["bodies"] for k, c in expected[scheme].items()}, scheme
    # the table beside the actor chart: firm, qualified, total
    cells = re.findall(r'<th scope="row"><a href="akteur/([a-z-]+)\.html">[^<]*</a></th>'
                       r"<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", page)
    assert {key: (int(f), int(q), int(n)) for key, f, q, n in cells} == {
        key: (c["firm"], c["bodies"] - c["firm"], c["bodies"])
        for key, c in expected["akteur"].items()}
    # the same numbers in the chart's CSV (diagramm/akteurstypen.csv)
    labels = _labels(dist, "akteur", lang)
    table = list(csv.reader(io.StringIO((dist / "site" / ("" if lang == "de" else "en") /
                                         "diagramm" / "akteurstypen.csv").read_text("utf-8"),
                                        newline="")))
    assert {row[0]: tuple(map(int, row[1:])) for row in table[1:]} == {
        labels[key]: (c["firm"], c["bodies"] - c["firm"], c["bodies"])
        for key, c in expected["akteur"].items()}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_concept_page_and_its_scheme_page_show_the_rule(expected, dist, lang):
    site = dist / "site" / ("" if lang == "de" else "en")
    for scheme, counts in expected.items():
        listed = dict(re.findall(rf'<a href="(?:\.\./en/)?{scheme}/([a-z-]+)\.html">[^<]*'
                                 r"</a></th><td>(\d+)</td>",
                                 (site / f"{scheme}.html").read_text("utf-8")))
        for key, count in counts.items():
            page = (site / scheme / f"{key}.html").read_text("utf-8")
            assert re.search(rf"<h2>[^<(]*\({count['bodies']}\)</h2>", page), (scheme, key)
            text = re.search(r'<p class="count">([^<]*)</p>', page)[1]
            assert text.startswith(f"{count['bodies']} "), (key, text)
            if count["direct"] != count["bodies"]:
                assert f": {count['direct']} " in text, (key, text)
            if scheme == "akteur":
                assert f"; {count['firm']} " in text, (key, text)
            assert page.count('<tr data-land=') == count["bodies"], (scheme, key)
            assert int(listed[key]) == count["bodies"], (scheme, key)


def test_the_stored_query_gives_one_row_per_body_by_the_rule(expected):
    data = load_data(default_source(), BASE)
    query = find_query("bodies-with-actor")
    for key, count in expected["akteur"].items():
        rows = list(csv.DictReader(io.StringIO(render(
            run(query, data, {"actor": _de_label(data, key)}, "en"), "csv", BASE))))
        assert len(rows) == count["bodies"], key
    fbs = list(csv.DictReader(io.StringIO(render(
        run(find_query("fbs-per-land"), data, {}, "en"), "csv", BASE))))
    assert sum(int(row["bodiesWithFbs"]) for row in fbs) == expected["akteur"]["fbs"]["bodies"]


def _de_label(data, key: str) -> str:
    return data.vocabularies["akteur"].concepts[key].label_de


def test_every_pair_of_the_co_occurrence_query_follows_the_rule(dist):
    """Computed from the CSVs (teilnahmen.csv, akteure.csv), every pair of actor types."""
    def table(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((dist / name).read_text("utf-8"), newline="")))

    broader = {row["Code"]: row["Oberbegriff (Code)"] for row in table("akteure.csv")}
    names = {row["Code"]: row["Bezeichnung"] for row in table("akteure.csv")}

    def up(code: str) -> set[str]:
        found = set()
        while code:
            found.add(code)
            code = broader[code]
        return found

    types: dict[str, set[str]] = {}
    for row in table("teilnahmen.csv"):
        types.setdefault(row["Gremium (ID)"], set()).update(up(row["Akteurstyp (Code)"]))
    pairs: Counter = Counter()
    for found in types.values():
        for a in found:
            for b in found:
                if a < b and a not in up(b) and b not in up(a):
                    pairs[(names[a], names[b])] += 1
    data = load_data(default_source(), BASE)
    shown = list(csv.DictReader(io.StringIO(render(
        run(find_query("actor-co-occurrence"), data, {}, "de"), "csv", BASE))))
    assert {tuple(sorted((r["aLabel"], r["bLabel"]))): int(r["bodies"]) for r in shown} == {
        tuple(sorted(pair)): n for pair, n in pairs.items()}
    assert len(shown) == len(pairs)


def test_the_focus_query_gives_one_row_per_body_by_the_rule(expected):
    data = load_data(default_source(), BASE)
    for key, count in expected["schwerpunkt"].items():
        label = data.vocabularies["schwerpunkt"].concepts[key].label_de
        rows = list(csv.DictReader(io.StringIO(render(
            run(find_query("bodies-by-focus"), data, {"focus": label}, "en"), "csv", BASE))))
        assert len(rows) == len({r["body"] for r in rows}) == count["bodies"], key


def test_a_spreadsheet_reader_gets_the_same_numbers_from_the_csvs(expected, dist):
    """Counting in teilnahmen.csv, with the broader concepts of akteure.csv, as the README
    tells a reader to."""
    def table(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((dist / name).read_text("utf-8"), newline="")))

    broader = {row["Code"]: row["Oberbegriff (Code)"] for row in table("akteure.csv")}
    bodies: dict[str, set[str]] = {}
    for row in table("teilnahmen.csv"):
        code = row["Akteurstyp (Code)"]
        while code:
            bodies.setdefault(code, set()).add(row["Gremium (ID)"])
            code = broader[code]
    assert {k: len(v) for k, v in bodies.items()} == {
        k: c["bodies"] for k, c in expected["akteur"].items()}
    statuses = Counter(row["Status"] for row in table("teilnahmen.csv")
                       if row["Akteurstyp (Code)"] == "fbs")
    assert statuses == Counter({"": 21, "geplant": 1, "wechselnd": 1, "anlassbezogen": 1})


def test_the_index_filter_finds_as_many_bodies_as_the_rule(expected, dist, browser):
    """Every actor type and focus area of the filters, in Chromium."""
    with serving_site(dist / "site") as served, watched_tab(browser, served) as tab:
        tab.goto(served + "index.html")
        for scheme, select in (("akteur", "actor"), ("schwerpunkt", "focus")):
            options = tab.eval_on_selector_all(f"select[name={select}] option",
                                               "os => os.map(o => o.value).filter(v => v)")
            assert sorted(options) == sorted(expected[scheme])
            for key in options:
                tab.select_option(f"select[name={select}]", key)
                shown = tab.eval_on_selector_all(
                    "#body-table tbody tr", "rows => rows.filter(r => !r.hidden).length")
                assert shown == expected[scheme][key]["bodies"], (scheme, key)
            tab.select_option(f"select[name={select}]", "")
        assert tab.problems == []
