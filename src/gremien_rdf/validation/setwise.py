"""SHACL Core evaluated set-wise: each shape's targets and each constraint once over the
whole data graph, in pyoxigraph, not once per focus node as pySHACL does.

The data graph goes into a pyoxigraph store as structure only: every node is an IRI there,
a blank node under a skolem prefix and a literal under a prefix of its own, numbered, with
the rdflib literal kept beside the store. pyoxigraph stores literals by value ("01" and
"1" of xsd:integer, "300"^^xsd:byte and "300"^^xsd:integer become one), so reading them
back would change the values that a report names; the numbering keeps each literal as the
data wrote it. SPARQL finds the focus nodes of a target, the value nodes of a path (one
query per path over the whole graph; with a path that can be empty, over the focus nodes
given) and the instances of a class; Python tests the value nodes against each
constraint. A nested shape (sh:node, sh:not, sh:and, sh:or, sh:xone,
sh:qualifiedValueShape) is evaluated once over all the value nodes that meet it, and
remembered per node.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from pyoxigraph import QuerySolutions
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from gremien_rdf.heap import frozen_heap
from gremien_rdf.rdf.oxigraph import SKOLEM, store_of, to_oxigraph, to_rdflib
from gremien_rdf.rdf.triples import XSD_STRING

#: literals travel to the store as IRIs under this prefix, numbered in order of appearance
LITERAL = "urn:x-gremien-rdf:literal:"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: the path operators whose paths can be empty (a node is its own value): evaluated over
#: the focus nodes given, not over the whole graph
ZERO_LENGTH = (SH.zeroOrMorePath, SH.zeroOrOnePath)
STRING_TYPES = (None, XSD.string)


@dataclass(frozen=True)
class Result:
    """One validation result, the nodes as the store names them (see _Data)."""

    focus: str
    path: Node | None  # the shape's sh:path, a node of the shapes graph
    value: str | None
    shape: Node
    component: URIRef
    severity: Node
    messages: tuple[Literal, ...]


class _Data:
    """The data graph in a pyoxigraph store, every node named by a string (see module)."""

    def __init__(self, graph: Iterable[tuple[Any, Any, Any]], file: str | None = None,
                 with_literals: bool = False) -> None:
        """`graph`: an rdflib Graph, Triples (pyoxigraph terms) or a chain of both.
        `with_literals`: also `real`, a store of the graph as it is (the store that
        store_of builds, for SPARQL over the literals' values), from the same pass."""
        #: the literals by number: rdflib's, or pyoxigraph's until first asked for
        self.literals: list[Any] = []
        #: the N-Triples text of each numbered literal, by its name
        self._texts: dict[str, str] = {}
        self._ids: dict[Any, str] = {}
        self.store = ox.Store()
        self.real = ox.Store() if with_literals else None
        triples = iter(graph)
        # as N-Triples text, in parts: as fast as one text, without holding all of it;
        # `load`, not `bulk_load`: each bulk_load call pays for the store's size so far
        # (10,000 bodies, 10 parts, both stores: 5.5 s with bulk_load, 3.9 s with load)
        name, texts = self._name, self._texts
        try:
            while part := list(itertools.islice(triples, 50_000)):
                named = [(name(s), name(p), name(o)) for s, p, o in part]
                self.store.load("".join(
                    f"<{s}> <{p}> <{o}> .\n" for s, p, o in named
                ).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
                if self.real is not None:
                    self.real.load("".join(
                        f"<{s}> <{p}> {texts.get(o) or f'<{o}>'} .\n" for s, p, o in named
                    ).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError):  # a term that SPARQL cannot hold
            if self.real is not None:
                store_of(graph, file=file)  # names it in an InputError
            raise

    def _name(self, term: Any) -> str:
        """node(term), faster for an IRI (most terms): a URIRef is the string it names, a
        pyoxigraph NamedNode its value."""
        kind = type(term)
        if kind is URIRef:
            return term
        if kind is ox.NamedNode:
            return term.value
        return self.node(term)

    def node(self, term: Any) -> str:
        """The name of a term (rdflib's or pyoxigraph's) in the store (a literal not in the
        data gets one)."""
        if isinstance(term, ox.Literal):
            return self._ox_literal(term)
        if isinstance(term, ox.BlankNode):
            return SKOLEM + term.value
        if isinstance(term, ox.NamedNode):
            return term.value
        # a literal by its lexical form, datatype and language; and whether rdflib found it
        # ill-typed: rdflib reads "none"^^xsd:boolean as "false"^^xsd:boolean, ill-typed,
        # and its == does not tell that from a well-typed "false"
        key = (str(term), term.datatype, term.language, term.ill_typed) \
            if isinstance(term, Literal) else term
        found = self._ids.get(key)
        if found is None:
            if isinstance(term, Literal):
                found = self._number(term, str(to_oxigraph(term)))
            elif isinstance(term, BNode):
                found = SKOLEM + str(term)
            else:
                found = str(term)
            self._ids[key] = found
        return found

    def _ox_literal(self, term: ox.Literal) -> str:
        """The name of a pyoxigraph literal: under the key of the rdflib literal it reads
        as, so that a literal of the shapes (rdflib's) and the same one of the data meet.
        A text (plain or with a language) has its key at once; any other literal is read
        by rdflib (which may normalise its lexical form and find it ill-typed)."""
        found = self._ids.get(term)
        if found is None:
            if term.language or term.datatype.value == XSD_STRING:
                key: Any = (term.value, None, term.language, None)
                literal: Any = term
            else:
                literal = to_rdflib(term)
                key = (str(literal), literal.datatype, literal.language, literal.ill_typed)
            found = self._ids.get(key)
            if found is None:
                found = self._ids[key] = self._number(literal, str(term))
            self._ids[term] = found
        return found

    def _number(self, literal: Any, text: str) -> str:
        """A new name for `literal`, written as `text` (N-Triples) in the second store."""
        found = f"{LITERAL}{len(self.literals)}"
        self.literals.append(literal)
        self._texts[found] = text
        return found

    def term(self, node: str) -> Node:
        """The rdflib term that `node` names."""
        if node.startswith(LITERAL):
            return self._literal(int(node[len(LITERAL):]))
        if node.startswith(SKOLEM):
            return BNode(node[len(SKOLEM):])
        return URIRef(node)

    def literal(self, node: str) -> Literal | None:
        return self._literal(int(node[len(LITERAL):])) if node.startswith(LITERAL) else None

    def _literal(self, number: int) -> Literal:
        literal = self.literals[number]
        if isinstance(literal, ox.Literal):
            literal = self.literals[number] = to_rdflib(literal)
        return literal

    def rows(self, query: str) -> Iterable[tuple[str, ...]]:
        """The rows of a SELECT query, each value as the name of its node."""
        solutions = self.store.query(query)
        assert isinstance(solutions, QuerySolutions)
        for solution in solutions:
            yield tuple(term.value for term in solution)

    @staticmethod
    def values(nodes: Iterable[str]) -> str:
        return " ".join(f"<{node}>" for node in sorted(nodes))


@dataclass
class _Shape:
    node: Node
    path: Node | None
    sparql_path: str | None
    severity: Node
    messages: tuple[Literal, ...]
    deactivated: bool
    #: (component, parameter value) of each constraint; count constraints and those with
    #: several parameters (qualified value shapes) hold a dict of their parameters
    constraints: list[tuple[URIRef, Any]] = field(default_factory=list)
    properties: list[Node] = field(default_factory=list)


#: parameter → component of the constraints that take one parameter each
SINGLE = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
}
LISTS = (SH.languageIn, SH["and"], SH["or"], SH.xone, SH["in"])
#: what a result says when its shape has no sh:message
DEFAULT_MESSAGES = {
    SH.ClassConstraintComponent: "Value is not an instance of {}",
    SH.DatatypeConstraintComponent: "Value is not a well-formed literal of datatype {}",
    SH.NodeKindConstraintComponent: "Value is not of node kind {}",
    SH.MinCountConstraintComponent: "Fewer than {} values",
    SH.MaxCountConstraintComponent: "More than {} values",
    SH.MinExclusiveConstraintComponent: "Value is not greater than {}",
    SH.MinInclusiveConstraintComponent: "Value is not greater than or equal to {}",
    SH.MaxExclusiveConstraintComponent: "Value is not less than {}",
    SH.MaxInclusiveConstraintComponent: "Value is not less than or equal to {}",
    SH.MinLengthConstraintComponent: "Value is shorter than {} characters",
    SH.MaxLengthConstraintComponent: "Value is longer than {} characters",
    SH.PatternConstraintComponent: "Value does not match the pattern {}",
    SH.LanguageInConstraintComponent: "Language tag not in {}",
    SH.UniqueLangConstraintComponent: "Language tag used more than once",
    SH.EqualsConstraintComponent: "Values differ from those of {}",
    SH.DisjointConstraintComponent: "Value is also a value of {}",
    SH.LessThanConstraintComponent: "Value is not less than the values of {}",
    SH.LessThanOrEqualsConstraintComponent:
        "Value is not less than or equal to the values of {}",
    SH.NotConstraintComponent: "Value conforms to the shape {}",
    SH.AndConstraintComponent: "Value does not conform to every shape of {}",
    SH.OrConstraintComponent: "Value conforms to none of the shapes {}",
    SH.XoneConstraintComponent: "Value does not conform to exactly one of the shapes {}",
    SH.NodeConstraintComponent: "Value does not conform to the shape {}",
    SH.HasValueConstraintComponent: "The value {} is missing",
    SH.InConstraintComponent: "Value is not one of {}",
    SH.ClosedConstraintComponent: "A property that the closed shape does not allow",
    SH.QualifiedMinCountConstraintComponent:
        "Fewer than {} values conform to the qualified value shape",
    SH.QualifiedMaxCountConstraintComponent:
        "More than {} values conform to the qualified value shape",
}


class SetwiseValidator:
    """SHACL Core of a shapes graph over one data graph (see module)."""

    def __init__(self, data: Iterable[tuple], shapes: Graph, loaded: _Data | None = None) -> None:
        """`loaded`: `data` in its stores already (loaded)."""
        self.data = _Data(data) if loaded is None else loaded
        self.shapes = shapes
        self._shapes: dict[Node, _Shape] = {}
        self._paths: dict[str, dict[str, list[str]]] = {}
        self._instances: dict[str, frozenset[str]] = {}
        #: per shape, per node: True if the node conforms to the shape (None: being decided)
        self._conforms: dict[Node, dict[str, bool | None]] = defaultdict(dict)

    # -- the shapes ---------------------------------------------------------------------

    def shape(self, node: Node) -> _Shape:
        found = self._shapes.get(node)
        if found is None:
            found = self._shapes[node] = self._read_shape(node)
        return found

    def _read_shape(self, node: Node) -> _Shape:
        g = self.shapes
        path = g.value(node, SH.path)
        deactivated = _is_true(g, node, SH.deactivated)
        shape = _Shape(
            node=node, path=path,
            sparql_path=None if path is None else self._sparql_path(path),
            severity=g.value(node, SH.severity) or SH.Violation,
            messages=tuple(sorted((o for o in g.objects(node, SH.message)
                                   if isinstance(o, Literal)), key=_sort_key)),
            deactivated=deactivated,
            properties=sorted(g.objects(node, SH.property), key=_sort_key),
        )
        for parameter, component in SINGLE.items():
            for value in sorted(g.objects(node, parameter), key=_sort_key):
                shape.constraints.append(
                    (component, list(g.items(value)) if parameter in LISTS else value))
        for pattern in sorted(g.objects(node, SH.pattern), key=_sort_key):
            flags = g.value(node, SH.flags)
            shape.constraints.append((SH.PatternConstraintComponent,
                                      (str(pattern), "" if flags is None else str(flags))))
        if _is_true(g, node, SH.closed):
            ignored = {str(p) for o in g.objects(node, SH.ignoredProperties)
                       for p in g.items(o)}
            allowed = {str(p) for prop in g.objects(node, SH.property)
                       for p in g.objects(prop, SH.path) if isinstance(p, URIRef)}
            shape.constraints.append((SH.ClosedConstraintComponent, ignored | allowed))
        for qualified in sorted(g.objects(node, SH.qualifiedValueShape), key=_sort_key):
            disjoint = _is_true(g, node, SH.qualifiedValueShapesDisjoint)
            siblings = sorted({
                other for parent in g.subjects(SH.property, node)
                for sibling in g.objects(parent, SH.property) if sibling != node
                for other in g.objects(sibling, SH.qualifiedValueShape)
            }, key=_sort_key) if disjoint else []
            for count, component in ((SH.qualifiedMinCount,
                                      SH.QualifiedMinCountConstraintComponent),
                                     (SH.qualifiedMaxCount,
                                      SH.QualifiedMaxCountConstraintComponent)):
                for limit in g.objects(node, count):
                    shape.constraints.append((component, (qualified, siblings, limit)))
        return shape

    def _sparql_path(self, path: Node) -> str:
        """A SHACL path as a SPARQL property path (SHACL defines them alike)."""
        g = self.shapes
        if isinstance(path, URIRef):
            return f"<{path}>"
        if g.value(path, RDF.first) is not None:
            return "(" + "/".join(self._sparql_path(p) for p in g.items(path)) + ")"
        inner = g.value(path, SH.inversePath)
        if inner is not None:
            return f"^{self._sparql_path(inner)}"
        inner = g.value(path, SH.alternativePath)
        if inner is not None:
            return "(" + "|".join(self._sparql_path(p) for p in g.items(inner)) + ")"
        for predicate, operator_ in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                                     (SH.zeroOrOnePath, "?")):
            inner = g.value(path, predicate)
            if inner is not None:
                return f"({self._sparql_path(inner)}){operator_}"
        raise ValueError(f"not a SHACL path: {path}")

    def target_shapes(self) -> list[Node]:
        """The shapes with targets, explicit or implicit (a shape that is a class)."""
        g = self.shapes
        found = {s for target in TARGETS for s in g.subjects(target, None)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in g.subjects(RDF.type, kind):
                if self._is_class(shape):
                    found.add(shape)
        return sorted(found, key=_sort_key)

    def _is_class(self, node: Node) -> bool:
        return any(RDFS.Class in self.shapes.transitive_objects(t, RDFS.subClassOf)
                   for t in self.shapes.objects(node, RDF.type))

    def focus_nodes(self, shape: Node) -> list[str]:
        g, data = self.shapes, self.data
        nodes: set[str] = set()
        classes = set(g.objects(shape, SH.targetClass))
        if self._is_class(shape):
            classes.add(shape)
        for cls in classes:
            nodes |= self.instances(data.node(cls))
        for node in g.objects(shape, SH.targetNode):
            nodes.add(data.node(node))
        for predicate, pattern in ((SH.targetSubjectsOf, "?x <{}> []"),
                                   (SH.targetObjectsOf, "[] <{}> ?x")):
            for prop in g.objects(shape, predicate):
                nodes.update(row[0] for row in data.rows(
                    f"SELECT DISTINCT ?x WHERE {{ {pattern.format(data.node(prop))} }}"))
        return sorted(nodes)

    def instances(self, cls: str) -> frozenset[str]:
        found = self._instances.get(cls)
        if found is None:
            found = self._instances[cls] = frozenset(row[0] for row in self.data.rows(
                f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }}"))
        return found

    # -- validation ---------------------------------------------------------------------

    def results(self) -> list[Result]:
        found: list[Result] = []
        for shape in self.target_shapes():
            found += [result for _, result in self.evaluate(shape, self.focus_nodes(shape))]
        return sorted(found, key=_order)

    def value_nodes(self, shape: _Shape, focus: list[str]) -> dict[str, list[str]]:
        """Each focus node's value nodes: itself for a node shape, else those of the path."""
        if shape.sparql_path is None:
            return {node: [node] for node in focus}
        query = shape.sparql_path
        if self._can_be_empty(shape.path):
            pairs: dict[str, list[str]] = defaultdict(list)
            for start, end in self.data.rows(
                    f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?this "
                    f"{{ {self.data.values(focus)} }} ?this {query} ?value }}"):
                pairs[start].append(end)
        else:
            pairs = self._pairs(query)
        return {node: sorted(pairs.get(node, ())) for node in focus}

    def _pairs(self, path: str) -> dict[str, list[str]]:
        found = self._paths.get(path)
        if found is None:
            found = defaultdict(list)
            for start, end in self.data.rows(
                    f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value }}"):
                found[start].append(end)
            self._paths[path] = found
        return found

    def _can_be_empty(self, path: Node | None) -> bool:
        g = self.shapes
        seen: set[Node] = set()
        todo = [path]
        while todo:
            node = todo.pop()
            if node is None or node in seen or isinstance(node, URIRef):
                continue
            seen.add(node)
            for p, o in g.predicate_objects(node):
                if p in ZERO_LENGTH:
                    return True
                if p in (SH.inversePath, SH.alternativePath, SH.oneOrMorePath, RDF.first,
                         RDF.rest):
                    todo.append(o)
        return False

    def conforming(self, shape: Node, nodes: Iterable[str]) -> dict[str, bool]:
        """Whether each of `nodes` conforms to `shape`, decided once per shape and node
        (a node met again while its conformance is being decided counts as conforming)."""
        known = self._conforms[shape]
        new = sorted({node for node in nodes if node not in known})
        if new:
            for node in new:
                known[node] = None
            failing = {origin for origin, _ in self.evaluate(shape, new)}
            for node in new:
                known[node] = node not in failing
        return {node: known[node] is not False for node in nodes}

    def evaluate(self, node: Node, focus: list[str]) -> list[tuple[str, Result]]:
        """The results of `focus` (distinct, sorted) against the shape `node`, each with the
        node of `focus` it stems from (a result of a nested sh:property names a value
        node as its focus node)."""
        shape = self.shape(node)
        if shape.deactivated or not focus:
            return []
        values = self.value_nodes(shape, focus)
        found: list[tuple[str, Result]] = []

        def report(focus_node: str, value: str | None, component: URIRef, parameter,
                   path: Node | None = None) -> None:
            found.append((focus_node, Result(
                focus_node, path or shape.path, value, node, component, shape.severity,
                shape.messages or (_default_message(component, parameter),))))

        for component, parameter in shape.constraints:
            check = CHECKS[component]
            check(self, shape, values, parameter,
                  lambda f, v, path=None, c=component, p=parameter: report(f, v, c, p, path))
        if shape.properties:
            # each property shape once over the distinct value nodes; a result of a value
            # node counts once per focus node it is a value of (pySHACL and the W3C suite
            # report it so)
            owners: dict[str, list[str]] = defaultdict(list)
            for focus_node, nodes in values.items():
                for value in nodes:
                    owners[value].append(focus_node)
            for prop in shape.properties:
                found += [(owner, result) for origin, result in self.evaluate(prop, sorted(owners))
                          for owner in owners[origin]]
        return found

    # -- helpers of the checks -------------------------------------------------------------

    def term(self, node: str) -> Node:
        return self.data.term(node)


