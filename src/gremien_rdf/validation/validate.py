"""Validate a register graph against the SHACL shapes; map every result back to its source.

SHACL Core runs in pySHACL. SHACL-SPARQL constraints run here, once per constraint over the
whole graph, in pyoxigraph: pySHACL parses a constraint's query text again for every focus
node (about 20 ms each with rdflib, so 8 constraints over 44 bodies took 10 s), while one
evaluation of the same query with `$this` left free gives the rows of all focus nodes at
once (`$this` is an ordinary SPARQL variable; rows are kept for the shape's focus nodes
only). pyoxigraph loads the graph and runs all 8 queries in 50 ms, rdflib needed 550 ms.
Tests check that the results equal pySHACL's own evaluation.

Each result becomes a Finding: severity, message (German and English), the YAML position
from the converter's source map (or the line in an RDF file), the body, the property in
words (the shape's sh:name) and the offending value.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from gremien_rdf import SEVERITY_LEVELS, resources
from gremien_rdf.errors import (
    InputError,
    Position,
    Problem,
    command,
    fail,
    option,
    read_utf8,
    words,
)
from gremien_rdf.queries.stored import check_request
from gremien_rdf.rdf.convert import YAML_KEYS, Conversion
from gremien_rdf.rdf.namespaces import GMH, GMHCHECK, GMHSH, ORG, PREFIXES, Iris, new_graph
from gremien_rdf.rdf.read import RDF_FORMATS, parse_text, read_rdf
from gremien_rdf.rdf.vocabularies import Vocabularies, load_vocabularies
from gremien_rdf.resources import reading_resources
from gremien_rdf.source.register import load_converted

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
LEVELS = SEVERITY_LEVELS
TURTLE_ESCAPES = re.compile(r"([/#?&=.~!$()*+,;])")
LOAD_RULE = "load"
#: what went wrong, by SHACL constraint component: put before the shape's message
PROBLEMS = {
    SH.MinCountConstraintComponent: ("fehlt", "missing"),
    SH.MaxCountConstraintComponent: ("mehr als erlaubt", "given too often"),
    SH.ClassConstraintComponent: ("kein bekannter Wert dieser Art",
                                  "not a known value of this kind"),
    SH.DatatypeConstraintComponent: ("falsche Art von Wert", "wrong kind of value"),
    SH.LanguageInConstraintComponent: ("falsche Sprache", "wrong language"),
    SH.UniqueLangConstraintComponent: ("eine Sprache doppelt", "a language twice"),
    SH.MinLengthConstraintComponent: ("zu kurz", "too short"),
    SH.PatternConstraintComponent: ("falsche Form", "wrong form"),
    SH.NodeKindConstraintComponent: ("keine IRI", "not an IRI"),
    SH.ClosedConstraintComponent: ("unbekannte Eigenschaft", "unknown property"),
    SH.MinInclusiveConstraintComponent: ("zu klein", "too small"),
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong (or worth a look) in the data, where it is, in words."""

    severity: str
    rule: str
    messages: dict[str, str]
    position: Position | None
    body_id: str | None = None
    body_title: str | None = None
    property_names: dict[str, str] = field(default_factory=dict)
    property_iri: str | None = None
    value: str | None = None
    focus: str | None = None
    hint: str = ""
    rule_names: dict[str, str] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or next(iter(self.messages.values()), "")

    def property_name(self, lang: str = "en") -> str | None:
        """The property in words; for YAML input its key first, as in `title_since (name
        since)`."""
        name = self.property_names.get(lang) or self.property_iri
        key = self.property_names.get("yaml")
        return f"{key} ({name})" if key and name and key != name else key or name

    @property
    def fingerprint(self) -> str:
        """Stable across line moves and runs: the rule, the node, the property, the value.

        Line numbers (in messages of loading problems) and blank-node ids (random in every
        parse) are left out.
        """
        def stable(text: str | None) -> str:
            text = re.sub(r"\bline \d+", "line", text or "")
            return re.sub(r"_:\w+|\bn[0-9a-f]{32}\w*", "_:b", text)

        file = self.position.file if self.position else ""
        parts = (self.rule, stable(self.focus) or self.body_id or file, self.property_iri,
                 stable(self.value),
                 "" if self.focus else stable(words(self.messages.get("en", ""), "cli")))
        return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


