"""The publication settings: the shipped file, and every mistake reported at its line."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import ROOT, SETTINGS
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from shared_files import dcat_ap_de_file

from gremien_rdf.cli import cli
from gremien_rdf.settings import LICENCE_SCHEME, licences, load_settings, resolve_base_iri


def test_the_shipped_settings():
    settings = load_settings(SETTINGS)
    assert settings.base_iri == "https://w3id.org/gremien-rdf/"
    assert settings.licence.iri == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert settings.licence.needs_attribution and settings.attribution
    assert settings.themes == ("SOCI", "JUST")
    # the report's reporting period (../shared/reference/README.md)
    assert settings.temporal == (date(2020, 1, 1), date(2022, 12, 31))
    assert set(settings.title) == set(settings.description) == {"de", "en"}
    assert settings.issued <= settings.modified
    assert settings.availability == "AVAILABLE"


def test_the_licence_list_is_dcat_ap_de_s():
    """data/reference/dcat-ap-de-licences.csv holds exactly the concepts of GovData's list."""
    graph = Graph().parse(dcat_ap_de_file("dcat-ap-de-licenses-open.rdf"), format="xml")
    scheme = URIRef(LICENCE_SCHEME)
    published = {str(c).removeprefix(LICENCE_SCHEME + "/"): str(graph.value(c, SKOS.prefLabel))
                 for c in graph.subjects(SKOS.inScheme, scheme)}
    assert {k: v.strip() for k, v in published.items()} == {
        k: v.label for k, v in licences().items()}
    assert len(licences()) == 34


def test_attribution_licences_are_those_with_by():
    needing = sorted(k for k, v in licences().items() if v.needs_attribution)
    assert needing == ["cc-by", "cc-by-de/3.0", "cc-by-nc", "cc-by-nc-de/3.0", "cc-by-nc/4.0",
                       "cc-by-nd", "cc-by-nd/3.0", "cc-by-nd/4.0", "cc-by-sa",
                       "cc-by-sa-de/3.0", "cc-by-sa/4.0", "cc-by/4.0", "dl-by-de/1.0",
                       "dl-by-de/2.0", "dl-by-nc-de/1.0", "odby"]


