"""The SHACL engines: SHACL Core set-wise on pyoxigraph (setwise.py), or in pySHACL; the
SHACL-SPARQL constraints and the stored checks, each evaluated once on pyoxigraph; the
standard SHACL report graph.

SHACL-SPARQL constraints run here, once per constraint over the whole graph, in
pyoxigraph: pySHACL parses a constraint's query text again for every focus node (about
20 ms each with rdflib, so 8 constraints over 44 bodies took 10 s), while one evaluation of
the same query with `$this` left free gives the rows of all focus nodes at once (`$this` is
an ordinary SPARQL variable; rows are kept for the shape's focus nodes only). pyoxigraph
loads the graph and runs all 8 queries in 50 ms, rdflib needed 550 ms. Tests check that the
results equal pySHACL's own evaluation.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from gremien_rdf import ENGINES, resources
from gremien_rdf.errors import (
    Position,
    Problem,
    ResourceError,
    fail,
)
from gremien_rdf.queries.sparql import check_request
from gremien_rdf.rdf.namespaces import GMHCHECK, GMHSH, new_graph
from gremien_rdf.rdf.oxigraph import store_of, to_rdflib
from gremien_rdf.rdf.read import parse_text
from gremien_rdf.rdf.triples import Triples
from gremien_rdf.resources import reading_resources
from gremien_rdf.severity import Severity

#: the engine of SHACL Core unless one is named (see gremien_rdf.ENGINES)
DEFAULT_ENGINE = ENGINES[0]


def shapes_graph(base_iri: str) -> Graph:
    """The shipped shapes (or those of GREMIEN_RDF_RESOURCES), relative IRIs resolved
    against `base_iri` (not the @base that the file declares for other tools)."""
    return _shapes_graph(base_iri, resources.resource_root())


@lru_cache(maxsize=4)
def _shapes_graph(base_iri: str, root: Path) -> Graph:
    graph = new_graph()
    graph.bind("gmhsh", GMHSH)
    graph.bind("sh", SH)
    with reading_resources():
        for path in resources.shape_files():
            parse_text(graph, resources.turtle_at_base(path, base_iri), "turtle", path,
                       base_iri)
    return graph


@dataclass(frozen=True)
class _SparqlConstraint:
    """A SPARQL query whose rows are problems: a shape's constraint, or a stored check."""

    shape: Node
    constraint: Node
    query: str
    severity: Node
    messages: tuple[Node, ...]  # literals
    names: tuple[Literal, ...] = ()
    where: Position | None = None  # the file of a stored check


class ValidationData:
    """What the shapes see of a converted register: its Triples and the vocabularies (an
    rdflib Graph, small), without copying either into one graph. An rdflib Graph of both
    is made only for pySHACL (`graph`)."""

    def __init__(self, triples: Triples, vocabularies: Graph) -> None:
        self.triples = triples
        self.vocabularies = vocabularies
        self._values: dict[str, dict[str, Any]] = {}
        self._graph: Graph | None = None

    def __iter__(self) -> Iterator[tuple]:
        return itertools.chain(self.triples, self.vocabularies)

    def __len__(self) -> int:
        return len(self.triples) + len(self.vocabularies)

    def graph(self) -> Graph:
        """Both as one rdflib Graph (made once)."""
        if self._graph is None:
            graph = self.triples.empty_graph()  # one copy: not the Triples' own graph too
            graph.addN((*map(to_rdflib, triple), graph) for triple in self.triples)
            graph.addN((*triple, graph) for triple in self.vocabularies)
            self._graph = graph
        return self._graph

    def value(self, subject: Node | None, predicate: URIRef) -> Node | None:
        """An object of `subject` and `predicate`, as Graph.value gives it (an rdflib term)."""
        if subject is None:
            return None
        found = self.vocabularies.value(subject, predicate)
        if found is not None:
            return found
        values = self._values.get(str(predicate))
        if values is None:  # one pass per property asked for (a few, when there are findings)
            wanted = str(predicate)
            values = self._values[wanted] = {}
            for s, p, o in self.triples:
                if p.value == wanted:
                    values.setdefault(s.value, o)
        term = values.get(str(subject)) if isinstance(subject, URIRef) else None
        return None if term is None else to_rdflib(term)


def as_graph(data: Graph | ValidationData) -> Graph:
    """`data` as an rdflib Graph (for pySHACL)."""
    return data.graph() if isinstance(data, ValidationData) else data


