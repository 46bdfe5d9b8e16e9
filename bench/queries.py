"""rdflib's SPARQL engine against pyoxigraph on the stored queries: `make bench`.

Runs every stored query (default parameters) on the real register and on a synthetic one
of 100 copies of every body (the bodies' IRIs suffixed, the vocabularies shared), in both
engines. pyoxigraph: fastest of REPEAT runs. rdflib: one run, stopped after CAP seconds
(some queries take minutes in rdflib); a stopped query counts as CAP in the total.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from gremien_rdf.queries.run import bindings, bound_text, query_data
from gremien_rdf.queries.stored import catalogue
from gremien_rdf.rdf.serialize import ntriples
from gremien_rdf.source.register import load_converted

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/gremien-rdf/"
REPEAT = 3
SCALE = 100
CAP = 10


def copies(graph: Graph, n: int) -> Graph:
    """`graph` with every node under gremium/ repeated n times (suffixed ids)."""
    prefix = BASE + "gremium/"
    out = Graph()

    def rename(term, i):
        if isinstance(term, URIRef) and str(term).startswith(prefix):
            rest = str(term)[len(prefix):].split("/", 1)
            return URIRef(prefix + f"{rest[0]}-{i}" + ("/" + rest[1] if len(rest) > 1 else ""))
        return term

    for i in range(n):
        for s, p, o in graph:
            out.add((rename(s, i), p, rename(o, i)))
    return out


def timed(function) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def capped(function) -> float | None:
    """Seconds `function` took, or None if it ran longer than CAP."""
    def stop(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(CAP)
    start = time.perf_counter()
    try:
        function()
        return time.perf_counter() - start
    except TimeoutError:
        return None
    finally:
        signal.alarm(0)


def main() -> None:
    register, vocabularies, conversion = load_converted(ROOT / "data" / "gremien.yaml", BASE)
    data = conversion.graph
    lookup = query_data(register, vocabularies, conversion.triples)  # resolves parameters
    texts = [bound_text(q, bindings(q, {}, lookup, "en"))
             for q in catalogue()]
    print(f"{'data':<20} {'triples':>9}  {'query':<26} {'rdflib':>9} {'pyoxigraph':>10}")
    for label, graph in (("real (44 bodies)", data),
                         (f"{SCALE}x ({44 * SCALE:,} bodies)", copies(data, SCALE))):
        whole = graph + vocabularies.graph
        store = ox.Store()
        store.load(ntriples(whole).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        totals = [0.0, 0.0]
        for query, text in zip(catalogue(), texts, strict=True):
            oxigraph = timed(lambda t=text, s=store: list(s.query(t)))
            rdflib = capped(lambda t=text, g=whole: list(g.query(t)))
            totals[0] += CAP if rdflib is None else rdflib
            totals[1] += oxigraph
            shown = f">{CAP}s" if rdflib is None else f"{rdflib:.3f}s"
            print(f"{label:<20} {len(whole):>9,}  {query.name:<26} {shown:>9} "
                  f"{oxigraph:>9.4f}s", flush=True)
        print(f"{label:<20} {len(whole):>9,}  {'all 15 (total)':<26} {totals[0]:>8.2f}s "
              f"{totals[1]:>9.4f}s", flush=True)


if __name__ == "__main__":
    main()
