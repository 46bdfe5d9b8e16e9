"""Citations: CITATION.cff for the software (validated by cffconvert), and for the dataset
and each body a text, BibTeX, RIS and CSL-JSON (read back by bibtexparser, rispy and
citeproc-py), the same from `gremien-rdf cite` and on every page of the website; the
version and its date on every page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib
from html import unescape
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CURATED, ROOT
from hostile import CORPUS

from gremien_rdf.cli import cli
from gremien_rdf.publishing.cite import bibtex, citation, csl, ris
from gremien_rdf.settings import default_settings, load_settings
from gremien_rdf.source.register import load

HESSEN = "he-runder-tisch-menschenhandel"
HESSEN_DE = (
    "„Menschenhandel und Arbeitsausbeutung in Hessen stoppen“. In: gremien-rdf (2026): "
    "Koordinierende Gremien gegen Menschenhandel in den Bundesländern. Version 1.0.0, "
    "2026-11-27. https://w3id.org/gremien-rdf/gremium/he-runder-tisch-menschenhandel. Nach: "
    "Deutsches Institut für Menschenrechte (2024): Monitor Menschenhandel in Deutschland, "
    "Erster Periodischer Bericht, Datenanhang 2: Koordinierende Gremien in den "
    "Bundesländern, Tabelle 1, Zeile 28.")
DATASET_EN = (
    "gremien-rdf (2026): Coordinating bodies against human trafficking in the German Länder. "
    "Version 1.0.0, 2026-11-27. https://w3id.org/gremien-rdf/datensatz/gremien. Source: "
    "Deutsches Institut für Menschenrechte (2024): Monitor Menschenhandel in Deutschland, "
    "Erster Periodischer Bericht, Datenanhang 2: Koordinierende Gremien in den "
    "Bundesländern.")


def cite(*args: str) -> str:
    result = CliRunner().invoke(cli, ["cite", *args])
    assert result.exit_code == 0, result.output
    return result.output


# --- the software ---------------------------------------------------------------------------

def cffconvert() -> str:
    binary = ROOT / ".tools" / "cffconvert" / "bin" / "cffconvert"
    if not binary.exists():
        if os.environ.get("GREMIEN_RDF_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{binary} is missing: `make test` installs it")
        pytest.skip(f"cffconvert is not installed at {binary}: `make test` installs it in a "
                    "venv of its own (it needs jsonschema < 4)")
    return str(binary)


@pytest.mark.slow
def test_citation_cff_is_valid_and_names_this_version():
    result = subprocess.run([cffconvert(), "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert cff["version"] == project["version"] and cff["license"] == project["license"]
    assert cff["references"][0]["url"] == yaml.safe_load(
        CURATED.read_text("utf-8"))["report"]["landing_page"]


@pytest.mark.slow
def test_cffconvert_finds_a_broken_citation_cff_invalid(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    del cff["authors"]
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, allow_unicode=True), "utf-8")
    result = subprocess.run([cffconvert(), "--validate", "-i", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "authors" in result.stdout + result.stderr


# --- the data -------------------------------------------------------------------------------

def test_the_citation_of_a_body_and_of_the_dataset_as_text():
    assert cite(HESSEN) == HESSEN_DE + "\n"
    assert cite("Runder Tisch „Bekämpfung des Menschenhandels“") == HESSEN_DE + "\n"
    assert cite("--lang", "en") == DATASET_EN + "\n"


def test_an_unknown_body_is_an_input_error():
    result = CliRunner().invoke(cli, ["cite", "he-runder-tisch-menschenhandl"])
    assert result.exit_code == 2
    assert "no body has the id or title 'he-runder-tisch-menschenhandl'" in result.output
    assert "did you mean 'he-runder-tisch-menschenhandel'" in result.output


def test_bibtexparser_reads_the_bibtex():
    import bibtexparser

    library = bibtexparser.parse_string(cite(HESSEN, "--format", "bibtex"))
    assert library.failed_blocks == []
    entry = library.entries[0]
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert (entry.entry_type, entry.key) == ("misc", f"gremien-rdf-{HESSEN}")
    assert fields == {
        "author": "{gremien-rdf}", "title": "{Menschenhandel und Arbeitsausbeutung in Hessen "
        "stoppen}", "howpublished": "{Koordinierende Gremien gegen Menschenhandel in den "
        "Bundesländern}", "year": "2026", "date": "2026-11-27",
        "version": "1.0.0", "url": f"https://w3id.org/gremien-rdf/gremium/{HESSEN}",
        "note": HESSEN_DE[HESSEN_DE.index("Nach:"):], "language": "german"}


def test_rispy_reads_the_ris():
    import rispy

    (record,) = rispy.loads(cite(HESSEN, "--format", "ris"))
    assert record == {
        "type_of_reference": "DATA", "authors": ["gremien-rdf"],
        "title": "Menschenhandel und Arbeitsausbeutung in Hessen stoppen",
        "secondary_title": "Koordinierende Gremien gegen Menschenhandel in den Bundesländern",
        "year": "2026", "date": "2026/11/27", "edition": "1.0.0",
        "urls": [f"https://w3id.org/gremien-rdf/gremium/{HESSEN}"],
        "notes": [HESSEN_DE[HESSEN_DE.index("Nach:"):]], "publisher": "gremien-rdf",
        "language": "de", "id": f"gremien-rdf-{HESSEN}"}


def test_citeproc_renders_the_csl_json():
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(cite(HESSEN, "--format", "csl"))
    styles = Path(__import__("citeproc").__file__).parent / "data" / "styles"
    style = CitationStylesStyle(str(styles / "harvard-cite-them-right.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    assert [str(entry) for entry in bibliography.bibliography()] == [
        "gremien-rdf (2026) “Menschenhandel und Arbeitsausbeutung in Hessen stoppen”, "
        "Koordinierende Gremien gegen Menschenhandel in den Bundesländern. gremien-rdf. "
        f"Available at: https://w3id.org/gremien-rdf/gremium/{HESSEN}."]


@pytest.mark.parametrize("title", CORPUS)
def test_hostile_titles_stay_inside_their_fields(title):
    """Braces, backslashes and LaTeX specials cannot end a BibTeX field; RIS and CSL-JSON
    keep the text as it is."""
    import bibtexparser
    import rispy

    publication = load_settings(default_settings())
    register, _ = load(CURATED, publication.base_iri)
    body = register.bodies[0]
    hostile = type(body)(**{**body.__dict__, "title": title + " {x} \\ % & # _ ~ ^ $"})
    item = citation(publication, register, hostile, "de")
    library = bibtexparser.parse_string(bibtex(item))
    assert library.failed_blocks == [] and len(library.entries) == 1
    assert set(library.entries[0].fields_dict) == {
        "author", "title", "howpublished", "year", "date", "version", "url", "note",
        "language"}
    assert rispy.loads(ris(item))[0]["title"] == hostile.title
    assert json.loads(csl(item))[0]["title"] == hostile.title


def _text(html: str, css_class: str) -> str:
    found = re.search(rf'<p class="{css_class}">(.*?)</p>', html, re.S)
    assert found, css_class
    return unescape(found[1])


@pytest.fixture
def cite_loads_once(monkeypatch):
    """`gremien-rdf cite` with the register loaded once for all its runs in the test: the
    same file and settings each time, so the same Dataset (loading is 0.35 s of a run's
    0.36 s; the 360 runs took 34 s in CI). Each run still parses its arguments, finds
    its body and renders its format; a real load is tested above."""
    import functools

    import gremien_rdf.api

    monkeypatch.setattr(gremien_rdf.api, "load", functools.cache(gremien_rdf.api.load))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_body_page_and_the_index_show_the_citation_and_offer_its_files(
        dist, lang, cite_loads_once):
    site = dist / "site"
    root = site if lang == "de" else site / "en"
    register = yaml.safe_load(CURATED.read_text("utf-8"))
    for body in [None, *register["bodies"]]:
        page = root / ("index.html" if body is None else f"gremium/{body['id']}.html")
        html = page.read_text("utf-8")
        args = ([] if body is None else [body["id"]]) + ["--lang", lang]
        assert _text(html, "citation") == cite(*args).rstrip("\n"), page
        name = "gremien" if body is None else body["id"]
        for fmt, suffix in (("bibtex", ".bib"), ("ris", ".ris"), ("csl", ".csl.json")):
            file = root / "zitieren" / f"{name}{suffix}"
            assert file.read_text("utf-8") == cite(*args, "--format", fmt), file
            assert f'zitieren/{name}{suffix}" download>' in html


def test_every_page_names_the_version_and_its_date(dist):
    pages = sorted((dist / "site").rglob("*.html"))
    assert len(pages) == 284
    for page in pages:
        english = page.relative_to(dist / "site").parts[0] == "en"
        expected = "Version 1.0.0, as of 2026-11-27" if english else \
            "Version 1.0.0, Stand 2026-11-27"
        assert _text(page.read_text("utf-8"), "version") == expected, page