Check = Callable[[SetwiseValidator, _Shape, dict[str, list[str]], Any,
                  Callable[..., None]], None]
CHECKS: dict[URIRef, Check] = {}


def _check(component: URIRef) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[component] = function
        return function
    return register


def _each_value(test: Callable[[SetwiseValidator, str, Any], bool]) -> Check:
    """A check of one value node at a time: a result for each value that fails `test`."""
    def check(validator, shape, values, parameter, report) -> None:
        verdicts: dict[str, bool] = {}
        for focus, nodes in values.items():
            for value in nodes:
                ok = verdicts.get(value)
                if ok is None:
                    ok = verdicts[value] = test(validator, value, parameter)
                if not ok:
                    report(focus, value)
    return check


def _is_instance(validator: SetwiseValidator, value: str, cls: Node) -> bool:
    return value in validator.instances(validator.data.node(cls))


def _has_datatype(validator: SetwiseValidator, value: str, datatype: Node) -> bool:
    literal = validator.data.literal(value)
    if literal is None:
        return False
    if datatype == RDF.langString:
        return bool(literal.language)
    if literal.language:
        return False
    if datatype == XSD.string:
        return literal.datatype in STRING_TYPES
    return literal.datatype == datatype and not literal.ill_typed


def _node_kind(validator: SetwiseValidator, value: str, kind: Node) -> bool:
    if value.startswith(LITERAL):
        actual = "Literal"
    elif value.startswith(SKOLEM):
        actual = "BlankNode"
    else:
        actual = "IRI"
    return actual in str(kind)[len(str(SH)):].split("Or")


