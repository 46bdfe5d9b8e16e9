"""Every SPARQL query gremien-rdf runs, timed in pyoxigraph on synthetic registers: the
SHACL-SPARQL constraints of the shapes, the stored checks and the stored queries (default
parameters, English labels). Per body, a query that scales keeps its time.

    python bench/sparql.py 1000 10000 [--repeat 3] [--cap 60] [--only NAME ...]

Each register comes from bench/generate.py (seeded), is converted as `build` converts it
(not timed), and loaded into one pyoxigraph store with the vocabularies, as `validate`
and `query run` load it. Each query runs REPEAT times; the median is printed, with its
rows, and the median CPU time of the process (the machine is shared: CPU time is the steadier
figure). A query still running after CAP seconds is stopped and printed as >CAP.
"""

from __future__ import annotations

import argparse
import runpy
import signal
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
generate = runpy.run_path(str(ROOT / "bench" / "generate.py"))["generate"]

BASE = "https://w3id.org/gremien-rdf/"


def texts(data) -> Iterator[tuple[str, str, str]]:
    """(kind, name, query text) for every constraint, check and stored query."""
    from gremien_rdf.queries.run import bindings, bound_text
    from gremien_rdf.queries.stored import catalogue
    from gremien_rdf.validation.engine import (
        _checks,
        _prefixes,
        _sparql_constraints,
        shapes_graph,
    )

    shapes = shapes_graph(BASE)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(shapes).items())
    for item in _sparql_constraints(shapes):
        yield "shape", str(item.shape).rsplit("#", 1)[-1], prologue + item.query
    for check in _checks():
        yield "check", str(check.shape).rsplit("#", 1)[-1], check.query
    for query in catalogue():
        yield "query", query.name, bound_text(query, bindings(query, {}, data, "en"))


def loaded(size: int):
    """The register of `size` bodies, converted, in a pyoxigraph store (QueryData)."""
    from gremien_rdf.queries.run import query_data
    from gremien_rdf.source.register import load_converted

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.yaml"
        path.write_text(yaml.safe_dump(generate(size), allow_unicode=True, sort_keys=False,
                                       width=1000), "utf-8")
        register, vocabularies, conversion = load_converted(path, BASE)
    return query_data(register, vocabularies, conversion.graph)


def timed(store, text: str, repeat: int, cap: int) -> tuple[float | None, float, int]:
    """Median seconds of `repeat` runs (None if one ran longer than `cap`), median CPU
    seconds, and the rows."""
    def stop(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    times, cpu, rows = [], [], 0
    for _ in range(repeat):
        signal.alarm(cap)
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            rows = len(list(store.query(text)))
        except TimeoutError:
            return None, time.process_time() - start_cpu, rows
        finally:
            signal.alarm(0)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=int, default=60)
    parser.add_argument("--only", nargs="*", help="names of the queries to time")
    args = parser.parse_args()
    print(f"{'bodies':>7} {'kind':<5} {'name':<36} {'rows':>8} {'seconds':>9} {'cpu':>7} "
          f"{'cpu µs/body':>12}", flush=True)
    for size in args.sizes:
        data = loaded(size)
        total = 0.0
        for kind, name, text in texts(data):
            if args.only and name not in args.only:
                continue
            seconds, cpu, rows = timed(data.store, text, args.repeat, args.cap)
            total += args.cap if seconds is None else seconds
            shown = f">{args.cap}" if seconds is None else f"{seconds:.3f}"
            print(f"{size:>7} {kind:<5} {name:<36} {rows:>8} {shown:>9} {cpu:>7.3f} "
                  f"{cpu / size * 1e6:>12.0f}", flush=True)
        print(f"{size:>7} {'all':<5} {'(total)':<36} {'':>8} {total:>9.3f}", flush=True)


if __name__ == "__main__":
    main()
