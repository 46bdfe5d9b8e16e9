"""How gremien-rdf scales, beside the tools a user would take instead: `make bench-scale`.

    python -m bench.scale --sizes 44,1000,10000 --repeat 3 --timeout 300

For each size N a register of N bodies (44: the real data/gremien.yaml; else
bench/generate.py, seeded) is written to a temporary folder in bench/results/; every
command runs as a whole process (start-up included), `--repeat` times: the table shows the
median wall time and the largest peak RSS. A run over `--timeout` seconds is stopped and
shows as ">300 s"; a command whose first run takes more than `--once-over` seconds runs
once ("1 run").

Peak RSS and CPU time come from GNU time (`/usr/bin/time -f`, Debian package `time`, found
on PATH as `time`); without it, from os.wait4's resource usage of the child (what
resource.getrusage(RUSAGE_CHILDREN) would give, but for this child alone).

The commands: `gremien-rdf --help`; `validate` (and `validate --engine pyshacl` when the CLI
has that option); `build` with the site; `build` without it (`build --no-site` when the CLI
has it, else the Python API, `load(...).write(..., site=False)`, in a child process);
`query run` of every stored query (median and slowest; when the cache keeps the queries'
answers, the slowest first run apart: the graph cached, the answer not); with `--no-cache`
on `query run`, one query cold and warm. The baselines, on the dump that `build` wrote:
pySHACL by hand (bench/baselines/pyshacl_by_hand.py, with the shapes as they are and
SHACL Core only), the pyoxigraph parse + write floor (bench/baselines/oxigraph_floor.py),
Jena's `shacl validate` (Debian's libapache-jena-java, bench/baselines/jena.py) and
LinkML's `linkml-validate` and `linkml-convert` (.tools/linkml, `make .tools/linkml`;
schema bench/linkml/).

The table (Markdown) is printed and written to bench/results/scale-<date>.md, with the raw
figures beside it (.json); below it, each target of issue #14 met, missed or not measured.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from bench.baselines import jena
from bench.generate import generate

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
REAL = ROOT / "data" / "gremien.yaml"
SHAPES = ROOT / "shapes" / "gremien.shapes.ttl"
BASELINES = ROOT / "bench" / "baselines"
LINKML = ROOT / ".tools" / "linkml" / "bin"
LINKML_SCHEMA = ROOT / "bench" / "linkml" / "gremien.linkml.yaml"
#: how many times --timeout the bench waits for the dump that the baselines need, when the
#: timed `build` did not finish
DUMP_TIME = 4
#: what a cell left out with --skip says
SKIPPED = "not run (--skip)"
#: the stored query whose cold and warm runs are compared when `query run` has a cache
CACHE_QUERY = "bodies-per-land"


# ----------------------------------------------------------------------------------------
# Measuring one command
# ----------------------------------------------------------------------------------------

@dataclass
class Run:
    """One run of a command: wall and CPU seconds, peak RSS in kB."""

    seconds: float
    cpu: float | None
    rss_kb: int | None


@dataclass
class Cell:
    """What the table shows for one command at one size."""

    runs: list[Run] = field(default_factory=list)
    #: the run was stopped after this many seconds
    timeout: float | None = None
    #: why there is no time: the command failed, or could not run here
    failed: str | None = None
    #: shown after the figures (e.g. the slowest query's name)
    note: str = ""
    #: how many runs were asked for
    repeat: int = 1

    @property
    def seconds(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def cpu(self) -> float | None:
        cpus = [r.cpu for r in self.runs if r.cpu is not None]
        return statistics.median(cpus) if self.ok and cpus else None

    @property
    def rss_mb(self) -> float | None:
        sizes = [r.rss_kb for r in self.runs if r.rss_kb is not None]
        return max(sizes) / 1024 if self.ok and sizes else None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and self.timeout is None and self.failed is None

    def text(self, note: bool = True) -> str:
        if self.timeout is not None:
            shown = f">{self.timeout:g} s"
        elif self.failed is not None:
            shown = self.failed
        elif not self.runs:
            shown = "–"
        else:
            shown = seconds_text(self.seconds)
            if self.cpu is not None:
                shown += f" ({seconds_text(self.cpu, unit=False)} CPU)"
            if self.rss_mb is not None:
                shown += f", {self.rss_mb:,.0f} MB"
            if len(self.runs) < self.repeat:
                shown += f", {len(self.runs)} run" + ("s" if len(self.runs) > 1 else "")
        return f"{shown}; {self.note}" if self.note and note else shown


def seconds_text(seconds: float | None, unit: bool = True) -> str:
    """`seconds` with two significant decimals below 10, one below 100, none above."""
    if seconds is None:
        return "–"
    digits = 2 if seconds < 10 else 1 if seconds < 100 else 0
    return f"{seconds:.{digits}f}" + (" s" if unit else "")


def gnu_time() -> str | None:
    """GNU time's path, if it is installed and takes -f (the shell's `time` does not)."""
    path = shutil.which("time")
    if path is None:
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, check=False)
    return path if probe.returncode == 0 else None


GNU_TIME = gnu_time()


def run_once(argv: Sequence[str], timeout: float, cwd: Path = ROOT,
             env: dict[str, str] | None = None) -> Run | str | None:
    """One whole-process run of `argv`: a Run; None if it ran over `timeout` (it is
    stopped, with its children); else the failure as text (exit code, last stderr line)."""
    with tempfile.TemporaryDirectory() as tmp:
        stats, errors = Path(tmp) / "time", Path(tmp) / "stderr"
        command = list(argv)
        if GNU_TIME:
            command = [GNU_TIME, "-f", "%e %M %U %S", "-o", str(stats), *command]
        with errors.open("wb") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=stderr,
                                       start_new_session=True)
            status, usage = _wait(process.pid, start + timeout)
            seconds = time.perf_counter() - start
        process.returncode = 0  # reaped by _wait; Popen must not wait again
        if status is None:
            return None
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            lines = errors.read_text("utf-8", "replace").strip().splitlines()
            return f"failed (exit {code}: {lines[-1][:80] if lines else 'no message'})"
        if GNU_TIME:
            _, rss, user, system = stats.read_text().split()[-4:]
            return Run(seconds, float(user) + float(system), int(rss))
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def _wait(pid: int, deadline: float):
    """(exit status, resource usage) of the child `pid`; (None, None) if it is still running
    at `deadline` (then it is killed with its process group)."""
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage
        if time.perf_counter() >= deadline:
            os.killpg(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            return None, None
        time.sleep(0.02)


def measure(argv: Sequence[str], repeat: int, timeout: float, once_over: float,
            prepare: Callable[[], None] | None = None, runner=run_once) -> Cell:
    """`argv` run `repeat` times (once if the first run took over `once_over` s), each
    after `prepare` (not timed); stopped at the first run over `timeout` or failing."""
    cell = Cell(repeat=repeat)
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        run = runner(argv, timeout)
        if run is None:
            cell.timeout = timeout
            break
        if isinstance(run, str):
            cell.failed = run
            break
        cell.runs.append(run)
        if run.seconds > once_over:
            break
    return cell


# ----------------------------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------------------------

@dataclass
class Table:
    sizes: list[int]
    #: row label → size → cell
    rows: dict[str, dict[int, Cell]] = field(default_factory=dict)

    def put(self, label: str, size: int, cell: Cell) -> Cell:
        self.rows.setdefault(label, {})[size] = cell
        return cell

    def get(self, label: str, size: int) -> Cell | None:
        return self.rows.get(label, {}).get(size)

    def markdown(self) -> str:
        head = ["", *(size_label(size) for size in self.sizes)]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for label, cells in self.rows.items():
            # a note that every cell of the row has is said once, after the label
            notes = {cell.note for cell in cells.values()}
            shared = notes.pop() if len(notes) == 1 else ""
            texts = [cells[size].text(note=not shared) if size in cells else ""
                     for size in self.sizes]
            lines.append("| " + " | ".join([f"{label} ({shared})" if shared else label,
                                            *texts]) + " |")
        return "\n".join(lines)


def size_label(size: int) -> str:
    return f"{size:,} (real)" if size == real_size() else f"{size:,}"


def real_size() -> int:
    return len(yaml.safe_load(REAL.read_text("utf-8"))["bodies"])


# ----------------------------------------------------------------------------------------
# The targets of issue #14
# ----------------------------------------------------------------------------------------

HELP = "`gremien-rdf --help`"
VALIDATE = "`validate`"
VALIDATE_PYSHACL = "`validate --engine pyshacl`"
BUILD = "`build` (all formats + site)"
BUILD_NO_SITE = "`build` without the site"
QUERY_MEDIAN = "`query run`, median of the stored queries, answers cached"
QUERY_SLOWEST = "`query run`, slowest stored query, answer cached"
QUERY_FIRST = "`query run`, slowest stored query's first run (graph cached, answer not)"
QUERY_COLD = f"`query run {CACHE_QUERY} --no-cache`"
QUERY_WARM = f"`query run {CACHE_QUERY}`, cache warm"
BY_HAND = "pySHACL by hand on the dump (rdflib parse + pySHACL, shapes as they are)"
BY_HAND_CORE = "pySHACL by hand on the dump, SHACL Core only"
FLOOR = "pyoxigraph parse + write of the dump (the I/O floor)"
JENA = "Jena `shacl validate` (JVM start included)"
LINKML_VALIDATE = "LinkML `linkml-validate`"
LINKML_CONVERT = "LinkML `linkml-convert` to Turtle"
#: our commands, whose time per body must stay flat (--help does not grow with the data)
OURS = [VALIDATE, VALIDATE_PYSHACL, BUILD, BUILD_NO_SITE, QUERY_MEDIAN, QUERY_SLOWEST,
        QUERY_FIRST, QUERY_WARM]


@dataclass
class Verdict:
    target: str
    state: str  # met, missed, not measured
    evidence: str

    def line(self) -> str:
        return f"- **{self.state}**: {self.target} ({self.evidence})"


def _bound(table: Table, label: str, size: int, limit: float, target: str) -> Verdict:
    cell = table.get(label, size)
    if cell is None or (not cell.ok and cell.timeout is None):
        return Verdict(target, "not measured", cell.text() if cell else f"no run at {size:,}")
    seconds = cell.seconds if cell.ok else cell.timeout
    assert seconds is not None
    met = cell.ok and seconds <= limit
    return Verdict(target, "met" if met else "missed", cell.text())


def _faster(table: Table, ours: str, theirs: str, size: int, target: str) -> Verdict:
    mine, other = table.get(ours, size), table.get(theirs, size)
    if mine is None or other is None or not (mine.ok or mine.timeout) or not (
            other.ok or other.timeout):
        return Verdict(target, "not measured", f"at {size:,}: ours "
                       f"{mine.text() if mine else '–'}, theirs {other.text() if other else '–'}")
    evidence = f"{mine.text()} vs {other.text()}"
    if mine.ok and (other.timeout is not None or (other.seconds or 0) > (mine.seconds or 0)):
        return Verdict(target, "met", evidence)
    if not mine.ok and not other.ok:
        return Verdict(target, "not measured", evidence + ": both stopped")
    return Verdict(target, "missed", evidence)


def verdicts(table: Table, real: int, big: int = 100_000, flat_from: int = 1_000,
             tolerance: float = 0.30) -> list[Verdict]:
    """Each target of issue #14 against the table: met, missed or not measured."""
    out = [
        _bound(table, HELP, real, 0.15, "real data: `--help` ≤ 0.15 s"),
        _bound(table, VALIDATE, real, 0.5, "real data: `validate` ≤ 0.5 s"),
        _bound(table, QUERY_SLOWEST, real, 0.25,
               "real data: `query run` ≤ 0.25 s (every stored query: the slowest)"),
        _bound(table, BUILD, real, 1.2, "real data: `build` with site ≤ 1.2 s"),
        _faster(table, VALIDATE, JENA, big,
                f"{big:,} bodies: `validate` faster than Jena's `shacl validate`"),
        _bound(table, BUILD_NO_SITE, big, 90,
               f"{big:,} bodies: `build` (all formats, metadata, checksums; site excluded) "
               "≤ 90 s"),
        _bound(table, QUERY_SLOWEST, big, 2, f"{big:,} bodies: every stored query ≤ 2 s"),
        _bound(table, QUERY_FIRST, big, 2,
               f"{big:,} bodies: every stored query ≤ 2 s on its first run (answer not "
               "cached yet)"),
    ]
    peaks = [table.get(label, big) for label in OURS]
    measured = [cell for cell in peaks if cell is not None and cell.rss_mb is not None]
    if measured and len(measured) == sum(1 for cell in peaks if cell is not None):
        peak = max(cell.rss_mb or 0 for cell in measured)
        out.append(Verdict(f"{big:,} bodies: peak RSS ≤ 1.5 GB",
                           "met" if peak <= 1536 else "missed", f"largest {peak:,.0f} MB"))
    else:
        out.append(Verdict(f"{big:,} bodies: peak RSS ≤ 1.5 GB", "not measured",
                           "not every command finished at this size"))
    out.extend(_flat(table, flat_from, tolerance))
    for size in (1_000, 10_000):
        out.append(_faster(table, VALIDATE, LINKML_VALIDATE, size,
                           f"{size:,} bodies: `validate` ahead of `linkml-validate`"))
        out.append(_faster(table, BUILD_NO_SITE, LINKML_CONVERT, size,
                           f"{size:,} bodies: `build` without the site ahead of "
                           "`linkml-convert` to Turtle"))
    return out