def _length(validator: SetwiseValidator, value: str) -> int | None:
    if value.startswith(SKOLEM):
        return None
    return len(str(validator.term(value)))


_check(SH.ClassConstraintComponent)(_each_value(_is_instance))
_check(SH.DatatypeConstraintComponent)(_each_value(_has_datatype))
_check(SH.NodeKindConstraintComponent)(_each_value(_node_kind))
_check(SH.MinLengthConstraintComponent)(_each_value(
    lambda v, value, limit: (n := _length(v, value)) is not None and n >= int(limit)))
_check(SH.MaxLengthConstraintComponent)(_each_value(
    lambda v, value, limit: (n := _length(v, value)) is not None and n <= int(limit)))
_check(SH.InConstraintComponent)(_each_value(
    lambda v, value, members: value in {v.data.node(m) for m in members}))


def _language_in(validator: SetwiseValidator, value: str, ranges: list) -> bool:
    literal = validator.data.literal(value)
    if literal is None or not literal.language:
        return False
    tag = literal.language.lower()
    return any(_lang_matches(tag, str(r).lower()) for r in ranges)


def _lang_matches(tag: str, range_: str) -> bool:
    return range_ == "*" or tag == range_ or tag.startswith(range_ + "-")


_check(SH.LanguageInConstraintComponent)(_each_value(_language_in))


