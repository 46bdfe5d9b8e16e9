"""The Python API (gremien_rdf.load and its neighbours): the README's examples run as they
are written, the bytes are those of a build, and a register in the working folder is the
default one."""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CURATED, ROOT, run_on_terminal

import gremien_rdf
from gremien_rdf.api import DIST_FILES, LOCAL_SOURCE
from gremien_rdf.cli import cli
from gremien_rdf.publishing.files import MANIFEST
from gremien_rdf.resources import default_source


def readme_examples() -> list[str]:
    """The ```pycon blocks of the README's section "Python API"."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```pycon\n(.*?)```", section, re.S)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working folder of one's own, with the shipped register as data/gremien.yaml."""
    (tmp_path / "data").mkdir()
    shutil.copy(CURATED, tmp_path / "data" / "gremien.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_shows_the_api_in_two_examples():
    assert len(readme_examples()) == 2


@pytest.mark.slow
def test_the_readme_examples_give_what_they_show(project):
    # one session: the second example goes on from the first
    test = doctest.DocTestParser().get_doctest("\n".join(readme_examples()), {},
                                               "README, Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, "an example of the README does not give what it shows"
    assert runner.tries >= 12
    # the example's write() replaced dist/ of the working folder with a whole build
    assert sorted(p.name for p in (project / "dist").iterdir() if p.is_file()) == sorted(
        [*DIST_FILES, MANIFEST])


@pytest.mark.slow
def test_the_outputs_are_the_bytes_of_a_build(dist):
    outputs = gremien_rdf.load(CURATED).outputs()
    assert list(outputs) == list(DIST_FILES)
    for name, data in outputs.items():
        assert (dist / name).read_bytes() == data, name


def test_a_failing_register_raises_and_writes_nothing(tmp_path):
    """tests/data/validate/broken.yaml loads, and breaks shapes (see test_validate.py)."""
    dataset = gremien_rdf.load(ROOT / "tests" / "data" / "validate" / "broken.yaml")
    assert dataset.validate().fails("violation")
    with pytest.raises(gremien_rdf.ValidationFailed) as caught:
        dataset.write(tmp_path / "dist")
    assert caught.value.exit_code == 1
    assert caught.value.report is dataset.validate()
    assert not (tmp_path / "dist").exists()


def test_every_public_name_is_there_and_documented():
    for name in gremien_rdf.__all__:
        value = getattr(gremien_rdf, name)
        assert value is not None, name
        if callable(value):
            assert value.__doc__, name
    assert {"load", "Dataset", "validate_paths", "publish", "GremienError"} <= set(
        gremien_rdf.__all__)


@pytest.mark.slow
def test_importing_the_package_loads_no_heavy_library():
    code = ("import sys, gremien_rdf; gremien_rdf.__version__; "
            "print(sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph', 'gremien_rdf.api') "
            "if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


# --- the register in the working folder ----------------------------------------------------

GREMIEN_RDF = [sys.executable, "-m", "gremien_rdf"]


@pytest.mark.slow
def test_the_register_of_the_working_folder_is_the_default(project):
    """Tried as a new user would: a mistake in the local file must be seen."""
    local = project / "data" / "gremien.yaml"
    local.write_text(local.read_text("utf-8").replace("land: Bayern", "land: Bayernn", 1),
                     encoding="utf-8")
    for args in (["validate"], ["build", "--output", "out"], ["site", "--output", "out"],
                 ["query", "run", "bodies-per-land"], ["cite"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "data/gremien.yaml:27:9: error: unknown Land 'Bayernn'" in result.output, args
        assert "register:" not in result.output  # stderr is no terminal here
    assert not (project / "out").exists()
    assert gremien_rdf.source_in_use() == LOCAL_SOURCE
    with pytest.raises(gremien_rdf.InputError, match="Bayernn"):
        gremien_rdf.load()


@pytest.mark.slow
@pytest.mark.parametrize("args", [["validate"], ["query", "run", "bodies-per-land"],
                                  ["cite"], ["build", "--output", "out"]])
def test_on_a_terminal_the_register_is_named(args, project):
    code, output = run_on_terminal([*GREMIEN_RDF, *args])
    assert code == 0, output
    assert output.startswith("register: data/gremien.yaml (found in the working folder)\n")


@pytest.mark.slow
def test_without_one_the_shipped_register_is_read_and_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, output = run_on_terminal([*GREMIEN_RDF, "query", "run", "bodies-per-land"])
    assert code == 0, output
    assert output.startswith(
        f"register: {default_source()} (shipped with gremien-rdf; the working folder has "
        "no data/gremien.yaml)\n")
    assert "Baden-Württemberg" in output
    assert gremien_rdf.source_in_use() == default_source()


@pytest.mark.slow
def test_a_register_given_is_not_announced(project):
    code, output = run_on_terminal([*GREMIEN_RDF, "query", "run", "bodies-per-land",
                                    "--source", str(CURATED)])
    assert code == 0, output
    assert "register:" not in output and "Baden-Württemberg" in output