def _targets(shapes: Graph, store, shape: Node) -> set:
    """The focus nodes of `shape` in `store` (sh:targetClass includes subclasses), as rdflib
    terms."""
    patterns = [f"?node a/<{RDFS.subClassOf}>* <{cls}>"
                for cls in shapes.objects(shape, SH.targetClass) if isinstance(cls, URIRef)]
    patterns += [f"?node <{prop}> []" for prop in shapes.objects(shape, SH.targetSubjectsOf)
                 if isinstance(prop, URIRef)]
    patterns += [f"[] <{prop}> ?node" for prop in shapes.objects(shape, SH.targetObjectsOf)
                 if isinstance(prop, URIRef)]
    nodes: set = set(shapes.objects(shape, SH.targetNode))
    for pattern in patterns:
        nodes.update(to_rdflib(solution["node"])
                     for solution in store.query(f"SELECT DISTINCT ?node {{ {pattern} }}"))
    return nodes


def _sparql_constraints(shapes: Graph) -> list[_SparqlConstraint]:
    """The SPARQL constraints of the shapes, each with the messages of its results.

    A shape's messages come first: SHACL (section 2.1.5) gives every result of a shape the
    shape's sh:message values, and Jena does the same. The constraint's own messages count
    only when its shape has none. Ours sit on the shapes because Jena (4.5 up to 6.0,
    apache/jena#3817) refuses a SPARQL constraint with more than one sh:message, so a German
    and an English one cannot sit there. run_sparql fills in templates such as {?until} in
    either; SHACL copies a shape's messages as they are, and so does Jena.
    """
    found = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        query = shapes.value(constraint, SH.select)
        found.append(_SparqlConstraint(
            shape=shape,
            constraint=constraint,
            query=str(query),
            severity=shapes.value(shape, SH.severity) or SH.Violation,
            messages=tuple(shapes.objects(shape, SH.message))
            or tuple(shapes.objects(constraint, SH.message)),
            where=Position(f"the shape <{shape}>", 1),
        ))
    return found


def _prefixes(shapes: Graph) -> dict[str, str]:
    return {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }


@lru_cache(maxsize=4)
def _without_sparql(shapes: Graph) -> Graph:
    """The shapes with every SPARQL constraint switched off (they run in run_sparql)."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    for _, constraint in shapes.subject_objects(SH.sparql):
        core.add((constraint, SH.deactivated, Literal(True)))
    return core



def _placeholder(solution, match: re.Match[str]) -> str:
    """A message's {?name} or {$name}, filled in from a query solution."""
    return _lexical(solution, match[1])


def _lexical(solution, name: str) -> str:
    """The value of variable `name` in a query solution, as text for a message."""
    try:
        term = solution[name]
    except (KeyError, ValueError):
        return f"?{name}"
    return "?" + name if term is None else term.value


def _checks() -> list[_SparqlConstraint]:
    """The stored checks, queries/checks/*.rq: every row a query returns is a problem."""
    with reading_resources():
        return _read_checks()


def _read_checks() -> list[_SparqlConstraint]:
    from gremien_rdf.queries.stored import read_query

    checks = []
    for path in sorted((resources.queries_dir() / "checks").glob("*.rq")):
        query = read_query(path)
        name = query.extra.get("severity", Severity.VIOLATION)
        if name not in tuple(Severity):
            raise fail(Position(str(path), 1), f"unknown severity {query.extra['severity']!r}",
                       "write '# severity: violation', 'warning' or 'info'")
        if not re.search(r"[?$]this\b", query.text):
            raise fail(Position(str(path), 1), "a check must select ?this (the node at fault)",
                       "write SELECT ?this … WHERE { … }")
        iri = GMHCHECK[query.name]
        checks.append(_SparqlConstraint(
            shape=iri, constraint=iri, query=query.text, severity=URIRef(Severity(name).iri),
            where=Position(str(path), 1),
            messages=tuple(Literal(text, lang=lang) for lang, text in query.messages.items()),
            names=tuple(Literal(text, lang=lang) for lang, text in query.titles.items()),
        ))
    return checks



def _store(data: Graph | ValidationData, file: str | None):
    if isinstance(data, ValidationData):
        return store_of(data.triples, data.vocabularies, file=file)
    return store_of(data, file=file)