def _compare(validator: SetwiseValidator, value: str, bound: Node, *,
             holds: Callable[[Any, Any], bool]) -> bool:
    """SPARQL's comparison of a value node with a literal: False where they cannot be
    compared."""
    literal = validator.data.literal(value)
    return literal is not None and isinstance(bound, Literal) and _compares(literal, bound,
                                                                             holds)


def _comparable(literal: Literal) -> Any:
    """The value of a literal as SPARQL compares it, or None."""
    if literal.ill_typed or literal.language:
        return None
    value = literal.value
    if literal.datatype in STRING_TYPES:
        return ("string", str(literal))
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, int | float | Decimal):
        return ("number", value)
    if isinstance(value, datetime):
        return ("dateTime", value.tzinfo is None, value)
    if isinstance(value, date):
        return ("date", value)
    if isinstance(value, time):
        return ("time", value.tzinfo is None, value)
    return None


def _compares(left: Literal, right: Literal, holds: Callable[[Any, Any], bool]) -> bool:
    a, b = _comparable(left), _comparable(right)
    if a is None or b is None or a[:-1] != b[:-1]:
        return False
    x, y = a[-1], b[-1]
    if isinstance(x, float) != isinstance(y, float) and a[0] == "number":
        x, y = float(x), float(y)
    try:
        return holds(x, y)
    except TypeError:
        return False