@dataclass
class ValidationReport:
    """The findings for some files, and the standard SHACL report graph."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    graph: Graph = field(default_factory=new_graph)
    load_failed: bool = False

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, threshold: str) -> bool:
        """Whether any finding is at `threshold` or more severe."""
        failing = LEVELS[: LEVELS.index(threshold) + 1]
        return any(f.severity in failing for f in self.findings)


def problem_findings(problems: Iterable[Problem]) -> list[Finding]:
    """Loading problems as findings, so that they come out in every report format."""
    return [
        Finding("violation", LOAD_RULE, {"en": p.message}, p.position, hint=p.hint)
        for p in problems
    ]


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


def _targets(shapes: Graph, data: Graph, shape: Node) -> set:
    """The focus nodes of `shape` in `data` (sh:targetClass includes subclasses)."""
    nodes: set = set()
    for cls in shapes.objects(shape, SH.targetClass):
        for subclass in data.transitive_subjects(RDFS.subClassOf, cls):
            nodes.update(data.subjects(RDF.type, subclass))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(data.objects(None, prop))
    nodes.update(shapes.objects(shape, SH.targetNode))
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


def _core_shapes(base_iri: str) -> Graph:
    """The shapes with every SPARQL constraint switched off (they run in run_sparql)."""
    return _core_shapes_of(base_iri, resources.resource_root())


@lru_cache(maxsize=4)
def _core_shapes_of(base_iri: str, root: Path) -> Graph:
    shapes = shapes_graph(base_iri)
    core = Graph()
    for triple in shapes:
        core.add(triple)
    for _, constraint in shapes.subject_objects(SH.sparql):
        core.add((constraint, SH.deactivated, Literal(True)))
    return core


#: blank nodes travel to pyoxigraph as IRIs under this prefix (it renames blank nodes)
SKOLEM = "urn:x-gremien-rdf:bnode:"


def _to_oxigraph(term):
    import pyoxigraph as ox

    if isinstance(term, BNode):
        return ox.NamedNode(SKOLEM + str(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def _to_rdflib(term):
    """A pyoxigraph term as the rdflib term it names (skolem IRIs back to blank nodes)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        value = term.value
        return BNode(value[len(SKOLEM):]) if value.startswith(SKOLEM) else URIRef(value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


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
        severity = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}.get(
            query.extra.get("severity", "violation"))
        if severity is None:
            raise fail(Position(str(path), 1), f"unknown severity {query.extra['severity']!r}",
                       "write '# severity: violation', 'warning' or 'info'")
        if not re.search(r"[?$]this\b", query.text):
            raise fail(Position(str(path), 1), "a check must select ?this (the node at fault)",
                       "write SELECT ?this … WHERE { … }")
        iri = GMHCHECK[query.name]
        checks.append(_SparqlConstraint(
            shape=iri, constraint=iri, query=query.text, severity=severity,
            where=Position(str(path), 1),
            messages=tuple(Literal(text, lang=lang) for lang, text in query.messages.items()),
            names=tuple(Literal(text, lang=lang) for lang, text in query.titles.items()),
        ))
    return checks


def _store(data: Graph, file: str | None):
    import pyoxigraph as ox

    store = ox.Store()
    for triple in data:
        try:
            store.add(ox.Quad(*map(_to_oxigraph, triple)))
        except ValueError as error:  # an IRI or language tag that rdflib let through
            raise fail(Position(file, 1) if file else None,
                       f"an RDF term is not valid: {error} (in {' '.join(t.n3() for t in triple)})",
                       "correct the IRI or language tag") from None
    return store


