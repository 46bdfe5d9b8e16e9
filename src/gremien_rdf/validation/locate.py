"""Locating a finding: each SHACL result as a Finding, at the line of the YAML value or of
the RDF statement that caused it, in words."""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH, SKOS

from gremien_rdf.errors import (
    Position,
)
from gremien_rdf.rdf.convert import YAML_KEYS, SourceMap
from gremien_rdf.rdf.namespaces import ORG, Iris, curie
from gremien_rdf.severity import Severity
from gremien_rdf.validation.engine import (
    ValidationData,
    shapes_graph,
)
from gremien_rdf.validation.findings import (
    PROBLEMS,
    Finding,
)

TURTLE_ESCAPES = re.compile(r"([/#?&=.~!$()*+,;])")


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

    def __init__(self, data: Graph | ValidationData, shapes: Graph, base_iri: str,
                 locate: SourceMap | None, file: str | None, lines: list[str] | None):
        self.data = data
        self.shapes = shapes
        self.base = base_iri
        self.iris = Iris(base_iri)
        self.locate = locate
        self.file = file
        self.lines = lines
        namespaces = data.triples.namespaces if isinstance(data, ValidationData) \
            else data.namespace_manager.namespaces()
        self.prefixes = sorted(
            ((p, str(ns)) for p, ns in namespaces),
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
        body = self.iris.body_of(node) if isinstance(node, URIRef) else None
        if body is not None:
            return body
        organisation = self.data.value(node, ORG.organization) if node is not None else None
        if isinstance(organisation, URIRef) and organisation != node:
            return self.owner(organisation)
        return None

    def position(self, focus, path, value) -> Position | None:
        """The YAML position of the node or property at fault (the source map holds IRIs as
        strings), else the line of the RDF file that names the focus node."""
        if self.locate is not None:
            for key in (value, (focus, path), focus, self.owner(focus)):
                found = self.locate.get(key)
                if found is not None:
                    return found
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
        path = self.iris.relative(iri)
        if path is not None:
            forms += [f"<{path}>", f'"{path}"']
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
        if isinstance(iri, BNode):
            return f"_:{iri}"
        short = curie(iri)
        if short is None:
            short = self.iris.relative(iri)
        return str(iri) if short is None else short

    def finding(self, report: Graph, result) -> Finding:
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        severity = Severity.of_iri(report.value(result, SH.resultSeverity), Severity.VIOLATION)
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


def findings_of(report: Graph, data: Graph | ValidationData, base_iri: str,
                locate: SourceMap | None = None, file: str | None = None,
                lines: list[str] | None = None) -> list[Finding]:
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
        list(Severity).index(finding.severity),
        finding.rule,
        finding.value or "",
    )
