"""The register as tables: CSV files described by CSVW and Frictionless, and a workbook.

Checked by others, not by our code: csvw-functions (which passes the W3C CSVW test suite)
converts the CSVs to RDF with csv-metadata.json and must give the triples of gremien.nt
about the bodies and their parts; `frictionless validate` must find the package valid (and
a broken copy invalid); LibreOffice must read the CSV and the workbook back."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from conftest import CURATED, run_on_terminal, serving_site
from shared_files import require

from gremien_rdf.cli import cli
from gremien_rdf.publishing.tables import TABLES

BASE = "https://w3id.org/gremien-rdf/"
TABLE_FILES = [*TABLES, "csv-metadata.json", "datapackage.json", "gremien.xlsx"]


def rows(dist: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((dist / name).read_text("utf-8"), newline="")))


def triples(path: Path, fmt) -> set:
    return {quad.triple for quad in ox.parse(path.read_bytes(), format=fmt)}


def test_every_table_is_built_listed_and_described(dist):
    sums = (dist / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1] for line in sums}
    assert set(TABLE_FILES) <= listed
    assert len(TABLE_FILES) == 13
    catalog = ox.Store()
    catalog.load((dist / "catalog.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    answer = {(row["file"].value.rsplit("/", 1)[1], row["type"].value.rsplit("/", 2)[-2]
               + "/" + row["type"].value.rsplit("/", 1)[1], row["standard"].value)
              for row in catalog.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?file ?type ?standard WHERE {
          ?d dcat:downloadURL ?file ; dcat:mediaType ?type ; dct:conformsTo ?standard }""")}
    assert ("gremien.csv", "text/csv", "https://www.rfc-editor.org/rfc/rfc4180") in answer
    assert ("teilnahmen.csv", "text/csv", "https://www.w3.org/TR/tabular-data-model/") in answer
    assert ("csv-metadata.json", "application/csvm+json",
            "https://www.w3.org/TR/tabular-metadata/") in answer
    assert ("datapackage.json", "application/json",
            "https://specs.frictionlessdata.io/tabular-data-package/") in answer
    kinds = {row["file"].value.rsplit("/", 1)[1]: row["format"].value.rsplit("/", 1)[1]
             for row in catalog.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?file ?format WHERE { ?d dcat:downloadURL ?file ; dct:format ?format }""")}
    assert kinds["gremien.xlsx"] == "XLSX" and kinds["akteure.csv"] == "CSV"
    assert kinds["datapackage.json"] == "JSON"


def test_the_csv_files_are_rfc_4180_in_utf_8(dist):
    for name in TABLES:
        data = (dist / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), name  # no BOM
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), name
        data.decode("utf-8")


def test_gremien_csv_has_one_row_per_body_with_the_reports_text(dist):
    register = yaml.safe_load(CURATED.read_text("utf-8"))
    table = rows(dist, "gremien.csv")
    assert [row["ID"] for row in table] == [body["id"] for body in register["bodies"]]
    for row, body in zip(table, register["bodies"], strict=True):
        assert row["IRI"] == f"{BASE}gremium/{body['id']}"
        assert row["Titel"] == body["title"]
        assert int(row["Zeile im Bericht"]) == body["source"]["row"]
        for key, header in (("land", "Bundesland"), ("title", "Titel"), ("level", "Ebene"),
                            ("focus", "Schwerpunkt"), ("participants", "Teilnehmende Akteure"),
                            ("frequency", "Turnus")):
            assert row[f"Wortlaut: {header}"] == body["source"][key], (body["id"], key)
    hessen = next(row for row in table if row["ID"] == "he-runder-tisch-menschenhandel")
    assert hessen == hessen | {
        "Land": "Hessen", "Land (ISO 3166-2)": "DE-HE",
        "Titel": "Menschenhandel und Arbeitsausbeutung in Hessen stoppen", "Titel seit": "2024",
        "Frühere Titel (bis Jahr)": "Runder Tisch „Bekämpfung des Menschenhandels“ (bis 2024)",
        "Ebene": "Landesebene", "Ebene (Code)": "landesebene",
        "Schwerpunkte": "Menschenhandel / sexuelle Ausbeutung | "
                        "Menschenhandel / Arbeitsausbeutung (seit 2024)",
        "Teilnehmende Akteurstypen": "Landesministerien | Kommunen | Landeskriminalamt | "
                                     "Fachberatungsstellen | Frauenhäuser | Weitere",
        "Turnus": "Mehrmals jährlich", "Turnus (Code)": "mehrmals-jaehrlich", "Ort": "",
        "Zeile im Bericht": "28"}
    kassel = next(row for row in table if row["ID"] == "he-runder-tisch-menschenhandel-kassel")
    assert kassel["Ort"] == "Kassel" and kassel["Ebene"] == "Kommunal / Regional"


def test_participations_are_one_row_each_with_their_status(dist):
    table = rows(dist, "teilnahmen.csv")
    assert len(table) == 219
    fbs = [row for row in table if row["Akteurstyp (Code)"] == "fbs"]
    assert len(fbs) == 24
    assert sorted(row["Status"] for row in fbs if row["Status"]) == [
        "anlassbezogen", "geplant", "wechselnd"]
    assert {row["Akteurstyp"] for row in fbs} == {"Fachberatungsstellen"}
    assert len(rows(dist, "gremien-schwerpunkte.csv")) == 45
    assert rows(dist, "fruehere-titel.csv") == [
        {"Gremium (ID)": "he-runder-tisch-menschenhandel",
         "Titel": "Runder Tisch „Bekämpfung des Menschenhandels“", "Verwendet bis": "2024"},
        {"Gremium (ID)": "st-koordinierungskreis-frauenhandel",
         "Titel": "Beirat der Fachstelle VERA", "Verwendet bis": "2023"}]
    laender = rows(dist, "laender.csv")
    assert len(laender) == 16 and {"Code": "DE-BW", "Bezeichnung": "Baden-Württemberg"}.items() \
        <= next(row for row in laender if row["Code"] == "DE-BW").items()
    broader = {row["Code"]: row["Oberbegriff (Code)"] for row in rows(dist, "akteure.csv")}
    assert {code for code, up in broader.items() if up == "polizei"} == {
        "bka", "bundespolizei", "landespolizei"}
    assert broader["lka"] == "landespolizei" and broader["polizei"] == ""


@pytest.fixture(scope="module")
def csv2rdf(dist) -> set:
    """The triples csvw-functions makes of the CSVs with csv-metadata.json (standard
    csv2rdf, minimal mode). csvw-functions reads files through file URLs that only work on
    Windows: the build is served from 127.0.0.1 instead."""
    import csvw_functions

    with serving_site(dist) as served, warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning of csvw-functions is a failure here
        group = csvw_functions.create_annotated_table_group(served + "csv-metadata.json")
        text = csvw_functions.create_rdf(group, mode="minimal")
    return {quad.triple for quad in ox.parse(text.encode("utf-8"),
                                              format=ox.RdfFormat.N_TRIPLES)}


def test_csvw_csv2rdf_gives_the_triples_of_the_dumps(csv2rdf, dist):
    data = triples(dist / "gremien.nt", ox.RdfFormat.N_TRIPLES)
    vocabularies = triples(dist / "vocabularies.ttl", ox.RdfFormat.TURTLE)
    assert csv2rdf <= data | vocabularies  # nothing invented
    assert len(csv2rdf) == 2436
    # every triple of gremien.nt about a body, participation, focus assignment, former
    # name or source row
    kinds = {f"{BASE}def#{kind}" for kind in ("Body", "Participation", "FocusAssignment",
                                                "FormerName", "SourceEntry")}
    parts = {t.subject for t in data if t.predicate.value.endswith("#type")
             and t.object.value in kinds}
    assert len(parts) == 44 + 219 + 45 + 2 + 44
    about = {t for t in data if t.subject in parts}
    assert about <= csv2rdf and len(about) == 2057
    assert len(data) - len(about) == 21  # the report, its table and the organisations
    # each concept's classes, labels, broader concept and scheme
    wanted = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
              "http://www.w3.org/2004/02/skos/core#prefLabel",
              "http://www.w3.org/2004/02/skos/core#broader",
              "http://www.w3.org/2004/02/skos/core#inScheme"}
    concepts = {t.subject for t in vocabularies if t.object.value ==
                "http://www.w3.org/2004/02/skos/core#Concept"}
    assert len(concepts) == 16 + 3 + 6 + 32 + 3 + 4
    labelled = {t for t in vocabularies if t.subject in concepts and t.predicate.value in wanted}
    assert labelled <= csv2rdf and csv2rdf == about | labelled


def frictionless(*args: str) -> dict:
    binary = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(binary), "validate", "--json", *args], capture_output=True,
                            text=True, timeout=300)
    return json.loads(result.stdout)


@pytest.mark.slow
def test_frictionless_finds_the_package_valid(dist):
    report = frictionless(str(dist / "datapackage.json"))
    assert report["valid"] is True, json.dumps(report["tasks"], indent=1)[:3000]
    assert [task["name"] for task in report["tasks"]] == [
        name.removesuffix(".csv") for name in TABLES]
    assert sum(task["stats"]["rows"] for task in report["tasks"]) == \
        44 + 219 + 45 + 2 + 16 + 3 + 6 + 32 + 3 + 4


@pytest.mark.slow
@pytest.mark.parametrize("change, error", [
    (lambda text: text.replace(",fbs,", ",fbx,", 1), "foreign-key"),
    (lambda text: text.replace("\r\n", "\r\n" + text.split("\r\n")[1] + "\r\n", 1),
     "primary-key"),
])
def test_frictionless_finds_a_broken_copy_invalid(change, error, dist, tmp_path):
    """The keys bite: an actor code that akteure.csv lacks, a participation twice."""
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy, ignore=shutil.ignore_patterns("site"))
    path = copy / "teilnahmen.csv"
    path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))
    report = frictionless(str(copy / "datapackage.json"))
    assert report["valid"] is False
    types = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert error in types


@pytest.mark.slow
def test_a_former_title_holding_the_list_separator_is_refused(tmp_path):
    text = CURATED.read_text("utf-8").replace("  - title: Runder Tisch „Bekämpfung",
                                              "  - title: Runder | Tisch „Bekämpfung", 1)
    source = tmp_path / "gremien.yaml"
    source.write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "--output", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "holds ' | ', which separates the items of a list in gremien.csv" in result.output
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    binary = require("libreoffice", "libreoffice-calc-nogui")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(source: Path, target_filter: str, folder: Path, *extra: str) -> Path:
        subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        *extra, "--convert-to", target_filter, "--outdir", str(folder),
                        str(source)], check=True, capture_output=True, timeout=300)
        return folder
    return convert


@pytest.mark.slow
def test_libreoffice_reads_the_csv_and_the_workbook_back(libreoffice, dist, tmp_path):
    """The 44 rows come back with their umlauts and quotes: from the CSV (read as UTF-8,
    comma, double quote) and from the workbook's first sheet, both written out again as
    UTF-8 CSV by LibreOffice."""
    expected = list(csv.reader(io.StringIO((dist / "gremien.csv").read_text("utf-8"),
                                           newline="")))
    assert any("„" in cell for row in expected for cell in row)
    assert any("," in cell for row in expected for cell in row)  # quoted cells
    for source, extra in ((dist / "gremien.csv", ["--infilter=CSV:44,34,76,1"]),
                          (dist / "gremien.xlsx", [])):
        folder = tmp_path / source.suffix.lstrip(".")
        folder.mkdir()
        copy = folder / f"in{source.suffix}"
        shutil.copy(source, copy)
        out = libreoffice(copy, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true",
                          folder / "out", *extra)
        back = list(csv.reader(io.StringIO((out / "in.csv").read_text("utf-8"), newline="")))
        assert len(back) == 45, source.name
        assert back == expected, source.name


# --- query results as tables ---------------------------------------------------------------

def query(*args: str) -> bytes:
    result = subprocess.run([sys.executable, "-m", "gremien_rdf", "query", "run", *args],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_column_of_every_stored_query_has_a_readable_name():
    from gremien_rdf.queries.results import COLUMN_LABELS
    from gremien_rdf.queries.run import load_data, run
    from gremien_rdf.queries.stored import catalogue
    from gremien_rdf.resources import default_source

    data = load_data(default_source(), BASE)
    for stored in catalogue():
        names = [variable.value for variable in run(stored, data, {}, "de").variables]
        assert names, stored.name
        assert [name for name in names if name not in COLUMN_LABELS] == [], stored.name


@pytest.mark.slow
def test_query_results_have_readable_headers_but_json_keeps_the_variables():
    german = query("bodies-per-land", "--format", "csv", "--lang", "de").decode("utf-8")
    assert german.split("\r\n")[:2] == ["Land (IRI),Land,Gremien",
                                        f"{BASE}land/DE-BW,Baden-Württemberg,14"]
    english = query("bodies-per-land", "--format", "tsv").decode("utf-8").splitlines()
    assert english[0] == "Land (IRI)\tLand\tBodies"
    assert json.loads(query("bodies-per-land", "--format", "json"))["head"]["vars"] == [
        "land", "landLabel", "bodies"]
    table = query("bodies-with-actor", "--format", "md", "--lang", "de").decode("utf-8")
    assert table.splitlines()[0] == "| Gremium | Titel | Land | Akteurstypen |"


@pytest.mark.slow
def test_a_workbook_of_query_results_reads_back_as_the_csv(libreoffice, tmp_path):
    workbook = tmp_path / "in.xlsx"
    workbook.write_bytes(query("bodies-with-actor", "--format", "xlsx", "--lang", "de"))
    out = libreoffice(workbook, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true",
                      tmp_path / "out")
    back = list(csv.reader(io.StringIO((out / "in.csv").read_text("utf-8"), newline="")))
    expected = list(csv.reader(io.StringIO(query(
        "bodies-with-actor", "--format", "csv", "--lang", "de").decode("utf-8"),
        newline="")))
    assert back == expected and len(back) == 37


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_query_page_offers_its_result_as_csv(dist, lang):
    from gremien_rdf.queries.stored import catalogue

    root = dist / "site" / ("" if lang == "de" else "en")
    for stored in catalogue():
        page = (root / "abfrage" / f"{stored.name}.html").read_text("utf-8")
        assert f'abfrage/{stored.name}.csv" type="text/csv" download>' in page, stored.name
        assert (root / "abfrage" / f"{stored.name}.csv").read_bytes() == query(
            stored.name, "--format", "csv", "--lang", lang), stored.name


def test_a_workbook_is_not_written_to_a_terminal():
    code, output = run_on_terminal([sys.executable, "-m", "gremien_rdf", "query", "run",
                                    "bodies-per-land", "--format", "xlsx"])
    assert code == 2
    assert "a workbook (--format xlsx) is binary and standard output is a terminal" in output
    assert "PK" not in output  # no zip bytes