def run_sparql(data: Graph, shapes: Graph, report: Graph, file: str | None = None,
               with_checks: bool = False) -> None:
    """Evaluate each SPARQL constraint of the shapes (and, `with_checks`, each stored check)
    once, in pyoxigraph; add a sh:ValidationResult per offending row. A shape's rows count
    for its focus nodes only; a check's rows all count."""
    store = _store(data, file)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(shapes).items())
    constraints: list[tuple[_SparqlConstraint, set | None]]
    constraints = [(item, _targets(shapes, data, item.shape))
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
        except SyntaxError as error:
            raise fail(None, f"{item.shape}: the query is not valid SPARQL: {error}",
                       "fix the check or shape query") from None
        projected = {v.value for v in solutions.variables} & {"this", "path", "value"}
        for solution in solutions:
            values = {name: _to_rdflib(solution[name]) for name in projected
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


def shacl_report(data: Graph, base_iri: str, file: str | None = None,
                 with_checks: bool = False) -> Graph:
    """The standard SHACL validation report of `data` (data and vocabularies)."""
    from pyshacl import validate as pyshacl_validate

    _, results, _ = pyshacl_validate(
        data, shacl_graph=_core_shapes(base_iri), inference="none", advanced=False,
        do_owl_imports=False, inplace=True, allow_infos=True, allow_warnings=True,
    )
    report = new_graph()
    report.bind("sh", SH)
    report.bind("gmhsh", GMHSH)
    for triple in results:
        report.add(triple)
    run_sparql(data, shapes_graph(base_iri), report, file, with_checks)
    return report


class _TermIndex:
    """Where each IRI, prefixed name and string of an RDF file first appears: at the start
    of a line (as a subject) and anywhere. Built in one pass, so that locating any number
    of findings costs one read of the file, not one per finding."""

    #: an IRI, a string, or a run of other characters up to a delimiter (a prefixed name,
    #: a keyword): no backtracking, about 10 µs a line
    TERM = re.compile(r"""<[^<>"\s]*>|"(?:[^"\\\n]|\\.)*"|[^\s<>"{}\[\](),;]+""")

    def __init__(self, lines: list[str]):
        self.subject: dict[str, int] = {}
        self.anywhere: dict[str, int] = {}
        for number, line in enumerate(lines, start=1):
            terms = self.TERM.findall(line)
            if not terms:
                continue
            if line.lstrip().startswith(terms[0]):
                self.subject.setdefault(self._term(terms[0]), number)
            for term in terms:
                self.anywhere.setdefault(self._term(term), number)
                if term[0] == '"':  # JSON-LD: an IRI or compact IRI is a string
                    self.anywhere.setdefault(term[1:-1], number)

    @staticmethod
    def _term(text: str) -> str:
        """A prefixed name without the full stop that may end the statement after it."""
        return text if text[0] in "<\"" else text.rstrip(".")

    def line(self, forms: list[str]) -> int:
        for table in (self.subject, self.anywhere):
            found = [table[form] for form in forms if form in table]
            if found:
                return min(found)
        return 1


class _Describer:
    """Turns report results into findings: positions, bodies, words."""

    def __init__(self, data: Graph, shapes: Graph, base_iri: str,
                 locate: dict | None, file: str | None, lines: list[str] | None):
        self.data = data
        self.shapes = shapes
        self.base = base_iri
        self.locate = locate or {}
        self.file = file
        self.lines = lines
        self.prefixes = sorted(
            ((p, str(ns)) for p, ns in data.namespace_manager.namespaces()),
            key=lambda item: -len(item[1]),
        )
        self.index: _TermIndex | None = None

    def names(self, node) -> dict[str, str]:
        return {lit.language: str(lit) for lit in self.shapes.objects(node, SH.name)
                if isinstance(lit, Literal) and lit.language}

    def property_names(self, shape, path) -> dict[str, str]:
        names = self.names(shape)
        if names or path is None:
            return names
        for other in self.shapes.subjects(SH.path, path):
            names = self.names(other)
            if names:
                return names
        return {}

    def owner(self, node) -> URIRef | None:
        """The body a node belongs to (by its IRI, or by org:organization)."""
        prefix = str(Iris(self.base).body(""))
        if isinstance(node, URIRef) and str(node).startswith(prefix):
            return URIRef(prefix + str(node)[len(prefix):].split("/")[0])
        organisation = self.data.value(node, ORG.organization) if node is not None else None
        if isinstance(organisation, URIRef) and organisation != node:
            return self.owner(organisation)
        return None

    def position(self, focus, path, value) -> Position | None:
        for key in (value, (focus, path), focus, self.owner(focus)):
            if key is not None and key in self.locate:
                return self.locate[key]
        if self.file is None:
            return None
        return Position(self.file, self._line_of(focus), 1)

    def _line_of(self, node) -> int:
        """The line of an RDF file that names `node`, preferring one where it is the subject
        (1 when no line names it)."""
        if self.lines is None or not isinstance(node, URIRef):
            return 1
        if self.index is None:
            self.index = _TermIndex(self.lines)
        iri = str(node)
        forms = [f"<{iri}>", iri]  # in Turtle, or as a JSON-LD string
        for prefix, namespace in self.prefixes:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local:  # as written, and with Turtle's escapes
                escaped = TURTLE_ESCAPES.sub(r"\\\1", local)
                forms += [f"{prefix}:{local}", f"{prefix}:{escaped}"]
        if iri.startswith(self.base):
            forms += [f"<{iri[len(self.base):]}>", f'"{iri[len(self.base):]}"']
        return self.index.line(forms)

    def value_text(self, value) -> str | None:
        if value is None:
            return None
        if isinstance(value, URIRef | BNode):
            label = self.data.value(value, SKOS.prefLabel) or self.data.value(value, RDFS.label)
            text = self.short(value)
            if label is None or label == text:
                return text
            return str(label) if self.locate else f"{label} ({text})"
        return str(value)

    def short(self, iri) -> str:
        text = str(iri)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)):]}"
        if text.startswith(self.base):
            return text[len(self.base):]
        if isinstance(iri, BNode):
            return f"_:{iri}"
        return text

    def finding(self, report: Graph, result) -> Finding:
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        severity = SEVERITIES.get(report.value(result, SH.resultSeverity), "violation")
        messages = dict(sorted(
            (lit.language or "en", str(lit))
            for lit in report.objects(result, SH.resultMessage) if isinstance(lit, Literal)
        ))
        problem = PROBLEMS.get(report.value(result, SH.sourceConstraintComponent))
        if problem:
            messages = {lang: f"{problem[lang == 'en']}: {text}"
                        for lang, text in messages.items()}
        names = self.property_names(shape, path)
        if self.locate and path in YAML_KEYS:
            names["yaml"] = YAML_KEYS[path]
        body = self.owner(focus)
        title = self.data.value(body, SKOS.prefLabel) if body is not None else None
        rule = str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "shape"
        return Finding(
            severity=severity,
            rule=rule,
            messages=messages or {"en": "does not conform to the shape"},
            position=self.position(focus, path if isinstance(path, URIRef) else None, value),
            body_id=str(body).rsplit("/", 1)[-1] if body is not None else None,
            body_title=str(title) if title is not None else None,
            property_names=names,
            rule_names={lit.language: str(lit) for lit in self.shapes.objects(shape, RDFS.label)
                        if isinstance(lit, Literal) and lit.language},
            property_iri=self.short(path) if isinstance(path, URIRef) else None,
            value=self.value_text(value) if value != focus else None,
            focus=self.short(focus) if focus is not None else None,
        )


