"""The command line: help and examples for every command, README entries, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CURATED, RAW_TABLE, ROOT, copy_resources

from gremien_rdf.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_commands_exist():
    assert {"build", "import"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example_and_a_readme_entry(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"gremien-rdf {name}" in result.output
    assert f"$ gremien-rdf {name}" in (ROOT / "README.md").read_text("utf-8")


def test_top_level_help_lists_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for code, words in [("0", "ok"), ("1", "validation failed"), ("2", "usage or input error"),
                        ("3", "a server failed"), ("4", "standard output or error could"),
                        ("130", "interrupted"), ("141", "the reader of standard output")]:
        assert f"  {code:<4} {words}" in result.output
    for name in COMMANDS:
        assert name in result.output


def test_help_imports_neither_rdflib_nor_pyshacl():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gremien_rdf.cli import cli\n"
        "for args in (['--help'], ['build', '--help'], ['import', '--help']):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_build_prints_a_summary(tmp_path, graph):
    result = CliRunner().invoke(cli, ["build", str(CURATED), "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"Built 44 bodies in 13 of 16 Länder, {len(graph):,} triples" in result.output
    assert "gremien.jsonld" in result.output


def test_import_writes_the_draft_and_the_repair_log(tmp_path):
    draft = tmp_path / "gremien.draft.yaml"
    result = CliRunner().invoke(cli, ["import", str(RAW_TABLE), "--output", str(draft),
                                      "--curated", str(CURATED)])
    assert result.exit_code == 0, result.output
    assert "Imported 44 bodies" in result.output
    assert "22  suspended-hyphen" in result.output
    log = tmp_path / "gremien.repairs.tsv"
    assert log.read_text("utf-8").splitlines()[0] == "line\trow\tcolumn\trule\tbefore\tafter"
    assert draft.read_text("utf-8").count("\n- id: ") == 44


def test_import_of_a_bad_table_writes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Bundesland\tTitel\tEbene\tSchwerpunkt\tTeilnehmende Akteure\tTurnus\n"
                   "Bayern\tAG\tLandesebne\tSexarbeit\tPolizei\tEinmal jährlich\n",
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bad), "--output", str(tmp_path / "d.yaml")])
    assert result.exit_code == 2
    assert f"{bad}:2:1: error: unknown level 'Landesebne' in row 1" in result.output
    assert "did you mean 'Landesebene'" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]


def test_usage_error_exits_with_2():
    result = CliRunner().invoke(cli, ["build", "--no-such-option"])
    assert result.exit_code == 2


def test_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "gremien_rdf", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("gremien-rdf, version ")


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("ftp://example.org/", "must start with http:// or https://"),
        ("https:///", "must name a host"),
        ("https://example.org/x#", "must not contain '?' or '#'"),
        ("https://example.org/data?x=1/", "must not contain '?' or '#'"),
        ("https://example.org/a/../b/", "must be normalised"),
        ("https://example.org/a//b/", "must be normalised"),
        ("https://example.org/a", "must end with '/'"),
        ("https://example.org/a b/", "not allowed in an IRI"),
        ("https://example.org/%zz/", "two hex digits"),
        # passes the checks above, but no triple can hold it (pyoxigraph refuses it)
        ("https://example.org:8x/g/", "not a valid IRI"),
        ("https://example.org/b[1]/", "not a valid IRI"),
    ],
)
def test_unusable_base_iri_is_a_usage_error(tmp_path, base, message):
    result = CliRunner().invoke(cli, ["build", "--base-iri", base, "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_normal_base_iri_is_accepted(tmp_path):
    base = "https://data.example.org/gremien/v1/"
    result = CliRunner().invoke(cli, ["build", "--base-iri", base, "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"@base <{base}> ." in (tmp_path / "gremien.ttl").read_text("utf-8")


def test_import_refuses_one_file_for_draft_and_log(tmp_path):
    same = tmp_path / "same.tsv"
    result = CliRunner().invoke(cli, ["import", str(RAW_TABLE), "--output", str(same),
                                      "--repairs", str(same)])
    assert result.exit_code == 2
    assert "are the same file" in result.output
    assert not same.exists()


def test_a_broken_vocabulary_file_is_reported_at_its_line(tmp_path):
    copy_resources(tmp_path)
    levels = tmp_path / "ontology" / "vocabularies" / "ebenen.ttl"
    text = levels.read_text("utf-8")
    levels.write_text(text.replace("skos:inScheme <ebene> ;", "skos:inScheme <ebene>", 1),
                      encoding="utf-8")
    env = {**os.environ, "GREMIEN_RDF_RESOURCES": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "gremien_rdf", "build", "--output",
                             str(tmp_path / "out")], env=env, capture_output=True, text=True)
    assert result.returncode == 70  # a resource of gremien-rdf, not the user's input
    broken = next(n for n, line in enumerate(text.split("\n"), start=1)
                  if "skos:inScheme <ebene> ;" in line)
    # the statement runs on into the next ones; the parser stops a line or two later
    reported = re.search(rf"{re.escape(str(levels))}:(\d+):1: error: Turtle syntax in the "
                         "vocabulary", result.stderr)
    assert reported and broken <= int(reported[1]) <= broken + 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_readme_shows_the_real_build_summary(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(CURATED), "--output", str(tmp_path)])
    summary = result.output.splitlines()[0].replace(str(CURATED), "data/gremien.yaml")
    assert summary.replace(ROOT.as_posix() + "/", "") in (ROOT / "README.md").read_text("utf-8")