for _component, _operator in ((SH.MinExclusiveConstraintComponent, operator.gt),
                              (SH.MinInclusiveConstraintComponent, operator.ge),
                              (SH.MaxExclusiveConstraintComponent, operator.lt),
                              (SH.MaxInclusiveConstraintComponent, operator.le)):
    _check(_component)(_each_value(functools.partial(_compare, holds=_operator)))


@_check(SH.PatternConstraintComponent)
def _pattern(validator, shape, values, parameter, report) -> None:
    pattern, flags = parameter
    options = 0
    for letter, flag in (("i", re.IGNORECASE), ("s", re.DOTALL), ("m", re.MULTILINE),
                         ("x", re.VERBOSE)):
        if letter in flags:
            options |= flag
    compiled = re.compile(re.escape(pattern) if "q" in flags else pattern, options)
    _each_value(lambda v, value, _: not value.startswith(SKOLEM)
                and compiled.search(str(v.term(value))) is not None)(
        validator, shape, values, None, report)


@_check(SH.MinCountConstraintComponent)
def _min_count(validator, shape, values, limit, report) -> None:
    for focus, nodes in values.items():
        if len(nodes) < int(limit):
            report(focus, None)


@_check(SH.MaxCountConstraintComponent)
def _max_count(validator, shape, values, limit, report) -> None:
    for focus, nodes in values.items():
        if len(nodes) > int(limit):
            report(focus, None)


