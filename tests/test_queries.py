"""Stored queries: every one answers from the source table as counted by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE, ROOT

from gremien_rdf.cli import cli
from gremien_rdf.errors import InputError
from gremien_rdf.queries.results import render
from gremien_rdf.queries.run import run
from gremien_rdf.queries.stored import catalogue, find_query, read_query

# Counted in data/source/datenanhang-2-koordinierende-gremien.txt (the Bundesland column).
BODIES_PER_LAND = {
    "DE-BW": 14, "DE-BE": 6, "DE-BB": 3, "DE-HH": 3, "DE-HE": 3, "DE-SL": 3, "DE-SN": 3,
    "DE-BY": 2, "DE-HB": 2, "DE-NI": 2, "DE-NW": 1, "DE-RP": 1, "DE-ST": 1,
    "DE-SH": 0, "DE-MV": 0, "DE-TH": 0,
}
# Rows whose actor column names FBS, per Land (24 in all).
FBS_PER_LAND = {
    "DE-BE": 3, "DE-HH": 3, "DE-HE": 3, "DE-SL": 3, "DE-SN": 3, "DE-BB": 2, "DE-HB": 2,
    "DE-NI": 2, "DE-BW": 1, "DE-BY": 1, "DE-NW": 1, "DE-RP": 0, "DE-ST": 0, "DE-SH": 0,
    "DE-MV": 0, "DE-TH": 0,
}


def rows(data, name, lang="en", **values):
    """The results of a stored query as a list of dicts (W3C CSV, values as text)."""
    text = render(run(find_query(name), data, values, lang), "csv", BASE)
    return list(csv.DictReader(io.StringIO(text)))


def short(iri: str) -> str:
    return iri.removeprefix(BASE)


def test_the_catalogue_has_at_least_15_queries_with_titles_in_both_languages():
    queries = catalogue()
    assert len(queries) >= 15
    for query in queries:
        assert {"en", "de"} <= set(query.titles) and {"en", "de"} <= set(query.descriptions)


def test_bodies_per_land_all_16_with_zeros(data):
    result = {short(r["land"]).removeprefix("land/"): int(r["bodies"])
              for r in rows(data, "bodies-per-land")}
    assert result == BODIES_PER_LAND


def test_laender_without_body(data):
    assert {r["landLabel"] for r in rows(data, "laender-without-body", lang="de")} == {
        "Schleswig-Holstein", "Mecklenburg-Vorpommern", "Thüringen"}


def test_bodies_by_level_and_frequency(data):
    # Ebene: 26 Landesebene, 16 "Kommunal / Regional" + 1 "kommunal/regional", 1 International
    assert {r["levelLabel"]: int(r["bodies"]) for r in rows(data, "bodies-by-level", "de")} == {
        "Landesebene": 26, "Kommunal / Regional": 17, "International": 1}
    assert {r["frequencyLabel"]: int(r["bodies"])
            for r in rows(data, "bodies-per-frequency", "de")} == {
        "Mehrmals jährlich": 27, "Einmal jährlich": 16, "Seltener als einmal jährlich": 1}
    [rare] = rows(data, "meeting-less-than-yearly", "de")
    assert (rare["title"], rare["landLabel"]) == ("Arbeitstreffen Menschenhandel", "Berlin")


def test_fbs_per_land(data):
    result = {short(r["land"]).removeprefix("land/"): int(r["bodiesWithFbs"])
              for r in rows(data, "fbs-per-land")}
    assert result == FBS_PER_LAND
    assert sum(result.values()) == 24


def test_focus_uses_the_hierarchy(data):
    """By the counting rule: a broader area finds the bodies on its narrower ones."""
    # labour exploitation: rows 5, 9, 12, 26, 32 and Hessen (row 28, since 2024)
    result = rows(data, "bodies-by-focus")
    assert len(result) == len({r["body"] for r in result}) == 6
    # sexual exploitation: 11 rows name it (row 28 through its page-break continuation)
    sexual = rows(data, "bodies-by-focus", focus="Menschenhandel / sexuelle Ausbeutung")
    assert len(sexual) == 11
    # all forms: the ten rows that name it (6, 7, 8, 19, 25, 29, 30, 37, 38, 39) and the 17
    # others that name one form (Hessen names two)
    every = rows(data, "bodies-by-focus", focus="Menschenhandel / alle Ausbeutungsformen")
    assert len(every) == 27


def test_actor_with_narrower_types(data):
    """One row per body, by the counting rule: Polizei with LKA, BKA, …; any status."""
    police = rows(data, "bodies-with-actor")
    assert len(police) == len({r["body"] for r in police}) == 36
    lka = rows(data, "bodies-with-actor", actor="LKA")
    assert {r["types"] for r in lka} == {"State Criminal Police Office"}
    assert len(lka) == 6  # rows 1, 7, 11, 28, 30, 35
    fbs = {short(r["body"]).removeprefix("gremium/"): r["types"]
           for r in rows(data, "bodies-with-actor", "de", actor="FBS")}
    assert len(fbs) == 24
    assert {body: types for body, types in fbs.items() if "(" in types} == {
        "be-fachkommission-menschenhandel": "Fachberatungsstellen (geplant)",
        "nw-fachaustausch-menschenhandel-zwangsprostitution":
            "Fachberatungsstellen (wechselnd)",
        "sl-jour-fixe": "Fachberatungsstellen (anlassbezogen)"}
    civil = rows(data, "bodies-with-actor", actor="Zivilgesellschaft")
    assert len(civil) == 35


def test_qualified_participation(data):
    result = {(short(r["body"]).removeprefix("gremium/"), r["statusLabel"])
              for r in rows(data, "qualified-participation", "de")}
    assert result == {
        ("be-fachkommission-menschenhandel", "geplant"),
        ("sl-jour-fixe", "anlassbezogen"),
        ("sn-arbeitskreis-prostitution-dresden", "gegebenenfalls"),
        ("nw-fachaustausch-menschenhandel-zwangsprostitution", "wechselnd"),
    }
    assert len(rows(data, "qualified-participation")) == 6  # NRW: three changing actors


def test_co_occurrence_renamed_municipal_and_profiles(data):
    pairs = {(r["aLabel"], r["bLabel"]): int(r["bodies"])
             for r in rows(data, "actor-co-occurrence", "de")}
    # rows naming "Staatsanwaltschaft" and the police or a police type (the counting rule)
    together = pairs.get(("Polizei", "Staatsanwaltschaft")) or pairs[
        ("Staatsanwaltschaft", "Polizei")]
    assert together == 14
    assert ("Landeskriminalamt", "Polizei") not in pairs  # a type and its own broader one
    renamed = rows(data, "renamed-bodies")
    assert [(r["until"], r["since"]) for r in renamed] == [("2023", "2023"), ("2024", "2024")]
    municipal = rows(data, "municipal-bodies")
    assert len(municipal) == 17 and sum(1 for r in municipal if r["place"]) == 16
    profile = rows(data, "body-profile", "de", body="Jour Fixe")
    assert {r["actorLabel"] for r in profile} == {
        "Landesministerien", "Kommunen", "Polizei", "Fachberatungsstellen"}
    assert {r["row"] for r in profile} == {"39"}
    berlin = rows(data, "land-profile", land="DE-BE")
    assert len({r["body"] for r in berlin}) == 6
    widest = rows(data, "actor-types-per-body")[:2]
    assert {short(r["body"]).removeprefix("gremium/") for r in widest} == {
        "bb-dialogforum-prostitution", "he-runder-tisch-menschenhandel-kassel"}
    assert {r["actorTypes"] for r in widest} == {"10"}


def test_parameters_are_checked_and_bound_not_pasted(data):
    with pytest.raises(InputError, match="unknown value of 'actor' 'Polizie'"):
        rows(data, "bodies-with-actor", actor="Polizie")
    with pytest.raises(InputError, match="no body has the id or title"):
        rows(data, "body-profile", body='x" } DROP ALL {')
    with pytest.raises(InputError, match="has no parameter 'colour'"):
        rows(data, "bodies-per-land", colour="red")
    with pytest.raises(InputError, match="not the name of a stored query"):
        find_query("../shapes/gremien.shapes")


def test_formats(data):
    query = find_query("laender-without-body")
    as_json = json.loads(render(run(query, data, {}, "de"), "json", BASE))
    assert as_json["head"]["vars"] == ["land", "landLabel"]
    assert len(as_json["results"]["bindings"]) == 3
    tsv = render(run(query, data, {}, "de"), "tsv", BASE).splitlines()
    assert tsv[0] == "?land\t?landLabel" and tsv[1].startswith("<https://")
    md = render(run(query, data, {}, "de"), "md", BASE).splitlines()
    assert md[:2] == ["| land | landLabel |", "|---|---|"]
    table = render(run(query, data, {}, "de"), "table", BASE).splitlines()
    assert table[-1] == "(3 rows)" and "land/DE-MV" in "\n".join(table)


def test_query_header_must_describe_its_parameters(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Bad\nSELECT * WHERE { ?s ?p $what }\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"uses \$what but its header does not describe it"):
        read_query(bad)


def test_a_parameter_has_its_description_in_german_too(tmp_path):
    query = read_query(Path(own_query(
        tmp_path, "# param@de land: das Land\n# param land: land = Berlin — the Land\n",
        "SELECT ?b WHERE { ?b gmh:land $land }")))
    (land,) = query.parameters
    assert (land.text("de"), land.text("en"), land.description) == (
        "das Land", "the Land", "the Land")
    stored = {q.name: q for q in catalogue()}
    assert stored["bodies-with-actor"].parameters[0].text("de") == \
        "der Akteurstyp (Bezeichnung oder Abkürzung)"
    assert all(p.text("de") != p.text("en") for q in stored.values() for p in q.parameters)
    orphan = own_query(tmp_path, "# param@de colour: die Farbe\n", "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(InputError, match="describes the parameter 'colour' in another "
                                         "language, but has no '# param colour:' line"):
        read_query(Path(orphan))


def test_cli_list_show_run(tmp_path):
    runner = CliRunner()
    listing = runner.invoke(cli, ["query", "list"])
    assert listing.exit_code == 0 and len(listing.output.splitlines()) == len(catalogue())
    shown = runner.invoke(cli, ["query", "show", "bodies-with-actor"])
    assert "parameter actor: akteur (default: Polizei)" in shown.output
    assert "allowed: Arbeitgeberverbände, Asylbehörden," in shown.output
    result = runner.invoke(cli, ["query", "run", "bodies-per-land", "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == f"{BASE}land/DE-BW,Baden-Württemberg,14"
    own = tmp_path / "count.rq"
    own.write_text("# title: Count\nPREFIX gmh: <https://w3id.org/gremien-rdf/def#>\n"
                   "SELECT (COUNT(?b) AS ?n) WHERE { ?b a gmh:Body }\n", encoding="utf-8")
    counted = runner.invoke(cli, ["query", "run", str(own), "--format", "csv"])
    assert counted.output.splitlines() == ["n", "44"]
    bad = runner.invoke(cli, ["query", "run", "bodies-with-actor", "--param", "actor=Polizie"])
    assert bad.exit_code == 2 and "did you mean 'Polizei'" in bad.output
    assert (ROOT / "queries" / "bodies-per-land.rq").is_file()


PREFIXES = "PREFIX gmh: <https://w3id.org/gremien-rdf/def#>\n"


def own_query(tmp_path, header: str, body: str) -> str:
    path = tmp_path / "own.rq"
    path.write_text(f"# title: Own\n{header}{PREFIXES}{body}\n", encoding="utf-8")
    return str(path)


def test_parameters_reach_subqueries_limits_and_survive_comments(tmp_path):
    runner = CliRunner()
    sub = own_query(tmp_path, "# param land: land — a Land\n",
                    "# a comment with WHERE { in it\n"
                    "SELECT ?n WHERE { { SELECT (COUNT(?b) AS ?n) WHERE { ?b gmh:land $land } } }")
    result = runner.invoke(cli, ["query", "run", sub, "-p", "land=Bayern", "-f", "csv"])
    assert result.output.splitlines() == ["n", "2"]
    limited = own_query(tmp_path, "# param n: integer = 3 — how many\n",
                        "SELECT ?b WHERE { ?b a gmh:Body } ORDER BY ?b LIMIT $n")
    result = runner.invoke(cli, ["query", "run", limited, "-f", "csv"])
    assert len(result.output.splitlines()) == 4


def test_bad_query_files_are_input_errors(tmp_path):
    runner = CliRunner()
    broken = own_query(tmp_path, "", "SELECT ?b WHERE { ?b a gmh:Body ")
    result = runner.invoke(cli, ["query", "run", broken])
    assert result.exit_code == 2 and "not valid SPARQL" in result.output
    ask = own_query(tmp_path, "", "ASK WHERE { ?b a gmh:Body }")
    result = runner.invoke(cli, ["query", "run", ask])
    assert result.exit_code == 2 and "only SELECT queries" in result.output
    assert "Traceback" not in result.output