def run_sparql(data: Graph | ValidationData, shapes: Graph, report: Graph, file: str | None = None,
               with_checks: bool = False, store=None) -> None:
    """Evaluate each SPARQL constraint of the shapes (and, `with_checks`, each stored check)
    once, in pyoxigraph; add a sh:ValidationResult per offending row. A shape's rows count
    for its focus nodes only; a check's rows all count. `store`: `data` in pyoxigraph, if
    it is there already (store_of)."""
    store = _store(data, file) if store is None else store
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(shapes).items())
    constraints: list[tuple[_SparqlConstraint, set | None]]
    constraints = [(item, _targets(shapes, store, item.shape))
                   for item in _sparql_constraints(shapes)]
    constraints += [(check, None) for check in (_checks() if with_checks else [])]
    for item, focus_nodes in constraints:
        seen = set()
        with reading_resources():  # the shapes and checks are gremien-rdf's own
            check_request(prologue + item.query, item.where, forms=("SELECT",),  # no SERVICE
                          service_hint="checks and shapes may not call other servers: remove "
                                       "SERVICE from it")
        try:
            solutions = store.query(prologue + item.query)
        except SyntaxError as error:  # a shape's or check's query: gremien-rdf's own
            raise ResourceError([Problem(item.where, f"{item.shape}: the query is not valid "
                                         f"SPARQL: {error}", "fix the check or shape query")]
                                ) from None
        projected = {v.value for v in solutions.variables} & {"this", "path", "value"}
        for solution in solutions:
            values = {name: to_rdflib(solution[name]) for name in projected
                      if solution[name] is not None}
            focus = values.get("this")
            key = (focus, values.get("path"), values.get("value"))
            if focus is None or (focus_nodes is not None and focus not in focus_nodes) \
                    or key in seen:
                continue
            seen.add(key)
            result = BNode()
            report.add((report_node(report), SH.result, result))
            report.add((result, RDF.type, SH.ValidationResult))
            report.add((result, SH.focusNode, focus))
            report.add((result, SH.sourceShape, item.shape))
            report.add((result, SH.sourceConstraint, item.constraint))
            report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            report.add((result, SH.resultSeverity, item.severity))
            if "path" in values:
                report.add((result, SH.resultPath, values["path"]))
            if "value" in values:
                report.add((result, SH.value, values["value"]))
            for message in item.messages:
                assert isinstance(message, Literal)
                text = re.sub(r"\{[?$](\w+)\}",
                              functools.partial(_placeholder, solution), str(message))
                report.add((result, SH.resultMessage, Literal(text, lang=message.language)))
            for name in item.names:
                report.add((item.shape, RDFS.label, name))
    has_results = (None, SH.result, None) in report
    report.set((report_node(report), SH.conforms, Literal(not has_results)))


def report_node(report: Graph):
    node = report.value(None, RDF.type, SH.ValidationReport)
    if node is None:
        node = BNode()
        report.add((node, RDF.type, SH.ValidationReport))
    return node


def shacl_report(data: Graph | ValidationData, base_iri: str, file: str | None = None,
                 with_checks: bool = False, engine: str = DEFAULT_ENGINE) -> Graph:
    """The standard SHACL validation report of `data` (data and vocabularies), SHACL Core
    evaluated by `engine` (one of ENGINES)."""
    # first: a term that SPARQL cannot hold is an error
    stores = None
    if engine == "setwise":  # the engine's store and store_of's, from one pass
        from gremien_rdf.validation.setwise import loaded

        stores = loaded(data, file)
        store = stores.real
    else:
        store = _store(data, file)
    report = new_graph()
    report.bind("sh", SH)
    report.bind("gmhsh", GMHSH)
    core_report(data, shapes_graph(base_iri), report, engine, stores)
    run_sparql(data, shapes_graph(base_iri), report, file, with_checks, store)
    return report


def core_report(data: Graph | ValidationData, shapes: Graph, report: Graph,
                engine: str = DEFAULT_ENGINE, stores=None) -> None:
    """Add the SHACL Core results of `data` against `shapes` (their SPARQL constraints
    left out) to `report`, evaluated by `engine`; `stores`: `data` loaded for the set-wise
    engine already (setwise.loaded)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "setwise":
        from gremien_rdf.validation.setwise import add_results, core_results

        validator, results = core_results(data, shapes, stores)
        add_results(report, report_node(report), validator, results)
    else:
        from pyshacl import validate as pyshacl_validate

        _, found, _ = pyshacl_validate(
            as_graph(data), shacl_graph=_without_sparql(shapes), inference="none", advanced=False,
            do_owl_imports=False, inplace=True, allow_infos=True, allow_warnings=True,
        )
        node = report_node(report)
        found_node = found.value(None, RDF.type, SH.ValidationReport)
        for s, p, o in found:
            if s == found_node:
                if p == SH.result:
                    report.add((node, p, o))
            else:
                report.add((s, p, o))
    report.set((report_node(report), SH.conforms,
                Literal((None, SH.result, None) not in report)))
