"""A Diff as RDF: a change set in the Talis Changeset vocabulary
(http://purl.org/vocab/changeset/schema#), checked by shapes/changes/changeset.shapes.ttl.

Each side is converted as `build` converts it (the register's triples and the
vocabularies'), and the two graphs are compared statement by statement. Every resource
with a statement added or removed gets one cs:ChangeSet: cs:subjectOfChange the resource,
cs:addition and cs:removal the statements (as rdf:Statement), cs:changeReason what `diff`
says of it in words (a body's heading and changes, a concept's change), cs:creatorName
"gremien-rdf diff". A body whose id changed also gets `NEW dcterms:replaces OLD` and
`OLD dcterms:isReplacedBy NEW`. No date is stated: a diff of two files has none.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from gremien_rdf.editions.diff import Diff, Side
from gremien_rdf.editions.render import Words, body_line, body_lines, concept_lines
from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.namespaces import GMH

CS = Namespace("http://purl.org/vocab/changeset/schema#")
#: cs:creatorName of every change set
CREATOR = "gremien-rdf diff"


def side_graph(side: Side) -> Graph:
    """The side's register and vocabularies as `build` converts them."""
    graph = Graph()
    graph += register_graph(side.register, side.vocabularies).graph
    graph += side.vocabularies.graph
    return graph


def change_graph(diff: Diff) -> Graph:
    """The change set of `diff`."""
    old, new = side_graph(diff.before), side_graph(diff.after)
    changed: dict[Node, list[tuple[URIRef, Node, Node, Node]]] = defaultdict(list)
    for kind, triples in ((CS.removal, old - new), (CS.addition, new - old)):
        for s, p, o in triples:
            changed[s].append((kind, s, p, o))
    reasons = _reasons(diff)
    graph = Graph()
    graph.bind("cs", CS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("gmh", GMH)
    for subject in sorted(changed, key=str):
        node = BNode()
        graph.add((node, RDF.type, CS.ChangeSet))
        graph.add((node, CS.subjectOfChange, subject))
        graph.add((node, CS.creatorName, Literal(CREATOR)))
        graph.add((node, CS.changeReason, Literal(_reason(subject, reasons, diff), lang="en")))
        for kind, s, p, o in sorted(changed[subject], key=lambda c: tuple(map(str, c))):
            statement = BNode()
            graph.add((node, kind, statement))
            graph.add((statement, RDF.type, RDF.Statement))
            graph.add((statement, RDF.subject, s))
            graph.add((statement, RDF.predicate, p))
            graph.add((statement, RDF.object, o))
    iris_old, iris_new = diff.before.vocabularies.iris, diff.after.vocabularies.iris
    for match in diff.matched:
        if match.old.id != match.new.id:
            graph.add((iris_new.body(match.new.id), DCTERMS.replaces,
                       iris_old.body(match.old.id)))
            graph.add((iris_old.body(match.old.id), DCTERMS.isReplacedBy,
                       iris_new.body(match.new.id)))
    return graph


def _reasons(diff: Diff) -> dict[str, str]:
    """What diff says, by the IRI of the resource it is about: a body's, a concept's, a
    scheme's (the concepts added or removed in it); REPORT for the report's resources."""
    words = Words(diff, "en")
    found: dict[str, str] = {}
    iris_old, iris_new = diff.before.vocabularies.iris, diff.after.vocabularies.iris
    for body in diff.added:
        found[str(iris_new.body(body.id))] = f"added: {body_line(body, words)}"
    for body in diff.removed:
        found[str(iris_old.body(body.id))] = f"removed: {body_line(body, words)}"
    for match in diff.changed:
        said = "; ".join(body_lines(match, words))
        found[str(iris_new.body(match.new.id))] = said
        found.setdefault(str(iris_old.body(match.old.id)), said)
    by_concept: dict[str, list[str]] = defaultdict(list)
    by_scheme: dict[str, list[str]] = defaultdict(list)
    for change in diff.concepts:
        lines = [text for _, text in concept_lines(change, words)]
        by_concept[str(iris_new.concept(change.scheme, change.key))] += lines
        if change.kind in ("added", "removed"):
            by_scheme[str(iris_new.scheme(change.scheme))] += lines
    found.update((iri, "; ".join(lines)) for iri, lines in by_concept.items())
    found.update((iri, "concepts of the scheme: " + "; ".join(lines))
                 for iri, lines in by_scheme.items())
    found[REPORT] = ("the report's fields: " + ", ".join(c.field for c in diff.report)
                     if diff.report else "the report")
    return found


#: the key of the report's reason (its resources: the report, its table, the cited work,
#: the publisher's organisations)
REPORT = "report"


def _reason(subject: object, reasons: dict[str, str], diff: Diff) -> str:
    """The reason for the change set of `subject`: its own, or its body's (a participation,
    focus assignment, former name or source entry is part of a body), else the report's."""
    for iris in (diff.after.vocabularies.iris, diff.before.vocabularies.iris):
        body = iris.body_of(subject)
        if body is not None and str(body) in reasons:
            return reasons[str(body)]
    return reasons.get(str(subject), reasons[REPORT])
