"""The scaling benchmark's own logic (bench/scale.py, bench/generate.py, the LinkML schema):
how it measures, records a stopped run and renders the table, not how fast anything is."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import CURATED, ROOT
from shared_files import missing

from bench import scale
from bench.generate import generate
from bench.scale import Cell, Run, Table, measure, run_once, verdicts

LINKML = ROOT / ".tools" / "linkml" / "bin"


# ----------------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------------

def test_a_run_over_the_timeout_is_stopped_and_recorded():
    start = time.perf_counter()
    assert run_once([sys.executable, "-c", "import time; time.sleep(30)"], 0.2) is None
    assert time.perf_counter() - start < 10  # killed, not waited for


def test_a_finished_run_has_its_time_and_peak_rss():
    # a child that holds 60 MB: its peak RSS is at least that, whichever way it is measured
    run = run_once([sys.executable, "-c", "b = bytearray(60 << 20); b[::4096] = b'x' * "
                    "len(b[::4096])"], 30)
    assert isinstance(run, Run)
    assert run.seconds > 0 and run.cpu is not None and run.cpu >= 0
    assert run.rss_kb is not None and 60 << 10 <= run.rss_kb < 1 << 20


def test_a_failing_command_is_recorded_with_its_exit_code_and_message():
    run = run_once([sys.executable, "-c", "import sys; sys.exit('no register here')"], 30)
    assert run == "failed (exit 1: no register here)"


def test_measure_stops_at_the_first_timeout():
    calls = []

    def runner(argv, timeout):
        calls.append(argv)
        return Run(0.1, 0.1, 1000) if len(calls) == 1 else None

    cell = measure(["x"], repeat=5, timeout=7, once_over=60, runner=runner)
    assert len(calls) == 2 and cell.timeout == 7 and not cell.ok
    assert cell.text() == ">7 s"


def test_measure_runs_a_long_command_once_and_says_so():
    runs = iter([Run(30.0, 29.0, 2048), Run(1.0, 1.0, 1024)])
    cell = measure(["x"], repeat=3, timeout=300, once_over=20,
                   runner=lambda argv, timeout: next(runs))
    assert [run.seconds for run in cell.runs] == [30.0]
    assert cell.text() == "30.0 s (29.0 CPU), 2 MB, 1 run"


def test_the_median_and_the_largest_peak_rss():
    cell = Cell(runs=[Run(1.0, 0.5, 100 << 10), Run(3.0, 0.7, 300 << 10),
                      Run(2.0, 0.6, 200 << 10)], repeat=3)
    assert (cell.seconds, cell.cpu, cell.rss_mb) == (2.0, 0.6, 300)
    assert cell.text() == "2.00 s (0.60 CPU), 300 MB"


def test_prepare_runs_before_every_run(tmp_path):
    folder = tmp_path / "dist"
    seen = []

    def runner(argv, timeout):
        seen.append(folder.exists())
        folder.mkdir()
        return Run(0.1, 0.1, 1)

    measure(["x"], repeat=3, timeout=1, once_over=60, prepare=scale.fresh(folder),
            runner=runner)
    assert seen == [False, False, False]


# ----------------------------------------------------------------------------------------
# The table and the targets
# ----------------------------------------------------------------------------------------

def test_the_table_in_markdown():
    table = Table([44, 1000])
    table.put(scale.VALIDATE, 44, Cell(runs=[Run(0.4, 0.3, 66 << 10)]))
    table.put(scale.VALIDATE, 1000, Cell(timeout=300))
    table.put(scale.JENA, 1000, Cell(failed="not installed", note="one file"))
    table.put(scale.QUERY_SLOWEST, 44, Cell(runs=[Run(1.5, 0.3, 50 << 10)], note="`a`"))
    table.put(scale.QUERY_SLOWEST, 1000, Cell(runs=[Run(4.5, 1.6, 90 << 10)], note="`b`"))
    assert table.markdown() == (
        "|  | 44 (real) | 1,000 |\n"
        "|---|---|---|\n"
        "| `validate` | 0.40 s (0.30 CPU), 66 MB | >300 s |\n"
        f"| {scale.JENA} (one file) |  | not installed |\n"
        f"| {scale.QUERY_SLOWEST} | 1.50 s (0.30 CPU), 50 MB; `a` | 4.50 s (1.60 CPU), 90 MB; "
        "`b` |")


def test_runs_saved_as_json_render_as_one_table():
    args = scale.parse_args(["--sizes", "44", "--repeat", "3", "--timeout", "60"])
    first, second = Table([44]), Table([1000])
    first.put(scale.VALIDATE, 44, Cell(runs=[Run(0.4, 0.3, 66 << 10)], repeat=3))
    second.put(scale.VALIDATE, 1000, Cell(timeout=60, repeat=3))
    first.put(scale.VALIDATE, 1000, Cell(runs=[Run(9, 9, 1)]))  # replaced by the later run
    second.put(scale.VALIDATE, 44, Cell(failed=scale.SKIPPED))  # does not replace
    second.put(scale.JENA, 1000, Cell(runs=[Run(8.0, 9.5, 400 << 10)], note="one file"))
    runs = [json.loads(json.dumps(scale.record(table, "2026-12-03 06:00 UTC", "commit x",
                                               args))) for table in (first, second)]
    merged = scale.table_of(runs)
    assert merged.sizes == [44, 1000]
    assert merged.markdown().splitlines()[2:] == [
        "| `validate` | 0.40 s (0.30 CPU), 66 MB, 1 run | >60 s |",
        f"| {scale.JENA} (one file) |  | 8.00 s (9.50 CPU), 400 MB |"]
    text = scale.report(runs)
    assert "median of 3 whole-process runs" in text and "this took 3." in text


def test_the_stored_queries_median_and_slowest():
    cells = {"a": Cell(runs=[Run(1.0, 0.5, 100 << 10)]),
             "b": Cell(runs=[Run(3.0, 2.5, 120 << 10)]),
             "c": Cell(runs=[Run(2.0, 1.5, 110 << 10)])}
    rows = scale.summarise_queries(cells, 3)
    assert rows[scale.QUERY_MEDIAN].text() == "2.00 s (1.50 CPU), 120 MB; 3 queries"
    assert rows[scale.QUERY_SLOWEST].text() == "3.00 s (2.50 CPU), 120 MB; `b`"


def test_the_slowest_first_run_is_a_row_of_its_own():
    cells = {"a": Cell(runs=[Run(0.5, 0.4, 100 << 10)]),
             "b": Cell(runs=[Run(0.7, 0.6, 120 << 10)])}
    firsts = {"a": Cell(runs=[Run(9.0, 8.5, 300 << 10)]),
              "b": Cell(runs=[Run(2.0, 1.5, 110 << 10)])}
    rows = scale.summarise_queries(cells, 2, firsts)
    assert rows[scale.QUERY_SLOWEST].text() == "0.70 s (0.60 CPU), 120 MB; `b`"
    assert rows[scale.QUERY_FIRST].text() == "9.00 s (8.50 CPU), 300 MB; `a`"
    assert scale.QUERY_FIRST not in scale.summarise_queries(cells, 2)


def test_after_a_stopped_query_the_others_are_not_run():
    cells = {"a": Cell(runs=[Run(1.0, 0.5, 100 << 10)]), "b": Cell(timeout=300)}
    rows = scale.summarise_queries(cells, 15)
    assert rows[scale.QUERY_MEDIAN].text() == (
        ">300 s; 1 of 15 finished; 13 not run after `b` was stopped")
    assert rows[scale.QUERY_SLOWEST].text() == ">300 s; `b`"


def test_the_stored_queries_so_far():
    rows = scale.summarise_queries({"a": Cell(runs=[Run(1.0, 0.5, 100 << 10)])}, 15)
    assert rows[scale.QUERY_MEDIAN].note == "1 query; 14 more not run yet"


def test_skipped_queries_are_not_run(tmp_path):
    table = Table([44])
    bench = scale.Bench(3, 60, 20, tmp_path, table, log=lambda line: None,
                        skip=["`query run"])
    scale.query_commands(bench, 44, CURATED)
    assert list(table.rows) == [scale.QUERY_MEDIAN]
    assert table.rows[scale.QUERY_MEDIAN][44].text() == "not run (--skip)"


def test_a_skipped_command_is_not_run(tmp_path):
    bench = scale.Bench(3, 60, 20, tmp_path, Table([44]), log=lambda line: None,
                        skip=["as they are"])
    cell = bench.command(scale.BY_HAND, 44, ["false"])
    assert cell.text() == "not run (--skip)"


@pytest.mark.parametrize(("seconds", "text"), [(0.123, "0.12 s"), (8.94, "8.94 s"),
                                               (17.84, "17.8 s"), (208.4, "208 s")])
def test_seconds_text(seconds, text):
    assert scale.seconds_text(seconds) == text


def states(table: Table) -> dict[str, str]:
    return {verdict.target: verdict.state for verdict in verdicts(table, 44)}


def test_targets_met_missed_and_not_measured():
    table = Table([44, 1000, 10_000])
    table.put(scale.HELP, 44, Cell(runs=[Run(0.14, 0.1, 1)]))
    table.put(scale.VALIDATE, 44, Cell(runs=[Run(0.6, 0.5, 1)]))
    table.put(scale.VALIDATE, 1000, Cell(runs=[Run(3.0, 3, 1)]))
    table.put(scale.VALIDATE, 10_000, Cell(runs=[Run(35.0, 35, 1)]))  # ×1.17 per body
    table.put(scale.LINKML_VALIDATE, 1000, Cell(runs=[Run(3.3, 3, 1)]))
    table.put(scale.LINKML_VALIDATE, 10_000, Cell(runs=[Run(30.0, 30, 1)]))
    table.put(scale.BUILD_NO_SITE, 1000, Cell(runs=[Run(2.0, 2, 1)]))
    table.put(scale.BUILD_NO_SITE, 10_000, Cell(timeout=300))  # >×15 per body
    table.put(scale.LINKML_CONVERT, 1000, Cell(runs=[Run(8.8, 8, 1)]))
    table.put(scale.LINKML_CONVERT, 10_000, Cell(runs=[Run(88, 80, 1)]))
    got = states(table)
    assert got["real data: `--help` ≤ 0.15 s"] == "met"
    assert got["real data: `validate` ≤ 0.5 s"] == "missed"
    assert got["real data: `build` with site ≤ 1.2 s"] == "not measured"
    assert got["time per body flat within ±30% from 1,000 on: `validate`"] == "met"
    assert got["time per body flat within ±30% from 1,000 on: `build` without the site"] \
        == "missed"
    assert got["1,000 bodies: `validate` ahead of `linkml-validate`"] == "met"
    assert got["10,000 bodies: `validate` ahead of `linkml-validate`"] == "missed"
    assert got["1,000 bodies: `build` without the site ahead of `linkml-convert` to "
               "Turtle"] == "met"
    assert got["10,000 bodies: `build` without the site ahead of `linkml-convert` to "
               "Turtle"] == "missed"  # ours stopped at 300 s, theirs took 88 s
    assert got["100,000 bodies: peak RSS ≤ 1.5 GB"] == "not measured"


def test_validate_ahead_of_jena_that_was_stopped():
    table = Table([100_000])
    table.put(scale.VALIDATE, 100_000, Cell(runs=[Run(60, 60, 900 << 10)]))
    table.put(scale.JENA, 100_000, Cell(timeout=300))
    table.put(scale.BUILD_NO_SITE, 100_000, Cell(runs=[Run(95, 90, 1600 << 10)]))
    got = {v.target: v for v in verdicts(table, 44)}
    assert got["100,000 bodies: `validate` faster than Jena's `shacl validate`"].state == "met"
    assert got["100,000 bodies: `build` (all formats, metadata, checksums; site excluded) "
               "≤ 90 s"].state == "missed"
    peak = got["100,000 bodies: peak RSS ≤ 1.5 GB"]
    assert (peak.state, peak.evidence) == ("missed", "largest 1,600 MB")


# ----------------------------------------------------------------------------------------
# The registers
# ----------------------------------------------------------------------------------------

def test_the_generator_is_deterministic_for_a_seed():
    first, again, other = generate(300, seed=13), generate(300, seed=13), generate(300, seed=14)
    assert first == again
    assert first != other
    real = yaml.safe_load(CURATED.read_text("utf-8"))["bodies"]
    assert [body["id"] for body in first["bodies"][:44]] == [body["id"] for body in real]
    ids = [body["id"] for body in first["bodies"]]
    assert len(set(ids)) == 300
    assert ids[44].endswith("-n45") and first["bodies"][299]["source"]["row"] == 300


def test_the_register_as_linkml_takes_it():
    register = scale.linkml_register(CURATED)
    body = register["bodies"][0]
    assert body["focus"] == [{"area": "Menschenhandel / sexuelle Ausbeutung"}]
    assert body["participants"][1] == {"actor": "Landeskriminalamt"}
    mappings = [item for body in register["bodies"] for item in body["participants"]
                if "status" in item]
    assert {"actor": "Fachberatungsstellen", "status": "geplant"} in mappings


# ----------------------------------------------------------------------------------------
# The LinkML schema
# ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def linkml_validate() -> Path:
    """LinkML's validator from its own venv (`make test` makes it); linkml is not a
    dependency of gremien-rdf, so the tests are skipped without it when pytest is run
    by hand (and fail in CI, GREMIEN_RDF_REQUIRE_TOOLS=1)."""
    command = LINKML / "linkml-validate"
    if not command.exists():
        missing("LinkML is not installed for the benchmark (`make test` installs it)")
    return command


@pytest.mark.slow
def test_the_linkml_schema_is_valid_and_takes_the_register(linkml_validate, tmp_path):
    data = tmp_path / "register.yaml"
    data.write_text(yaml.safe_dump(scale.linkml_register(CURATED), allow_unicode=True),
                    "utf-8")
    run = subprocess.run([str(linkml_validate), "--schema", str(scale.LINKML_SCHEMA),
                          "--target-class", "Register", str(data)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0 and "No issues found" in run.stdout, run.stdout + run.stderr


@pytest.mark.slow
def test_the_linkml_schema_rejects_an_unknown_label(linkml_validate, tmp_path):
    register = scale.linkml_register(CURATED)
    register["bodies"][0]["land"] = "Bayernland"
    register["bodies"][0]["participants"][1]["actor"] = "LKA-X"
    data = tmp_path / "register.yaml"
    data.write_text(yaml.safe_dump(register, allow_unicode=True), "utf-8")
    run = subprocess.run([str(linkml_validate), "--schema", str(scale.LINKML_SCHEMA),
                          "--target-class", "Register", str(data)],
                         capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert "'Bayernland' is not one of" in run.stdout and "/bodies/0/land" in run.stdout
    assert "'LKA-X' is not one of" in run.stdout


def test_gnu_time_is_found_where_it_is_installed():
    path = shutil.which("time")
    if path is None:
        pytest.skip("GNU time is not installed (Debian package time): the bench uses "
                    "os.wait4 instead")
    assert scale.GNU_TIME == path


def test_flat_per_body_by_cpu_time_and_a_stopped_run_as_a_bound():
    table = Table([1000, 10_000])
    # wall ×2.5 per body (a loaded machine), CPU ×1.2: judged by CPU
    table.put(scale.QUERY_MEDIAN, 1000, Cell(runs=[Run(4.0, 2.0, 1)]))
    table.put(scale.QUERY_MEDIAN, 10_000, Cell(runs=[Run(100.0, 24.0, 1)]))
    # stopped at 300 s, 28 s at 1,000: at least ×1.07, which may still be within ±30 %
    table.put(scale.VALIDATE, 1000, Cell(runs=[Run(28.0, 8.0, 1)]))
    table.put(scale.VALIDATE, 10_000, Cell(timeout=300))
    got = {v.target: v for v in verdicts(table, 44)}
    query = got["time per body flat within ±30% from 1,000 on: "
                "`query run`, median of the stored queries, answers cached"]
    assert (query.state, query.evidence) == (
        "met", "per body vs 1,000: 10,000: ×1.20 CPU (wall ×2.50)")
    validate = got["time per body flat within ±30% from 1,000 on: `validate`"]
    assert (validate.state, validate.evidence) == (
        "not measured", "per body vs 1,000: 10,000: stopped, wall >×1.07")


def test_a_time_per_body_that_falls_is_met_and_one_that_grows_is_missed():
    table = Table([1000, 10_000])
    # a warm cache: the same 0.2 s at both sizes, a tenth per body
    table.put(scale.QUERY_MEDIAN, 1000, Cell(runs=[Run(0.2, 0.2, 1)]))
    table.put(scale.QUERY_MEDIAN, 10_000, Cell(runs=[Run(0.2, 0.2, 1)]))
    # 2 s → 27 s CPU: ×1.35 per body, outside the band
    table.put(scale.VALIDATE, 1000, Cell(runs=[Run(2.0, 2.0, 1)]))
    table.put(scale.VALIDATE, 10_000, Cell(runs=[Run(27.0, 27.0, 1)]))
    got = {v.target: v for v in verdicts(table, 44)}
    query = got["time per body flat within ±30% from 1,000 on: "
                "`query run`, median of the stored queries, answers cached"]
    assert (query.state, query.evidence) == (
        "met", "per body vs 1,000: 10,000: ×0.10 CPU (wall ×0.10)")
    validate = got["time per body flat within ±30% from 1,000 on: `validate`"]
    assert (validate.state, validate.evidence) == (
        "missed", "per body vs 1,000: 10,000: ×1.35 CPU (wall ×1.35)")


def test_the_query_benchmark_finds_what_it_imports():
    """`make bench` runs bench/queries.py, which no test runs whole (rdflib takes
    minutes): its imports at least must name what gremien-rdf has (they once did not)."""
    import bench.queries

    assert callable(bench.queries.main) and callable(bench.queries.copies)