def test_licence_csv_has_unique_ids():
    with (ROOT / "data" / "reference" / "dcat-ap-de-licences.csv").open(encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    assert len(ids) == len(set(ids))


ORIGINAL = SETTINGS.read_text("utf-8")

#: (what changes: old text → new text, the text of the line the error names, message part)
CASES = {
    "unknown-licence": ("cc-by/4.0", "cc-by/5.0", "licence:",
                        "is not a DCAT-AP.de licence IRI"),
    "licence-id-only": ("licence: http://dcat-ap.de/def/licenses/cc-by/4.0",
                        "licence: cc-by/4.0", "licence:", "did you mean"),
    "attribution-missing": ("attribution: >-\n  gremien-rdf, nach: Deutsches Institut für "
                            "Menschenrechte, Monitor Menschenhandel in\n  Deutschland (2024), "
                            "Datenanhang 2\n", "", "licence:", "asks for attribution"),
    "base-iri-without-slash": ("base_iri: https://w3id.org/gremien-rdf/",
                               "base_iri: https://w3id.org/gremien-rdf", "base_iri:",
                               "must end with '/'"),
    "not-a-date": ("issued: 2026-11-27", "issued: 2026-13-01", "issued:",
                   "must be a date (YYYY-MM-DD)"),
    "modified-before-issued": ("modified: 2026-11-27", "modified: 2026-11-26", "modified:",
                               "modified (2026-11-26) is before issued (2026-11-27)"),
    "unknown-key": ("version: 1.0.0", "version: 1.0.0\nlicense_url: x", "license_url:",
                    "unknown key 'license_url'"),
    "missing-key": ("version: 1.0.0\n", "", "base_iri:", "is missing 'version'"),
    "contact-unreachable": ("contact:\n  name: gremien-rdf\n  url: https://w3id.org/gremien-rdf/",
                            "contact:\n  name: Kontakt", "  name: Kontakt",
                            "contact has neither 'email' nor 'url'"),
    "bad-email": ("contact:\n  name: gremien-rdf\n  url: https://w3id.org/gremien-rdf/",
                  "contact:\n  name: gremien-rdf\n  email: gremien at example.org",
                  "  email: gremien at example.org", "is not an e-mail address"),
    "unknown-theme": ("themes: [SOCI, JUST]", "themes: [SOCI, SOCIAL]", "themes:",
                      "'SOCIAL' is not a code of the EU's data themes"),
    "keywords-without-english": ("  en: [human trafficking, labour exploitation, sexual "
                                 "exploitation, round table,\n       coordination, German "
                                 "Länder, Linked Open Data]\n", "", "  de: [Menschenhandel",
                                 "keywords is missing 'en'"),
    "period-backwards": ("  end: 2022-12-31", "  end: 2019-12-31", "  end: 2019-12-31",
                         "temporal.end (2019-12-31) is before temporal.start (2020-01-01)"),
    "title-not-per-language": ("  de: Koordinierende Gremien gegen Menschenhandel in den "
                               "Bundesländern\n  en: Coordinating bodies against human "
                               "trafficking in the German Länder",
                               "  Koordinierende Gremien", "  Koordinierende Gremien",
                               "title must be a mapping"),
    "download-url-not-a-folder": ("download_url: https://w3id.org/gremien-rdf/download/",
                                  "download_url: https://w3id.org/gremien-rdf/download",
                                  "download_url:", "download_url"),
    "null-theme": ("themes: [SOCI, JUST]", "themes: [SOCI, ~]", "themes:",
                   "an entry of themes is empty"),
    "null-keyword": ("  de: [Menschenhandel,", "  de: [~, Menschenhandel,", "  de: [~,",
                     "an entry of keywords.de is empty"),
    "null-contact-url": ("contact:\n  name: gremien-rdf\n  url: https://w3id.org/gremien-rdf/",
                         "contact:\n  name: gremien-rdf\n  email:\n  url: x@",
                         "  email:", "contact.email is empty"),
    "email-with-brackets": ("contact:\n  name: gremien-rdf\n  url: https://w3id.org/gremien-rdf/",
                            "contact:\n  name: gremien-rdf\n  email: 'a>b{c}@example.org'",
                            "  email: 'a>b", "is not an e-mail address"),
    "email-with-bad-percent": ("contact:\n  name: gremien-rdf\n  url: "
                               "https://w3id.org/gremien-rdf/",
                               "contact:\n  name: gremien-rdf\n  email: a%zz@example.org",
                               "  email: a%zz", "is not an e-mail address"),
    "publisher-without-letters": ("publisher:\n  name: gremien-rdf", "publisher:\n  name: '...'",
                                  "  name: '...'", "has no letter or digit"),
    "unknown-availability": ("availability: AVAILABLE", "availability: PERMANENT",
                             "availability:",
                             "'PERMANENT' is not a code of the EU's planned availability"),
    "availability-missing": ("availability: AVAILABLE\n", "", "base_iri:",
                             "is missing 'availability'"),
    "publisher-type-not-allowed": ("publisher:\n  name: gremien-rdf\n  url: "
                                   "https://w3id.org/gremien-rdf/",
                                   "publisher:\n  name: gremien-rdf\n  url: "
                                   "https://w3id.org/gremien-rdf/\n  type: NonProfitOrganisation",
                                   "  type: NonProfitOrganisation",
                                   "is not a publisher type that DCAT-AP.de allows"),
    # the parser notices the unclosed list on the next line
    "yaml-syntax": ("version: 1.0.0", "version: [1.0.0", "issued:", "YAML syntax"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_setting_is_reported_at_its_line_and_nothing_is_written(case, tmp_path):
    old, new, line_text, message = CASES[case]
    assert ORIGINAL.count(old) == 1, "the case must change exactly one place"
    text = ORIGINAL.replace(old, new)
    settings = tmp_path / "publication.yaml"
    settings.write_text(text, encoding="utf-8")
    expected_line = next(n for n, line in enumerate(text.split("\n"), start=1)
                         if line.startswith(line_text) and not line.startswith("#"))
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--settings", str(settings), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{settings}:{expected_line}:" in result.output, result.output
    assert message in result.output
    assert "fix:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_empty_settings_file(tmp_path):
    empty = tmp_path / "publication.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--settings", str(empty), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{empty}:1:1: error: the file is empty" in result.output


def test_a_missing_settings_file(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--settings", str(tmp_path / "nope.yaml"),
                                      "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "nope.yaml does not exist" in result.output


def test_base_iri_comes_from_the_settings_unless_given(tmp_path):
    other = tmp_path / "publication.yaml"
    other.write_text(ORIGINAL.replace("base_iri: https://w3id.org/gremien-rdf/",
                                      "base_iri: https://example.org/g/"), encoding="utf-8")
    assert resolve_base_iri(None, other) == "https://example.org/g/"
    assert resolve_base_iri("https://example.net/x/", other) == "https://example.net/x/"
    assert resolve_base_iri(None) == "https://w3id.org/gremien-rdf/"


def test_query_and_validate_follow_the_settings_base_iri(tmp_path, monkeypatch):
    other = tmp_path / "publication.yaml"
    other.write_text(ORIGINAL.replace("base_iri: https://w3id.org/gremien-rdf/",
                                      "base_iri: https://example.org/g/"), encoding="utf-8")
    monkeypatch.setenv("GREMIEN_RDF_SETTINGS", str(other))
    result = CliRunner().invoke(cli, ["query", "run", "renamed-bodies", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "https://example.org/g/gremium/he-runder-tisch-menschenhandel," in result.output
    assert "https://w3id.org/gremien-rdf/gremium/" not in result.output
    result = CliRunner().invoke(cli, ["query", "run", "renamed-bodies", "-f", "csv",
                                      "--base-iri", "https://example.net/x/"])
    assert "https://example.net/x/gremium/he-runder-tisch-menschenhandel," in result.output
