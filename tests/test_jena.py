"""Our shapes, unchanged, in Apache Jena's `shacl validate` (Debian's libapache-jena-java).

Jena and gremien-rdf must give the same results, result for result: focus node, path,
value, source shape, severity and constraint component, compared as multisets. On the real
data (data/gremien.yaml converted, plus the vocabularies: the graph `gremien-rdf validate`
checks) Jena's report is compared with the report of `validate`; on every case of
tests/data/shapes, valid and invalid, with shacl_report, validate's engine, on the graph
tests/test_shapes.py validates. Messages are not compared: Jena copies a shape's messages as
they are, so FormerNameBeforeCurrent shows `{?until}` where ours says the year.

Running Jena (Debian ships the jars but no `shacl` script; slf4j-nop and a re-packed
xerces resources jar are needed): bench/baselines/jena.py, which the scaling benchmark
shares.

The real data runs through the plain command, one JVM, as a user runs it. The 140 cases run
in one JVM (tests/jena/ShaclBatch.java calls the same command once per case): on the 2-core
development machine, idle, a JVM per case took 2.8 s (2.5 s of CPU; about 6.5 minutes for
the cases), one JVM for all 14 s. A test checks on one case that the batch and the plain
command give the same results.

Blank nodes of the data get new ids in Jena's report, so they compare as "a blank node":
4 cases have results on a blank node, and in none do two results differ only in it. A path
expression compares by its structure.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import BASE, CURATED, JAVA_FLAGS, ROOT
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from shapes_cases import CASES, case_files, case_report, data_file, difference, results
from shared_files import require, require_file

from bench.baselines import jena
from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.namespaces import GMHSH
from gremien_rdf.source.register import load
from gremien_rdf.validation.engine import shapes_graph
from gremien_rdf.validation.validate import validate_paths, validation_graph

SHAPES_FILE = ROOT / "shapes" / "gremien.shapes.ttl"
BATCH = Path(__file__).parent / "jena" / "ShaclBatch.java"


# ----------------------------------------------------------------------------------------
# Running Jena
# ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def classpath(tmp_path_factory) -> str:
    """The classpath of Jena's command line; the test is skipped (failed in CI) without
    Java or a jar."""
    require("java", "default-jre-headless")
    jars = [require_file(path, package) for path, package in jena.jar_files()]
    return jena.classpath(jars, tmp_path_factory.mktemp("jena"))


def shacl_validate(classpath: str, data: Path) -> Graph:
    """Jena's report on `data` against our shapes file, by the plain command."""
    run = subprocess.run(jena.shacl_validate(classpath, SHAPES_FILE, data),
                         capture_output=True, timeout=300, check=False)
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 0 and not stderr, f"exit code {run.returncode}:\n{stderr}"
    return Graph().parse(data=run.stdout.decode("utf-8"), format="turtle")


# ----------------------------------------------------------------------------------------
# The shapes file as Jena needs it (no Java needed)
# ----------------------------------------------------------------------------------------

def test_no_sparql_constraint_has_more_than_one_message():
    """Jena (4.5 up to 6.0, apache/jena#3817) refuses a SPARQL constraint with two
    sh:message values; our German and English messages sit on the shapes instead."""
    shapes = shapes_graph(BASE)
    constraints = set(shapes.objects(None, SH.sparql))
    assert len(constraints) == 8
    for constraint in constraints:
        assert len(list(shapes.objects(constraint, SH.message))) <= 1, constraint
    for shape in shapes.subjects(SH.sparql, None):
        languages = sorted(m.language for m in shapes.objects(shape, SH.message))
        assert languages == ["de", "en"], shape


# ----------------------------------------------------------------------------------------
# The real data
# ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_real_data_gives_the_same_results_in_jena(classpath, tmp_path):
    report = validate_paths([CURATED], BASE)  # what `gremien-rdf validate` reports
    assert not report.load_failed
    register, vocabularies = load(CURATED, BASE)  # and the graph it checks
    data = validation_graph(register_graph(register, vocabularies).graph, vocabularies.graph)
    jena = results(shacl_validate(classpath, data_file(data, tmp_path / "gremien.nt")))
    ours = results(report.graph)
    assert ours == jena, difference(ours, jena)
    # the one Info of the real data: row 19 names no place
    body = URIRef(BASE + "gremium/bw-runder-tisch-zum-thema-menschenhandel")
    assert jena == Counter({(body, None, body, GMHSH.MunicipalBodyPlace, SH.Info,
                             SH.OrConstraintComponent): 1})


# ----------------------------------------------------------------------------------------
# Every case of the shape corpus
# ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def jena_reports(classpath, tmp_path_factory) -> dict[Path, Path]:
    """Jena's report file for every case, from one JVM (tests/jena/ShaclBatch.java)."""
    require("javac", "default-jdk-headless")  # the single-file source launcher needs a JDK
    reports = case_files(tmp_path_factory.mktemp("jena-cases"))
    arguments = [str(path) for pair in reports.values() for path in pair]
    reports = {case: report for case, (_, report) in reports.items()}
    run = subprocess.run(["java", *JAVA_FLAGS, "-cp", classpath, str(BATCH), str(SHAPES_FILE),
                          *arguments], capture_output=True, timeout=1800, check=False)
    stderr = run.stderr.decode("utf-8", "replace")
    problems = [line for line in stderr.splitlines() if not line.startswith("data: ")]
    assert run.returncode == 0 and not problems, (
        f"exit code {run.returncode}; stderr (last lines):\n" + "\n".join(
            stderr.splitlines()[-30:]))
    return reports


@pytest.mark.slow
@pytest.mark.parametrize("path", [pytest.param(p, id=f"{p.parent.name}/{p.stem}")
                                  for p in CASES])
def test_each_case_gives_the_same_results_in_jena(jena_reports, path):
    jena = results(Graph().parse(jena_reports[path], format="turtle"))
    ours = results(case_report(path)[1])
    assert ours == jena, f"{path.name}:\n" + difference(ours, jena)


@pytest.mark.slow
def test_the_batch_gives_what_the_plain_command_gives(classpath, jena_reports, tmp_path):
    path = ROOT / "tests" / "data" / "shapes" / "invalid" / "Concept-inScheme-two.ttl"
    plain = results(shacl_validate(classpath, data_file(case_report(path)[0],
                                                        tmp_path / "case.nt")))
    batch = results(Graph().parse(jena_reports[path], format="turtle"))
    assert plain == batch and sum(plain.values()) >= 2, difference(plain, batch)