@_check(SH.UniqueLangConstraintComponent)
def _unique_lang(validator, shape, values, parameter, report) -> None:
    if not _true(parameter):
        return
    for focus, nodes in values.items():
        seen: dict[str, int] = defaultdict(int)
        for value in nodes:
            literal = validator.data.literal(value)
            if literal is not None and literal.language:
                seen[literal.language.lower()] += 1
        for _ in (tag for tag, n in sorted(seen.items()) if n > 1):
            report(focus, None)


def _other_values(validator: SetwiseValidator, values: dict[str, list[str]],
                  predicate: Node) -> dict[str, list[str]]:
    pairs = validator._pairs(f"<{predicate}>")
    return {focus: pairs.get(focus, []) for focus in values}


@_check(SH.EqualsConstraintComponent)
def _equals(validator, shape, values, predicate, report) -> None:
    others = _other_values(validator, values, predicate)
    for focus, nodes in values.items():
        for value in sorted(set(nodes) ^ set(others[focus])):
            report(focus, value)


@_check(SH.DisjointConstraintComponent)
def _disjoint(validator, shape, values, predicate, report) -> None:
    others = _other_values(validator, values, predicate)
    for focus, nodes in values.items():
        for value in sorted(set(nodes) & set(others[focus])):
            report(focus, value)