def _flat(table: Table, start: int, tolerance: float) -> list[Verdict]:
    """Time per body within ±tolerance of that at `start`, at every larger size: CPU time
    where both cells have it (steadier than wall time on a shared machine), else wall
    time. A stopped run only bounds the ratio from below: a miss if that bound is already
    out of the band, else not measured."""
    out = []
    for label in OURS:
        cells = table.rows.get(label, {})
        base = cells.get(start)
        target = f"time per body flat within ±{tolerance:.0%} from {start:,} on: {label}"
        if base is None or not base.ok:
            if label in table.rows:
                out.append(Verdict(target, "not measured", f"no time at {start:,}"))
            continue
        shown, states = [], []
        for size in sorted(s for s in cells if s > start):
            cell = cells[size]
            if cell.ok:
                cpu = base.cpu is not None and cell.cpu is not None
                ratio = ((cell.cpu or 0) / (base.cpu or 1) if cpu else
                         (cell.seconds or 0) / (base.seconds or 1)) * start / size
                wall = (cell.seconds or 0) / (base.seconds or 1) * start / size
                shown.append(f"{size:,}: ×{ratio:.2f}" + (f" CPU (wall ×{wall:.2f})"
                                                           if cpu else " wall"))
                # a time per body that falls is no scaling fault: start-up spread over more
                # bodies, or a command that does not grow at all (a warm cache)
                states.append("met" if ratio <= 1 + tolerance else "missed")
            elif cell.timeout is not None:
                bound = cell.timeout / (base.seconds or 1) * start / size
                shown.append(f"{size:,}: stopped, wall >×{bound:.2f}")
                states.append("missed" if bound > 1 + tolerance else "not measured")
        if not shown:
            out.append(Verdict(target, "not measured", f"only {start:,} measured"))
            continue
        state = ("missed" if "missed" in states else
                 "not measured" if "not measured" in states else "met")
        out.append(Verdict(target, state, f"per body vs {start:,}: " + ", ".join(shown)))
    return out