def findings_of(report: Graph, data: Graph, base_iri: str, locate: dict | None = None,
                file: str | None = None, lines: list[str] | None = None) -> list[Finding]:
    """The results of a SHACL report as findings, most severe first, then by position."""
    describer = _Describer(data, shapes_graph(base_iri), base_iri, locate, file, lines)
    findings = [describer.finding(report, r) for r in report.objects(None, SH.result)]
    return sorted(findings, key=_order)


def _order(finding: Finding) -> tuple:
    position = finding.position
    return (
        position.file if position else "",
        position.line if position else 0,
        position.column if position else 0,
        LEVELS.index(finding.severity),
        finding.rule,
        finding.value or "",
    )


def validation_graph(data: Graph, vocabulary_graph: Graph) -> Graph:
    """What the shapes see: the data and the vocabularies it refers to."""
    graph = Graph()
    for prefix, namespace in data.namespace_manager.namespaces():
        graph.bind(prefix, namespace, override=False)
    for triple in data:
        graph.add(triple)
    for triple in vocabulary_graph:
        graph.add(triple)
    return graph


def validate_yaml(path: Path, base_iri: str, report: ValidationReport) -> None:
    """Load, convert and validate one YAML register; add its findings to `report`."""
    report.files.append(str(path))
    try:
        _, vocabularies, conversion = load_converted(path, base_iri)
        _check(report, conversion.graph, vocabularies, conversion.source_map)
    except InputError as error:
        report.findings.extend(problem_findings(error.problems))
        report.load_failed = True


def check_conversion(conversion: Conversion, vocabularies: Vocabularies,
                     report: ValidationReport) -> None:
    """Validate a graph built from YAML; findings point into the YAML via the source map."""
    _check(report, conversion.graph, vocabularies, conversion.source_map)