def _less_than(holds: Callable[[Any, Any], bool]) -> Check:
    def check(validator, shape, values, predicate, report) -> None:
        others = _other_values(validator, values, predicate)
        for focus, nodes in values.items():
            for value in nodes:
                left = validator.data.literal(value)
                for other in others[focus]:
                    right = validator.data.literal(other)
                    if left is None or right is None or not _compares(left, right, holds):
                        report(focus, value)
    return check


_check(SH.LessThanConstraintComponent)(_less_than(operator.lt))
_check(SH.LessThanOrEqualsConstraintComponent)(_less_than(operator.le))


@_check(SH.HasValueConstraintComponent)
def _has_value(validator, shape, values, expected, report) -> None:
    wanted = validator.data.node(expected)
    for focus, nodes in values.items():
        if wanted not in nodes:
            report(focus, None)


def _nested(count: Callable[[list[bool]], bool]) -> Check:
    """sh:node, sh:not, sh:and, sh:or, sh:xone: a result for each value node whose
    conformance to the shapes given (one, or a list) does not `count` right."""
    def check(validator, shape, values, shapes, report) -> None:
        shapes = shapes if isinstance(shapes, list) else [shapes]
        nodes = {v for vs in values.values() for v in vs}
        verdicts = [validator.conforming(s, nodes) for s in shapes]
        for focus, vs in values.items():
            for value in vs:
                if not count([verdict[value] for verdict in verdicts]):
                    report(focus, value)
    return check


_check(SH.NodeConstraintComponent)(_nested(all))
_check(SH.AndConstraintComponent)(_nested(all))
_check(SH.NotConstraintComponent)(_nested(lambda conforms: not any(conforms)))
_check(SH.OrConstraintComponent)(_nested(any))
_check(SH.XoneConstraintComponent)(_nested(lambda conforms: sum(conforms) == 1))


def _qualified(holds: Callable[[int, int], bool]) -> Check:
    def check(validator, shape, values, parameter, report) -> None:
        qualified, siblings, limit = parameter
        nodes = {v for vs in values.values() for v in vs}
        conforms = validator.conforming(qualified, nodes)
        others = [validator.conforming(s, nodes) for s in siblings]
        for focus, vs in values.items():
            count = sum(1 for v in vs
                        if conforms[v] and not any(other[v] for other in others))
            if not holds(count, int(limit)):
                report(focus, None)
    return check


_check(SH.QualifiedMinCountConstraintComponent)(_qualified(operator.ge))
_check(SH.QualifiedMaxCountConstraintComponent)(_qualified(operator.le))