# ----------------------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------------------

@dataclass
class Bench:
    repeat: int
    timeout: float
    once_over: float
    work: Path
    table: Table
    log: Callable[[str], None] = print
    #: called after each cell (main saves the figures so far)
    saved: Callable[[], None] = lambda: None
    #: the commands whose label has one of these texts are not run
    skip: Sequence[str] = ()

    def command(self, label: str, size: int, argv: Sequence[str],
                prepare: Callable[[], None] | None = None, note: str = "") -> Cell:
        if any(text in label for text in self.skip):
            self.missing(label, size, SKIPPED)
            return self.table.rows[label][size]
        cell = measure(argv, self.repeat, self.timeout, self.once_over, prepare)
        cell.note = note
        self.log(f"{size:>7,}  {label}: {cell.text()}")
        self.table.put(label, size, cell)
        self.saved()
        return cell

    def missing(self, label: str, size: int, why: str) -> None:
        self.table.put(label, size, Cell(failed=why))
        self.log(f"{size:>7,}  {label}: {why}")
        self.saved()


def gremien(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "gremien-rdf"), *args]


def help_text(*args: str) -> str:
    run = subprocess.run(gremien(*args, "--help"), capture_output=True, text=True,
                         check=False, cwd=ROOT)
    return run.stdout


