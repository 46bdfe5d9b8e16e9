"""The command line: help and examples for every command, README entries, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CURATED, RAW_TABLE, ROOT

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
    assert "2  usage or input error" in result.output
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


def test_build_prints_a_summary(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(CURATED), "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Built 44 bodies in 13 of 16 Länder, 2,070 triples" in result.output
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