def _check(report: ValidationReport, graph: Graph, vocabularies: Vocabularies,
           locate: dict | None, file: str | None = None, lines: list[str] | None = None
           ) -> None:
    base_iri = vocabularies.iris.base
    data = validation_graph(graph, vocabularies.graph)
    results = shacl_report(data, base_iri, file, with_checks=True)
    _merge(report.graph, results)
    report.findings.extend(findings_of(results, data, base_iri, locate, file, lines))


def validate_rdf(path: Path, base_iri: str, report: ValidationReport) -> None:
    """Validate one Turtle, N-Triples or JSON-LD file (with the shipped vocabularies)."""
    report.files.append(str(path))
    try:
        graph, text = read_rdf(path, base_iri)
        _check_bodies(path, graph, base_iri)
        _check(report, graph, load_vocabularies(base_iri), None, str(path),
               re.split(r"\r\n|\r|\n", text))  # lines as RDF syntaxes end them
    except InputError as error:
        report.findings.extend(problem_findings(error.problems))
        report.load_failed = True


def _check_bodies(path: Path, graph: Graph, base_iri: str) -> None:
    """An RDF file without bodies, or with bodies under another base IRI, is an input error
    (its SHACL results would be empty or hundreds of misleading ones)."""
    bodies = set(graph.subjects(RDF.type, GMH.Body))
    if not bodies:
        raise fail(Position(str(path), 1), "the file holds no gmh:Body",
                   f"pass a dump built by {command('build')} (gremien.ttl, .nt or .jsonld)")
    if any(isinstance(body, BNode) for body in bodies):
        raise fail(Position(str(path), 1),
                   "a gmh:Body in this file is a blank node: every body needs its IRI "
                   "(gremium/<id> below the base IRI), or its findings cannot name it",
                   "give each body an IRI, or validate the YAML it was built from")
    prefix = str(Iris(base_iri).body(""))
    if not any(str(body).startswith(prefix) for body in bodies):
        example = sorted(map(str, bodies))[0]
        found = example.split("gremium/")[0] if "gremium/" in example else None
        raise fail(Position(str(path), 1),
                   f"the bodies in this file are not under the base IRI {base_iri}",
                   f"pass the base IRI the file was built with, e.g. {option('base-iri')} {found}"
                   if found else f"their IRIs (e.g. {example}) are not of the form "
                   f"BASE/gremium/<id>: pass a dump built by {command('build')}")


def _merge(target: Graph, source: Graph) -> None:
    target_node = report_node(target)
    source_node = report_node(source)
    for s, p, o in source:
        if s == source_node and p in (RDF.type, SH.conforms):
            continue
        target.add((target_node if s == source_node else s, p, o))
    has_results = (None, SH.result, None) in target
    target.set((target_node, SH.conforms, Literal(not has_results)))


def validate_paths(paths: list[Path], base_iri: str) -> ValidationReport:
    """Validate YAML registers and RDF files; YAML when the suffix is .yaml or .yml."""
    report = ValidationReport()
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            validate_yaml(path, base_iri, report)
        elif suffix in RDF_FORMATS:
            validate_rdf(path, base_iri, report)
        else:
            report.files.append(str(path))
            report.findings.extend(problem_findings([Problem(
                None, f"{path}: cannot tell the format from the suffix {suffix!r}",
                "pass a .yaml, .ttl, .nt or .jsonld file")]))
            report.load_failed = True
    return report


def check_metadata(catalog: Graph, settings: str) -> None:
    """Check the dataset's metadata against shapes/metadata/; InputError on a Violation.

    The settings were checked when they were loaded, so a violation here means the
    metadata that gremien-rdf writes is wrong; it names the settings file because that is
    where a user can act.
    """
    from pyshacl import validate as pyshacl_validate

    shapes = Graph()
    with reading_resources():
        for path in resources.metadata_shape_files():
            parse_text(shapes, read_utf8(path), "turtle", path, None)
    _, results, _ = pyshacl_validate(catalog, shacl_graph=shapes, inference="none",
                                     advanced=False, do_owl_imports=False,
                                     allow_warnings=True)
    problems = []
    for result in sorted(results.subjects(SH.resultSeverity, SH.Violation)):
        message = next((str(m) for m in results.objects(result, SH.resultMessage)
                        if getattr(m, "language", None) == "en"), "metadata shape violated")
        focus = results.value(result, SH.focusNode)
        problems.append(Problem(Position(settings, 1),
                                f"the dataset's metadata is not valid: {message} ({focus})",
                                "check the settings; if they are right, report a bug"))
    if problems:
        raise InputError(problems)
