"""gremien_rdf.errors: one base class with the exit code, structured hints that only the
command line turns into option names, and a broken resource file that is not the user's
input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import CURATED, RAW_TABLE, copy_resources

from gremien_rdf.api import import_raw
from gremien_rdf.cli import cli
from gremien_rdf.errors import (
    GremienError,
    InputError,
    Problem,
    RemoteError,
    ResourceError,
    ValidationFailed,
    command,
    option,
    words,
)

#: the markers of errors.option and errors.command (Unicode noncharacters)
MARKERS = ("\ufdd0", "\ufdd1", "\ufdd2")


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_each_kind_of_error_has_its_exit_code_and_one_base():
    assert [kind.exit_code for kind in (ValidationFailed, InputError, RemoteError,
                                        ResourceError)] == [1, 2, 3, 70]
    assert all(issubclass(kind, GremienError) for kind in (ValidationFailed, InputError,
                                                           RemoteError, ResourceError))
    # a server that is down is not a mistake in the user's input, nor is a broken resource
    assert not issubclass(RemoteError, InputError)
    assert not issubclass(ResourceError, InputError)


def test_a_hint_names_options_and_commands_as_its_reader_knows_them():
    problem = Problem(None, f"{option('output')} and {option('repairs')} are the same file",
                      f"choose another {option('base-iri')} or run {command('build')}")
    assert problem.render("cli") == (
        "error: --output and --repairs are the same file\n"
        "    fix: choose another --base-iri or run `gremien-rdf build`")
    assert problem.render("api") == str(problem) == (
        "error: `output` and `repairs` are the same file\n"
        "    fix: choose another `base_iri` or run gremien_rdf.load(…).write(folder)")


def test_words_leaves_text_without_markers_as_it_is():
    text = "a {curly} --dash `gremien-rdf build` text"
    assert words(text, "cli") == words(text, "api") == text


def test_the_library_names_no_flag_and_the_command_line_does(tmp_path):
    same = tmp_path / "draft.yaml"
    with pytest.raises(InputError) as caught:
        import_raw(RAW_TABLE, same, same, None, "https://example.org/g/")
    assert "`output` and `repairs` are the same file" in str(caught.value)
    assert "--" not in str(caught.value)
    assert not any(marker in str(caught.value) for marker in MARKERS)
    result = invoke("import", RAW_TABLE, "--output", same, "--repairs", same)
    assert result.exit_code == 2
    assert "error: --output and --repairs are the same file" in result.output
    assert not same.exists()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "turtle"])
def test_no_marker_reaches_a_report(fmt, tmp_path):
    """A dump under another base IRI: its fix names --base-iri in every report format."""
    dump = tmp_path / "other.ttl"
    dump.write_text("<https://example.org/x/gremium/a> a "
                    "<https://w3id.org/gremien-rdf/def#Body> .\n", encoding="utf-8")
    result = invoke("validate", dump, "--format", fmt)
    assert result.exit_code == 2, result.output
    assert not any(marker in result.output for marker in MARKERS)
    assert "\\ufdd" not in result.output
    if fmt != "turtle":  # the SHACL report graph holds the shapes' results only
        assert "--base-iri https://example.org/x/" in result.output


@pytest.fixture
def resources(tmp_path, monkeypatch):
    root = copy_resources(tmp_path / "resources")
    monkeypatch.setenv("GREMIEN_RDF_RESOURCES", str(root))
    return root


def test_a_broken_shapes_file_is_a_defect_not_an_input_error(resources):
    shapes = resources / "shapes" / "gremien.shapes.ttl"
    lines = shapes.read_text("utf-8").splitlines(keepends=True)
    lines.insert(20, "this is not turtle .\n")
    shapes.write_text("".join(lines), encoding="utf-8")
    result = invoke("validate", CURATED)
    assert result.exit_code == 70, result.output
    assert f"{shapes}:21:1: error: cannot parse the file" in result.output
    assert result.output.rstrip().endswith(
        "1 problem in a resource file of gremien-rdf, not in your input: please report it; "
        "nothing was written.")


def test_a_broken_vocabulary_is_a_defect_for_every_command(resources, tmp_path):
    vocabulary = resources / "ontology" / "vocabularies" / "akteure.ttl"
    vocabulary.write_text(vocabulary.read_text("utf-8") + "\n<x> <y> .\n", encoding="utf-8")
    for args in (["validate", CURATED], ["build", CURATED, "--output", tmp_path / "dist"],
                 ["query", "run", "bodies-per-land"]):
        result = invoke(*args)
        assert result.exit_code == 70, (args, result.output)
        assert "akteure.ttl" in result.output
    assert not (tmp_path / "dist").exists()


def test_a_broken_settings_file_stays_an_input_error(resources):
    """publication.yaml is the publisher's to edit, even the shipped one."""
    settings = resources / "publication.yaml"
    settings.write_text(settings.read_text("utf-8") + "\nlicence: [\n", encoding="utf-8")
    result = invoke("build", CURATED, "--output", resources.parent / "dist")
    assert result.exit_code == 2, result.output
    assert "publication.yaml" in result.output


@pytest.mark.slow
def test_a_broken_json_ld_context_is_a_defect_with_its_place(resources, tmp_path):
    context = resources / "ontology" / "context.jsonld"
    context.write_text('{"@context": {"gmh": \n', encoding="utf-8")
    result = invoke("build", CURATED, "--output", tmp_path / "dist")
    assert result.exit_code == 70, result.output
    assert f"{context}:2:1: error: not a JSON-LD context" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_threshold_is_an_input_error():
    from gremien_rdf.validation.findings import ValidationReport

    with pytest.raises(InputError, match="'fatal' is no severity"):
        ValidationReport().fails("fatal")