def register_file(size: int, work: Path, seed: int) -> Path:
    """The register of `size` bodies: the real one, or a synthetic one written to `work`."""
    if size == real_size():
        return REAL
    path = work / f"register-{size}.yaml"
    path.write_text(yaml.safe_dump(generate(size, seed), allow_unicode=True,
                                   sort_keys=False, width=1000), "utf-8")
    return path


def fresh(folder: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def our_commands(bench: Bench, size: int, source: Path, first: bool) -> Path | None:
    """Our commands at `size`; the folder of a build without the site, if one finished."""
    work = bench.work
    if first:
        bench.command(HELP, size, gremien("--help"))
    bench.command(VALIDATE, size, gremien("validate", str(source)))
    validate_help = help_text("validate")
    if "--engine" in validate_help and "pyshacl" in validate_help:
        bench.command(VALIDATE_PYSHACL, size,
                      gremien("validate", "--engine", "pyshacl", str(source)))
    site_dist = work / f"dist-site-{size}"
    bench.command(BUILD, size, gremien("build", str(source), "--output", str(site_dist)),
                  prepare=fresh(site_dist))
    dist = work / f"dist-{size}"
    if "--no-site" in help_text("build"):
        argv, how = gremien("build", str(source), "--output", str(dist), "--no-site"), \
            "`build --no-site`"
    else:
        code = ("import sys, gremien_rdf; "
                "gremien_rdf.load(sys.argv[1]).write(sys.argv[2], site=False)")
        argv, how = [sys.executable, "-c", code, str(source), str(dist)], \
            "Python API: `load(source).write(output, site=False)`"
    bench.command(BUILD_NO_SITE, size, argv, prepare=fresh(dist), note=how)
    shutil.rmtree(site_dist, ignore_errors=True)
    if not (dist / "gremien.ttl").is_file():
        # the baselines need the dump: made again, not timed, with DUMP_TIME× the timeout
        bench.log(f"{size:>7,}  making the dump for the baselines (not timed)")
        fresh(dist)()
        run_once(argv, bench.timeout * DUMP_TIME)
    return dist if (dist / "gremien.ttl").is_file() else None


#: the query that fills the cache of `query run` with the graph, untimed: not a stored one,
#: so that each stored query's first timed run evaluates it (its answer not kept yet)
FILL_QUERY = "# title: The graph cached for the timed runs\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n"


def query_commands(bench: Bench, size: int, source: Path) -> None:
    """Every stored query, with the cache of `query run` filled first when there is one;
    when the cache keeps the queries' answers too, each query's first run (evaluated, its
    answer kept) is timed on its own, before the `--repeat` runs that read the answer.
    After the first query stopped at the timeout the others are not run (each starts by
    loading the same register, which took longer than the timeout)."""
    from gremien_rdf.queries.stored import catalogue

    cells: dict[str, Cell] = {}
    firsts: dict[str, Cell] = {}
    names = [query.name for query in catalogue()]
    if any(text in QUERY_MEDIAN for text in bench.skip):
        bench.missing(QUERY_MEDIAN, size, SKIPPED)
        return
    helped = help_text("query", "run")
    if "--no-cache" in helped:
        # the graph cached once, untimed: the rows give what a query costs with its inputs
        # unchanged (the cold cost is the row of cache_commands); otherwise the first query
        # in the catalogue would carry the conversion alone
        fill = bench.work / "fill.rq"
        fill.write_text(FILL_QUERY, "utf-8")
        run_once(gremien("query", "run", str(fill), "--source", str(source), "--format",
                         "csv"), bench.timeout)
    # the cache keeps each query's answer ("answer" alone is in older helps too: the
    # server's answer of --endpoint)
    answers = "each query's answer" in " ".join(helped.split())
    for name in names:
        argv = gremien("query", "run", name, "--source", str(source), "--format", "csv")
        if answers:
            firsts[name] = measure(argv, 1, bench.timeout, bench.once_over)
            bench.log(f"{size:>7,}    query {name}, first run: {firsts[name].text()}")
        first = firsts.get(name)
        if first is not None and not first.ok:
            cells[name] = first  # stopped or failed: not run again
        else:
            cells[name] = measure(argv, bench.repeat, bench.timeout, bench.once_over)
        bench.log(f"{size:>7,}    query {name}: {cells[name].text()}")
        for label, cell in summarise_queries(cells, len(names), firsts).items():
            bench.table.put(label, size, cell)
        bench.saved()
        if cells[name].timeout is not None:
            break


def summarise_queries(cells: dict[str, Cell], count: int,
                      firsts: dict[str, Cell] | None = None) -> dict[str, Cell]:
    """The median and the slowest of the stored queries' cells (`count` queries, of which
    those in `cells` were run), and the slowest of their first runs (`firsts`) if given."""
    done = {name: cell for name, cell in cells.items() if cell.ok}
    stopped = [name for name, cell in cells.items() if not cell.ok]
    left = count - len(cells)
    if stopped:
        first = cells[stopped[0]]
        median = Cell(timeout=first.timeout, failed=first.failed)
        slowest = stopped[0]
    else:
        median = Cell(runs=[Run(statistics.median(c.seconds or 0 for c in done.values()),
                                statistics.median(c.cpu or 0 for c in done.values()),
                                int(max((c.rss_mb or 0) * 1024 for c in done.values())))])
        slowest = max(done, key=lambda name: done[name].seconds or 0)
    notes = [f"{len(done)} of {count} finished" if stopped else (
        f"{len(done)} quer" + ("y" if len(done) == 1 else "ies"))]
    if left and stopped:
        notes.append(f"{left} not run after `{stopped[0]}` was stopped")
    elif left:
        notes.append(f"{left} more not run yet")
    median.note = "; ".join(notes)
    cell = cells[slowest]
    slowest_cell = Cell(runs=cell.runs, timeout=cell.timeout, failed=cell.failed,
                        repeat=cell.repeat, note=f"`{slowest}`")
    rows = {QUERY_MEDIAN: median, QUERY_SLOWEST: slowest_cell}
    if firsts:
        first = next((name for name, cell in firsts.items() if not cell.ok), None) or max(
            firsts, key=lambda name: firsts[name].seconds or 0)
        cell = firsts[first]
        rows[QUERY_FIRST] = Cell(runs=cell.runs, timeout=cell.timeout, failed=cell.failed,
                                 repeat=1, note=f"`{first}`")
    return rows


def cache_commands(bench: Bench, size: int, source: Path) -> None:
    """With `query run --no-cache`: one query cold, then warm."""
    if "--no-cache" in help_text("query", "run"):
        base = gremien("query", "run", CACHE_QUERY, "--source", str(source), "--format", "csv")
        bench.command(QUERY_COLD, size, [*base, "--no-cache"])
        run_once(base, bench.timeout)  # fills the cache
        bench.command(QUERY_WARM, size, base)


def baselines(bench: Bench, size: int, source: Path, dist: Path | None,
              classpath: str | None) -> None:
    python = sys.executable
    if dist is None:
        for label in (BY_HAND, BY_HAND_CORE, FLOOR, JENA):
            bench.missing(label, size, "no dump (the build did not finish in "
                                       f"{bench.timeout * DUMP_TIME:g} s)")
    else:
        dump, vocabularies = dist / "gremien.ttl", dist / "vocabularies.ttl"
        script = str(BASELINES / "pyshacl_by_hand.py")
        bench.command(BY_HAND, size, [python, script, str(SHAPES), str(dump),
                                      str(vocabularies)])
        bench.command(BY_HAND_CORE, size, [python, script, str(SHAPES), str(dump),
                                           str(vocabularies), "--core"])
        bench.command(FLOOR, size, [python, str(BASELINES / "oxigraph_floor.py"), str(dump),
                                    str(bench.work / f"floor-{size}.ttl")])
        if classpath is None:
            bench.missing(JENA, size, "not installed (Debian libapache-jena-java)")
        else:
            data = bench.work / f"validation-{size}.nt"
            jena_data(dump, vocabularies, data)
            bench.command(JENA, size, jena.shacl_validate(classpath, SHAPES, data),
                          note="the dump and the vocabularies in one N-Triples file")
    if not (LINKML / "linkml-validate").exists():
        bench.missing(LINKML_VALIDATE, size, "not installed (`make .tools/linkml`)")
        bench.missing(LINKML_CONVERT, size, "not installed (`make .tools/linkml`)")
        return
    schema, data = str(LINKML_SCHEMA), bench.work / f"register-{size}.linkml.yaml"
    data.write_text(yaml.safe_dump(linkml_register(source), allow_unicode=True,
                                   sort_keys=False, width=1000), "utf-8")
    note = "the register with each focus and participant as a mapping"
    bench.command(LINKML_VALIDATE, size, [str(LINKML / "linkml-validate"), "--schema",
                                          schema, "--target-class", "Register", str(data)],
                  note=note)
    output = bench.work / f"linkml-{size}.ttl"
    bench.command(LINKML_CONVERT, size, [str(LINKML / "linkml-convert"), "--schema", schema,
                                         "--target-class", "Register", "--output",
                                         str(output), "--output-format", "ttl", str(data)],
                  prepare=lambda: output.unlink(missing_ok=True), note=note)


def linkml_register(source: Path) -> dict:
    """The register at `source` as the LinkML schema takes it (not timed): a focus or a
    participant given as a label becomes {area: label} or {actor: label}, since LinkML's
    loader cannot take a slot whose values are either a label or a mapping."""
    register = yaml.safe_load(source.read_text("utf-8"))
    for body in register["bodies"]:
        body["focus"] = [item if isinstance(item, dict) else {"area": item}
                         for item in body["focus"]]
        body["participants"] = [item if isinstance(item, dict) else {"actor": item}
                                for item in body["participants"]]
    return register


def jena_data(dump: Path, vocabularies: Path, target: Path) -> None:
    """The graph that `validate` checks (data and vocabularies), in one file for Jena's
    --data (not timed)."""
    import pyoxigraph as ox

    triples = [*ox.parse(path=str(dump), format=ox.RdfFormat.TURTLE),
               *ox.parse(path=str(vocabularies), format=ox.RdfFormat.TURTLE)]
    ox.serialize(triples, str(target), ox.RdfFormat.N_TRIPLES)


def jena_classpath(folder: Path) -> str | None:
    """Jena's classpath, or None without Java or one of its jars."""
    jars = jena.jar_files()
    if shutil.which("java") is None or not all(path.is_file() for path, _ in jars):
        return None
    return jena.classpath([path for path, _ in jars], folder)


def machine() -> str:
    """nproc, the load, the CPU and the commit measured."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT, check=False).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, cwd=ROOT, check=False).stdout
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU") \
        if Path("/proc/cpuinfo").exists() else "unknown CPU"
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"commit {commit}{' (with uncommitted changes)' if dirty else ''}; "
            f"{os.cpu_count()} cores (nproc), {cpu}; load {load}; "
            f"Python {sys.version.split()[0]}; "
            f"peak RSS and CPU by {GNU_TIME + ' -f' if GNU_TIME else 'os.wait4'}")


def record(table: Table, started: str, before: str, args: argparse.Namespace) -> dict:
    """One run of the bench as JSON: when, on what, with which settings, every cell."""
    return {
        "started": started,
        "machine": before,
        "after": f"load {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        "repeat": args.repeat,
        "settings": f"median of {args.repeat} whole-process runs (once when the first took "
                    f"over {args.once_over:g} s), stopped after {args.timeout:g} s; "
                    f"synthetic registers: bench/generate.py, seed {args.seed}",
        "rows": {label: {str(size): asdict(cell) for size, cell in cells.items()}
                 for label, cells in table.rows.items()},
    }


def table_of(records: Sequence[dict]) -> Table:
    """The cells of one or more runs in one table (a later run's cell replaces an
    earlier one's, unless it was left out with --skip)."""
    table = Table([])
    for run in records:
        for label, cells in run["rows"].items():
            for size, cell in cells.items():
                fields = {key: value for key, value in cell.items() if key != "runs"}
                if cell["failed"] == SKIPPED and table.get(label, int(size)):
                    continue  # what another run measured stays
                table.put(label, int(size),
                          Cell(runs=[Run(**run) for run in cell["runs"]], **fields))
    table.sizes = sorted({size for cells in table.rows.values() for size in cells})
    return table


def report(records: Sequence[dict]) -> str:
    """The Markdown page of one or more runs: how they were taken, the table, the
    targets."""
    table = table_of(records)
    lines = [f"# gremien-rdf at scale, {', '.join(r['started'] for r in records)}", ""]
    for run in records:
        lines.append(f"Run of {run['started']}: {run['machine']}; after it, {run['after']}; "
                     f"{run['settings']}.  ")
    lines += [
        "Each cell: median wall time (median CPU time, user + system), largest peak RSS.",
        "",
        table.markdown(),
        "",
        "## Targets of issue #14",
        "",
        *(verdict.line() for verdict in verdicts(table, real_size())),
    ]
    repeat = min(run["repeat"] for run in records)
    if repeat < 5:
        lines += ["", f"The issue asks for the median of 5; this took {repeat}."]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="44,1000",
                        type=lambda text: [int(s.replace("_", "")) for s in text.split(",")],
                        help="register sizes, comma-separated (default 44,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds after which a run is stopped and shown as >N s")
    parser.add_argument("--once-over", type=float, default=20,
                        help="a command whose first run takes longer runs once")
    parser.add_argument("--seed", type=int, default=13, help="of bench/generate.py")
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder of the results")
    parser.add_argument("--skip", action="append", default=[], metavar="TEXT",
                        help="do not run the commands whose row label has TEXT (repeat "
                             "for several), e.g. --skip 'shapes as they are'")
    parser.add_argument("--render", type=Path, nargs="+", metavar="JSON",
                        help="run nothing: print the table of earlier runs (their .json "
                             "files, e.g. one per size), merged")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.render:
        print(report([json.loads(path.read_text("utf-8")) for path in args.render]))
        return
    args.output.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    started = now.strftime("%Y-%m-%d %H:%M UTC")
    before = machine()
    print(f"{started}; {before}", flush=True)
    table = Table(sorted(args.sizes))
    stem = args.output / f"scale-{now.strftime('%Y-%m-%d-%H%M')}"
    with tempfile.TemporaryDirectory(dir=args.output, prefix="work-") as tmp:
        work = Path(tmp)
        bench = Bench(args.repeat, args.timeout, args.once_over, work, table,
                      log=lambda line: print(line, flush=True),
                      saved=lambda: save(table, started, before, args, stem),
                      skip=args.skip)
        classpath = jena_classpath(work)
        for index, size in enumerate(table.sizes):
            source = register_file(size, work, args.seed)
            dist = our_commands(bench, size, source, first=index == 0)
            baselines(bench, size, source, dist, classpath)
            query_commands(bench, size, source)
            cache_commands(bench, size, source)
            for path in [*work.glob(f"*-{size}"), *work.glob(f"*-{size}.*")]:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
    save(table, started, before, args, stem)  # also after each cell: a run stopped early
    # keeps what it measured
    print()
    print(stem.with_suffix(".md").read_text("utf-8"))
    print(f"written: {stem}.md and .json")


def save(table: Table, started: str, before: str, args: argparse.Namespace,
         stem: Path) -> None:
    """Write the report (.md) and the figures (.json) of what is measured so far."""
    run = record(table, started, before, args)
    stem.with_suffix(".md").write_text(report([run]), "utf-8")
    stem.with_suffix(".json").write_text(json.dumps(run, indent=1), "utf-8")


if __name__ == "__main__":
    main()
