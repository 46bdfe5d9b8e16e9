"""Findings: one thing wrong in the data, where it is and in words (Finding), and the
findings of a run with the standard SHACL report graph (ValidationReport)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import SH

from gremien_rdf.errors import (
    Position,
    Problem,
    fail,
    words,
)
from gremien_rdf.rdf.namespaces import new_graph
from gremien_rdf.severity import Severity

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

    severity: Severity
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
        """Whether any finding is at `threshold` (violation, warning or info) or more severe;
        InputError for another threshold."""
        if threshold not in tuple(Severity):
            raise fail(None, f"{threshold!r} is no severity",
                       f"use {', '.join(Severity)} (the most severe first)")
        return any(f.severity.at_least(threshold) for f in self.findings)


def problem_findings(problems: Iterable[Problem]) -> list[Finding]:
    """Loading problems as findings, so that they come out in every report format."""
    return [
        Finding(Severity.VIOLATION, LOAD_RULE, {"en": p.message_template}, p.position,
                hint=p.hint_template)
        for p in problems
    ]
