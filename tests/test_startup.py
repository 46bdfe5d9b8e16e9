"""What a command imports: `--help` and a `query run` answered from the cache start without
rdflib, pySHACL, Jinja2 or openpyxl (they cost most of a short command's start-up), and
give the same output as a run that loads them. Each command runs in a fresh interpreter,
which then lists the heavy modules it imported. (How long they take is measured by
`make bench`, not here.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CURATED

#: libraries a short command must not import
HEAVY = ("rdflib", "pyshacl", "jinja2", "openpyxl")

#: runs the command line with the arguments given, then prints the heavy modules imported
SCRIPT = """
import json, sys
from gremien_rdf.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as end:
    code = end.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


def run(*args: str) -> tuple[str, int, list[str], str]:
    """(standard output, exit code, heavy modules imported, the rest of stderr) of
    `gremien-rdf ARGS…` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True,
                          text=True, check=False)
    *messages, last = done.stderr.splitlines()
    found = json.loads(last)
    return done.stdout, found["code"], found["heavy"], "\n".join(messages)


def test_help_imports_no_heavy_library():
    out, code, heavy, _ = run("--help")
    assert code == 0 and "Usage: " in out and "query" in out
    assert heavy == []


@pytest.mark.parametrize("args", [
    ("bodies-per-land",),
    ("bodies-with-actor", "--param", "actor=LKA", "--lang", "de"),  # a concept's label
    ("body-profile", "--param", "body=Kooperationsgruppe Opferschutz"),  # a body's title
    ("bodies-by-focus", "--format", "csv"),
])
def test_query_run_from_the_cache_imports_no_heavy_library(args, cache_folder):
    command = ("query", "run", *args, "--source", str(CURATED))
    cold, code, heavy, _ = run(*command)
    assert code == 0 and "rdflib" in heavy  # the first run converts the register
    assert any(cache_folder.iterdir())
    warm, code, heavy, _ = run(*command)
    assert code == 0 and heavy == []
    assert warm == cold and warm.count("\n") > 1


def test_an_unknown_label_from_the_cache_gets_the_same_suggestions(cache_folder):
    command = ("query", "run", "bodies-with-actor", "--source", str(CURATED))
    run(*command)  # fills the cache
    _, code, heavy, warm = run(*command, "--param", "actor=Polizeiy")
    _, _, _, loaded = run(*command, "--param", "actor=Polizeiy", "--no-cache")
    assert code == 2 and heavy == []
    assert "unknown value of 'actor' 'Polizeiy'" in warm
    assert "did you mean 'Polizei' or 'Landespolizei' or 'Bundespolizei'?" in warm
    assert warm == loaded