@_check(SH.ClosedConstraintComponent)
def _closed(validator, shape, values, allowed, report) -> None:
    nodes = {v for vs in values.values() for v in vs if not v.startswith(LITERAL)}
    if not nodes:
        return
    data = validator.data
    excluded = ", ".join(f"<{p}>" for p in sorted(allowed))
    extra: dict[str, list[tuple[str, str]]] = defaultdict(list)
    # the value nodes in VALUES (10,000 of them take pyoxigraph 0.2 s; without them, the
    # query returned every other triple of the graph)
    ordered = sorted(nodes)
    for start in range(0, len(ordered), 2_000):  # in parts: query texts of a few 100 kB
        part = data.values(ordered[start:start + 2_000])
        for s, p, o in data.rows(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {part} }} ?s ?p ?o "
                                 + (f"FILTER (?p NOT IN ({excluded})) }}" if excluded
                                    else "}")):
            extra[s].append((p, o))
    for focus, vs in values.items():
        for value in vs:
            for p, o in sorted(extra.get(value, ())):
                report(focus, o, URIRef(p))


def _default_message(component: URIRef, parameter: Any) -> Literal:
    if isinstance(parameter, tuple) and len(parameter) == 3:  # qualified: the limit
        parameter = parameter[2]
    if isinstance(parameter, list):
        parameter = "(" + " ".join(_words(p) for p in parameter) + ")"
    elif isinstance(parameter, tuple):
        parameter = parameter[0]
    elif isinstance(parameter, Node):
        parameter = _words(parameter)
    return Literal(DEFAULT_MESSAGES[component].format(parameter))


def _words(node: Node) -> str:
    return node.n3() if isinstance(node, URIRef | Literal) else "[]"


def _true(node: Node) -> bool:
    """Whether `node` is "true"^^xsd:boolean (not "1", which SHACL does not name)."""
    return isinstance(node, Literal) and node.datatype == XSD.boolean \
        and str(node) == "true"


def _is_true(graph: Graph, node: Node, parameter: URIRef) -> bool:
    return any(_true(o) for o in graph.objects(node, parameter))


def _sort_key(node: Node) -> tuple[str, str]:
    return (type(node).__name__, str(node))


def _order(result: Result) -> tuple:
    return (str(result.shape), result.focus, str(result.component), str(result.value),
            str(result.path))


# -- the report -----------------------------------------------------------------------------

def loaded(data: Iterable[tuple], file: str | None = None) -> _Data:
    """`data` in the set-wise engine's store and, from the same pass, as it is in a second
    store for SPARQL (`real`); InputError (at `file`) for a term that SPARQL cannot hold."""
    with frozen_heap():
        return _Data(data, file, with_literals=True)


def core_results(data: Iterable[tuple], shapes: Graph, stores: _Data | None = None
                 ) -> tuple[SetwiseValidator, list[Result]]:
    """The SHACL Core results of `data` against `shapes` (sh:sparql is left alone);
    `stores`: `data` loaded already (loaded)."""
    with frozen_heap():
        validator = SetwiseValidator(data, shapes, stores)
        return validator, validator.results()


def add_results(report: Graph, node: Node, validator: SetwiseValidator,
                results: list[Result]) -> None:
    """Add `results` to the ValidationReport `node` of `report`, as pySHACL writes them."""
    term = validator.term
    for item in results:
        result = BNode()
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, term(item.focus)))
        report.add((result, SH.sourceShape, item.shape))
        report.add((result, SH.sourceConstraintComponent, item.component))
        report.add((result, SH.resultSeverity, item.severity))
        path, value = item.path, item.value
        if path is not None:
            report.add((result, SH.resultPath, path))
            _copy_path(validator.shapes, report, path)
        if value is not None:
            report.add((result, SH.value, term(value)))
        for message in item.messages:
            report.add((result, SH.resultMessage, message))


def _copy_path(source: Graph, target: Graph, path: Node) -> None:
    """The triples of a path expression, as SHACL reads it: a list, else one operator."""
    if not isinstance(path, BNode):
        return
    if source.value(path, RDF.first) is not None:
        node: Node | None = path
        while isinstance(node, BNode):
            first, rest = source.value(node, RDF.first), source.value(node, RDF.rest)
            if first is None or rest is None:
                return
            target.add((node, RDF.first, first))
            target.add((node, RDF.rest, rest))
            _copy_path(source, target, first)
            node = rest
        return
    for predicate in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath,
                      SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = source.value(path, predicate)
        if inner is not None:
            target.add((path, predicate, inner))
            _copy_path(source, target, inner)
            return
